"""Text that comes in from people and files, and text that goes out to spreadsheets: the one place
for both rules.

In: invisible control characters (C0 except tab, line feed and carriage return; DEL; lone
surrogates; the XML non-characters U+FFFE/U+FFFF) carry no meaning in a report, break PostgreSQL
(NUL) and make every later XML export fail (XLSX, DOCX). `text_clean` strips them; every way text
enters (web forms, autosave, the fill-in workbook, the API, imports) goes through it.

Out: a spreadsheet application runs a cell that starts with "=" (and, in CSV, "+", "-", "@", a tab
or a carriage return) as a formula. What people wrote is never written as one: XLSX text cells are
typed as strings (`sheet_write`, `sheet_append`), CSV text gets a leading apostrophe (`csv_cell`,
OWASP's advice). XLSX strings need no undoing on the way back in: the cell holds the text exactly.
"""

import re
from collections.abc import Iterable, Sequence
from typing import Any

CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")


def text_clean(value: str) -> str:
    """`value` without control characters (tab and line breaks stay)."""
    return CONTROL_CHARS.sub("", value) if value else value


def has_control_chars(value: str) -> bool:
    return bool(value) and CONTROL_CHARS.search(value) is not None


def texts_clean(data: Any) -> Any:
    """Every string inside nested dicts and lists cleaned (keys too): for a parsed JSON document."""
    if isinstance(data, str):
        return text_clean(data)
    if isinstance(data, dict):
        return {texts_clean(k): texts_clean(v) for k, v in data.items()}
    if isinstance(data, list):
        return [texts_clean(v) for v in data]
    return data


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet application read this text as a formula? (A plain number is not text.)"""
    return text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.match(text)


def csv_cell(value: Any) -> Any:
    """A CSV field that a spreadsheet shows as written: formula-like text behind an apostrophe."""
    if isinstance(value, str):
        value = text_clean(value)
        return "'" + value if is_formula_like(value) else value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


def _sheet_value(value: Any) -> Any:
    return text_clean(value) if isinstance(value, str) else value


def sheet_write(cell: Any, value: Any) -> None:
    """Write a value into an openpyxl cell; a text stays text even when it starts with "="."""
    cell.value = _sheet_value(value)
    if isinstance(value, str):
        cell.data_type = "s"


def sheet_append(ws: Any, values: Sequence[Any]) -> int:
    """Append a row to an openpyxl worksheet, every text typed as a string. Returns the row number.
    Live formulas are written separately, on purpose, with `cell.value = "=..."`."""
    ws.append([_sheet_value(v) for v in values])
    row = ws._current_row
    for col, value in enumerate(values, start=1):
        if isinstance(value, str):
            ws.cell(row, col).data_type = "s"
    return row
