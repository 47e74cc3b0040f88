"""check_values: what an agency sees while typing one row."""

from decimal import Decimal

import pytest

from tidtam.validation.engine import Finding, check_values

from .factories import item_with_columns

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def item():
    return item_with_columns()


def rules(findings: list[Finding]) -> list[tuple[str, str | None]]:
    return [(f.rule, f.column) for f in findings]


def test_a_clean_row_has_no_findings(item):
    row = {"submitted": D(10), "passed": D(8), "budget": D("1500.50"), "share": D(80), "score": D("3.5")}
    assert check_values(item=item, values=row, agency_label="สพป.สค.") == []


def test_negative_count(item):
    findings = check_values(item=item, values={"submitted": D(-1)}, agency_label="สพป.สค.")
    assert rules(findings) == [("value_negative", "submitted")]
    f = findings[0]
    assert f.severity == "error" and f.section == "X.1" and f.agency == "สพป.สค."
    assert "ยื่นคำขอ" in f.message and "-1" in f.message and f"ข้อ {item.number}" in f.message
    assert f.values == {"submitted": -1}


def test_non_integer_count(item):
    findings = check_values(item=item, values={"passed": D("2.5")})
    assert rules(findings) == [("count_not_integer", "passed")]
    assert "2.5" in findings[0].message


def test_negative_money_and_decimal(item):
    findings = check_values(item=item, values={"budget": D(-5), "score": D("-0.5")})
    assert rules(findings) == [("value_negative", "budget"), ("value_negative", "score")]


def test_money_may_have_decimals(item):
    assert check_values(item=item, values={"budget": D("99.75")}) == []


@pytest.mark.parametrize("share", ["100.5", "-1"])
def test_percent_outside_0_to_100(item, share):
    findings = check_values(item=item, values={"share": D(share)})
    assert rules(findings) == [("percent_out_of_range", "share")]
    assert share in findings[0].message


def test_percent_at_the_bounds_is_fine(item):
    assert (
        check_values(item=item, values={"share": D(0)})
        == check_values(item=item, values={"share": D(100)})
        == []
    )


def test_template_rule_names_item_agency_and_numbers(item):
    findings = check_values(item=item, values={"submitted": D(2), "passed": D(5)}, agency_label="สกร.สค.")
    assert rules(findings) == [("passed_le_submitted", "passed")]
    f = findings[0]
    assert f.message.startswith(f"ข้อ {item.number} · สกร.สค.: จำนวนที่ผ่านต้องไม่เกินจำนวนที่ยื่น")
    assert "ผ่านเกณฑ์ 5 มากกว่า ยื่นคำขอ 2" in f.message
    assert f.values == {"passed": 5, "submitted": 2}
    assert f.as_dict() == {
        "item": item.number,
        "agency": "สกร.สค.",
        "section": "X.1",
        "rule": "passed_le_submitted",
        "severity": "error",
        "message": f.message,
        "values": {"passed": 5, "submitted": 2},
    }


def test_template_rule_skipped_when_a_value_is_missing(item):
    assert check_values(item=item, values={"submitted": None, "passed": D(5)}) == []


def test_warning_rules_stay_warnings(item):
    item.rules = [{**item.rules[0], "severity": "warning"}]
    findings = check_values(item=item, values={"submitted": D(2), "passed": D(5)})
    assert [f.severity for f in findings] == ["warning"]


def test_outlier_against_the_previous_round_shows_both_numbers(item):
    findings = check_values(
        item=item, values={"submitted": D(480)}, previous={"submitted": D(120)}, agency_label="สพป.สค."
    )
    assert rules(findings) == [("outlier_vs_previous", "submitted")]
    f = findings[0]
    assert f.severity == "warning"
    assert "120" in f.message and "480" in f.message and "ยื่นคำขอ" in f.message
    assert f.values == {"previous": 120, "current": 480}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (120, 170),  # +42 %: within half the previous value
        (2, 9),  # +350 % but only 7 more: too small to matter
        (None, 500),  # nothing to compare with
    ],
)
def test_no_outlier_for_small_or_unknown_changes(item, old, new):
    previous = {"submitted": None if old is None else D(old)}
    assert check_values(item=item, values={"submitted": D(new)}, previous=previous) == []


def test_outlier_from_zero_counts_against_one(item):
    findings = check_values(item=item, values={"submitted": D(10)}, previous={"submitted": D(0)})
    assert rules(findings) == [("outlier_vs_previous", "submitted")]


def test_check_values_runs_no_query_when_columns_are_prefetched(item, django_assert_num_queries):
    from tidtam.formdefs.models import Item

    loaded = Item.objects.prefetch_related("columns").get(pk=item.pk)
    with django_assert_num_queries(0):
        check_values(item=loaded, values={"submitted": D(1), "passed": D(3)}, previous={"submitted": D(50)})


def test_outcomes_already_over_the_filled_total_are_an_error_while_another_outcome_is_blank(item):
    """Passed 25 + score (blank) can never be at most 20 submitted: the rule decides now, not later."""
    item.rules = [
        {
            "id": "outcomes_le_submitted",
            "severity": "error",
            "expression": "passed + score <= submitted",
            "message": "ผลการพิจารณาต้องไม่เกินจำนวนที่ยื่น",
        }
    ]
    findings = check_values(item=item, values={"submitted": D(20), "passed": D(25), "score": None})
    assert rules(findings) == [("outcomes_le_submitted", "passed")]
    assert "ยังไม่กรอก" in findings[0].message and "25" in findings[0].message
    # Still open: 15 + a blank may yet stay within 20.
    assert check_values(item=item, values={"submitted": D(20), "passed": D(15), "score": None}) == []
