"""Idle and absolute session limits, and the password rules."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tidtam.orgs.tests.factories import UserFactory
from tidtam.security.middleware import LAST_SEEN_KEY, LOGIN_AT_KEY

from .helpers import password_login

pytestmark = pytest.mark.django_db


def _age(client, key: str, seconds: int) -> None:
    session = client.session
    session[key] -= seconds
    session.save()


def test_a_session_idle_past_the_limit_ends_with_a_thai_message_on_the_login_page(client, settings):
    settings.TIDTAM_SESSION_IDLE_MINUTES = 30
    password_login(client, UserFactory())
    assert client.get("/").status_code == 200
    _age(client, LAST_SEEN_KEY, 29 * 60)
    assert client.get("/").status_code == 200  # still inside the limit, and the clock restarts
    _age(client, LAST_SEEN_KEY, 31 * 60)
    response = client.get("/rounds/", follow=True)
    login_url, _ = response.redirect_chain[-1]
    assert login_url.startswith("/accounts/login/?expired=1")
    assert "หมดเวลาการใช้งาน" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_activity_keeps_the_session_alive(client, settings):
    settings.TIDTAM_SESSION_IDLE_MINUTES = 30
    password_login(client, UserFactory())
    for _ in range(3):
        _age(client, LAST_SEEN_KEY, 20 * 60)
        _age(client, LOGIN_AT_KEY, 20 * 60)
        assert client.get("/").status_code == 200  # 60 minutes after login, never 30 idle


def test_the_absolute_limit_ends_even_a_busy_session(client, settings):
    settings.TIDTAM_SESSION_MAX_HOURS = 12
    password_login(client, UserFactory())
    _age(client, LOGIN_AT_KEY, 12 * 3600 + 60)
    response = client.get("/")
    assert response.status_code == 302 and "expired=1" in response["Location"]


def test_autosave_and_htmx_get_a_machine_readable_answer_when_the_session_expired(client):
    password_login(client, UserFactory())
    _age(client, LAST_SEEN_KEY, 10**6)
    saved = client.post("/", headers={"Accept": "application/json"})
    assert saved.status_code == 401 and "หมดเวลา" in saved.json()["message"]

    password_login(client, UserFactory(username="second"))
    _age(client, LAST_SEEN_KEY, 10**6)
    fragment = client.get("/", headers={"HX-Request": "true"})
    assert fragment.status_code == 204 and "expired=1" in fragment["HX-Redirect"]


def test_the_login_page_says_nothing_about_expiry_otherwise(client):
    assert "หมดเวลาการใช้งาน" not in client.get("/accounts/login/").content.decode()


def test_a_password_like_the_username_or_name_is_refused():
    user = UserFactory.build(username="somchai.jaidee", first_name="Somchai", email="somchai@example.org")
    with pytest.raises(ValidationError):
        validate_password("somchai.jaidee1", user)
    with pytest.raises(ValidationError):
        validate_password("12345678901234")  # numbers only
    with pytest.raises(ValidationError):
        validate_password("short1")
    validate_password("ตรวจราชการ-ปี2568-กลางน้ำ", user)
