"""Totals of a results table, computed from its rows by each column's aggregation. Never typed in."""

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from .models import Column

Number = Decimal


def aggregate(
    aggregation: str, values: Iterable[Decimal | None], weights: Iterable[Decimal | None] | None = None
) -> Decimal | None:
    """Aggregate one column. Empty cells are skipped; a column with no value has no total."""
    vals = list(values)
    if aggregation == Column.Aggregation.NONE:
        return None
    present = [v for v in vals if v is not None]
    if not present:
        return None
    if aggregation == Column.Aggregation.SUM:
        return sum(present, Decimal(0))
    if aggregation == Column.Aggregation.MEAN:
        return sum(present, Decimal(0)) / len(present)
    if aggregation == Column.Aggregation.WEIGHTED_MEAN:
        pairs = [(v, w) for v, w in zip(vals, weights or [], strict=False) if v is not None and w is not None]
        total_weight = sum((w for _, w in pairs), Decimal(0))
        if not pairs or total_weight == 0:
            return sum(present, Decimal(0)) / len(present)
        return sum((v * w for v, w in pairs), Decimal(0)) / total_weight
    raise ValueError(f"unknown aggregation {aggregation!r}")


def compute_totals(
    columns: Iterable[Column], rows: Iterable[Mapping[str, Decimal | None]]
) -> dict[str, Decimal | None]:
    """Total row of a table: {column key: total}. `rows` map column keys to values."""
    cols = list(columns)
    row_list = list(rows)
    totals: dict[str, Decimal | None] = {}
    for col in cols:
        weights = [r.get(col.weight_key) for r in row_list] if col.weight_key else None
        totals[col.key] = aggregate(col.aggregation, (r.get(col.key) for r in row_list), weights)
    return totals


def to_json_number(value: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number: integral values become ints."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(round(value, 4))


def as_decimal(value: object) -> Decimal | None:
    """A stored or printed number as a Decimal; None for anything that is not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
