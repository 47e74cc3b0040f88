"""Checking a version's spec (the YAML shape, docs/form-versions.md) before anything is stored.

Every authoring route ends in `spec_problems`, so a YAML file, a workbook and the web pages refuse the same
things, in Thai, and nothing malformed reaches the database (no crash, no value cut to a column's length).
The workbook reader (formdefs.workbook) checks the same limits itself first, to name the sheet, row and cell.
"""

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from tidtam.validation.engine import rules_check

from .models import Column

REQUIRED_FIELDS = ("code", "version", "title", "fiscal_year_be", "round_number", "policies")
# An item's stable code: letters, digits, ".", "_", "-" ("P1.I6"). A column's key is named in rules, so it
# is a name an expression can use: a letter or "_" first, then letters, digits and "_".
ITEM_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
COLUMN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# The lengths the database keeps (formdefs.models).
LIMITS = {
    "code": 64,
    "version": 32,
    "title": 300,
    "item_code": 64,
    "numbering": 16,
    "policy_title": 300,
    "key": 64,
    "label": 300,
    "unit": 32,
}
FISCAL_YEARS = (2500, 2700)
ROUNDS = (1, 12)


def default_item_code(*, policy_order: Any, number: Any) -> str:
    return f"P{policy_order}.I{number}"


