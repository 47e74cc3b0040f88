"""Assembles the dashboard page from the GET filters: breakdown, trend and completeness of one item.

Kept apart from the view so that the page, the CSV downloads and the benchmark share one code path.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from tidtam.formdefs.labels import render_items
from tidtam.formdefs.models import Column, Item
from tidtam.formdefs.selectors import user_scope
from tidtam.orgs.models import OrgUnit

from .charts import (
    Breakdown,
    TableView,
    Trend,
    bar_chart,
    breakdowns,
    comparable_columns,
    line_chart,
    mark_incomplete,
    trend,
)
from .forms import DashboardFilterForm
from .rollup import Slot, reference_items, reference_template
from .selectors import (
    CompletenessRow,
    Filters,
    agency_kind_choices,
    completeness,
    provinces_in_scope,
    regions_in_scope,
    slots_visible_to,
    slots_with_data,
    submissions_counted_for,
    submissions_for_slot,
    submissions_in_scope_for,
)


@dataclass
class Dashboard:
    form: DashboardFilterForm
    items: list[Item]
    item: Item | None = None
    column: Column | None = None
    slot: Slot | None = None
    slots: list[Slot] = field(default_factory=list)
    filters: Filters = field(default_factory=Filters)
    level: str = "province"
    breakdown: Breakdown | None = None
    breakdown_table: TableView | None = None
    breakdown_chart: dict[str, Any] | None = None
    trend: Trend | None = None
    trend_table: TableView | None = None
    trend_chart: dict[str, Any] | None = None
    completeness: list[CompletenessRow] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    national: bool = False  # the user may open the national consolidated report
    report_region: OrgUnit | None = None  # the region whose consolidated report the user may open

    @property
    def has_data(self) -> bool:
        return bool(
            self.breakdown and any(any(v is not None for v in r.values.values()) for r in self.breakdown.rows)
        )


def _pick_slot(slots: list[Slot], fy: int | None, number: int | None) -> Slot | None:
    candidates = [
        s for s in slots if (fy is None or s.fiscal_year_be == fy) and (number is None or s.number == number)
    ]
    return max(candidates) if candidates else None


def build_dashboard(*, user, data) -> Dashboard:
    scope = user_scope(user=user)
    reference = reference_template()
    items = reference_items(template=reference)
    # Year-relative labels read as in the reference version's own year (the filter's column names).
    render_items(items, reference.fiscal_year_be if reference else None)
    table_items = [it for it in items if list(it.columns.all())]
    slots = slots_visible_to(user=user)
    regions = list(regions_in_scope(user=user))
    provinces = list(provinces_in_scope(user=user))
    wanted_item = _int(data.get("item"))
    item = next(
        (it for it in table_items if it.number == wanted_item), table_items[0] if table_items else None
    )
    columns = [c for c in item.columns.all() if c.aggregation != Column.Aggregation.NONE] if item else []
    form = DashboardFilterForm(
        data,
        items=table_items,
        columns=[(c.key, c.label) for c in columns],
        slots=slots,
        regions=regions,
        provinces=provinces,
        kinds=agency_kind_choices(),
    )
    form.is_valid()
    board = Dashboard(form=form, items=items, item=item, slots=slots)
    for name in form.errors:
        board.messages.append(
            _("ตัวกรอง “%(field)s” ไม่ถูกต้องหรืออยู่นอกขอบเขตสิทธิ์ของท่าน จึงไม่นำมาใช้")
            % {"field": form.fields[name].label}
        )
    if item is None:
        board.messages.append(_("ยังไม่มีแบบตรวจที่มีตารางผลการดำเนินงาน"))
        return board

    by_code = {u.code: u for u in [*regions, *provinces]}
    region = by_code.get(form.value("region") or "")
    province = by_code.get(form.value("province") or "")
    if province is not None and region is not None and province.parent_id != region.pk:
        board.messages.append(_("จังหวัดที่เลือกไม่อยู่ในภาคที่เลือก จึงแสดงตามจังหวัด"))
        region = None
    filters = Filters(
        region=region,
        province=province,
        agency_kind=form.value("kind") or "",
        fiscal_year_be=form.value("fy"),
    )
    board.filters = filters
    board.column = next(
        (c for c in columns if c.key == form.value("column")), columns[0] if columns else None
    )

    fy_wanted, round_wanted = form.value("fy"), form.value("round")
    if fy_wanted is None and round_wanted is None:
        # Nothing asked for: the latest round that has data, not one just opened and still empty.
        with_data = slots_with_data(user=user)
        slot = _pick_slot([s for s in slots if s in with_data] or slots, None, None)
    else:
        slot = _pick_slot(slots, fy_wanted, round_wanted)
    if slot is None and slots:
        board.messages.append(_("ไม่พบรอบการตรวจตามปีงบประมาณและรอบที่เลือก จึงแสดงรอบล่าสุด"))
        slot = slots[-1]
    board.slot = slot

    if province is None and len(provinces) == 1:
        province = provinces[0]  # a coordinator's only province: show its agencies
    board.level = form.value("by") or (
        "agency" if province is not None or not scope.has_oversight else "province"
    )
    board.national = scope.everything
    board.report_region = (
        region if region is not None and (scope.everything or region.pk in scope.region_ids) else None
    )
    if board.report_region is None and len(scope.region_ids) == 1 and not scope.everything:
        board.report_region = next((r for r in regions if r.pk in scope.region_ids), None)
    if slot is None:
        return board

    units = None
    if board.level == "province":
        units = [
            p
            for p in provinces
            if (province is None or p.pk == province.pk) and (region is None or p.parent_id == region.pk)
        ]
    elif board.level == "region":
        units = [r for r in regions if region is None or r.pk == region.pk]
        if province is not None:
            units = [r for r in units if r.pk == province.parent_id]
    office = province.children.filter(kind=OrgUnit.Kind.PROVINCIAL_OFFICE).first() if province else None
    subs = submissions_for_slot(user=user, filters=filters, slot=slot, item_numbers=[item.number])
    board.breakdown = breakdowns(
        submissions=subs, items=[item], level=board.level, units=units, office=office
    ).get(item.number)
    if board.breakdown is not None:
        board.breakdown_table = board.breakdown.table(
            title=_("%(item)s รอบที่ %(round)s") % {"item": item.title, "round": slot.label},
            total_label=_("รวม"),
        )
        if board.column is not None:
            board.breakdown_chart = bar_chart(board.breakdown_table, board.column)

    trend_subs = submissions_counted_for(user=user).filter(filters.submission_q(), item__lineage=item.lineage)
    in_scope = submissions_in_scope_for(user=user).filter(filters.submission_q(), item__lineage=item.lineage)
    board.trend = trend(submissions=trend_subs, item=item, slots=slots, in_scope=in_scope)
    board.trend_table = board.trend.table()
    if board.column is not None:
        board.trend_chart = mark_incomplete(
            line_chart(board.trend_table, comparable_columns(board.trend.columns, board.column)), board.trend
        )

    board.completeness = completeness(user=user, filters=filters, slot=slot, items=items)
    return board


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
