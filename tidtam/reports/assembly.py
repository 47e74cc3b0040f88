"""The consolidated report of a round as plain data, in the official order.

One place builds it; the web page, the JSON export and the document exporters all read it.
It runs a fixed number of queries whatever the size of the round.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from tidtam.formdefs.aggregation import compute_totals
from tidtam.formdefs.labels import render_items
from tidtam.formdefs.models import Column, Item, Round, RoundParticipant, Subtopic
from tidtam.orgs.models import OrgUnit
from tidtam.submissions.models import NarrativeEntry, ProblemRow, RoundItem, Submission


@dataclass
class AgencyText:
    agency: OrgUnit
    label: str
    text: str


@dataclass
class TableRow:
    # None only for a dashboard breakdown row that is not one unit (an agency kind); a round's rows are agencies.
    agency: OrgUnit | None
    label: str
    values: dict[str, Decimal | None]
    note: str = ""


@dataclass
class Table:
    columns: list[Column]
    rows: list[TableRow]
    total: dict[str, Decimal | None]
    printed_total: dict[str, float | int | None] = field(default_factory=dict)
    total_label: str = ""

    def total_cells(self) -> list[Decimal | None]:
        return [self.total.get(c.key) for c in self.columns]


@dataclass
class SubtopicBlock:
    number: int | None
    title: str
    entries: list[AgencyText]


@dataclass
class ProblemGroup:
    agency: OrgUnit
    label: str
    rows: list[ProblemRow]


@dataclass
class ItemBlock:
    item: Item
    table: Table | None
    subtopics: list[SubtopicBlock]
    problems: list[ProblemGroup]
    success_factors: list[AgencyText]
    recommendations: list[AgencyText]
    best_practices: list[AgencyText]
    footnotes: str = ""
    submissions: list[Submission] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.item.number


@dataclass
class RoundReport:
    round: Round
    participants: list[RoundParticipant]
    items: list[ItemBlock]

    @property
    def policies(self) -> list[tuple[str, list[ItemBlock]]]:
        return group_by_policy(self.items)


def group_by_policy(blocks: Iterable[Any]) -> list[tuple[str, list[Any]]]:
    """Item blocks (anything with `.item`) grouped under their inspection policy, in order."""
    groups: list[tuple[str, list[Any]]] = []
    for block in blocks:
        title = block.item.policy.title
        if not groups or groups[-1][0] != title:
            groups.append((title, []))
        groups[-1][1].append(block)
    return groups


def _items(round_: Round, numbers: Iterable[int] | None) -> QuerySet[Item]:
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


def round_report(
    *,
    round_: Round,
    item_numbers: Iterable[int] | None = None,
    submissions: QuerySet[Submission] | None = None,
) -> RoundReport:
    """Assemble the report. `submissions` lets a caller pass an already role-scoped queryset."""
    participants = list(
        RoundParticipant.objects.filter(round=round_).select_related("agency").order_by("order")
    )
    order = {p.agency_id: i for i, p in enumerate(participants)}
    labels = {p.agency_id: p.label for p in participants}
    items = list(_items(round_, item_numbers))
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
    round_items = {ri.item_id: ri for ri in RoundItem.objects.filter(round=round_, item__in=items)}

    blocks = []
    for item in items:
        subs = sorted(by_item.get(item.id, []), key=lambda s: (order.get(s.agency_id, 999), s.agency_id))
        blocks.append(_item_block(item, subs, labels, round_items.get(item.id)))
    return RoundReport(round=round_, participants=participants, items=blocks)


def _label(sub: Submission, labels: dict[int, str]) -> str:
    return labels.get(sub.agency_id) or str(sub.agency)


def _item_block(
    item: Item, subs: list[Submission], labels: dict[int, str], round_item: RoundItem | None
) -> ItemBlock:
    columns = list(item.columns.all())
    table = None
    if columns:
        col_by_id = {c.id: c for c in columns}
        rows = []
        for sub in subs:
            values = {
                col_by_id[v.column_id].key: v.value for v in sub.values.all() if v.column_id in col_by_id
            }
            if values or sub.table_note:
                full = {c.key: values.get(c.key) for c in columns}
                rows.append(
                    TableRow(agency=sub.agency, label=_label(sub, labels), values=full, note=sub.table_note)
                )
        table = Table(
            columns=columns,
            rows=rows,
            total=compute_totals(columns, [r.values for r in rows]),
            printed_total=(round_item.printed_totals if round_item else {}) or {},
            total_label=(round_item.printed_totals_label if round_item else "") or "",
        )

    blocks: list[SubtopicBlock] = []
    general = [
        AgencyText(s.agency, _label(s, labels), n.text)
        for s in subs
        for n in s.narratives.all()
        if n.subtopic_id is None
    ]
    if general:
        blocks.append(SubtopicBlock(number=None, title="", entries=general))
    for st in item.subtopics.all():
        entries = [
            AgencyText(s.agency, _label(s, labels), n.text)
            for s in subs
            for n in s.narratives.all()
            if n.subtopic_id == st.id
        ]
        blocks.append(SubtopicBlock(number=st.number, title=st.title, entries=entries))

    def texts(attr: str) -> list[AgencyText]:
        return [AgencyText(s.agency, _label(s, labels), getattr(s, attr)) for s in subs if getattr(s, attr)]

    return ItemBlock(
        item=item,
        table=table,
        subtopics=blocks,
        problems=[
            ProblemGroup(s.agency, _label(s, labels), list(s.problems.all()))
            for s in subs
            if s.problems.all()
        ],
        success_factors=texts("success_factors"),
        recommendations=texts("recommendations"),
        best_practices=texts("best_practices"),
        footnotes=round_item.footnotes if round_item else "",
        submissions=subs,
    )
