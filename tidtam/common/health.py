"""/healthz: is this instance able to serve? Checks are listed in settings.TIDTAM_HEALTH_CHECKS.

Each check is a plain function returning a CheckResult; the view runs them all and answers 200 when every
one is ok, 503 otherwise. The JSON names each check and whether it passed, nothing more: no host names,
versions or error text, since the endpoint has no authentication. Details go to the log.
"""

import logging
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool


def check_database() -> CheckResult:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        ok = cursor.fetchone() == (1,)
    return CheckResult("database", ok)


def check_cache() -> CheckResult:
    key, value = f"tidtam-healthz-{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    ok = cache.get(key) == value
    cache.delete(key)
    return CheckResult("cache", ok)


def check_queue() -> CheckResult:
    """The background-job queue: a worker is taking jobs (and Redis answers, in RQ mode)."""
    from tidtam.common.jobs.health import queue_health

    ok, detail = queue_health()
    if not ok:
        log.warning("health check queue: %s", detail)
    return CheckResult("queue", ok)


def run_checks() -> dict[str, bool]:
    results: dict[str, bool] = {}
    for path in settings.TIDTAM_HEALTH_CHECKS:
        name = path.rsplit(".", 1)[-1].removeprefix("check_")
        started = time.perf_counter()
        try:
            result = import_string(path)()
            name, ok = result.name, bool(result.ok)
        except Exception:  # a failing dependency is the answer, not an error page
            log.exception("health check %s failed", path)
            ok = False
        if not ok:
            log.warning("health check %s: not ok (%.0f ms)", name, (time.perf_counter() - started) * 1000)
        results[name] = ok
    return results


@never_cache
@require_GET
def healthz(request):
    results = run_checks()
    healthy = all(results.values())
    body = {
        "status": "ok" if healthy else "error",
        "checks": {n: "ok" if ok else "error" for n, ok in results.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)
