"""The rule language: arithmetic and one comparison over column keys, nothing else, never eval."""

from decimal import Decimal

import pytest

from tidtam.validation.engine import RuleSyntaxError, compile_rule
from tidtam.validation.engine.expressions import format_decimal

D = Decimal


def holds(expression: str, **values):
    return compile_rule(expression).holds({k: None if v is None else D(str(v)) for k, v in values.items()})


@pytest.mark.parametrize(
    ("expression", "values", "expected"),
    [
        ("a + b <= c", {"a": 2, "b": 3, "c": 5}, True),
        ("a + b <= c", {"a": 2, "b": 4, "c": 5}, False),
        ("a - b >= 0", {"a": 1, "b": 2}, False),
        ("a * 2 == b", {"a": 3, "b": 6}, True),
        ("a / b < 0.5", {"a": 1, "b": 4}, True),
        ("(a + b) * 2 > c", {"a": 1, "b": 1, "c": 4}, False),
        ("a + b * 2 > c", {"a": 1, "b": 1, "c": 2}, True),
        ("-a < 0", {"a": 1}, True),
        ("a != b", {"a": 1, "b": 1}, False),
        # Decimal arithmetic: what a person expects, not binary floating point.
        ("a + b == 0.3", {"a": "0.1", "b": "0.2"}, True),
    ],
)
def test_arithmetic_and_comparisons(expression, values, expected):
    assert holds(expression, **values) is expected


def test_missing_value_makes_the_rule_not_applicable():
    assert holds("a + b <= c", a=1, b=None, c=5) is None
    assert holds("a + b <= c", a=1, c=5) is None


def test_division_by_zero_makes_the_rule_not_applicable():
    assert holds("a / b <= 1", a=1, b=0) is None


def test_names_are_collected_in_order():
    assert compile_rule("dpa_passed + dpa_failed <= dpa_submitted + dpa_passed").names == (
        "dpa_passed",
        "dpa_failed",
        "dpa_submitted",
    )


@pytest.mark.parametrize(
    "expression",
    [
        "__import__('os') == 1",
        "__import__('os').system('true')",
        "a.__class__ == b",
        "a.real <= b",
        "abs(a) <= b",
        "a[0] <= b",
        "a <= b <= c",
        "a <= b and b <= c",
        "a + b",
        "a ** 2 <= b",
        "a % 2 == 0",
        "a // 2 == 0",
        "'x' == a",
        "True == a",
        "a in b",
        "a is b",
        "lambda: 1",
        "not a == b",
        "+a <= b",
        "a if b else c",
        "[a] == b",
        "a <= ",
        "",
        "(" * 400 + "a" + ")" * 400 + " <= b",
    ],
)
def test_anything_else_is_rejected_with_a_thai_message(expression):
    with pytest.raises(RuleSyntaxError) as exc:
        compile_rule(expression)
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in str(exc.value))


def test_calls_and_attributes_are_named_in_the_message():
    with pytest.raises(RuleSyntaxError, match="การเรียกฟังก์ชัน"):
        compile_rule("__import__('os') == 1")
    with pytest.raises(RuleSyntaxError, match="แอตทริบิวต์"):
        compile_rule("a.b <= c")


def test_unknown_column_is_rejected_when_the_columns_are_known():
    with pytest.raises(RuleSyntaxError, match="ไม่มีคอลัมน์ชื่อ dpa_pased"):
        compile_rule("dpa_pased <= dpa_submitted", allowed_names=["dpa_passed", "dpa_submitted"])


def test_a_rejected_expression_is_never_evaluated(tmp_path):
    marker = tmp_path / "touched"
    with pytest.raises(RuleSyntaxError):
        compile_rule(f"__import__('pathlib').Path({str(marker)!r}).touch() == 1")
    assert not marker.exists()


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [(D("5558"), None, "5,558"), (D("88.9200"), None, "88.92"), (D("105.1"), 2, "105.10"), (None, None, "-")],
)
def test_numbers_in_messages(value, places, text):
    assert format_decimal(value, places=places) == text


def decided(expression: str, **values):
    """holds() when every column is a non-negative count."""
    row = {k: None if v is None else D(str(v)) for k, v in values.items()}
    return compile_rule(expression).holds(row, nonnegative=set(values))


@pytest.mark.parametrize(
    ("expression", "values", "expected"),
    [
        # Outcomes already larger than the filled total: no value of the blank outcome can repair it.
        ("a + b <= c", {"a": 25, "b": None, "c": 20}, False),
        ("a + b < c", {"a": 20, "b": None, "c": 20}, False),
        ("c >= a + b", {"a": 25, "b": None, "c": 20}, False),
        ("c > a + b", {"a": 20, "b": None, "c": 20}, False),
        ("a + b == c", {"a": 25, "b": None, "c": 20}, False),
        ("2 * a + b <= c", {"a": 11, "b": None, "c": 20}, False),
        # Not yet decidable: the blank could still make it hold.
        ("a + b <= c", {"a": 15, "b": None, "c": 20}, None),
        ("a + b <= c", {"a": 25, "b": 1, "c": None}, None),  # a blank total may be large
        ("a - b <= c", {"a": 25, "b": None, "c": 20}, None),  # a blank subtracted may repair it
        ("a + b == c", {"a": 15, "b": None, "c": 20}, None),
        ("a + b != c", {"a": 25, "b": None, "c": 20}, None),
        ("a / b <= c", {"a": 25, "b": None, "c": 20}, None),  # not linear
        ("a * b <= c", {"a": 25, "b": None, "c": 20}, None),
    ],
)
def test_rule_decides_with_blank_columns_when_no_value_could_repair_it(expression, values, expected):
    assert decided(expression, **values) is expected


def test_blank_that_may_be_negative_keeps_the_rule_undecided():
    rule = compile_rule("a + b <= c")
    assert rule.holds({"a": D(25), "b": None, "c": D(20)}, nonnegative={"a", "c"}) is None
    assert rule.holds({"a": D(25), "b": None, "c": D(20)}) is None
