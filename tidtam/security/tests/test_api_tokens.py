"""API tokens expire after TIDTAM_API_TOKEN_DAYS and die when the owner's password changes."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tidtam.api.services import api_token_issue
from tidtam.orgs.tests.factories import UserFactory

from .helpers import PASSWORD

pytestmark = pytest.mark.django_db


def _client(token) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def _age(token, days: int) -> None:
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=days))


def test_a_token_older_than_the_lifetime_is_refused_with_a_thai_401(settings):
    settings.TIDTAM_API_TOKEN_DAYS = 30
    token = api_token_issue(user=UserFactory())
    _age(token, 29)
    assert _client(token).get("/api/rounds/").status_code == 200
    _age(token, 31)
    response = _client(token).get("/api/rounds/")
    assert response.status_code == 401
    assert "โทเค็นหมดอายุแล้ว" in response.json()["detail"] and "30 วัน" in response.json()["detail"]


def test_a_new_token_replaces_an_expired_one(settings):
    user = UserFactory()
    old = api_token_issue(user=user)
    _age(old, settings.TIDTAM_API_TOKEN_DAYS + 1)
    new = api_token_issue(user=user)
    assert new.key != old.key
    assert _client(new).get("/api/rounds/").status_code == 200

    response = APIClient().post("/api/token/", {"username": user.username, "password": PASSWORD})
    assert response.json()["token"] == new.key  # still fresh: handed out again
    _age(new, settings.TIDTAM_API_TOKEN_DAYS + 1)
    renewed = (
        APIClient().post("/api/token/", {"username": user.username, "password": PASSWORD}).json()["token"]
    )
    assert renewed != new.key


def test_changing_the_password_kills_the_token():
    user = UserFactory()
    token = api_token_issue(user=user)
    user.set_password("another-long-secret-2568")
    user.save()
    assert not Token.objects.filter(user=user).exists()
    assert _client(token).get("/api/rounds/").status_code == 401


def test_a_password_hash_set_directly_kills_it_too():
    user = UserFactory()
    token = api_token_issue(user=user)
    user.password = "argon2$somethingelse"  # e.g. a hash set by the admin form
    user.save(update_fields=["password"])
    assert not Token.objects.filter(pk=token.pk).exists()


def test_saving_the_user_without_a_new_password_keeps_the_token():
    user = UserFactory()
    token = api_token_issue(user=user)
    user.first_name = "สมหญิง"
    user.save()
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert Token.objects.filter(pk=token.pk).exists()


def test_the_command_prints_a_fresh_token_when_the_old_one_expired(capsys, settings):
    user = UserFactory(username="script")
    call_command("api_token", "script")
    first = capsys.readouterr().out.strip()
    _age(Token.objects.get(key=first), settings.TIDTAM_API_TOKEN_DAYS + 1)
    call_command("api_token", "script")
    assert capsys.readouterr().out.strip() != first
    assert Token.objects.filter(user=user).count() == 1
