"""Login lockout by client address: REMOTE_ADDR unless trusted proxies are configured, and then only
the entry the outermost trusted proxy wrote, so that a forged X-Forwarded-For changes nothing."""

import pytest
from django.test import RequestFactory

from tidtam.orgs.tests.factories import UserFactory
from tidtam.security.client_ip import client_ip

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


@pytest.fixture
def behind_one_proxy(settings):
    settings.TIDTAM_TRUSTED_PROXY_COUNT = 1
    settings.TIDTAM_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"


def _attempt(client, username: str, forwarded: str):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": "wrong-password"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_with_a_trusted_proxy_a_forged_header_does_not_evade_the_lockout(client, behind_one_proxy, settings):
    UserFactory(username="target")
    for i in range(settings.AXES_FAILURE_LIMIT):
        # The attacker sends a new "address" every time; the proxy appends the real one (203.0.113.9).
        _attempt(client, "target", f"198.51.100.{i}, 203.0.113.9")
    locked = _attempt(client, "target", "192.0.2.77, 203.0.113.9")
    assert locked.status_code == 429
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in locked.content.decode()


def test_with_a_trusted_proxy_two_real_clients_are_told_apart(client, behind_one_proxy, settings):
    UserFactory(username="target")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "target", "203.0.113.9")
    assert _attempt(client, "target", "203.0.113.9").status_code == 429
    # Another office behind the same proxy is not locked out by the first one's failures.
    assert _attempt(client, "target", "203.0.113.44").status_code == 200


def test_without_the_setting_the_header_is_ignored(client, settings):
    assert settings.TIDTAM_TRUSTED_PROXY_COUNT == 0
    UserFactory(username="target")
    for i in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "target", f"203.0.113.{i}")
    # Every attempt counted against REMOTE_ADDR: a different header value is still locked out.
    assert _attempt(client, "target", "203.0.113.200").status_code == 429


@pytest.mark.parametrize(
    ("count", "header", "expected"),
    [
        (0, "", "10.0.0.5"),
        (1, "1.2.3.4, 203.0.113.9", "203.0.113.9"),
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.4", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.5"),  # fewer entries than proxies: not trusted
        (1, "not-an-address", "10.0.0.5"),
        (1, "", "10.0.0.5"),
    ],
)
def test_client_ip_reads_the_entry_written_by_the_outermost_trusted_proxy(settings, count, header, expected):
    settings.TIDTAM_TRUSTED_PROXY_COUNT = count
    settings.TIDTAM_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR" if count else ""
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected


def test_the_header_setting_alone_trusts_nothing(settings):
    settings.TIDTAM_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TIDTAM_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.5"
