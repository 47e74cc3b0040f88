"""The API schema and Swagger UI are for signed-in users only (session or token), like the API."""

import pytest
from rest_framework.test import APIClient

from tidtam.api.services import api_token_issue
from tidtam.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_get_neither_the_schema_nor_the_docs(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 401
    docs = client.get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/accounts/login/?next=/api/docs/")
    assert client.get("/api/docs/?script=").status_code == 302


def test_a_signed_in_user_reads_both(client):
    client.force_login(UserFactory())
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


def test_a_script_with_a_token_reads_the_schema():
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=UserFactory()).key}")
    response = api.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/rounds/" in response.content
