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
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_a_failing_check_gives_503_without_leaking_its_error(client, settings):
    settings.TIDTAM_HEALTH_CHECKS = [
        *settings.TIDTAM_HEALTH_CHECKS,
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
