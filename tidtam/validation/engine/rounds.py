"""Checks of a whole round: every submission's row, plus checks across the rows of each table.

The round is read through `submissions.round_contents` — the same read the consolidated report is
built from — so the totals checked here are exactly the totals people see, and a round costs a fixed
number of queries whatever its size. Validation needs the data, not a rendered report.
"""

from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tidtam.formdefs.aggregation import as_decimal
from tidtam.formdefs.models import Column, Round
from tidtam.submissions.models import Submission
from tidtam.submissions.round_contents import ItemContents, round_contents

from .expressions import decimal_places, format_decimal
from .fidelity import fidelity_findings, submission_text_fields
from .findings import (
    RULE_MEAN_COLUMN_SUMMED,
    RULE_PRINTED_TOTAL_MISMATCH,
    RULE_TOTAL_SUMS_MEAN,
    Finding,
    Section,
    Severity,
    json_values,
    sort_findings,
)
from .history import previous_rows
from .sections import required_findings
from .submissions import stored_values
from .values import check_values, item_columns

MEAN_AGGREGATIONS = (Column.Aggregation.MEAN, Column.Aggregation.WEIGHTED_MEAN)


def check_round(*, round_: Round) -> list[Finding]:
    """Every finding of the round: each submission's row (with outliers against the previous round),
    required sections (not for legacy rounds: the legacy report is what it is), and cross-row checks
    of each table against the totals printed in a legacy source."""
    return round_findings(round_=round_)


def round_findings(
    *, round_: Round, submissions: QuerySet[Submission] | None = None, cross_row: bool = True
) -> list[Finding]:
    """check_round over a subset of submissions (e.g. those a user may see). `cross_row=False` leaves out
    the whole-table checks, which only make sense over every row."""
    contents = round_contents(round_=round_, submissions=submissions)
    labels = {p.agency_id: p.label for p in contents.participants}
    agency_order = {p.label: p.order for p in contents.participants}
    previous = previous_rows(round_=round_)
    check_required = round_.origin != Round.Origin.LEGACY
    findings: list[Finding] = []
    column_order: dict[tuple[int, str], int] = {}
    for block in contents.items:
        item = block.item
        columns = item_columns(item)
        column_order.update({(item.number, c.key): c.order for c in columns})
        for sub in block.submissions:
            label = labels.get(sub.agency_id) or str(sub.agency)
            row = stored_values(sub, columns)
            findings += check_values(
                item=item, values=row, agency_label=label, previous=previous.get((item.number, sub.agency_id))
            )
            if check_required:
                findings += required_findings(
                    item=item, columns=columns, submission=sub, values=row, agency_label=label
                )
            # Warnings about the text as written (another script, a mistyped key term, a number that
            # contradicts the row): "please check", never an edit.
            findings += fidelity_findings(
                item_number=item.number,
                agency_label=label,
                fields=submission_text_fields(sub),
                columns=[(c.key, c.label, c.unit) for c in columns],
                row=row,
            )
        if cross_row:
            findings += table_findings(block)
    return sort_findings(findings, agency_order, column_order)


def _rounded(value: Decimal, places: int) -> Decimal:
    """`value` at the precision a printed number was written with (97.0133 vs printed 97.01 → equal)."""
    return value.quantize(Decimal(1).scaleb(-places))


def table_findings(block: ItemContents) -> list[Finding]:
    """Checks across the rows of one item's table: printed totals vs computed ones, and columns whose
    form definition would add up what must be averaged."""
    if not block.columns:
        return []
    number = block.item.number
    findings = []
    for col in block.columns:
        if col.aggregation == Column.Aggregation.SUM and col.value_type == Column.ValueType.PERCENT:
            findings.append(
                _finding(
                    number,
                    col,
                    RULE_MEAN_COLUMN_SUMMED,
                    Severity.WARNING,
                    _(
                        "ข้อ %(item)s แถวรวม «%(column)s»: คอลัมน์นี้เป็นร้อยละ แต่แบบฟอร์มกำหนดให้แถวรวมใช้ผลรวม "
                        "ร้อยละต้องใช้ค่าเฉลี่ย (หรือค่าเฉลี่ยถ่วงน้ำหนัก) ไม่ใช่นำมาบวกกัน"
                    )
                    % {"item": number, "column": col.label},
                    {"computed_total": block.total.get(col.key)},
                )
            )
        finding = _printed_total_finding(block, col)
        if finding is not None:
            findings.append(finding)
    return findings


def _printed_total_finding(block: ItemContents, col: Column) -> Finding | None:
    printed = as_decimal((block.printed_total or {}).get(col.key))
    if printed is None or col.aggregation == Column.Aggregation.NONE:
        return None
    number = block.item.number
    places = decimal_places(printed)
    computed = block.total.get(col.key)
    if computed is not None and _rounded(computed, places) == printed:
        return None
    present = [v for _sub, values in block.rows if (v := values.get(col.key)) is not None]
    context = {
        "item": number,
        "column": col.label,
        "printed": format_decimal(printed),
        "computed": _format_total(computed, col),
        "aggregation": Column.Aggregation(col.aggregation).label,
    }
    if col.aggregation in MEAN_AGGREGATIONS and len(present) > 1:
        summed = sum(present, Decimal(0))
        if _rounded(summed, places) == printed:
            context["sum"] = " + ".join(format_decimal(_rounded(v, places), places=places) for v in present)
            return _finding(
                number,
                col,
                RULE_TOTAL_SUMS_MEAN,
                Severity.ERROR,
                _(
                    "ข้อ %(item)s แถวรวม «%(column)s»: แถวรวมนำค่าเฉลี่ยมาบวกกัน (%(sum)s = %(printed)s) "
                    "ค่าที่ถูกต้องคือ%(aggregation)s %(computed)s"
                )
                % context,
                {"printed_total": printed, "sum_of_rows": summed, "computed_total": computed},
            )
    if computed is None:
        message = (
            _("ข้อ %(item)s แถวรวม «%(column)s»: รายงานพิมพ์ยอดรวมไว้ %(printed)s แต่ไม่มีข้อมูลรายหน่วยงานให้คำนวณ")
            % context
        )
    else:
        message = (
            _(
                "ข้อ %(item)s แถวรวม «%(column)s»: ยอดรวมที่พิมพ์ในรายงาน %(printed)s "
                "ไม่ตรงกับที่คำนวณจากแถวของหน่วยงาน %(computed)s (%(aggregation)s)"
            )
            % context
        )
    return _finding(
        number,
        col,
        RULE_PRINTED_TOTAL_MISMATCH,
        Severity.ERROR,
        message,
        {"printed_total": printed, "computed_total": computed},
    )


def _format_total(value: Decimal | None, col: Column) -> str:
    """A computed mean reads better at two decimals (97.01, not 97.0133)."""
    if value is not None and col.aggregation in MEAN_AGGREGATIONS and value != value.to_integral_value():
        return format_decimal(value, places=2)
    return format_decimal(value)


def _finding(number: int, col: Column, rule: str, severity: str, message: str, values: dict) -> Finding:
    return Finding(
        item=number,
        agency=None,
        section=Section.RESULTS,
        rule=rule,
        severity=severity,
        message=message,
        values=json_values(values),
        column=col.key,
    )
