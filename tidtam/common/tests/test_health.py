"""/healthz answers load balancers and monitors: JSON, no login, 503 when a dependency is down."""

import pytest

from tidtam.common.health import CheckResult

pytestmark = pytest.mark.django_db


def failing_check() -> CheckResult:
    raise ConnectionError("redis://secret-password@10.0.0.9:6379 refused")


def unhealthy_queue() -> CheckResult:
    return CheckResult("queue", False)


def test_healthy_instance_answers_200_with_each_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "queue": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_a_failing_check_gives_503_without_leaking_its_error(client, settings):
    settings.TIDTAM_HEALTH_CHECKS = [
        "tidtam.common.health.check_database",
        "tidtam.common.health.check_cache",
        f"{__name__}.failing_check",
        f"{__name__}.unhealthy_queue",
    ]
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "ok", "cache": "ok", "failing_check": "error", "queue": "error"},
    }
    assert b"secret" not in response.content and b"10.0.0.9" not in response.content


def test_health_needs_no_login_and_only_answers_get(client):
    assert client.get("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_a_job_waiting_too_long_means_no_worker_and_the_queue_check_fails(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    from tidtam.common.models import Job

    settings.TIDTAM_TASK_BACKEND = "database"
    job = Job.objects.create(kind="report_pdf", title="รายงาน", status=Job.Status.QUEUED)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=30))
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["queue"] == "error"
