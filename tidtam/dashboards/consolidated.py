"""The consolidated report of a region or of the nation for one round across provinces.

Same order and sections as a province's report (`reports.assembly`), but each results table becomes a
per-province breakdown with the rolled-up total, and the narratives are grouped by province, then by
agency. A fixed number of queries whatever the number of provinces.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from tidtam.formdefs.aggregation import to_json_number
from tidtam.formdefs.labels import render_items
from tidtam.formdefs.models import Column, Item, Round, RoundParticipant
from tidtam.orgs.models import OrgUnit
from tidtam.reports.assembly import AgencyText, ProblemGroup, group_by_policy
from tidtam.submissions.models import NarrativeEntry, ProblemRow, Submission

from .charts import Breakdown, breakdowns
from .rollup import Slot, aggregate_rows, reference_items, reference_template
from .selectors import Filters, provinces_in_scope, regions_in_scope, submissions_for_slot

# Above this many provinces, narratives are shown one item at a time (the national report would
# otherwise run to tens of thousands of paragraphs on one page).
TEXTS_INLINE_MAX_PROVINCES = 10


@dataclass
class ProvinceTexts:
    province: OrgUnit
    entries: list[AgencyText]


@dataclass
class ProvinceProblems:
    province: OrgUnit
    groups: list[ProblemGroup]


@dataclass
class ConsolidatedSubtopic:
    number: int | None
    title: str
    provinces: list[ProvinceTexts]


@dataclass
class ConsolidatedItem:
    item: Item
    breakdown: Breakdown | None
    with_texts: bool
    subtopics: list[ConsolidatedSubtopic] = field(default_factory=list)
    problems: list[ProvinceProblems] = field(default_factory=list)
    success_factors: list[ProvinceTexts] = field(default_factory=list)
    recommendations: list[ProvinceTexts] = field(default_factory=list)
    best_practices: list[ProvinceTexts] = field(default_factory=list)
    # {province code: {column key: n or Σ weight}} for mean and weighted-mean columns: what each
    # province's value weighs in the total (filled on request, for the Excel formulas).
    bases: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    weighted_bases: set[str] = field(default_factory=set)  # column keys whose base is Σ weight
    # The nation's documents chart the 18 regions: 77 province bars on one A4 page cannot be read.
    by_region: Breakdown | None = None

    @property
    def number(self) -> int:
        return self.item.number


@dataclass
class ProvinceRound:
    province: OrgUnit
    round: Round | None


@dataclass
class ConsolidatedReport:
    unit: OrgUnit  # the region or the ministry
    level: str  # "region" | "nation"
    slot: Slot
    provinces: list[ProvinceRound]
    items: list[ConsolidatedItem]
    single_item: bool = False

    @property
    def policies(self) -> list[tuple[str, list[ConsolidatedItem]]]:
        return group_by_policy(self.items)

    @property
    def reported_count(self) -> int:
        return sum(1 for p in self.provinces if p.round is not None)


def consolidated_report(
    *,
    user,
    unit: OrgUnit,
    slot: Slot,
    item_numbers: Iterable[int] | None = None,
    texts: bool | None = None,
    bases: bool = False,
    region_totals: bool = False,
) -> ConsolidatedReport:
    """Assemble the report of `unit` (a region, or the ministry for the nation) as `user` may see it.
    `texts` forces narratives on or off; by default they are included for a region or a single item.
    `bases` adds what each province weighs in the mean totals (one more query; see `_add_bases`);
    `region_totals` adds, for the nation, each item's breakdown by region (two more queries)."""
    level = "nation" if unit.kind == OrgUnit.Kind.MINISTRY else "region"
    region = unit if level == "region" else None
    provinces = list(provinces_in_scope(user=user, region=region))
    items = reference_items(template=reference_template(), numbers=item_numbers)
    render_items(items, slot.fiscal_year_be)  # year-relative labels as the slot's year reads them
    numbers = [it.number for it in items]
    single = item_numbers is not None and len(numbers) == 1
    if texts is None:
        texts = single or len(provinces) <= TEXTS_INLINE_MAX_PROVINCES

    rounds = {
        r.office.parent_id: r
        for r in Round.objects.filter(
            fiscal_year_be=slot.fiscal_year_be, number=slot.number, office__parent__in=provinces
        ).select_related("office")
    }
    subs = submissions_for_slot(user=user, filters=Filters(region=region), slot=slot, item_numbers=numbers)
    tables = breakdowns(submissions=subs, items=items, level="province", units=provinces)

    blocks = [ConsolidatedItem(item=it, breakdown=tables.get(it.number), with_texts=texts) for it in items]
    if texts:
        _add_texts(blocks, subs, provinces)
    if bases:
        _add_bases(blocks, subs, provinces)
    if region_totals and level == "nation":
        by_region = breakdowns(
            submissions=subs, items=items, level="region", units=list(regions_in_scope(user=user))
        )
        for block in blocks:
            block.by_region = by_region.get(block.number)
    return ConsolidatedReport(
        unit=unit,
        level=level,
        slot=slot,
        provinces=[ProvinceRound(p, rounds.get(p.pk)) for p in provinces],
        items=blocks,
        single_item=single,
    )


