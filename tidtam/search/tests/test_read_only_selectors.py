"""Selectors never write: reading the index leaves it as it is; the service brings it up to date."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tidtam.formdefs.tests.factories import ItemFactory, RoundFactory, RoundParticipantFactory
from tidtam.orgs.models import Membership
from tidtam.orgs.tests.factories import MembershipFactory
from tidtam.search import selectors
from tidtam.search.models import IndexedSubmission
from tidtam.search.services import search_index_refresh
from tidtam.submissions.models import Submission
from tidtam.submissions.tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def coordinator_and_submission():
    round_ = RoundFactory()
    sub = SubmissionFactory(
        round=round_,
        agency=RoundParticipantFactory(round=round_).agency,
        item=ItemFactory(policy__template=round_.template),
        status=Submission.Status.ACCEPTED,
        recommendations="ควรจัดสรรงบประมาณให้เพียงพอ",
    )
    return MembershipFactory(role=Membership.Role.COORDINATOR, org_unit=round_.office).user, sub


def test_searching_reads_the_index_as_it_is_and_reports_it_stale(coordinator_and_submission):
    user, sub = coordinator_and_submission
    scope = selectors.searchable_submissions(user=user)
    with CaptureQueriesContext(connection) as queries:
        assert selectors.search(user=user, q="งบประมาณ") == []
        assert selectors.best_practices(user=user).count() == 0
        assert selectors.search_index_is_stale(submissions=scope)
    assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert not IndexedSubmission.objects.exists()

    assert search_index_refresh() == 1
    assert not selectors.search_index_is_stale(submissions=scope)
    assert [h.submission_id for h in selectors.search(user=user, q="งบประมาณ")] == [sub.pk]


def test_the_search_page_brings_the_index_up_to_date_first(coordinator_and_submission, client):
    user, sub = coordinator_and_submission
    client.force_login(user)
    html = client.get("/search/", {"q": "งบประมาณ"}).content.decode()
    assert "จัดสรร" in html
    assert IndexedSubmission.objects.filter(submission=sub).exists()
