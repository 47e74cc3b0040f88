"""Gunicorn for Tidtam: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Sized for a small server (2 cores): a few worker processes, each with a few threads. A request spends
part of its time waiting for PostgreSQL; threads fill that wait while the processes share the cores.
Every setting can be overridden from the environment (GUNICORN_WORKERS, GUNICORN_THREADS, ...).
bench/load.py measures the effect (autosaves per second at p95 < 500 ms).
"""

import multiprocessing
import os

cores = multiprocessing.cpu_count()

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two processes per core: one runs Python while the other's threads wait for the database.
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * cores)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Browsers keep the connection for the next autosave (one every few seconds per reporter).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "10"))
# An export of a large round may take a while; anything longer is a fault worth a restart.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Recycle workers now and then (memory held by large exports), not all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# Load Django once, before forking: workers start fast and share the loaded code.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")


def post_fork(server, worker):
    """Connections opened before the fork (by preload) must not be shared between processes."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
