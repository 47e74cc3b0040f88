"""Checks of one agency's row of one item: built-in checks by column type, template rules, outliers.

Pure and fast: no database access beyond the item's columns (none when they are prefetched), so a form
can call `check_values` on every keystroke.
"""

import ast
import logging
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tidtam.formdefs.models import Column, Item

from .expressions import Comparison, RuleSyntaxError, compile_cached, evaluate, format_decimal, render
from .findings import (
    RULE_COUNT_NOT_INTEGER,
    RULE_OUTLIER,
    RULE_PERCENT_OUT_OF_RANGE,
    RULE_VALUE_NEGATIVE,
    Finding,
    Section,
    Severity,
    json_values,
)

logger = logging.getLogger(__name__)

# An outlier is a change of more than half the previous value AND of at least this many units:
# 2 → 4 is +100 % but too small to matter.
OUTLIER_RATIO = Decimal("0.5")
OUTLIER_MIN_CHANGE = Decimal(10)

# How a failed comparison reads: a failed "a <= b" means "a is more than b".
FAILED_RELATION = {
    "<=": gettext_lazy("มากกว่า"),
    "<": gettext_lazy("ไม่น้อยกว่า"),
    ">=": gettext_lazy("น้อยกว่า"),
    ">": gettext_lazy("ไม่มากกว่า"),
    "==": gettext_lazy("ไม่เท่ากับ"),
    "!=": gettext_lazy("เท่ากับ"),
}


def where(item_number: int, agency_label: str | None) -> str:
    """The start of every message: "ข้อ 1 · สกร.สค."."""
    if agency_label:
        return _("ข้อ %(item)s · %(agency)s") % {"item": item_number, "agency": agency_label}
    return _("ข้อ %(item)s") % {"item": item_number}


def _as_decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def item_columns(item: Item) -> list[Column]:
    return sorted(item.columns.all(), key=lambda c: c.order)


def check_values(
    *,
    item: Item,
    values: Mapping[str, Decimal | None],
    agency_label: str | None = None,
    previous: Mapping[str, Decimal | None] | None = None,
) -> list[Finding]:
    """Findings for one agency's row of `item`: column types, the template's rules, and, when the
    previous round's row is given, outliers. Missing values are skipped (no finding)."""
    columns = item_columns(item)
    row = {key: _as_decimal(v) for key, v in values.items()}
    findings: list[Finding] = []
    findings += _type_findings(item, columns, row, agency_label)
    findings += _rule_findings(item, columns, row, agency_label)
    if previous:
        findings += _outlier_findings(item, columns, row, previous, agency_label)
    order = {c.key: c.order for c in columns}
    return sorted(findings, key=lambda f: (f.rule, order.get(f.column or "", 10_000)))


def _type_findings(
    item: Item, columns: Sequence[Column], row: Mapping[str, Decimal | None], agency_label: str | None
) -> list[Finding]:
    findings = []
    for col in columns:
        value = row.get(col.key)
        if value is None:
            continue
        context = {
            "where": where(item.number, agency_label),
            "column": col.label,
            "value": format_decimal(value),
        }

        def finding(rule: str, message: str, col: Column = col, value: Decimal = value) -> Finding:
            return Finding(
                item=item.number,
                agency=agency_label,
                section=Section.RESULTS,
                rule=rule,
                severity=Severity.ERROR,
                message=message,
                values=json_values({col.key: value}),
                column=col.key,
            )

        if col.value_type == Column.ValueType.PERCENT:
            if value < 0 or value > 100:
                findings.append(
                    finding(
                        RULE_PERCENT_OUT_OF_RANGE,
                        _("%(where)s: «%(column)s» เป็นร้อยละ ต้องอยู่ระหว่าง 0 ถึง 100 แต่กรอกไว้ %(value)s")
                        % context,
                    )
                )
            continue
        if value < 0:
            findings.append(
                finding(
                    RULE_VALUE_NEGATIVE,
                    _("%(where)s: «%(column)s» ต้องไม่ติดลบ แต่กรอกไว้ %(value)s") % context,
                )
            )
        if col.value_type == Column.ValueType.COUNT and value != value.to_integral_value():
            findings.append(
                finding(
                    RULE_COUNT_NOT_INTEGER,
                    _("%(where)s: «%(column)s» เป็นจำนวนนับ ต้องเป็นจำนวนเต็ม แต่กรอกไว้ %(value)s") % context,
                )
            )
    return findings


