"""The embedded SQLite database shared by the web server and `tidtam worker`: a transaction that reads
and then writes waits for the other process's commit instead of failing with "database is locked"."""

import threading
import time
from copy import deepcopy

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded SQLite database"),
    pytest.mark.django_db,
]


def _wrapper(settings: dict, alias: str) -> DatabaseWrapper:
    return DatabaseWrapper(settings, alias=alias)


def _begin(db: DatabaseWrapper) -> None:
    # What transaction.atomic does on SQLite: BEGIN in the configured transaction mode.
    db.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)


def test_a_read_then_write_waits_for_the_other_process_commit(tmp_path):
    settings = deepcopy(connection.settings_dict)
    settings.update(NAME=str(tmp_path / "shared.sqlite3"), TEST={})
    setup = _wrapper(settings, "setup")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE job (id integer PRIMARY KEY, state text)")
        cursor.execute("INSERT INTO job (state) VALUES ('queued')")
    setup.close()
    holding = threading.Event()

    def worker_claims_a_job() -> None:
        worker = _wrapper(settings, "worker")  # its own connection, in its own thread (a process)
        _begin(worker)
        with worker.cursor() as cursor:
            cursor.execute("UPDATE job SET state = 'running'")
            holding.set()
            time.sleep(0.5)  # the worker's transaction is still open while the web request starts
        worker.commit()
        worker.close()

    web = _wrapper(settings, "web")
    thread = threading.Thread(target=worker_claims_a_job)
    try:
        thread.start()
        assert holding.wait(5)
        _begin(web)
        with web.cursor() as cursor:
            cursor.execute("SELECT state FROM job")
            cursor.fetchall()
            cursor.execute("UPDATE job SET state = 'indexed'")
        web.commit()
    finally:
        thread.join()
        web.close()
    check = _wrapper(settings, "check")
    with check.cursor() as cursor:
        cursor.execute("SELECT state FROM job")
        assert cursor.fetchall() == [("indexed",)]
    check.close()