def _add_texts(blocks: list[ConsolidatedItem], subs, provinces: list[OrgUnit]) -> None:
    """Narratives, problems and X.3–X.5 of every counted submission, grouped by province then agency
    (agencies in the order of their province's round). Matched to sub-topics by number."""
    rows = list(
        subs.select_related("agency", "item", "round__office")
        .prefetch_related(
            Prefetch("narratives", queryset=NarrativeEntry.objects.select_related("subtopic")),
            Prefetch("problems", queryset=ProblemRow.objects.order_by("order")),
        )
        .order_by()
    )
    round_ids = {s.round_id for s in rows}
    participants = {
        (p.round_id, p.agency_id): (p.order, p.label)
        for p in RoundParticipant.objects.filter(round_id__in=round_ids)
    }
    # Keyed by int | None: a round's office always has a province parent, but the column is nullable.
    province_order: dict[int | None, int] = {p.pk: i for i, p in enumerate(provinces)}
    provinces_by_id: dict[int | None, OrgUnit] = {p.pk: p for p in provinces}

    def sort_key(s: Submission) -> tuple:
        order, _label = participants.get((s.round_id, s.agency_id), (999, ""))
        return (province_order.get(s.round.office.parent_id, 999), order, s.agency_id)

    by_item: dict[int, list[Submission]] = defaultdict(list)
    for s in sorted(rows, key=sort_key):
        by_item[s.item.number].append(s)

    def label(s: Submission) -> str:
        return participants.get((s.round_id, s.agency_id), (0, ""))[1] or str(s.agency)

    def grouped(
        pairs: Iterable[tuple[Submission, Any]],
    ) -> list[tuple[OrgUnit, list[tuple[Submission, Any]]]]:
        out: list[tuple[OrgUnit, list]] = []
        for s, value in pairs:
            province = provinces_by_id.get(s.round.office.parent_id)
            if province is None:
                continue
            if not out or out[-1][0].pk != province.pk:
                out.append((province, []))
            out[-1][1].append((s, value))
        return out

    def texts_of(subs_: list[Submission], pick) -> list[ProvinceTexts]:
        pairs = [(s, t) for s in subs_ for t in pick(s) if t]
        return [
            ProvinceTexts(province, [AgencyText(s.agency, label(s), t) for s, t in group])
            for province, group in grouped(pairs)
        ]

    for block in blocks:
        subs_ = by_item.get(block.number, [])
        general = texts_of(subs_, lambda s: [n.text for n in s.narratives.all() if n.subtopic_id is None])
        if general:
            block.subtopics.append(ConsolidatedSubtopic(number=None, title="", provinces=general))
        for st in block.item.subtopics.all():
            entries = texts_of(
                subs_,
                lambda s, n=st.number: [
                    x.text for x in s.narratives.all() if x.subtopic_id and x.subtopic.number == n
                ],
            )
            block.subtopics.append(ConsolidatedSubtopic(number=st.number, title=st.title, provinces=entries))
        block.problems = [
            ProvinceProblems(province, [ProblemGroup(s.agency, label(s), rows_) for s, rows_ in group])
            for province, group in grouped((s, list(s.problems.all())) for s in subs_ if s.problems.all())
        ]
        block.success_factors = texts_of(subs_, lambda s: [s.success_factors])
        block.recommendations = texts_of(subs_, lambda s: [s.recommendations])
        block.best_practices = texts_of(subs_, lambda s: [s.best_practices])


