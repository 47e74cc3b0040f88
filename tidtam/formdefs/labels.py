"""Year-relative labels: a title or column label may name the round's fiscal year.

`{fy}` is the round's fiscal year (Buddhist Era), `{fy-1}` the one before, `{fy+1}` the next. One function,
`render_label`, turns them into text for a round; every place that shows a form's text calls it (through
`render_items` for model instances), so the entry page, the reports, the exports, the fill-in workbook,
the API and the round JSON all say the same thing.

The importer renders the template for the report's own fiscal year and compares the years a header names
with the years the rendered label names (`years_named`): "ปี 2567" in an FY 2568 report is the `{fy-1}`
column, and a header naming a year no column names is an anomaly, never mapped by likeness of text.
A label written with a literal year ("ปี 2566") means that year, whatever the round.
"""

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import prefetch_related_objects

from tidtam.common.thai import parse_number

PLACEHOLDER = re.compile(r"\{\s*fy\s*(?:([+-])\s*(\d{1,2}))?\s*\}")
# A Buddhist-Era year written in a label: 2500–2699, in Arabic or Thai digits, not inside a longer number.
YEAR = re.compile(r"(?<![0-9๐-๙])(2[56][0-9๐-๙]{2}|๒[๕๖][0-9๐-๙]{2})(?![0-9๐-๙])")
# A year written short after the word for year ("ปี 68", "ปีงบประมาณ 68", "พ.ศ. ๖๘"): 2540–2599.
_YEAR_WORD = r"(?:ปีงบประมาณ|ปีงบ\.?|ปีการศึกษา|ปี|พ\.\s*ศ\.?)\s*"
SHORT_YEAR = re.compile(_YEAR_WORD + r"([4-9๔-๙][0-9๐-๙])(?![0-9๐-๙])")
# A year named relative to the document's own ("ปีก่อน", "ปีงบประมาณที่ผ่านมา", "ปีนี้", "ปีหน้า").
RELATIVE_YEAR = re.compile(r"ปี(?:งบประมาณ|งบ)?\s*(ก่อน|ที่แล้ว|ที่ผ่านมา|นี้|ปัจจุบัน|หน้า|ถัดไป)")
RELATIVE_OFFSETS = {"ก่อน": -1, "ที่แล้ว": -1, "ที่ผ่านมา": -1, "นี้": 0, "ปัจจุบัน": 0, "หน้า": 1, "ถัดไป": 1}


def render_label(text: str, fiscal_year_be: int | None) -> str:
    """The text with `{fy}`, `{fy-1}`, `{fy+1}` … replaced by Buddhist-Era years; unchanged without a year."""
    if not text or fiscal_year_be is None or "{" not in text:
        return text

    def year(m: re.Match) -> str:
        offset = int(m.group(2) or 0) * (-1 if m.group(1) == "-" else 1)
        return str(fiscal_year_be + offset)

    return PLACEHOLDER.sub(year, text)


def has_placeholder(text: str) -> bool:
    return bool(PLACEHOLDER.search(text or ""))


def years_named(text: str, *, fiscal_year_be: int | None = None) -> tuple[int, ...]:
    """The Buddhist-Era years a rendered text names, in order of appearance: written in full ("2568",
    "๒๕๖๘"), short after the word for year ("ปี 68"), or, given the document's fiscal year, relative to it
    ("ปีก่อน" is the year before)."""
    text = text or ""
    found: list[tuple[int, int]] = []
    for m in YEAR.finditer(text):
        if (value := parse_number(m.group(1))) is not None:
            found.append((m.start(), int(value)))
    for m in SHORT_YEAR.finditer(text):
        if (value := parse_number(m.group(1))) is not None:
            found.append((m.start(1), 2500 + int(value)))
    if fiscal_year_be is not None:
        found += [
            (m.start(), fiscal_year_be + RELATIVE_OFFSETS[m.group(1)]) for m in RELATIVE_YEAR.finditer(text)
        ]
    return tuple(year for _position, year in sorted(found))


def strip_years(text: str) -> str:
    """The text without its years or placeholders (what stays the same from one year to the next)."""
    text = PLACEHOLDER.sub("", text or "")
    text = RELATIVE_YEAR.sub("ปี", text)
    text = SHORT_YEAR.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)], text)
    return YEAR.sub("", text)


def render_items(items: Iterable[Any], fiscal_year_be: int | None) -> None:
    """Render the texts of loaded Item instances (and their prefetched columns and sub-topics) for a round.

    The instances are changed in memory only, to be shown; they are never saved (the stored version keeps
    its placeholders)."""
    items = list(items)
    if fiscal_year_be is None or not items:
        return
    # Prefetched (once) so that the rendered instances are the ones later reads see.
    prefetch_related_objects(
        [i for i in items if getattr(i, "_rendered_for", None) is None], "columns", "subtopics"
    )
    for item in items:
        if getattr(item, "_rendered_for", None) is not None:
            continue
        item.title = render_label(item.title, fiscal_year_be)
        item.results_heading = render_label(item.results_heading, fiscal_year_be)
        for column in item.columns.all():
            render_column(column, fiscal_year_be)
        for subtopic in item.subtopics.all():
            subtopic.title = render_label(subtopic.title, fiscal_year_be)
        item._rendered_for = fiscal_year_be


def render_column(column: Any, fiscal_year_be: int | None) -> Any:
    column.label = render_label(column.label, fiscal_year_be)
    return column
