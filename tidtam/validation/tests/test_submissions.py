"""check_submission: what decides whether an agency may submit an item."""

from decimal import Decimal

import pytest

from tidtam.formdefs.models import Round
from tidtam.formdefs.tests.factories import RoundFactory, RoundParticipantFactory, SubtopicFactory
from tidtam.submissions.models import Submission
from tidtam.submissions.tests.factories import (
    NarrativeEntryFactory,
    ProblemRowFactory,
    SubmissionFactory,
    TableValueFactory,
)
from tidtam.validation.engine import check_submission

from .factories import item_with_columns

pytestmark = pytest.mark.django_db
D = Decimal
FULL_ROW = {"submitted": 10, "passed": 8, "budget": 100, "share": 80, "score": 3}


@pytest.fixture
def round_():
    return RoundFactory(fiscal_year_be=2567, number=2)


@pytest.fixture
def item(round_):
    return item_with_columns(policy__template=round_.template)


@pytest.fixture
def participant(round_):
    return RoundParticipantFactory(round=round_, label="สพป.ทส.")


def submission_in(round_, item, agency, row=None, **fields):
    sub = SubmissionFactory(round=round_, item=item, agency=agency, status=Submission.Status.DRAFT, **fields)
    columns = {c.key: c for c in item.columns.all()}
    for key, value in (row or {}).items():
        TableValueFactory(submission=sub, column=columns[key], value=value)
    return sub


def rules(findings):
    return [f.rule for f in findings]


def test_an_empty_draft_lacks_its_table_and_narrative(round_, item, participant):
    sub = submission_in(round_, item, participant.agency)
    findings = check_submission(submission=sub)
    assert rules(findings) == ["required_narrative", "required_table"]
    assert all(f.severity == "error" and f.agency == "สพป.ทส." and f.section == "X.1" for f in findings)
    assert "ยังไม่ได้กรอกตารางผลการดำเนินงาน" in findings[1].message


def test_a_partly_filled_table_names_the_missing_columns(round_, item, participant):
    sub = submission_in(round_, item, participant.agency, {"submitted": 10, "passed": 8})
    NarrativeEntryFactory(submission=sub, text="ดำเนินการแล้ว")
    [finding] = check_submission(submission=sub)
    assert finding.rule == "required_table" and finding.column == "budget"
    assert "«งบประมาณ»" in finding.message and "«ยื่นคำขอ»" not in finding.message


def test_a_dash_is_not_a_narrative(round_, item, participant):
    sub = submission_in(round_, item, participant.agency, FULL_ROW)
    NarrativeEntryFactory(submission=sub, text=" - ไม่มี - ")
    assert rules(check_submission(submission=sub)) == ["required_narrative"]


def test_a_subtopic_narrative_is_enough(round_, item, participant):
    sub = submission_in(round_, item, participant.agency, FULL_ROW)
    NarrativeEntryFactory(submission=sub, subtopic=SubtopicFactory(item=item), text="จัดอบรมครู 3 ครั้ง")
    assert check_submission(submission=sub) == []


def test_values_from_the_form_replace_the_stored_ones(round_, item, participant):
    sub = submission_in(round_, item, participant.agency, FULL_ROW)
    NarrativeEntryFactory(submission=sub)
    typed = {**{k: D(v) for k, v in FULL_ROW.items()}, "passed": D(12)}
    assert rules(check_submission(submission=sub, values=typed)) == ["passed_le_submitted"]


def test_required_sections_follow_the_item(round_, item, participant):
    item.required = ["narrative", "problems", "success_factors"]
    sub = submission_in(round_, item, participant.agency, success_factors="-")
    sub.item = item  # the instance that carries `required`
    NarrativeEntryFactory(submission=sub)
    findings = check_submission(submission=sub)
    assert rules(findings) == ["required_problems", "required_success_factors"]
    assert [f.section for f in findings] == ["X.2", "X.3"]
    ProblemRowFactory(submission=sub)
    assert rules(check_submission(submission=sub)) == ["required_success_factors"]


def test_legacy_rounds_are_not_checked_for_required_sections(round_, item, participant):
    Round.objects.filter(pk=round_.pk).update(origin=Round.Origin.LEGACY)
    sub = submission_in(round_, item, participant.agency, {"submitted": 2, "passed": 5})
    assert rules(check_submission(submission=Submission.objects.get(pk=sub.pk))) == ["passed_le_submitted"]


def test_outliers_compare_with_the_latest_earlier_round(round_, item, participant):
    office, template, agency = round_.office, round_.template, participant.agency
    older = RoundFactory(office=office, template=template, fiscal_year_be=2566, number=2)
    previous = RoundFactory(office=office, template=template, fiscal_year_be=2567, number=1)
    later = RoundFactory(office=office, template=template, fiscal_year_be=2568, number=1)
    submission_in(older, item, agency, {"submitted": 480})
    submission_in(previous, item, agency, {"submitted": 120})
    submission_in(later, item, agency, {"submitted": 480})
    sub = submission_in(round_, item, agency, {**FULL_ROW, "submitted": 480, "passed": 8})
    NarrativeEntryFactory(submission=sub)
    [finding] = check_submission(submission=sub)
    assert finding.rule == "outlier_vs_previous" and finding.severity == "warning"
    assert "120" in finding.message and "480" in finding.message
    assert finding.values == {"previous": 120, "current": 480}


def test_other_agencies_and_offices_are_not_the_previous_round(round_, item, participant):
    other_office_round = RoundFactory(template=round_.template, fiscal_year_be=2567, number=1)
    submission_in(other_office_round, item, participant.agency, {"submitted": 5})
    previous = RoundFactory(office=round_.office, template=round_.template, fiscal_year_be=2567, number=1)
    other = RoundParticipantFactory(round=previous)
    submission_in(previous, item, other.agency, {"submitted": 5})
    sub = submission_in(round_, item, participant.agency, FULL_ROW | {"submitted": 400, "passed": 8})
    NarrativeEntryFactory(submission=sub)
    assert check_submission(submission=sub) == []
