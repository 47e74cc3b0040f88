"""Reads of what a round holds, item by item: the submissions (in the round's agency order, with their
values, narratives and X.2 rows loaded), each item's table rows, the totals computed from them and
the totals printed in a legacy source.

The consolidated report (`reports.assembly`) and the validation of a round (`validation.engine.rounds`)
both read a round through `round_contents`, so the totals checked are exactly the totals people see.
A fixed number of queries whatever the size of the round.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from tidtam.formdefs.aggregation import compute_totals
from tidtam.formdefs.labels import render_items
from tidtam.formdefs.models import Column, Item, Round, RoundParticipant, Subtopic

from .models import NarrativeEntry, ProblemRow, RoundItem, Submission


@dataclass
class ItemContents:
    item: Item
    columns: list[Column]
    # Every submission of the item that the caller passed, in the round's agency order.
    submissions: list[Submission]
    # The table's rows: the submissions with a value or a table note, each with every column's value.
    rows: list[tuple[Submission, dict[str, Decimal | None]]]
    total: dict[str, Decimal | None] = field(default_factory=dict)
    printed_total: dict[str, float | int | None] = field(default_factory=dict)
    printed_total_label: str = ""
    footnotes: str = ""


@dataclass
class RoundContents:
    round: Round
    participants: list[RoundParticipant]
    items: list[ItemContents]


def round_items(round_: Round, numbers: Iterable[int] | None = None) -> QuerySet[Item]:
    """The round's form items in order, with policy, columns and subtopics loaded."""
    qs = (
        Item.objects.filter(template_id=round_.template_id)
        .select_related("policy")
        .prefetch_related(
            Prefetch("columns", queryset=Column.objects.order_by("order")),
            Prefetch("subtopics", queryset=Subtopic.objects.order_by("number")),
        )
        .order_by("number")
    )
    if numbers is not None:
        qs = qs.filter(number__in=list(numbers))
    return qs


def round_contents(
    *,
    round_: Round,
    item_numbers: Iterable[int] | None = None,
    submissions: QuerySet[Submission] | None = None,
) -> RoundContents:
    """The round item by item. `submissions` lets a caller pass an already role-scoped queryset."""
    participants = list(
        RoundParticipant.objects.filter(round=round_).select_related("agency").order_by("order")
    )
    order = {p.agency_id: i for i, p in enumerate(participants)}
    items = list(round_items(round_, item_numbers))
    render_items(items, round_.fiscal_year_be)  # year-relative labels as this round reads them

    subs_qs = submissions if submissions is not None else Submission.objects.filter(round=round_)
    subs_qs = (
        subs_qs.filter(item__in=items)
        .select_related("agency")
        .prefetch_related(
            "values",
            Prefetch("narratives", queryset=NarrativeEntry.objects.select_related("subtopic")),
            Prefetch("problems", queryset=ProblemRow.objects.order_by("order")),
        )
    )
    by_item: dict[int, list[Submission]] = defaultdict(list)
    for sub in subs_qs:
        by_item[sub.item_id].append(sub)
    round_items_by_item = {ri.item_id: ri for ri in RoundItem.objects.filter(round=round_, item__in=items)}

    contents = []
    for item in items:
        subs = sorted(by_item.get(item.id, []), key=lambda s: (order.get(s.agency_id, 999), s.agency_id))
        contents.append(_item_contents(item, subs, round_items_by_item.get(item.id)))
    return RoundContents(round=round_, participants=participants, items=contents)


def _item_contents(item: Item, subs: list[Submission], round_item: RoundItem | None) -> ItemContents:
    columns = list(item.columns.all())
    rows = []
    if columns:
        col_by_id = {c.id: c for c in columns}
        for sub in subs:
            values = {
                col_by_id[v.column_id].key: v.value for v in sub.values.all() if v.column_id in col_by_id
            }
            if values or sub.table_note:
                rows.append((sub, {c.key: values.get(c.key) for c in columns}))
    return ItemContents(
        item=item,
        columns=columns,
        submissions=subs,
        rows=rows,
        total=compute_totals(columns, [values for _sub, values in rows]) if columns else {},
        printed_total=(round_item.printed_totals if round_item else {}) or {},
        printed_total_label=(round_item.printed_totals_label if round_item else "") or "",
        footnotes=round_item.footnotes if round_item else "",
    )
