"""check_round on the real Samut Sakhon report: the inconsistencies people found by hand, and no others."""

import pytest

from tidtam.formdefs.models import Item
from tidtam.validation.engine import check_round
from tidtam.validation.engine.fidelity import FIDELITY_RULE_LABELS

pytestmark = pytest.mark.django_db


@pytest.fixture
def all_findings(seed_round):
    return check_round(round_=seed_round)


@pytest.fixture
def findings(all_findings):
    """The checks of numbers (the text's fidelity warnings are tested in test_fidelity.py)."""
    return [f for f in all_findings if f.rule not in FIDELITY_RULE_LABELS]


def test_the_seed_is_a_legacy_round(seed_round):
    assert seed_round.origin == "legacy"


def test_item_1_rows_whose_outcomes_exceed_the_applications(findings):
    rows = [(f.agency, f.severity) for f in findings if f.item == 1 and f.rule == "outcomes_le_submitted"]
    assert rows == [("สกร.สค.", "error"), ("สอศ.สค.", "error")]
    dole = next(f for f in findings if f.agency == "สกร.สค.")
    assert "= 5" in dole.message and "ยื่นคำขอ DPA 2" in dole.message
    vec = next(f for f in findings if f.agency == "สอศ.สค.")
    assert "= 11" in vec.message and "ยื่นคำขอ DPA 9" in vec.message


@pytest.mark.parametrize("agency", ["สพป.สค.", "สพม.สค. สส.", "ศกศ.สค.", "สช.สค."])
def test_item_1_rows_that_add_up_are_not_reported(findings, agency):
    assert not [f for f in findings if f.item == 1 and f.agency == agency]


def test_item_3_printed_total_27_against_32_from_the_rows(findings):
    [finding] = [f for f in findings if f.item == 3]
    assert (finding.rule, finding.agency, finding.severity) == ("printed_total_mismatch", None, "error")
    assert finding.column == "debt_restructuring_registered"
    assert "27" in finding.message and "32" in finding.message
    assert finding.values == {"printed_total": 27, "computed_total": 32}


def test_item_9_total_adds_up_two_averages(findings):
    [finding] = [f for f in findings if f.item == 9]
    assert (finding.rule, finding.agency, finding.column) == ("total_sums_mean", None, "readiness_score_avg")
    assert "แถวรวมนำค่าเฉลี่ยมาบวกกัน" in finding.message
    assert "194.02" in finding.message and "97.01" in finding.message
    assert finding.values == {"printed_total": 194.02, "sum_of_rows": 194.02, "computed_total": 97.01}


def test_totals_that_match_are_not_reported(findings):
    assert not [f for f in findings if f.rule == "printed_total_mismatch" and f.item in (1, 2, 4, 5, 6)]


def test_exactly_these_findings_and_in_order(findings):
    assert [(f.item, f.agency, f.rule) for f in findings] == [
        (1, "สกร.สค.", "outcomes_le_submitted"),
        (1, "สอศ.สค.", "outcomes_le_submitted"),
        (3, None, "printed_total_mismatch"),
        (9, None, "total_sums_mean"),
    ]


def test_no_required_section_errors_for_a_legacy_report(findings):
    assert not [f for f in findings if f.rule.startswith("required_")]


def test_every_item_of_the_seed_template_is_checked_in_a_fixed_number_of_queries(
    seed_round, django_assert_max_num_queries
):
    assert Item.objects.filter(template=seed_round.template).count() == 14
    with django_assert_max_num_queries(12):
        check_round(round_=seed_round)
