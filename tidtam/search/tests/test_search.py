"""Full-text search: Thai words found inside running text, scoping, snippets, freshness."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from tidtam.formdefs.models import Round
from tidtam.formdefs.tests.factories import ItemFactory, RoundFactory, RoundParticipantFactory
from tidtam.orgs.models import Membership
from tidtam.orgs.tests.factories import MembershipFactory, MinistryFactory, ProvincialOfficeFactory
from tidtam.search.models import IndexedSubmission, SearchDocument
from tidtam.search.selectors import submissions_visible_across
from tidtam.search.services import stale_submissions
from tidtam.search.tests.fixtures import search, search_page
from tidtam.submissions.models import ProblemRow, Submission
from tidtam.submissions.selectors import submissions_visible_to
from tidtam.submissions.tests.factories import NarrativeEntryFactory, ProblemRowFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role
Status = Submission.Status


@pytest.fixture
def two_agencies():
    """One round; agency A has a draft, agency B a draft and an accepted report."""
    round_ = RoundFactory()
    a = RoundParticipantFactory(round=round_).agency
    b = RoundParticipantFactory(round=round_).agency
    item4, item5 = (
        ItemFactory(policy__template=round_.template),
        ItemFactory(policy__template=round_.template),
    )
    a_draft = SubmissionFactory(round=round_, item=item4, agency=a, status=Status.DRAFT)
    ProblemRowFactory(submission=a_draft, problem="1.ขาดงบประมาณในการจัดหา", solution="ขอรับการสนับสนุน")
    b_draft = SubmissionFactory(round=round_, item=item4, agency=b, status=Status.DRAFT)
    ProblemRowFactory(submission=b_draft, problem="ความลับของหน่วยงานบี งบประมาณถูกตัด")
    b_accepted = SubmissionFactory(
        round=round_, item=item5, agency=b, status=Status.ACCEPTED, recommendations="ควรจัดสรรงบประมาณให้เพียงพอ"
    )
    return round_, a, b, {"a_draft": a_draft, "b_draft": b_draft, "b_accepted": b_accepted}


def coordinator_of(round_):
    return MembershipFactory(role=Role.COORDINATOR, org_unit=round_.office).user


def reporter_of(agency):
    return MembershipFactory(role=Role.AGENCY_REPORTER, org_unit=agency).user


def test_budget_finds_a_sentence_that_runs_budget_into_other_words(two_agencies):
    round_, *_ = two_agencies
    hits = search(user=coordinator_of(round_), q="งบประมาณ")
    texts = [h.text for h in hits]
    assert "1.ขาดงบประมาณในการจัดหา" in texts
    hit = next(h for h in hits if h.text == "1.ขาดงบประมาณในการจัดหา")
    assert hit.field_label == "ปัญหาอุปสรรค"
    assert hit.round_key == round_.key
    assert "<mark>งบประมาณ</mark>" in hit.snippet


def test_every_word_of_the_query_must_be_present(two_agencies):
    round_, *_ = two_agencies
    hits = search(user=coordinator_of(round_), q="งบประมาณ จัดหา")
    assert [h.text for h in hits] == ["1.ขาดงบประมาณในการจัดหา"]


def test_an_abbreviation_is_searched_as_a_whole_word(two_agencies):
    round_, a, *_ = two_agencies
    sub = SubmissionFactory(round=round_, agency=a, item=ItemFactory(policy__template=round_.template))
    NarrativeEntryFactory(submission=sub, text="สพป.สมุทรสาครจัดทำแผนปฏิบัติการ")
    NarrativeEntryFactory(
        submission=SubmissionFactory(
            round=round_, agency=a, item=ItemFactory(policy__template=round_.template)
        ),
        text="สำนักงานส่งเสริมการเรียนรู้",
    )
    hits = search(user=coordinator_of(round_), q="สพป.")
    assert [h.text for h in hits] == ["สพป.สมุทรสาครจัดทำแผนปฏิบัติการ"]


def test_an_agency_never_finds_another_agencys_draft(two_agencies):
    round_, a, b, subs = two_agencies
    found = {h.submission_id for h in search(user=reporter_of(a), q="งบประมาณ")}
    assert subs["a_draft"].pk in found  # its own draft
    assert subs["b_accepted"].pk in found  # others' accepted work
    assert subs["b_draft"].pk not in found
    assert search(user=reporter_of(a), q="ความลับ") == []


def test_a_coordinator_of_another_province_finds_nothing(two_agencies):
    other = MembershipFactory(role=Role.COORDINATOR, org_unit=ProvincialOfficeFactory()).user
    assert search(user=other, q="งบประมาณ") == []


def test_imported_markup_comes_back_escaped(two_agencies):
    round_, a, _, subs = two_agencies
    ProblemRowFactory(submission=subs["a_draft"], problem='<script>alert("x")</script> ขาดงบประมาณ <p>')
    hit = next(h for h in search(user=coordinator_of(round_), q="alert") if "script" in h.text)
    assert "<script>" not in hit.snippet and "<p>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<mark>alert</mark>" in hit.snippet


def test_an_edited_submission_is_reindexed_at_the_next_search(two_agencies):
    round_, _, _, subs = two_agencies
    user = coordinator_of(round_)
    assert search(user=user, q="อินเทอร์เน็ต") == []
    # Another developer's service edits the text and bumps updated_at; nobody calls the search app.
    ProblemRow.objects.filter(submission=subs["a_draft"]).update(problem="สัญญาณอินเทอร์เน็ตไม่เสถียร")
    Submission.objects.filter(pk=subs["a_draft"].pk).update(updated_at=timezone.now())
    hits = search(user=user, q="อินเทอร์เน็ต")
    assert [h.submission_id for h in hits] == [subs["a_draft"].pk]
    assert not [h for h in search(user=user, q="จัดหา") if h.submission_id == subs["a_draft"].pk]


def test_a_submission_without_text_is_indexed_once_not_at_every_search(two_agencies):
    round_, a, *_ = two_agencies
    empty = SubmissionFactory(round=round_, agency=a, item=ItemFactory(policy__template=round_.template))
    search(user=coordinator_of(round_), q="งบประมาณ")
    assert IndexedSubmission.objects.get(submission=empty).document_count == 0
    assert not stale_submissions(submissions=Submission.objects.all()).exists()


def test_nothing_reported_is_not_indexed(two_agencies):
    round_, a, *_ = two_agencies
    sub = SubmissionFactory(
        round=round_,
        agency=a,
        item=ItemFactory(policy__template=round_.template),
        success_factors="-",
        best_practices="- ไม่มี -",
    )
    search(user=coordinator_of(round_), q="ไม่มี")
    assert not SearchDocument.objects.filter(submission=sub).exists()


def test_filters_narrow_by_field_item_and_round(two_agencies):
    round_, _, _, subs = two_agencies
    user = coordinator_of(round_)
    recs = search(user=user, q="งบประมาณ", field="recommendations")
    assert [h.submission_id for h in recs] == [subs["b_accepted"].pk]
    by_item = search(user=user, q="งบประมาณ", item=subs["b_accepted"].item.number)
    assert {h.submission_id for h in by_item} == {subs["b_accepted"].pk}
    assert search(user=user, q="งบประมาณ", round="TH-00/2500/1") == []


def test_search_page_counts_and_pages(two_agencies):
    round_, *_ = two_agencies
    page = search_page(user=coordinator_of(round_), q="งบประมาณ", page=2, per_page=2)
    assert page.total == 3
    assert page.num_pages == 2 and page.page == 2 and len(page.hits) == 1


def test_a_query_of_punctuation_only_finds_nothing(two_agencies):
    round_, *_ = two_agencies
    assert search(user=coordinator_of(round_), q="!!! ...") == []


@pytest.mark.parametrize("role", [Role.AGENCY_REPORTER, Role.COORDINATOR, Role.NATIONAL_ANALYST])
def test_scope_across_rounds_matches_the_per_round_selector(two_agencies, role):
    round_, a, *_ = two_agencies
    other_round = RoundFactory()
    RoundParticipantFactory(round=other_round, agency=a)
    SubmissionFactory(round=other_round, agency=a, status=Status.DRAFT)
    SubmissionFactory(round=other_round, status=Status.DRAFT)
    unit = {
        Role.AGENCY_REPORTER: a,
        Role.COORDINATOR: round_.office,
        Role.NATIONAL_ANALYST: MinistryFactory(),
    }
    user = MembershipFactory(role=role, org_unit=unit[role]).user
    across = set(
        submissions_visible_across(user=user, rounds=Round.objects.all()).values_list("pk", flat=True)
    )
    per_round = set()
    for r in Round.objects.all():
        per_round |= set(submissions_visible_to(user=user, round_=r).values_list("pk", flat=True))
    assert across == per_round and across


def test_reindex_command_reports_what_it_indexed(two_agencies, capsys):
    round_, *_ = two_agencies
    call_command("search_reindex", "--round", round_.key)
    out = capsys.readouterr()
    assert "3 รายงาน" in out.out
    # two X.2 rows of three texts each, and one recommendation
    assert SearchDocument.objects.filter(submission__round=round_).count() == 7


def test_reindex_command_refuses_an_unknown_round():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ไม่พบรอบการตรวจ"):
        call_command("search_reindex", "--round", "TH-99/2500/1")