def _add_bases(blocks: list[ConsolidatedItem], subs, provinces: list[OrgUnit]) -> None:
    """What each province's value of a mean or weighted-mean column weighs in the scope's total, so that
    total = Σ(value × base) / Σ(base) over the province rows (the Excel total row is that formula).

    The total is over agency rows, not over provinces (see rollup.py): for a mean the base is the number
    of agency rows with a value; for a weighted mean it is Σ(weight) of those rows, or the number of rows
    when no row of the whole scope has a weight (the roll-up then falls back to the plain mean)."""
    items = [b.item for b in blocks if b.breakdown is not None]
    averaged = {
        b.number: [
            c
            for c in b.breakdown.columns
            if c.aggregation in (Column.Aggregation.MEAN, Column.Aggregation.WEIGHTED_MEAN)
        ]
        for b in blocks
        if b.breakdown is not None
    }
    if not any(averaged.values()):
        return
    codes = {p.pk: p.code for p in provinces}
    found: dict[tuple[str, str], dict[str, tuple[int, Decimal]]] = defaultdict(dict)
    for row in aggregate_rows(submissions=subs, items=items, by=["province"]):
        code = codes.get(row["g_province"])
        if code is not None:
            found[(row["item_lineage"], row["column_lineage"])][code] = (
                row["n"],
                Decimal(row["weight_base"] or 0),
            )
    for block in blocks:
        for column in averaged.get(block.number, []):
            per_province = found.get((block.item.lineage, column.lineage), {})
            weighted = column.aggregation == Column.Aggregation.WEIGHTED_MEAN and sum(
                (w for _n, w in per_province.values()), Decimal(0)
            ) != Decimal(0)
            if weighted:
                block.weighted_bases.add(column.key)
            for code in codes.values():
                n, weight = per_province.get(code, (0, Decimal(0)))
                block.bases.setdefault(code, {})[column.key] = weight if weighted else Decimal(n)


# --- JSON -----------------------------------------------------------------------------------------


def _values(columns, values) -> dict[str, Any]:
    return {c.key: to_json_number(values.get(c.key)) for c in columns}


def _texts(groups: list[ProvinceTexts]) -> list[dict[str, Any]]:
    return [
        {"province": g.province.code, "agency": e.agency.code, "label": e.label, "text": e.text}
        for g in groups
        for e in g.entries
    ]


def consolidated_to_dict(report: ConsolidatedReport) -> dict[str, Any]:
    """The consolidated report as JSON data: per item the per-province table, the total and the texts."""
    items = []
    for block in report.items:
        entry: dict[str, Any] = {
            "number": block.number,
            "title": block.item.title,
            "policy": block.item.policy.title,
        }
        if block.breakdown is not None:
            b = block.breakdown
            entry["columns"] = [
                {"key": c.key, "label": c.label, "unit": c.unit, "aggregation": c.aggregation}
                for c in b.columns
            ]
            entry["provinces"] = [
                {"province": r.code, "name": r.label, "values": _values(b.columns, r.values)} for r in b.rows
            ]
            entry["total"] = _values(b.columns, b.total)
        if block.with_texts:
            entry["subtopics"] = [
                {"number": st.number, "title": st.title, "entries": _texts(st.provinces)}
                for st in block.subtopics
            ]
            entry["problems"] = [
                {
                    "province": pp.province.code,
                    "agency": g.agency.code,
                    "label": g.label,
                    "rows": [
                        {"problem": r.problem, "solution": r.solution, "expected_result": r.expected_result}
                        for r in g.rows
                    ],
                }
                for pp in block.problems
                for g in pp.groups
            ]
            entry["success_factors"] = _texts(block.success_factors)
            entry["recommendations"] = _texts(block.recommendations)
            entry["best_practices"] = _texts(block.best_practices)
        items.append(entry)
    return {
        "schema": "tidtam.consolidated/1",
        "level": report.level,
        "unit": {"code": report.unit.code, "name": report.unit.name},
        "fiscal_year_be": report.slot.fiscal_year_be,
        "round": report.slot.number,
        "provinces": [
            {
                "code": p.province.code,
                "name": p.province.name,
                "round": p.round.key if p.round else None,
                "origin": p.round.origin if p.round else None,
            }
            for p in report.provinces
        ],
        "items": items,
    }
