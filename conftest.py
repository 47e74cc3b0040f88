"""Project-wide pytest fixtures. Browser tests drive Debian's chromium, not a downloaded browser."""

import pytest

from tidtam.common.chromium import QUIET_HEADLESS_FLAGS, chromium_executable

# In CI (CI=true) a skipped browser or PDF test fails the run: a green CI must have run them.
pytest_plugins = ["tidtam.common.pytest_ci"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": chromium_executable(),
        "args": QUIET_HEADLESS_FLAGS,
    }


@pytest.fixture(scope="module")
def seed_round(django_db_setup, django_db_blocker):
    """The imported seed (Samut Sakhon, FY 2567 round 2), loaded once per test module.

    Loading takes about a second, so a module shares one copy: the data live in a transaction opened for
    the module and rolled back at its end, and each test runs in a savepoint inside it (the way Django's
    TestCase.setUpTestData works). A module using it sees the real org hierarchy (77 provinces), so its
    tests must not create org units with the factories' codes.
    """
    from django.db import transaction

    from tidtam.testing import load_seed

    with django_db_blocker.unblock(), transaction.atomic():
        yield load_seed()
        transaction.set_rollback(True)
