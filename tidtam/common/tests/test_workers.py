"""The two real queues: the database one run by `tidtam worker --burst`, and RQ on Redis.

The RQ test needs Redis at REDIS_URL (default 127.0.0.1:6379). Without it the test is skipped on a
developer's machine, but fails in CI (CI=true), where Redis is part of the job."""

import os
import uuid

import pytest
from django.core.management import call_command

from tidtam.common.jobs import job_enqueue
from tidtam.common.models import Job
from tidtam.orgs.tests.factories import UserFactory

FUNC = "tidtam.common.tests.jobfuncs.make_file"
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_keeps_a_job_until_tidtam_worker_runs_it(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TIDTAM_TASK_BACKEND = "database"
    user = UserFactory()
    job = job_enqueue(kind="report_xlsx", title="งานในคิว", func=FUNC, kwargs={"name": "q.xlsx"}, user=user)
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED  # the request returned without doing the work

    call_command("worker", "--burst", verbosity=0)

    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.file.read() == b"hello q.xlsx"


def redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis at {REDIS_URL} is unreachable, and CI must run the RQ test")
        pytest.skip(f"Redis at {REDIS_URL} is unreachable")


@pytest.mark.django_db
def test_rq_on_redis_runs_a_real_job_in_a_burst_worker(settings, django_capture_on_commit_callbacks):
    redis_or_skip()
    import django_rq

    queue_name = f"tidtam-test-{uuid.uuid4().hex[:12]}"  # not anyone else's queue on a shared Redis
    settings.TIDTAM_TASK_BACKEND = "rq"
    settings.TIDTAM_JOB_QUEUE = queue_name
    settings.RQ_QUEUES = {queue_name: {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue_name]}}
    queue = django_rq.get_queue(queue_name)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = job_enqueue(kind="report_pdf", title="งาน RQ", func=FUNC, kwargs={"name": "r.pdf"})
        job.refresh_from_db()
        assert job.status == Job.Status.QUEUED and queue.count == 1

        # In-process (no fork): the worker sees this test's database transaction.
        call_command("worker", "--burst", "--no-fork", verbosity=0)

        job.refresh_from_db()
        assert job.status == Job.Status.DONE, job.error
        assert job.filename == "r.pdf" and job.file.read() == b"hello r.pdf"
        assert queue.count == 0
    finally:
        queue.empty()
        queue.delete(delete_jobs=True)


@pytest.mark.django_db
def test_with_redis_down_the_job_fails_at_once_with_a_thai_message(
    settings, django_capture_on_commit_callbacks
):
    settings.TIDTAM_TASK_BACKEND = "rq"
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}  # nothing listens there
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(kind="report_pdf", title="x", func=FUNC, kwargs={"name": "x"}, user=UserFactory())
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "ระบบงานเบื้องหลังไม่พร้อม" in job.error
