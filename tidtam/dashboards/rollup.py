"""Roll-up: results tables aggregated up the hierarchy (province → region → nation) in the database.

A "slot" is one round across provinces: the same fiscal year (BE) and round number, whatever the
office. Values are matched across template versions by the series of each item and column (their
`lineage`, which follows stable codes and `continues_from`: FY 2567's item 6 is FY 2568's 1.6, a renamed
column stays the same series), so a series can run over rounds that used different versions of the form.

Every aggregate is computed by one grouped SQL query over the counted submissions joined to their
`TableValue`s and to round → office → province → region; Python only picks, per column, which of the
aggregates it needs:

- ``sum``: the sum of the values;
- ``mean``: the mean of the reporting units' values (every agency row counts once, like DHIS2's
  *average*: a region's mean is not a mean of its provinces' means, which would over-weight small
  provinces);
- ``weighted_mean``: sum(value × weight) / sum(weight), the weight being the column named by
  ``weight_key`` in the same row (falls back to the plain mean when no row has a weight, as
  ``formdefs.aggregation`` does for a single table);
- ``none``: not aggregated.

Each province's round has its own submissions, so an agency that serves two provinces
(สพม.สค. สส.) is counted once per province it reports for, never merged and never lost.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    FilteredRelation,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    When,
)

from tidtam.formdefs.models import Column, FormTemplate, Item, Round
from tidtam.submissions.models import Submission

# Submissions that count in aggregates: accepted or locked, and everything of an imported legacy round
# (imported submissions are locked; the origin test keeps them counted whatever their status).
COUNTED_STATUSES = (Submission.Status.ACCEPTED, Submission.Status.LOCKED)
COUNTED_Q = Q(status__in=COUNTED_STATUSES) | Q(round__origin=Round.Origin.LEGACY)

# Grouping levels, as paths from Submission.
LEVEL_FIELDS: dict[str, str | None] = {
    "nation": None,
    "region": "round__office__parent__parent_id",
    "province": "round__office__parent_id",
    "agency": "agency_id",
    "agency_kind": "agency__agency_kind",
}
LEVELS = tuple(LEVEL_FIELDS)

_DECIMAL = DecimalField(max_digits=38, decimal_places=8)


@dataclass(frozen=True, order=True)
class Slot:
    """One round across provinces: fiscal year (BE) and round number."""

    fiscal_year_be: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.number}/{self.fiscal_year_be}"

    @property
    def code(self) -> str:
        return f"{self.fiscal_year_be}-{self.number}"


def counted(submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    """Only the submissions that count in aggregates."""
    return submissions.filter(COUNTED_Q)


def reference_template() -> FormTemplate | None:
    """The newest template version in use by any round; its items and columns define what the
    dashboards show (older versions are matched to it by item and column series)."""
    return (
        FormTemplate.objects.filter(pk__in=Round.objects.values("template_id"))
        .order_by("-fiscal_year_be", "-round_number", "-id")
        .first()
    ) or FormTemplate.objects.order_by("-fiscal_year_be", "-round_number", "-id").first()


def reference_items(*, template: FormTemplate | None, numbers: Iterable[int] | None = None) -> list[Item]:
    """Items of the template with their columns and sub-topics loaded, in order."""
    if template is None:
        return []
    qs = (
        Item.objects.filter(template=template)
        .select_related("policy")
        .prefetch_related(Prefetch("columns", queryset=Column.objects.order_by("order")), "subtopics")
        .order_by("number")
    )
    if numbers is not None:
        qs = qs.filter(number__in=list(numbers))
    return list(qs)


def _weight_joins(items: Sequence[Item]) -> tuple[dict[str, FilteredRelation], list[tuple[str, str, str]]]:
    """For every weighted-mean column, a LEFT JOIN to the weight column's value in the same submission.

    A join rather than a correlated subquery: PostgreSQL prices a per-row subquery so high that it
    switches on JIT compilation, which alone costs ~100 ms, and a distributed PostgreSQL (Citus)
    runs co-located joins well but correlated subqueries poorly. The weight column is named by key, so
    it is matched across template versions by (item series, column series), like every other column."""
    columns = []
    for item in items:
        by_key = {c.key: c for c in item.columns.all()}
        for column in item.columns.all():
            if column.aggregation == Column.Aggregation.WEIGHTED_MEAN and column.weight_key in by_key:
                columns.append((item.lineage, column.lineage, by_key[column.weight_key].lineage))
    if not columns:
        return {}, []
    # The weight columns' ids in every template version (a handful of rows; one small query).
    ids: dict[tuple[str, str], list[int]] = {}
    by_pair = Q(pk__in=[])
    for lineage, _key, weight in columns:
        by_pair |= Q(item__lineage=lineage, lineage=weight)
    for pk, lineage, weight in Column.objects.filter(by_pair).values_list("pk", "item__lineage", "lineage"):
        ids.setdefault((lineage, weight), []).append(pk)
    joins: dict[str, FilteredRelation] = {}
    weighted: list[tuple[str, str, str]] = []
    aliases: dict[tuple[str, str], str] = {}
    for lineage, key, weight in columns:
        alias = aliases.setdefault((lineage, weight), f"w_{len(aliases)}")
        if alias not in joins:
            joins[alias] = FilteredRelation(
                "values", condition=Q(values__column_id__in=ids.get((lineage, weight), []))
            )
        weighted.append((lineage, key, alias))
    return joins, weighted


def aggregate_rows(
    *,
    submissions: QuerySet[Submission],
    items: Sequence[Item],
    by: Sequence[str] = (),
    per_slot: bool = False,
) -> list[dict[str, Any]]:
    """One grouped query: per group (levels in `by`, the slot when `per_slot`), item number and column key,
    the sum, count, weighted sum and weight base of the values. `submissions` must already be scoped
    and limited to those that count (see `counted`).

    The query starts from the submissions and joins their values, so that the scope's filters (a region,
    a round) sit in the same query as the join and the planner narrows the submissions first."""
    # item_id IN (items of these series, in every template version) rather than a join on the series:
    # the planner then reads the matching submissions through the item_id index instead of scanning all.
    qs = submissions.filter(
        item__in=Item.objects.filter(lineage__in=[it.lineage for it in items]).values("pk")
    )
    joins, weighted = _weight_joins(items)
    if joins:
        qs = qs.annotate(**joins)
    group: dict[str, F] = {"item_lineage": F("item__lineage"), "column_lineage": F("values__column__lineage")}
    for level in by:
        path = LEVEL_FIELDS[level]
        if path:
            group[f"g_{level}"] = F(path)  # prefixed: "agency" would clash with the model's field
    if per_slot:
        group["fy"] = F("round__fiscal_year_be")
        group["rn"] = F("round__number")

    def when(lineage: str, column: str, then, *, present: bool = False) -> When:
        q = Q(item__lineage=lineage, values__column__lineage=column)
        if present:
            q &= Q(values__value__isnull=False)
        return When(q, then=then)

    aggregates: dict[str, Any] = {"total": Sum("values__value"), "n": Count("values__value")}
    if weighted:
        aggregates["weighted"] = Sum(
            Case(
                *(when(n, k, F("values__value") * F(f"{alias}__value")) for n, k, alias in weighted),
                output_field=_DECIMAL,
            )
        )
        aggregates["weight_base"] = Sum(
            Case(
                *(when(n, k, F(f"{alias}__value"), present=True) for n, k, alias in weighted),
                output_field=_DECIMAL,
            )
        )
    # The plugin cannot see the keys of values(**group); the rows are plain dicts keyed as in `group`.
    rows: Iterable[Mapping[str, Any]] = qs.values(**group).annotate(**aggregates).order_by()
    # A submission without table values (an item reported in words only) joins to no column.
    return [
        {"weighted": None, "weight_base": None, **row} for row in rows if row["column_lineage"] is not None
    ]


def column_value(column: Column, row: dict[str, Any] | None) -> Decimal | None:
    """The aggregate of one column in one group, by the column's aggregation."""
    if row is None or column.aggregation == Column.Aggregation.NONE or not row["n"]:
        return None
    total = Decimal(row["total"])
    if column.aggregation == Column.Aggregation.SUM:
        return total
    mean = total / row["n"]
    if column.aggregation == Column.Aggregation.WEIGHTED_MEAN:
        base = row["weight_base"]
        if base is not None and Decimal(base) != 0 and row["weighted"] is not None:
            return Decimal(row["weighted"]) / Decimal(base)
    return mean


