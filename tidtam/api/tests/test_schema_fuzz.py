"""Schema-based fuzzing: every operation of the OpenAPI schema, fed generated parameters through the
WSGI app with a coordinator's token on the imported seed, never answers a 5xx.

Bounded (a few examples per operation) so that it runs in seconds; raise MAX_EXAMPLES locally to dig.
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tidtam.api.services import api_token_issue
from tidtam.orgs.models import Membership
from tidtam.orgs.tests.factories import MembershipFactory

MAX_EXAMPLES = 12

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes the database connection after each request (CONN_MAX_AGE=0), which would
    end the test's transaction on PostgreSQL; Django's own test client disconnects it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def coordinator_token(seed_round, keep_test_connection):
    user = MembershipFactory(role=Membership.Role.COORDINATOR, org_unit=seed_round.office).user
    return api_token_issue(user=user).key


def _load_schema():
    """The schema /api/schema/ serves, generated in-process (no request, no database at import time).
    schemathesis' fixture-based loader does not run under pytest 9, hence a module-level schema."""
    spec = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(spec)))
    loaded.app = get_wsgi_application()  # calls go through the WSGI app, as from_wsgi would set up
    return loaded


schema = _load_schema()


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_operation_answers_a_server_error(case, coordinator_token):
    response = case.call(headers={"Authorization": f"Token {coordinator_token}"})
    case.validate_response(response, checks=[not_a_server_error])
