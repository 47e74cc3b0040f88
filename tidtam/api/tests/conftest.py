import pytest
from rest_framework.test import APIClient

from tidtam.api.services import api_token_issue
from tidtam.search.tests.fixtures import seed_round  # noqa: F401


@pytest.fixture
def api_client_for():
    """APIClient authenticated with the user's token (as a script would be)."""

    def make(user) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=user).key}")
        return client

    return make
