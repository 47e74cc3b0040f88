"""What a dashboard shows, as plain data: a breakdown (bars), a trend (line) and the table behind each.

Every chart is built from a `TableView`; the same table is rendered under the chart, offered as CSV
and embedded as JSON for ECharts, so the three can never disagree.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from tidtam.formdefs.aggregation import to_json_number
from tidtam.formdefs.models import Column, Item
from tidtam.orgs.models import AgencyService, OrgUnit
from tidtam.submissions.models import Submission

from .rollup import COUNTED_Q, Rollup, Slot, rollup
from .selectors import agency_kind_labels


def column_heading(column: Column) -> str:
    return f"{column.label} ({column.unit})" if column.unit else column.label


@dataclass
class TableView:
    """A table as shown, downloaded and charted: a header, labelled rows of values, a total row."""

    title: str
    label_heading: str
    columns: list[Column]
    rows: list[tuple[str, list[Decimal | None]]]
    total_label: str = ""
    total: list[Decimal | None] | None = None
    codes: list[str] = field(default_factory=list)  # an identifier per row (province code, slot...)
    notes: list[str] = field(default_factory=list)  # caveats shown under the table (Thai)

    @property
    def header(self) -> list[str]:
        return [self.label_heading, *(column_heading(c) for c in self.columns)]


@dataclass
class BreakdownRow:
    code: str
    label: str
    unit: OrgUnit | None
    values: dict[str, Decimal | None]


@dataclass
class Breakdown:
    """One item's table broken down by province, region, agency or agency kind, plus the scope's total."""

    item: Item
    columns: list[Column]
    level: str
    rows: list[BreakdownRow]
    total: dict[str, Decimal | None]

    def table(self, *, title: str = "", total_label: str = "") -> TableView:
        return TableView(
            title=title or self.item.title,
            label_heading=LEVEL_HEADINGS.get(self.level, _("รายการ")),
            columns=self.columns,
            rows=[(r.label, [r.values.get(c.key) for c in self.columns]) for r in self.rows],
            total_label=total_label or _("รวม"),
            total=[self.total.get(c.key) for c in self.columns],
            codes=[r.code for r in self.rows],
        )

    def total_cells(self) -> list[Decimal | None]:
        return [self.total.get(c.key) for c in self.columns]


LEVEL_HEADINGS = {
    "province": "จังหวัด",
    "region": "สำนักงานศึกษาธิการภาค",
    "agency": "หน่วยงาน",
    "agency_kind": "ประเภทหน่วยงาน",
}


def _labels_for(
    level: str, keys: Sequence[Any], *, office: OrgUnit | None
) -> dict[Any, tuple[str, str, OrgUnit | None]]:
    """{group key: (code, label, unit)} for the keys a roll-up returned."""
    if level == "agency_kind":
        names = agency_kind_labels()
        return {k: (k or "office", names.get(k, k), None) for k in keys}
    units = OrgUnit.objects.in_bulk([k for k in keys if k is not None])
    labels = {}
    if level == "agency" and office is not None:
        labels = dict(AgencyService.objects.filter(office=office).values_list("agency_id", "label"))
    out: dict[Any, tuple[str, str, OrgUnit | None]] = {}
    for k in keys:
        unit = units.get(k)
        if unit is None:
            continue
        if level == "agency":
            label = labels.get(k) or unit.short_name or unit.name
        elif level == "region":
            label = unit.short_name or unit.name
        else:
            label = unit.name
        out[k] = (unit.code, label, unit)
    return out


def breakdowns(
    *,
    submissions: QuerySet[Submission],
    items: Sequence[Item],
    level: str,
    units: Sequence[OrgUnit] | None = None,
    office: OrgUnit | None = None,
) -> dict[int, Breakdown]:
    """Breakdowns of several items at once (two queries). `units` lists the rows to show even when they
    reported nothing (the provinces of a region), in order; otherwise rows are the groups with data."""
    by_group = rollup(submissions=submissions, items=items, by=[level])
    totals = rollup(submissions=submissions, items=items, by=[])
    present = sorted({k[0] for r in by_group.values() for k in r.values}, key=lambda k: (k is None, str(k)))
    if units is not None:
        keys: list[Any] = [u.pk for u in units]
        labels: dict[Any, tuple[str, str, OrgUnit | None]] = {
            u.pk: (u.code, u.name if level == "province" else str(u), u) for u in units
        }
    else:
        keys = present
        labels = _labels_for(level, keys, office=office)
    result = {}
    for number, r in by_group.items():
        rows = [
            BreakdownRow(code=labels[k][0], label=labels[k][1], unit=labels[k][2], values=r.get((k,)))
            for k in keys
            if k in labels
        ]
        if level == "agency_kind" and units is None:
            order = list(agency_kind_labels())
            rows.sort(key=lambda row: order.index(row.code) if row.code in order else len(order))
        elif units is None:
            rows.sort(key=lambda row: row.label)
        result[number] = Breakdown(
            item=r.item, columns=r.columns, level=level, rows=rows, total=totals[number].get(())
        )
    return result


@dataclass
class Trend:
    """One item's totals (for the whole scope) per slot: the series across rounds and years."""

    item: Item
    columns: list[Column]
    slots: list[Slot]
    values: dict[Slot, dict[str, Decimal | None]]
    # Where the series begins when the item has no predecessor in an earlier form version (else "").
    fresh_start: str = ""
    # (reports counted, reports in the round) per slot: a round still being reported (1 of 84 accepted)
    # totals far less than a finished one, which a bare line would show as a collapse (543 → 10).
    coverage: dict[Slot, tuple[int, int]] = field(default_factory=dict)

    def share(self, slot: Slot) -> Decimal | None:
        counted, total = self.coverage.get(slot, (0, 0))
        return Decimal(counted) / total if total else None

    def incomplete(self) -> list[Slot]:
        """Slots whose reports are not all counted yet (drafts, sent and not accepted), in order."""
        return [s for s in self.slots if s in self.coverage and self.coverage[s][0] < self.coverage[s][1]]

    def table(self, *, title: str = "") -> TableView:
        notes = []
        for slot in self.incomplete():
            counted, total = self.coverage[slot]
            share = Decimal(counted) / total  # an incomplete slot has total > counted >= 0
            note = _(
                "รอบ %(slot)s ยังรับรองไม่ครบ: นับได้ %(counted)s จาก %(total)s ฉบับ (%(pct)s%%) "
                "ยอดของรอบนี้จึงยังไม่ใช่ยอดทั้งหมด"
            ) % {"slot": slot.label, "counted": counted, "total": total, "pct": _percent(share)}
            if share < MIN_TREND_SHARE:
                note += " " + _("(ไม่แสดงในแผนภูมิเส้น)")
            notes.append(note)
        return TableView(
            title=title or self.item.title,
            label_heading=_("รอบ/ปีงบประมาณ"),
            columns=self.columns,
            rows=[(s.label, [self.values.get(s, {}).get(c.key) for c in self.columns]) for s in self.slots],
            codes=[s.code for s in self.slots],
            notes=notes,
        )


