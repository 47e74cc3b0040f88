"""What a report writes into its results tables so that the importer can read it back exactly.

One place for both sides: the exporters (tidtam/reports/exporters/table_cells.py) write these marks and
the importer (results.py) reads them, so a document we export and import again keeps its printed
totals and the cell each footnote belongs to.

- A footnote belongs to one cell. The row's note keeps that as "column label: note", one per cell,
  joined with " / ", so the note stays readable on screen and finds its cell again when printed.
- A total printed in a legacy source that differs from the computed total is kept for comparison:
  the total cell shows the computed total followed by "* ยอดรวมในต้นฉบับ: X".
"""

import re
from decimal import Decimal

from tidtam.common.thai import parse_number

PRINTED_TOTAL = "ยอดรวมในต้นฉบับ"
# The author our exports name in their document properties: a document by this author follows our own
# layout, where the provincial office's own text comes first without a "หน่วยงาน" heading (by design,
# so nothing to warn about) and the office's own table row is labelled "ศธจ.…".
OWN_AUTHOR = "Tidtam"
OFFICE_LABEL_PREFIX = "ศธจ."
NOTE_SEPARATOR = " / "
_PRINTED_TOTAL = re.compile(rf"\*\s*{PRINTED_TOTAL}\s*:?\s*([+-]?[0-9๐-๙][0-9๐-๙,]*(?:\.[0-9๐-๙]+)?)")


def printed_total_note(printed: str) -> str:
    return f"* {PRINTED_TOTAL}: {printed}"


def read_printed_total(cell: str) -> Decimal | None:
    """The printed total marked in a total cell, or None when the cell carries no mark."""
    m = _PRINTED_TOTAL.search(cell)
    return parse_number(m.group(1)) if m else None


def column_note(label: str, note: str) -> str:
    return f"{label}: {note}" if label else note


def split_column_notes(note: str, labels: list[str]) -> list[tuple[int | None, str]]:
    """A row's note as (column index or None, text) per cell note; None: not tied to a column."""
    parts: list[tuple[int | None, str]] = []
    for line in note.splitlines():
        for part in line.split(NOTE_SEPARATOR):
            part = part.strip()
            if not part:
                continue
            # The longest matching label wins (one label may start another).
            best = max(
                (i for i, label in enumerate(labels) if label and part.startswith(f"{label}:")),
                key=lambda i: len(labels[i]),
                default=None,
            )
            if best is None:
                parts.append((None, part))
            else:
                parts.append((best, part[len(labels[best]) + 1 :].strip()))
    return parts
