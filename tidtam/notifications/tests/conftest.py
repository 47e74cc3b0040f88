"""The entry world of the submissions tests (one province with agencies A and B, another province with
agency C, one user per role), and helpers to run a step and see what it announced after commit."""

import pytest

from tidtam.submissions.services import submission_submit
from tidtam.submissions.tests import conftest as entry
from tidtam.submissions.tests.conftest import World

# The submissions tests' fixtures, shared rather than copied.
world = entry.world
mails = entry.mails


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the workflow's signals, the LINE jobs) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def as_user(client, world):  # noqa: F811 (the fixture above, by name)
    def login(name):
        client.force_login(world.users[name])
        return client

    return login


def submit(world: World, committed, agency=None):  # noqa: F811
    """Agency A's (or another agency's) report of item 1, filled and submitted by its head."""
    sub = world.fill(world.sub(agency=agency))
    with committed():
        return submission_submit(submission=sub, by=world.users["head"])