@dataclass
class Rollup:
    """Aggregated values: {group key: {column key: value}} for one item. A group key is a tuple of the
    levels' values (and the slot last, when per slot); () is the whole scope."""

    item: Item
    columns: list[Column]
    values: dict[tuple, dict[str, Decimal | None]] = field(default_factory=dict)

    def get(self, key: tuple) -> dict[str, Decimal | None]:
        return self.values.get(key) or dict.fromkeys((c.key for c in self.columns))


def rollup(
    *,
    submissions: QuerySet[Submission],
    items: Sequence[Item],
    by: Sequence[str] = (),
    per_slot: bool = False,
) -> dict[int, Rollup]:
    """Roll up the items' tables: {item number: Rollup}. One grouped query for all items (plus one small
    lookup of the weight columns when an item has a weighted mean)."""
    for level in by:
        if level not in LEVEL_FIELDS:
            raise ValueError(f"unknown level {level!r}")
    with_table = [it for it in items if list(it.columns.all())]
    result = {it.number: Rollup(item=it, columns=list(it.columns.all())) for it in with_table}
    if not with_table:
        return result
    rows = aggregate_rows(submissions=submissions, items=with_table, by=by, per_slot=per_slot)
    numbers = {it.lineage: it.number for it in with_table}
    grouped: dict[tuple[int, tuple], dict[str, dict[str, Any]]] = {}
    keys = [level for level in by if LEVEL_FIELDS[level]]
    for row in rows:
        key = tuple(row[f"g_{level}"] for level in keys)
        if per_slot:
            key = (*key, Slot(row["fy"], row["rn"]))
        grouped.setdefault((numbers[row["item_lineage"]], key), {})[row["column_lineage"]] = row
    for (number, key), by_column in grouped.items():
        target = result[number]
        target.values[key] = {c.key: column_value(c, by_column.get(c.lineage)) for c in target.columns}
    return result
