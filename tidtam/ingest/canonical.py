"""A round as the import writes it (the canonical `tidtam.round/1` shape, docs/round-export), checked
before anything is written: a JSON file from outside, and the legacy parser's output alike.

Every field the builder reads is checked for presence, type and range, and every problem is named in
Thai with where it is (`items[2].problems[0].agency`), so a damaged or hand-edited file is refused
with a message instead of a traceback halfway through a transaction. Strings lose their control
characters first (`text_clean`), as everywhere text enters.
"""

import datetime as dt
import json
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from tidtam.common.textsafety import texts_clean

from .legacy.agencies import OFFICE_KIND

SCHEMA = "tidtam.round/1"
YEAR_MIN, YEAR_MAX = 2500, 2700
ROUND_MAX = 12
ITEM_MAX = 99
MAX_JSON_BYTES = 50 * 1024 * 1024
MAX_INTEGER_DIGITS = 16  # TableValue: 20 digits, 4 of them decimals
PROVINCE_CODE = re.compile(r"^TH-\d{2}$")
MAX_PROBLEMS_SHOWN = 8


class RoundInvalid(Exception):
    """The round cannot be imported (message in Thai, naming each problem)."""


def header_problem(fiscal_year_be: Any, round_number: Any) -> str | None:
    """Thai reason the header's fiscal year or round number cannot be a real round, or None."""
    if not _is_int(fiscal_year_be) or not YEAR_MIN <= int(fiscal_year_be) <= YEAR_MAX:
        return f"ปีงบประมาณ พ.ศ. {fiscal_year_be} อยู่นอกช่วงที่ระบบรับ (พ.ศ. {YEAR_MIN}–{YEAR_MAX})"
    if not _is_int(round_number) or not 1 <= int(round_number) <= ROUND_MAX:
        return f"รอบที่ {round_number} ไม่ถูกต้อง (ต้องเป็น 1–{ROUND_MAX})"
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def canonical_load(raw: bytes) -> dict[str, Any]:
    """The round in a JSON file, checked (RoundInvalid with Thai reasons)."""
    if len(raw) > MAX_JSON_BYTES:
        raise RoundInvalid("ไฟล์ JSON ใหญ่เกิน 50 MB")
    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise RoundInvalid(f"ไฟล์ JSON ไม่ถูกต้อง: {str(exc)[:200]}") from exc
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise RoundInvalid(f"ไฟล์ JSON ไม่ใช่รูปแบบ {SCHEMA}")
    return canonical_check(data)


def _is_date(value: Any) -> bool:
    try:
        return isinstance(value, str) and dt.date.fromisoformat(value).year > 1900
    except ValueError:
        return False


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} ไม่ใช่ตัวเลขที่ใช้ได้")


