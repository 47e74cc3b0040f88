"""The consolidated report of a round as plain data, in the official order.

One place builds it; the web page, the JSON export and the document exporters all read it.
It runs a fixed number of queries whatever the size of the round.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from tidtam.formdefs.models import Column, Item, Round, RoundParticipant
from tidtam.orgs.models import OrgUnit
from tidtam.submissions.models import ProblemRow, Submission
from tidtam.submissions.round_contents import ItemContents, round_contents


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


def round_report(
    *,
    round_: Round,
    item_numbers: Iterable[int] | None = None,
    submissions: QuerySet[Submission] | None = None,
) -> RoundReport:
    """Assemble the report. `submissions` lets a caller pass an already role-scoped queryset."""
    contents = round_contents(round_=round_, item_numbers=item_numbers, submissions=submissions)
    labels = {p.agency_id: p.label for p in contents.participants}
    blocks = [_item_block(item, labels) for item in contents.items]
    return RoundReport(round=round_, participants=contents.participants, items=blocks)


def _label(sub: Submission, labels: dict[int, str]) -> str:
    return labels.get(sub.agency_id) or str(sub.agency)


def _item_block(contents: ItemContents, labels: dict[int, str]) -> ItemBlock:
    item, subs = contents.item, contents.submissions
    table = None
    if contents.columns:
        table = Table(
            columns=contents.columns,
            rows=[
                TableRow(agency=sub.agency, label=_label(sub, labels), values=values, note=sub.table_note)
                for sub, values in contents.rows
            ],
            total=contents.total,
            printed_total=contents.printed_total,
            total_label=contents.printed_total_label,
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
        footnotes=contents.footnotes,
        submissions=subs,
    )
