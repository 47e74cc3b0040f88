"""The imported seed (Samut Sakhon, FY 2567 round 2), loaded once per test module.

The data live in a transaction opened for the module and rolled back at its end; each test runs in a
savepoint inside it (like Django's TestCase.setUpTestData). A module that uses it sees the real org
hierarchy (77 provinces, 18 regions), so it must not create org units with the factories' codes.
Imported by tidtam/search/tests/conftest.py and tidtam/api/tests/conftest.py.
"""

from pathlib import Path

import pytest
from django.db import transaction

from tidtam.search import selectors
from tidtam.search.views import refresh_index_for

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "data" / "seeds" / "th74-2567-r2.txt"
SEED_KEY = "TH-74/2567/2"


@pytest.fixture(scope="module")
def seed_round(django_db_setup, django_db_blocker):
    from tidtam.formdefs.services import template_files, template_load
    from tidtam.ingest.services import report_import
    from tidtam.orgs.services import orgs_load_hierarchy

    with django_db_blocker.unblock(), transaction.atomic():
        orgs_load_hierarchy()
        for path in template_files():
            template_load(path=path)
        outcome = report_import(path=SEED)
        assert outcome.round.key == SEED_KEY
        yield outcome.round
        transaction.set_rollback(True)


def search(*, user, q, **kwargs):
    """What the search page does: bring the index of the user's scope up to date, then read it."""
    filters = {k: v for k, v in kwargs.items() if k in selectors.FILTER_NAMES}
    refresh_index_for(user=user, **filters)
    return selectors.search(user=user, q=q, **kwargs)


def search_page(*, user, q, **kwargs):
    filters = {k: v for k, v in kwargs.items() if k in selectors.FILTER_NAMES}
    refresh_index_for(user=user, **filters)
    return selectors.search_page(user=user, q=q, **kwargs)
