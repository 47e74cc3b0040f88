"""Autosave runs every few seconds for every reporter typing: its cost in queries is bounded."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tidtam.submissions.models import Submission

from .test_views import entry_url, form_data

# Session and user; the submission with its round, the user's memberships and the round's agencies
# (may they open it); inside the transaction, the saved values, narratives and X.2 rows (the
# submission itself was read a moment before, in the same request); the conditional update; each
# changed value; the audit event. The form's columns and sub-topics were read by the first autosave
# and kept (formdefs/itemforms.py). Savepoints are not counted (they are the test's transaction, not
# the request's).
MAX_QUERIES_PER_AUTOSAVE = 11
# PostgreSQL's planning time grows with the tables a query joins: the submission page's eight-table
# read took ~2.5 ms of database CPU per autosave, more than the rest of the queries together.
MAX_JOINS_PER_QUERY = 3


def _autosave(client, sub, **typed):
    data = form_data(sub, **typed)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(entry_url(sub, "autosave"), data)
    assert response.status_code == 200, response.content
    statements = [q["sql"] for q in queries]
    return response.json(), [
        sql for sql in statements if not sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE"))
    ]


@pytest.fixture
def reporter(client, world):
    client.force_login(world.users["reporter"])
    return client


def test_an_autosave_that_changes_one_value_stays_under_the_query_bound(world, reporter):
    sub = world.sub()
    _autosave(reporter, sub)  # the first save writes every field
    data, queries = _autosave(reporter, sub, **{"value-submitted": "11"})
    print(f"\nqueries per autosave (one value changed): {len(queries)}")
    for sql in queries:
        print(f"   {sql.upper().count(' JOIN ')} joins:", sql[:120])
    assert data["ok"] and data["version"] == 3
    assert len(queries) <= MAX_QUERIES_PER_AUTOSAVE
    assert max(sql.upper().count(" JOIN ") for sql in queries) <= MAX_JOINS_PER_QUERY
    # The round's agencies are read without the round's ordering (it joined the round for nothing).
    assert not [sql for sql in queries if "roundparticipant" in sql and " JOIN " in sql.upper()]
    assert Submission.objects.get(pk=sub.pk).values.get(column__key="submitted").value == 11


def test_an_autosave_that_changes_nothing_writes_nothing(world, reporter):
    sub = world.sub()
    _autosave(reporter, sub)
    data, queries = _autosave(reporter, sub)
    print(f"\nqueries per autosave (nothing changed): {len(queries)}")
    assert data["ok"] and data["version"] == 2
    assert not [q for q in queries if q.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len(queries) <= MAX_QUERIES_PER_AUTOSAVE