def as_int(value: Any) -> int | None:
    """A whole number written as a number or as digits; None otherwise (True/False are not numbers)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def code_problem(code: Any) -> str | None:
    text = "" if code is None else str(code)
    if len(text) > LIMITS["item_code"]:
        return _("รหัสข้อยาวเกิน %(limit)s ตัวอักษร") % {"limit": LIMITS["item_code"]}
    if not ITEM_CODE.match(text):
        return _("รหัสข้อ «%(code)s» ใช้ได้เฉพาะอักษรอังกฤษ ตัวเลข จุด ขีด และขีดล่าง เช่น P1.I6") % {"code": text}
    return None


def key_problem(key: Any) -> str | None:
    text = "" if key is None else str(key)
    if len(text) > LIMITS["key"]:
        return _("รหัสคอลัมน์ยาวเกิน %(limit)s ตัวอักษร") % {"limit": LIMITS["key"]}
    if not COLUMN_KEY.match(text):
        return _(
            "รหัสคอลัมน์ «%(key)s» ต้องขึ้นต้นด้วยอักษรอังกฤษ แล้วตามด้วยอักษรอังกฤษ ตัวเลข หรือขีดล่าง เช่น janitor_hired"
        ) % {"key": text}
    return None


def length_problem(value: Any, limit_name: str) -> str | None:
    limit = LIMITS[limit_name]
    if value is not None and len(str(value)) > limit:
        return _("ยาวเกิน %(limit)s ตัวอักษร (ยาว %(length)s)") % {"limit": limit, "length": len(str(value))}
    return None


def spec_problems(spec: Any) -> list[str]:
    """What is wrong with a spec, in Thai; empty when it can be stored."""
    if not isinstance(spec, Mapping):
        return [_("แบบฟอร์มต้องเป็นข้อมูลแบบคีย์และค่า (mapping)")]
    problems = [_("ขาดข้อมูล %(field)s") % {"field": f} for f in REQUIRED_FIELDS if spec.get(f) in (None, "")]
    if problems:
        return problems
    for field, limit_name in (("code", "code"), ("version", "version"), ("title", "title")):
        if p := length_problem(spec[field], limit_name):
            problems.append(f"{field}: {p}")
    for field, (low, high) in (("fiscal_year_be", FISCAL_YEARS), ("round_number", ROUNDS)):
        value = as_int(spec[field])
        if value is None:
            problems.append(_("%(field)s ต้องเป็นตัวเลข") % {"field": field})
        elif not low <= value <= high:
            problems.append(
                _("%(field)s ต้องอยู่ระหว่าง %(low)s ถึง %(high)s (ได้ %(value)s)")
                % {"field": field, "low": low, "high": high, "value": value}
            )
    policies = spec["policies"]
    if not isinstance(policies, list):
        return [*problems, _("policies ต้องเป็นรายการของนโยบาย")]
    seen: dict[str, set[Any]] = {"orders": set(), "numbers": set(), "codes": set()}
    for index, policy in enumerate(policies, start=1):
        problems += _policy_problems(index, policy, seen)
    return problems


def _policy_problems(index: int, policy: Any, seen: dict[str, set[Any]]) -> list[str]:
    if not isinstance(policy, Mapping):
        return [_("นโยบายที่ %(index)s: ต้องเขียนเป็น {order, title, items}") % {"index": index}]
    problems = []
    order = as_int(policy.get("order"))
    if order is None or order < 1:
        problems.append(_("นโยบายที่ %(index)s: ลำดับ (order) ต้องเป็นจำนวนเต็มบวก") % {"index": index})
    elif order in seen["orders"]:
        problems.append(_("นโยบายลำดับ %(order)s ซ้ำ") % {"order": order})
    seen["orders"].add(order)
    title = policy.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.append(_("นโยบายที่ %(index)s: ไม่มีชื่อนโยบาย") % {"index": index})
    elif p := length_problem(title, "policy_title"):
        problems.append(_("นโยบายที่ %(index)s ชื่อนโยบาย: %(problem)s") % {"index": index, "problem": p})
    items = policy.get("items") or []
    if not isinstance(items, list):
        return [*problems, _("นโยบายที่ %(index)s: items ต้องเป็นรายการของข้อ") % {"index": index}]
    for position, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            problems.append(
                _("นโยบายที่ %(index)s ข้อที่ %(position)s: ต้องเขียนเป็น {number, title, …}")
                % {"index": index, "position": position}
            )
            continue
        problems += _item_problems(policy.get("order"), item, seen)
    return problems


def _item_problems(policy_order: Any, it: Mapping[str, Any], seen: dict[str, set[Any]]) -> list[str]:
    problems = []
    number = as_int(it.get("number"))
    label = str(it.get("number"))
    if number is None or number < 1:
        problems.append(_("ข้อ %(item)s: ลำดับข้อต้องเป็นจำนวนเต็มบวก") % {"item": label})
    elif number in seen["numbers"]:
        problems.append(_("ข้อ %(item)s ซ้ำ") % {"item": label})
    seen["numbers"].add(number)
    code = it.get("code") or default_item_code(policy_order=policy_order, number=it.get("number"))
    if p := code_problem(code):
        problems.append(_("ข้อ %(item)s: %(problem)s") % {"item": label, "problem": p})
    elif str(code) in seen["codes"]:
        problems.append(_("รหัสข้อ %(code)s ซ้ำ") % {"code": code})
    seen["codes"].add(str(code))
    before = it.get("continues_from")
    if before not in (None, "") and (p := code_problem(before)):
        problems.append(_("ข้อ %(item)s continues_from: %(problem)s") % {"item": label, "problem": p})
    if not isinstance(it.get("title"), str) or not it["title"].strip():
        problems.append(_("ข้อ %(item)s: ไม่มีชื่อข้อ") % {"item": label})
    if p := length_problem(it.get("numbering"), "numbering"):
        problems.append(_("ข้อ %(item)s เลขข้อที่แสดง (numbering): %(problem)s") % {"item": label, "problem": p})
    table = it.get("table")
    if table is not None and not (
        isinstance(table, Mapping) and isinstance(table.get("columns") or [], list)
    ):
        return [*problems, _("ข้อ %(item)s: table ต้องมีรายการ columns") % {"item": label}]
    problems += _subtopic_problems(label, it.get("subtopics"))
    problems += rules_check(it)
    problems += _column_problems(label, it)
    return problems


def _subtopic_problems(label: str, subtopics: Any) -> list[str]:
    if subtopics in (None, ""):
        return []
    if not isinstance(subtopics, list):
        return [_("ข้อ %(item)s: subtopics ต้องเป็นรายการ") % {"item": label}]
    problems = []
    numbers: set[int] = set()
    for index, s in enumerate(subtopics, start=1):
        number = as_int(s.get("number")) if isinstance(s, Mapping) else None
        if number is None or number < 1:
            problems.append(
                _("ข้อ %(item)s ประเด็นย่อยที่ %(index)s: ต้องมีลำดับ (number) เป็นจำนวนเต็มบวกและชื่อ (title)")
                % {"item": label, "index": index}
            )
            continue
        if number in numbers:
            problems.append(_("ข้อ %(item)s: ประเด็นย่อยที่ %(number)s ซ้ำ") % {"item": label, "number": number})
        numbers.add(number)
        if not str(s.get("title") or "").strip():
            problems.append(_("ข้อ %(item)s ประเด็นย่อยที่ %(number)s: ไม่มีชื่อ") % {"item": label, "number": number})
    return problems


def _column_problems(number: str, item: Mapping[str, Any]) -> list[str]:
    columns = (item.get("table") or {}).get("columns") or []
    if not all(isinstance(c, Mapping) for c in columns):
        return [_("ข้อ %(item)s: แต่ละคอลัมน์ต้องเขียนเป็น {key, label, …}") % {"item": number}]
    keys = [str(c.get("key") or "") for c in columns]
    problems = []
    seen: set[str] = set()
    for c in columns:
        key = str(c.get("key") or "")
        if not key:
            problems.append(_("ข้อ %(item)s: มีคอลัมน์ที่ไม่มีรหัส (key)") % {"item": number})
            continue
        where = {"item": number, "key": key}
        if p := key_problem(key):
            problems.append(_("ข้อ %(item)s: %(problem)s") % {"item": number, "problem": p})
        if key in seen:
            problems.append(_("ข้อ %(item)s: รหัสคอลัมน์ %(key)s ซ้ำ") % where)
        seen.add(key)
        if not str(c.get("label") or "").strip():
            problems.append(_("ข้อ %(item)s คอลัมน์ %(key)s: ไม่มีชื่อคอลัมน์") % where)
        for field in ("label", "unit"):
            if p := length_problem(c.get(field), field):
                problems.append(
                    _("ข้อ %(item)s คอลัมน์ %(key)s %(field)s: %(problem)s")
                    % {**where, "field": field, "problem": p}
                )
        before = c.get("continues_from")
        if before not in (None, "") and (p := key_problem(before)):
            problems.append(
                _("ข้อ %(item)s คอลัมน์ %(key)s continues_from: %(problem)s") % {**where, "problem": p}
            )
        for field, choices in (
            ("value_type", Column.ValueType.values),
            ("aggregation", Column.Aggregation.values),
        ):
            value = c.get(field)
            if value not in (None, "") and value not in choices:
                problems.append(
                    _("ข้อ %(item)s คอลัมน์ %(key)s: %(field)s ต้องเป็นหนึ่งใน %(allowed)s (ได้ %(value)s)")
                    % {**where, "field": field, "allowed": ", ".join(choices), "value": value}
                )
        weight = str(c.get("weight") or "")
        if c.get("aggregation") == Column.Aggregation.WEIGHTED_MEAN and not weight:
            problems.append(_("ข้อ %(item)s คอลัมน์ %(key)s: ค่าเฉลี่ยถ่วงน้ำหนักต้องระบุคอลัมน์น้ำหนัก (weight)") % where)
        if weight and weight not in keys:
            problems.append(
                _("ข้อ %(item)s คอลัมน์ %(key)s: น้ำหนัก %(weight)s ไม่ใช่คอลัมน์ของข้อนี้") % {**where, "weight": weight}
            )
    return problems