def canonical_check(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with control characters stripped, or RoundInvalid listing what is wrong."""
    data = texts_clean(data)
    problems = _Checker().round(data)
    if problems:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        raise RoundInvalid(
            "ข้อมูลรอบไม่ครบหรือไม่ถูกต้อง: " + "; ".join(shown) + (f"; และอีก {more} รายการ" if more else "")
        )
    return data


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def bad(self, where: str, what: str) -> None:
        self.problems.append(f"{where} {what}")

    def text(
        self,
        obj: dict,
        key: str,
        where: str,
        *,
        required: bool = False,
        filled: bool = False,
        max_length: int = 0,
    ) -> None:
        """A text field: `required` present, `filled` present and not blank."""
        value = obj.get(key)
        if value is None and not (required or filled):
            return
        if not isinstance(value, str) or (filled and not value.strip()):
            self.bad(f"{where}.{key}", "ต้องเป็นข้อความ" + (" (ห้ามว่าง)" if filled else ""))
        elif max_length and len(value) > max_length:
            self.bad(f"{where}.{key}", f"ยาวเกิน {max_length} ตัวอักษร")

    def integer(self, obj: dict, key: str, where: str, low: int, high: int) -> int | None:
        value = obj.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        self.bad(f"{where}.{key}", f"ต้องเป็นจำนวนเต็ม {low}–{high} (พบ {str(value)[:20]})")
        return None

    def entries(self, obj: dict, key: str, where: str, fields: tuple[str, ...] = ("text",)) -> list[dict]:
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.bad(f"{where}.{key}", "ต้องเป็นรายการ")
            return []
        out = []
        for i, entry in enumerate(value):
            here = f"{where}.{key}[{i}]"
            if not isinstance(entry, dict):
                self.bad(here, "ต้องเป็นออบเจกต์")
                continue
            self.agency(entry, here)
            for name in fields:
                self.text(entry, name, here, required=name == "text")
            out.append(entry)
        return out

    def agency(self, entry: dict, where: str) -> None:
        label = entry.get("agency")
        if not isinstance(label, str) or label not in self.labels:
            self.bad(f"{where}.agency", f"ไม่ตรงกับชื่อย่อหน่วยงานใน agencies (พบ {str(label)[:40]})")

    def number(self, value: Any, where: str) -> None:
        if value is None or value == "":
            return
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            self.bad(where, "ต้องเป็นตัวเลข")
            return
        if isinstance(value, float) and not math.isfinite(value):
            self.bad(where, "ต้องเป็นตัวเลขจำกัด")
            return
        try:
            d = Decimal(str(value))
        except InvalidOperation:
            self.bad(where, f"ต้องเป็นตัวเลข (พบ {str(value)[:20]})")
            return
        if not d.is_finite() or d.adjusted() >= MAX_INTEGER_DIGITS:
            self.bad(where, f"ใหญ่เกินกว่าที่ระบบเก็บได้ (พบ {str(value)[:20]})")

    # -- the document ----------------------------------------------------------------------------
    def round(self, data: dict) -> list[str]:
        office = data.get("office")
        if not isinstance(office, dict) or not isinstance(office.get("code"), str):
            self.bad("office.code", "ต้องเป็นรหัสจังหวัด เช่น TH-74")
        elif not PROVINCE_CODE.match(office["code"]):
            self.bad("office.code", f"ต้องเป็นรหัสจังหวัด เช่น TH-74 (พบ {office['code'][:20]})")
        header = header_problem(data.get("fiscal_year_be"), data.get("round"))
        if header:
            self.problems.append(header)
        as_of = data.get("data_as_of")
        if as_of not in (None, "") and not _is_date(as_of):
            self.bad("data_as_of", f"ต้องเป็นวันที่แบบ YYYY-MM-DD (พบ {str(as_of)[:20]})")
        template = data.get("template")
        if template is not None and not isinstance(template, dict):
            self.bad("template", "ต้องเป็นออบเจกต์")
        elif template:
            self.text(template, "code", "template", max_length=64)
            self.text(template, "version", "template", max_length=32)
        self.labels = self.agencies(data)
        items = data.get("items")
        if items is not None and not isinstance(items, list):
            self.bad("items", "ต้องเป็นรายการ")
            items = []
        numbers: set[int] = set()
        for i, item in enumerate(items or []):
            where = f"items[{i}]"
            if not isinstance(item, dict):
                self.bad(where, "ต้องเป็นออบเจกต์")
                continue
            number = self.integer(item, "number", where, 1, ITEM_MAX)
            if number is not None and number in numbers:
                self.bad(f"{where}.number", f"ข้อ {number} ซ้ำ")
            numbers.add(number or 0)
            self.item(item, where)
        return self.problems

    def agencies(self, data: dict) -> set[str]:
        value = data.get("agencies")
        if value is None:
            return set()
        if not isinstance(value, list):
            self.bad("agencies", "ต้องเป็นรายการ")
            return set()
        labels: set[str] = set()
        for i, entry in enumerate(value):
            where = f"agencies[{i}]"
            if not isinstance(entry, dict):
                self.bad(where, "ต้องเป็นออบเจกต์")
                continue
            self.text(entry, "abbreviation", where, filled=True, max_length=100)
            self.text(entry, "name", where, filled=True, max_length=300)
            if entry.get("kind") != OFFICE_KIND:  # the office itself: not stored as an agency kind
                self.text(entry, "kind", where, max_length=16)
            self.text(entry, "district", where, max_length=30)
            self.text(entry, "code", where, max_length=64)
            label = entry.get("abbreviation")
            if isinstance(label, str):
                if label in labels:
                    self.bad(f"{where}.abbreviation", f"ชื่อย่อ {label} ซ้ำ")
                labels.add(label)
        return labels

    def item(self, item: dict, where: str) -> None:
        table = item.get("results_table")
        if table is not None:
            if not isinstance(table, dict):
                self.bad(f"{where}.results_table", "ต้องเป็นออบเจกต์หรือ null")
            else:
                self.table(table, f"{where}.results_table")
        footnotes = item.get("footnotes")
        if footnotes is not None and not isinstance(footnotes, str):
            self.bad(f"{where}.footnotes", "ต้องเป็นข้อความ")
        self.entries(item, "narratives", where)
        subtopics = item.get("subtopics")
        if subtopics is not None and not isinstance(subtopics, list):
            self.bad(f"{where}.subtopics", "ต้องเป็นรายการ")
            subtopics = []
        for j, st in enumerate(subtopics or []):
            here = f"{where}.subtopics[{j}]"
            if not isinstance(st, dict):
                self.bad(here, "ต้องเป็นออบเจกต์")
                continue
            self.integer(st, "number", here, 1, 99)
            self.text(st, "title", here)
            self.entries(st, "entries", here)
        self.entries(item, "problems", where, ("problem", "solution", "expected_result"))
        for name in ("success_factors", "recommendations", "best_practices"):
            self.entries(item, name, where)

    def table(self, table: dict, where: str) -> None:
        rows = table.get("rows")
        if rows is not None and not isinstance(rows, list):
            self.bad(f"{where}.rows", "ต้องเป็นรายการ")
            rows = []
        for k, row in enumerate(rows or []):
            here = f"{where}.rows[{k}]"
            if not isinstance(row, dict):
                self.bad(here, "ต้องเป็นออบเจกต์")
                continue
            self.agency(row, here)
            self.text(row, "notes", here)
            values = row.get("values")
            if values is not None and not isinstance(values, dict):
                self.bad(f"{here}.values", "ต้องเป็นออบเจกต์")
                values = {}
            for key, value in (values or {}).items():
                self.number(value, f"{here}.values.{key}")
        for name in ("printed_total", "total"):
            total = table.get(name)
            if total is not None and not isinstance(total, dict):
                self.bad(f"{where}.{name}", "ต้องเป็นออบเจกต์")
        self.text(table, "total_label", where, max_length=100)
