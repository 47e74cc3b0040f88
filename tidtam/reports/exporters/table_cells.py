"""The cells of a results table as printed: each column's decimals, footnotes on their own cell, and
the printed total of a legacy source kept beside the computed one.

The importer reads these cells back (tidtam/ingest/legacy/marks.py holds the marks both sides use).
"""

from decimal import Decimal
from typing import Protocol

from tidtam.formdefs.models import Column
from tidtam.ingest.legacy.marks import printed_total_note, split_column_notes

from ..assembly import Table


class Numbers(Protocol):
    # layout.Numbers (not imported: layout imports this module).
    def digits(self, text: str) -> str: ...

    def value(self, value: Decimal | None) -> str: ...


MEANS = (Column.Aggregation.MEAN, Column.Aggregation.WEIGHTED_MEAN)
FRACTIONAL_TYPES = (Column.ValueType.DECIMAL, Column.ValueType.PERCENT, Column.ValueType.MONEY)


def _places(value: Decimal) -> int:
    exponent = Decimal(value).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def column_places(column: Column, values: list[Decimal | None]) -> int:
    """Decimals of a column: as many as its most precise value; two for any fraction of a decimal,
    percent or money column (105.10 beside 88.92 stays 105.10)."""
    places = max((_places(v) for v in values if v is not None), default=0)
    if places and column.value_type in FRACTIONAL_TYPES:
        places = max(places, 2)
    return places


def total_places(column: Column, places: int) -> int:
    # A mean is printed to two decimals whatever its values.
    return max(places, 2) if column.aggregation in MEANS else places


def fixed(num: Numbers, value: Decimal | float | int | None, places: int) -> str:
    if value is None:
        return num.value(None)
    d = Decimal(str(value)).quantize(Decimal(1).scaleb(-places))
    return num.digits(f"{d:,.{places}f}")


def table_cells(table: Table, num: Numbers) -> tuple[list[list[str]], list[str]]:
    """(rows of value cells, total cells), without the label column."""
    columns = table.columns
    labels = [c.label for c in columns]
    places = [column_places(c, [r.values.get(c.key) for r in table.rows]) for c in columns]
    rows = []
    for row in table.rows:
        cells = [fixed(num, row.values.get(c.key), p) for c, p in zip(columns, places, strict=True)]
        if row.note:
            first = next((i for i, c in enumerate(columns) if row.values.get(c.key) is not None), 0)
            for at, note in split_column_notes(row.note, labels):
                at = first if at is None else at
                # The importer reads a note written after the number of a value cell ("493 * note").
                cells[at] = (
                    f"{cells[at]} * {note}" if row.values.get(columns[at].key) is not None else f"* {note}"
                )
        rows.append(cells)
    total = []
    for column, p in zip(columns, places, strict=True):
        tp = total_places(column, p)
        computed = table.total.get(column.key)
        cell = fixed(num, computed, tp)
        printed = table.printed_total.get(column.key)
        if printed is not None:
            shown = fixed(num, printed, max(tp, _places(Decimal(str(printed)))))
            if computed is None or Decimal(str(printed)) != Decimal(computed).quantize(
                Decimal(1).scaleb(-tp)
            ):
                cell = f"{cell} {printed_total_note(shown)}"
        total.append(cell)
    return rows, total