def _rule_findings(
    item: Item, columns: Sequence[Column], row: Mapping[str, Decimal | None], agency_label: str | None
) -> list[Finding]:
    labels = {c.key: c.label for c in columns}
    # Every column type is non-negative (counts, amounts, decimals; percentages 0–100): the built-in
    # checks above report a negative value, so a rule may treat a blank as "0 or more".
    nonnegative = frozenset(labels)
    findings = []
    for rule in item.rules or []:
        if not isinstance(rule, Mapping) or not rule.get("expression"):
            continue
        try:
            comparison = compile_cached(str(rule["expression"]))
        except RuleSyntaxError as exc:
            # Templates are checked when loaded (rules_check); a rule stored before that is skipped, loudly.
            logger.warning("item %s rule %s not checked: %s", item.number, rule.get("id"), exc)
            continue
        if comparison.holds(row, nonnegative) is not False:
            continue  # holds, or not applicable (a value missing that could still make it hold)
        findings.append(
            Finding(
                item=item.number,
                agency=agency_label,
                section=Section.RESULTS,
                rule=str(rule.get("id") or comparison.source),
                severity=Severity.WARNING if rule.get("severity") == Severity.WARNING else Severity.ERROR,
                message=_rule_message(item, agency_label, rule, comparison, row, labels),
                values=json_values({name: row.get(name) for name in comparison.names}),
                column=rule.get("column") or (comparison.names[0] if comparison.names else None),
            )
        )
    return findings


def _rule_message(
    item: Item,
    agency_label: str | None,
    rule: Mapping,
    comparison: Comparison,
    row: Mapping[str, Decimal | None],
    labels: Mapping[str, str],
) -> str:
    """The message of a failed rule, e.g.
    "ข้อ 1 · สกร.สค.: <the template's message> — ผ่านเกณฑ์ 1 + ไม่ผ่านเกณฑ์ 1 = 2 มากกว่า ยื่นคำขอ DPA 1"."""

    def describe(name: str) -> str:
        value = row.get(name)
        return f"{labels.get(name, name)} {format_decimal(value) if value is not None else _('(ยังไม่กรอก)')}"

    def side(node: ast.expr) -> str:
        text = render(node, describe)
        if isinstance(node, ast.Name | ast.Constant):
            return text
        value = evaluate(node, row)
        if value is None:
            # Decided with blanks: what the filled values already add up to.
            filled = evaluate(
                node, {**row, **{n: Decimal(0) for n in comparison.names if row.get(n) is None}}
            )
            return _("%(text)s = %(value)s (ไม่นับช่องที่ยังว่าง)") % {"text": text, "value": format_decimal(filled)}
        return f"{text} = {format_decimal(value)}"

    detail = f"{side(comparison.left)} {FAILED_RELATION[comparison.op]} {side(comparison.right)}"
    message = str(rule.get("message") or "") or _("ไม่เป็นไปตามเงื่อนไข %(expr)s") % {"expr": comparison.source}
    return _("%(where)s: %(message)s — %(detail)s") % {
        "where": where(item.number, agency_label),
        "message": message,
        "detail": detail,
    }


def _outlier_findings(
    item: Item,
    columns: Sequence[Column],
    row: Mapping[str, Decimal | None],
    previous: Mapping[str, Decimal | None],
    agency_label: str | None,
) -> list[Finding]:
    findings = []
    for col in columns:
        new, old = row.get(col.key), _as_decimal(previous.get(col.key))
        if new is None or old is None:
            continue
        change = abs(new - old)
        if change < OUTLIER_MIN_CHANGE or change / max(abs(old), Decimal(1)) <= OUTLIER_RATIO:
            continue
        findings.append(
            Finding(
                item=item.number,
                agency=agency_label,
                section=Section.RESULTS,
                rule=RULE_OUTLIER,
                severity=Severity.WARNING,
                message=_(
                    "%(where)s: «%(column)s» เปลี่ยนจากรอบก่อนมาก จาก %(old)s เป็น %(new)s "
                    "(ต่างกัน %(change)s) โปรดตรวจสอบหรือชี้แจงเหตุผล"
                )
                % {
                    "where": where(item.number, agency_label),
                    "column": col.label,
                    "old": format_decimal(old),
                    "new": format_decimal(new),
                    "change": format_decimal(change),
                },
                values=json_values({"previous": old, "current": new}),
                column=col.key,
            )
        )
    return findings
