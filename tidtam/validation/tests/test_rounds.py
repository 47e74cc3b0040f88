"""check_round over small rounds built with factories: cross-row checks, required sections, order."""

from decimal import Decimal

import pytest

from tidtam.formdefs.models import Column, Round
from tidtam.formdefs.tests.factories import ColumnFactory, ItemFactory, RoundFactory, RoundParticipantFactory
from tidtam.submissions.models import Submission
from tidtam.submissions.tests.factories import (
    NarrativeEntryFactory,
    RoundItemFactory,
    SubmissionFactory,
    TableValueFactory,
)
from tidtam.validation.engine import check_round

from .factories import item_with_columns

pytestmark = pytest.mark.django_db


def scores_round(
    *,
    printed,
    origin=Round.Origin.LEGACY,
    value_type=Column.ValueType.DECIMAL,
    aggregation=Column.Aggregation.WEIGHTED_MEAN,
    schools=(3, 3),
):
    """A round whose one item has schools (count) and an average score per agency, with a printed total."""
    round_ = RoundFactory(origin=origin)
    item = ItemFactory(policy__template=round_.template, number=9)
    ColumnFactory(item=item, order=0, key="schools", label="จำนวนโรงเรียน", value_type=Column.ValueType.COUNT)
    ColumnFactory(
        item=item,
        order=1,
        key="score",
        label="คะแนนเฉลี่ย",
        value_type=value_type,
        aggregation=aggregation,
        weight_key="schools" if aggregation == "weighted_mean" else "",
    )
    columns = {c.key: c for c in item.columns.all()}
    rows = [("ก.", schools[0], "88.92"), ("ข.", schools[1], "105.10")]
    for order, (label, count, score) in enumerate(rows):
        participant = RoundParticipantFactory(round=round_, label=label, order=order)
        sub = SubmissionFactory(round=round_, item=item, agency=participant.agency)
        TableValueFactory(submission=sub, column=columns["schools"], value=count)
        TableValueFactory(submission=sub, column=columns["score"], value=Decimal(score))
        NarrativeEntryFactory(submission=sub)
    RoundItemFactory(round=round_, item=item, printed_totals={"schools": sum(schools), **printed})
    return round_


def found(round_):
    return [(f.item, f.agency, f.rule, f.column) for f in check_round(round_=round_)]


def test_a_printed_sum_of_averages_is_reported_once_as_such():
    findings = check_round(round_=scores_round(printed={"score": 194.02}))
    assert [(f.rule, f.column, f.agency) for f in findings] == [("total_sums_mean", "score", None)]
    assert "88.92 + 105.10 = 194.02" in findings[0].message and "97.01" in findings[0].message


def test_a_wrong_average_that_is_not_the_sum_is_a_plain_mismatch():
    findings = check_round(round_=scores_round(printed={"score": 90}))
    assert [(f.rule, f.column) for f in findings] == [("printed_total_mismatch", "score")]
    assert "90" in findings[0].message and "97.01" in findings[0].message


@pytest.mark.parametrize(("printed", "mismatch"), [(98.17, False), (98.2, False), (98, False), (98.16, True)])
def test_a_printed_total_is_compared_at_its_own_precision(printed, mismatch):
    # (3 × 88.92 + 4 × 105.10) / 7 = 98.1657…
    round_ = scores_round(printed={"score": printed}, schools=(3, 4))
    assert bool(found(round_)) is mismatch


def test_a_percent_column_added_up_is_a_template_warning():
    round_ = scores_round(printed={}, value_type=Column.ValueType.PERCENT, aggregation=Column.Aggregation.SUM)
    whole_item = [(f.rule, f.severity, f.column) for f in check_round(round_=round_) if f.agency is None]
    assert whole_item == [("mean_column_summed", "warning", "score")]


def test_check_round_runs_row_rules_and_required_sections_in_an_entry_round():
    round_ = RoundFactory(origin=Round.Origin.ENTRY)
    item = item_with_columns(policy__template=round_.template, number=1)
    columns = {c.key: c for c in item.columns.all()}
    second = RoundParticipantFactory(round=round_, label="ข.", order=2)
    first = RoundParticipantFactory(round=round_, label="ก.", order=1)
    bad = SubmissionFactory(round=round_, item=item, agency=second.agency, status=Submission.Status.SUBMITTED)
    for key, value in {"submitted": 1, "passed": 4, "budget": 0, "share": 0, "score": 0}.items():
        TableValueFactory(submission=bad, column=columns[key], value=value)
    NarrativeEntryFactory(submission=bad)
    SubmissionFactory(round=round_, item=item, agency=first.agency, status=Submission.Status.DRAFT)
    RoundItemFactory(round=round_, item=item, printed_totals={"submitted": 1})
    assert found(round_) == [
        (1, "ก.", "required_narrative", None),
        (1, "ก.", "required_table", "submitted"),
        (1, "ข.", "passed_le_submitted", "passed"),
    ]


def test_legacy_rounds_skip_required_sections():
    round_ = RoundFactory(origin=Round.Origin.LEGACY)
    item = item_with_columns(policy__template=round_.template)
    participant = RoundParticipantFactory(round=round_)
    SubmissionFactory(round=round_, item=item, agency=participant.agency)
    assert found(round_) == []


def test_check_round_flags_outliers_against_the_previous_round():
    round_ = RoundFactory(fiscal_year_be=2567, number=2, origin=Round.Origin.LEGACY)
    previous = RoundFactory(office=round_.office, template=round_.template, fiscal_year_be=2567, number=1)
    item = item_with_columns(policy__template=round_.template)
    column = item.columns.get(key="submitted")
    participant = RoundParticipantFactory(round=round_, label="ก.")
    for r, value in ((previous, 40), (round_, 400)):
        sub = SubmissionFactory(round=r, item=item, agency=participant.agency)
        TableValueFactory(submission=sub, column=column, value=value)
    [finding] = check_round(round_=round_)
    assert (finding.rule, finding.agency, finding.values) == (
        "outlier_vs_previous",
        "ก.",
        {"previous": 40, "current": 400},
    )