# Below this share of its reports counted, a round's point is left out of the trend line (it stays in
# the table, with its caveat); above it, the point is shown and its label carries the share.
MIN_TREND_SHARE = Decimal("0.5")


def _percent(share: Decimal | None) -> str:
    return f"{(share or Decimal(0)) * 100:.1f}"


def trend(
    *,
    submissions: QuerySet[Submission],
    item: Item,
    slots: Sequence[Slot],
    in_scope: QuerySet[Submission] | None = None,
) -> Trend:
    """The item's totals per slot, one query (two with `in_scope`: every submission in the user's scope,
    whatever its status, to tell how complete each slot is). Slots without data keep an empty row."""
    r: Rollup = rollup(submissions=submissions, items=[item], by=[], per_slot=True)[item.number]
    values = {key[0]: v for key, v in r.values.items()}
    coverage: dict[Slot, tuple[int, int]] = {}
    if in_scope is not None:
        rows = (
            in_scope.order_by()
            .values("round__fiscal_year_be", "round__number")
            .annotate(counted=Count("id", filter=COUNTED_Q), total=Count("id"))
        )
        coverage = {
            Slot(row["round__fiscal_year_be"], row["round__number"]): (row["counted"], row["total"])
            for row in rows
        }
    return Trend(
        item=item,
        columns=r.columns,
        slots=sorted(set(slots) | set(values)),
        values=values,
        fresh_start=fresh_start_note(item),
        coverage=coverage,
    )


def mark_incomplete(chart: dict[str, Any], trend_: Trend) -> dict[str, Any]:
    """The line chart of a trend with its incomplete rounds marked: the category reads "2/2570 (1.2%)"
    and, below MIN_TREND_SHARE, the point is left out (a gap, not a collapse)."""
    incomplete = set(trend_.incomplete())
    for index, slot in enumerate(trend_.slots):
        if slot not in incomplete:
            continue
        share = trend_.share(slot)
        chart["categories"][index] = _("%(slot)s (ข้อมูล %(pct)s%%)") % {
            "slot": slot.label,
            "pct": _percent(share),
        }
        if share is not None and share < MIN_TREND_SHARE:
            for series in chart["series"]:
                series["data"][index] = None
    return chart


def fresh_start_note(item: Item) -> str:
    """A Thai note when the item's series starts in its own version (no item of the earlier version
    continues into it), so that an empty past reads as "not asked then", not as zero."""
    first = (
        Item.objects.filter(lineage=item.lineage)
        .select_related("template")
        .order_by("template__fiscal_year_be", "template__round_number", "template_id")
        .first()
    )
    template = (first or item).template
    if template.previous_id is None:
        return ""
    return _("ข้อนี้เริ่มเก็บข้อมูลในแบบฟอร์มรุ่น %(version)s ไม่มีข้อมูลต่อเนื่องจากรุ่นก่อนหน้า") % {"version": template.version}


# --- ECharts options (data only: static/js/dashboards.js adds the styling) ----------------------------


def _number(value: Decimal | None) -> float | int | None:
    return to_json_number(value)


def bar_chart(table: TableView, column: Column) -> dict[str, Any]:
    """Horizontal bars, one per row, for one column (long Thai province names read best on the left)."""
    index = table.columns.index(column)
    return {
        "kind": "bar",
        "title": column_heading(column),
        "categories": [label for label, _values in table.rows],
        "series": [{"name": column_heading(column), "data": [_number(v[index]) for _l, v in table.rows]}],
        "unit": column.unit,
    }


def line_chart(table: TableView, columns: Sequence[Column]) -> dict[str, Any]:
    """One line per column across the slots."""
    return {
        "kind": "line",
        "title": table.title,
        "categories": [label for label, _values in table.rows],
        "series": [
            {
                "name": column_heading(c),
                "data": [_number(values[table.columns.index(c)]) for _l, values in table.rows],
            }
            for c in columns
        ],
        "unit": columns[0].unit if columns else "",
    }


def comparable_columns(columns: Sequence[Column], selected: Column) -> list[Column]:
    """Columns that can share an axis with the selected one (same unit and value type, aggregated)."""
    return [
        c
        for c in columns
        if c.unit == selected.unit and c.value_type == selected.value_type and c.aggregation != "none"
    ] or [selected]
