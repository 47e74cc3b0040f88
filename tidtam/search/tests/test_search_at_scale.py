"""What keeps search fast on a national dataset: the newest matches ranked, the freshness watermark."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from tidtam.formdefs.tests.factories import ItemFactory, RoundFactory, RoundParticipantFactory
from tidtam.orgs.models import Membership
from tidtam.orgs.tests.factories import MembershipFactory, MinistryFactory
from tidtam.search import selectors, services
from tidtam.search.models import IndexedSubmission, IndexWatermark, SearchDocument
from tidtam.search.tests.fixtures import search, search_page
from tidtam.submissions.models import Submission
from tidtam.submissions.tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role


def accepted_with_recommendation(round_, text):
    agency = RoundParticipantFactory(round=round_).agency
    return SubmissionFactory(
        round=round_,
        agency=agency,
        item=ItemFactory(policy__template=round_.template),
        status=Submission.Status.ACCEPTED,
        recommendations=text,
    )


@pytest.fixture
def three_years():
    """The same budget recommendation in FY 2565, 2566 and 2567 (round 1), each in its own province."""
    return {
        year: accepted_with_recommendation(RoundFactory(fiscal_year_be=year, number=1), "ควรเพิ่มงบประมาณ")
        for year in (2565, 2566, 2567)
    }


@pytest.fixture
def analyst():
    return MembershipFactory(role=Role.NATIONAL_ANALYST, org_unit=MinistryFactory()).user


def test_equal_ranks_come_newest_first(three_years, analyst):
    hits = search(user=analyst, q="งบประมาณ")
    assert [h.fiscal_year_be for h in hits] == [2567, 2566, 2565]


def test_beyond_the_candidate_limit_the_newest_are_ranked_and_the_page_says_more(
    three_years, analyst, monkeypatch
):
    monkeypatch.setattr(selectors, "CANDIDATES", 2)
    page = search_page(user=analyst, q="งบประมาณ", per_page=1)
    assert page.capped and page.total == 2 and page.num_pages == 2
    assert [h.fiscal_year_be for h in page.hits] == [2567]
    last = search_page(user=analyst, q="งบประมาณ", page=9, per_page=1)
    assert last.page == 2 and [h.fiscal_year_be for h in last.hits] == [2566]
    assert search(user=analyst, q="งบประมาณ", offset=2) == []
    # A filter brings the older ones back within the limit.
    old = search_page(user=analyst, q="งบประมาณ", fiscal_year=2565)
    assert not old.capped and [h.fiscal_year_be for h in old.hits] == [2565]


def test_within_the_limit_the_total_is_exact(three_years, analyst):
    page = search_page(user=analyst, q="งบประมาณ", per_page=2)
    assert (page.total, page.capped, page.num_pages) == (3, False, 2)


def test_the_search_page_tells_when_only_the_newest_are_shown(three_years, analyst, client, monkeypatch):
    monkeypatch.setattr(selectors, "CANDIDATES", 2)
    client.force_login(analyst)
    html = client.get("/search/", {"q": "งบประมาณ"}).content.decode()
    assert "พบมากกว่า" in html and "รายการที่ใหม่ที่สุด" in html
    monkeypatch.setattr(selectors, "CANDIDATES", 1000)
    html = client.get("/search/", {"q": "งบประมาณ"}).content.decode()
    assert "พบมากกว่า" not in html


def test_documents_carry_their_rounds_year_and_number(three_years, analyst):
    search(user=analyst, q="งบประมาณ")
    for year, sub in three_years.items():
        doc = SearchDocument.objects.get(submission=sub)
        assert (doc.round_id, doc.fiscal_year_be, doc.round_number) == (sub.round_id, year, 1)


def test_a_scope_of_a_few_rounds_still_follows_the_submission_rule(three_years):
    """The round filter narrows; the live submission decides (a draft of the same round stays hidden)."""
    round_ = three_years[2567].round
    draft = SubmissionFactory(
        round=round_,
        agency=RoundParticipantFactory(round=round_).agency,
        item=ItemFactory(policy__template=round_.template),
        status=Submission.Status.DRAFT,
        recommendations="งบประมาณลับ",
    )
    reporter = MembershipFactory(role=Role.AGENCY_REPORTER, org_unit=three_years[2567].agency).user
    found = {h.submission_id for h in search(user=reporter, q="งบประมาณ")}
    assert found == {three_years[2567].pk}
    assert draft.pk not in found


def test_the_watermark_moves_after_a_check_and_a_later_edit_is_still_found(three_years, analyst):
    search(user=analyst, q="งบประมาณ")
    mark = IndexWatermark.objects.get()
    assert mark.max_submission_id == Submission.objects.latest("pk").pk
    assert mark.complete_through < timezone.now() - services.WATERMARK_MARGIN + dt.timedelta(seconds=5)
    sub = three_years[2566]
    Submission.objects.filter(pk=sub.pk).update(recommendations="ควรพัฒนาอินเทอร์เน็ต", updated_at=timezone.now())
    assert [h.submission_id for h in search(user=analyst, q="อินเทอร์เน็ต")] == [sub.pk]


def test_a_new_submission_is_found_even_with_an_old_updated_at(three_years, analyst):
    search(user=analyst, q="งบประมาณ")  # the watermark is set
    late = accepted_with_recommendation(RoundFactory(fiscal_year_be=2564, number=1), "ควรลดภาระครู")
    Submission.objects.filter(pk=late.pk).update(updated_at=timezone.now() - dt.timedelta(days=30))
    assert [h.submission_id for h in search(user=analyst, q="ภาระ")] == [late.pk]


def test_past_the_global_limit_only_the_users_scope_is_indexed(three_years, monkeypatch):
    monkeypatch.setattr(services, "GLOBAL_REFRESH_LIMIT", 1)
    coordinator = MembershipFactory(role=Role.COORDINATOR, org_unit=three_years[2567].round.office).user
    hits = search(user=coordinator, q="งบประมาณ")
    assert [h.submission_id for h in hits] == [three_years[2567].pk]
    assert set(IndexedSubmission.objects.values_list("submission_id", flat=True)) == {three_years[2567].pk}
    assert not IndexWatermark.objects.exists()  # nothing vouched for the others yet
    monkeypatch.setattr(services, "GLOBAL_REFRESH_LIMIT", 200)
    search(user=coordinator, q="งบประมาณ")
    assert IndexedSubmission.objects.count() == 3 and IndexWatermark.objects.exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_the_fts_triggers_survive_the_migrations():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA compile_options")
        if not any("ENABLE_FTS5" in row[0] for row in cursor.fetchall()):
            pytest.skip("this SQLite has no FTS5")
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_document_fts_%'"
        )
        assert len(cursor.fetchall()) == 3
