"""Reading a form version's workbook (formdefs.workbook) back into a spec, every problem in Thai with its sheet,
row and cell, so an administrator can fix the workbook in Excel and upload it again. Nothing is stored here:
the spec then goes to formdefs.versions like a YAML file.

Reading rules: an item's `continues_from` cell left empty starts a fresh series (the export always writes
it); rows are kept in their order (a column's order is its row order within the item); the columns of a
sheet are found by their header, in any order.
"""

import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tidtam.validation.engine.expressions import RuleSyntaxError, compile_rule

from .models import Column
from .speccheck import as_int, code_problem, key_problem, length_problem, spec_problems
from .versions import continuity_problems
from .workbook import SETTINGS, SHEETS, WorkbookInvalid

TRUE_WORDS = {"true", "yes", "1", "ใช่", "y"}
FALSE_WORDS = {"false", "no", "0", "ไม่ใช่", "n", ""}


class _Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.headers: dict[str, list[str]] = {}

    def problem(self, sheet: str, row: int, column: str | None, message: str) -> None:
        if column is None:
            self.problems.append(
                _("แผ่นงาน %(sheet)s แถว %(row)s: %(message)s")
                % {"sheet": sheet, "row": row, "message": message}
            )
            return
        header = self.headers.get(sheet) or []
        # The cell where the column really is (its header may have been moved in Excel).
        position = header.index(column) if column in header else SHEETS[sheet].index(column)
        letter = get_column_letter(position + 1)
        self.problems.append(
            _("แผ่นงาน %(sheet)s แถว %(row)s ช่อง %(cell)s (%(column)s): %(message)s")
            % {"sheet": sheet, "row": row, "cell": f"{letter}{row}", "column": column, "message": message}
        )

    def rows(self, wb: Any, name: str) -> list[tuple[int, dict[str, Any]]]:
        if name not in wb.sheetnames:
            self.problems.append(_("ไม่พบแผ่นงาน %(sheet)s") % {"sheet": name})
            return []
        ws = wb[name]
        header = [str(v or "").strip() for v in next(ws.iter_rows(max_row=1, values_only=True), ())]
        self.headers[name] = header
        missing = [c for c in SHEETS[name] if c not in header and c not in ("continues_from", "column")]
        if missing:
            self.problems.append(
                _("แผ่นงาน %(sheet)s แถว 1: ไม่มีหัวคอลัมน์ %(columns)s")
                % {"sheet": name, "columns": ", ".join(missing)}
            )
            return []
        out = []
        for index, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
            row = {h: _clean(v) for h, v in zip(header, values, strict=False) if h}
            if any(v not in (None, "") for v in row.values()):
                out.append((index, row))
        return out

    def integer(self, sheet: str, row: int, column: str, value: Any) -> int | None:
        number = as_int(value)
        if number is None:
            shown = "" if isinstance(value, bool) else value or ""
            self.problem(sheet, row, column, _("ต้องเป็นจำนวนเต็ม (ได้ «%(value)s»)") % {"value": shown})
        return number


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def workbook_to_spec(content: bytes) -> dict[str, Any]:
    """The spec a workbook describes. Raises WorkbookInvalid with every problem found."""
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise WorkbookInvalid(
            [_("เปิดไฟล์ Excel ไม่ได้ (%(reason)s)") % {"reason": exc.__class__.__name__}]
        ) from exc
    r = _Reader()
    sheets = {name: r.rows(wb, name) for name in SHEETS}
    spec: dict[str, Any] = {}
    for row_no, row in sheets["settings"]:
        key = _text(row.get("key"))
        if key not in SETTINGS:
            r.problem("settings", row_no, "key", _("ไม่รู้จักค่าตั้ง «%(key)s»") % {"key": key})
        elif key in spec:
            r.problem("settings", row_no, "key", _("ค่าตั้ง %(key)s ซ้ำ") % {"key": key})
        else:
            value = row.get("value")
            spec[key] = (
                _text(value) if key not in ("fiscal_year_be", "round_number") or value is None else value
            )
    for key in ("code", "version", "title", "fiscal_year_be", "round_number"):
        if spec.get(key) in (None, ""):
            r.problems.append(_("แผ่นงาน settings: ไม่มีค่าตั้ง %(key)s") % {"key": key})
    for key in ("fiscal_year_be", "round_number"):
        if spec.get(key) not in (None, ""):
            row_no = next((n for n, row in sheets["settings"] if row.get("key") == key), 0)
            spec[key] = r.integer("settings", row_no, "value", spec[key])
    spec["previous_version"] = spec.get("previous_version") or None

    policies: dict[int, dict[str, Any]] = {}
    for row_no, row in sheets["policies"]:
        order = r.integer("policies", row_no, "order", row.get("order"))
        if order is None:
            continue
        if order in policies:
            r.problem("policies", row_no, "order", _("ลำดับนโยบาย %(order)s ซ้ำ") % {"order": order})
            continue
        if not row.get("title"):
            r.problem("policies", row_no, "title", _("ไม่มีชื่อนโยบาย"))
        policies[order] = {"order": order, "title": _text(row.get("title")), "items": []}

    items: dict[str, dict[str, Any]] = {}
    item_rows: dict[str, int] = {}
    column_at: dict[tuple[str, str], int] = {}
    numbers: set[int] = set()
    for row_no, row in sheets["items"]:
        code = _text(row.get("code"))
        number = r.integer("items", row_no, "number", row.get("number"))
        policy = r.integer("items", row_no, "policy", row.get("policy"))
        if not code:
            r.problem("items", row_no, "code", _("ไม่มีรหัสข้อ"))
            continue
        if code in items:
            r.problem("items", row_no, "code", _("รหัสข้อ %(code)s ซ้ำ") % {"code": code})
            continue
        item_rows[code] = row_no
        if p := code_problem(code):
            r.problem("items", row_no, "code", p)
        if p := length_problem(row.get("numbering"), "numbering"):
            r.problem("items", row_no, "numbering", p)
        if row.get("continues_from") and (p := code_problem(row["continues_from"])):
            r.problem("items", row_no, "continues_from", p)
        if number is not None and number in numbers:
            r.problem("items", row_no, "number", _("ข้อ %(number)s ซ้ำ") % {"number": number})
        numbers.add(number or 0)
        if policy is not None and policy not in policies:
            r.problem(
                "items", row_no, "policy", _("ไม่มีนโยบายลำดับ %(order)s ในแผ่นงาน policies") % {"order": policy}
            )
        if not row.get("title"):
            r.problem("items", row_no, "title", _("ไม่มีชื่อข้อ"))
        flag = (
            _text(row.get("additional_policy")).lower()
            if not isinstance(row.get("additional_policy"), bool)
            else None
        )
        if flag is not None and flag not in TRUE_WORDS | FALSE_WORDS:
            r.problem("items", row_no, "additional_policy", _("ต้องเป็น TRUE หรือ FALSE"))
        item: dict[str, Any] = {
            "number": number,
            "code": code,
            "numbering": _text(row.get("numbering")),
            "title": _text(row.get("title")),
            "additional_policy": row.get("additional_policy") is True or flag in TRUE_WORDS,
            "results_heading": _text(row.get("results_heading")),
            "table": None,
            "subtopics": [],
            "rules": [],
            "required": [x.strip() for x in _text(row.get("required")).split(",") if x.strip()] or None,
        }
        if "continues_from" in row:
            item["continues_from"] = _text(row.get("continues_from")) or None
        items[code] = item
        if policy in policies:
            policies[policy]["items"].append(item)

    def owner(sheet: str, row_no: int, row: dict[str, Any]) -> dict[str, Any] | None:
        code = _text(row.get("item"))
        if code not in items:
            r.problem(sheet, row_no, "item", _("ไม่มีข้อรหัส «%(code)s» ในแผ่นงาน items") % {"code": code})
            return None
        return items[code]

    column_rows: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for row_no, row in sheets["columns"]:
        owning = owner("columns", row_no, row)
        if owning is None:
            continue
        item = owning
        column_rows.setdefault(item["code"], []).append((row_no, row))
        key = _text(row.get("key"))
        table = item["table"] = item["table"] or {"columns": []}
        column_at.setdefault((item["code"], key), row_no)
        if not key:
            r.problem("columns", row_no, "key", _("ไม่มีรหัสคอลัมน์"))
        elif p := key_problem(key):
            r.problem("columns", row_no, "key", p)
        elif any(c["key"] == key for c in table["columns"]):
            r.problem(
                "columns",
                row_no,
                "key",
                _("รหัสคอลัมน์ %(key)s ซ้ำในข้อ %(item)s") % {"key": key, "item": item["code"]},
            )
        for field in ("label", "unit"):
            if p := length_problem(row.get(field), field):
                r.problem("columns", row_no, field, p)
        for field in ("weight", "continues_from"):
            if row.get(field) and (p := key_problem(row[field])):
                r.problem("columns", row_no, field, p)
        if not row.get("label"):
            r.problem("columns", row_no, "label", _("ไม่มีชื่อคอลัมน์"))
        for field, choices in (
            ("value_type", Column.ValueType.values),
            ("aggregation", Column.Aggregation.values),
        ):
            if row.get(field) not in (None, *choices):
                r.problem(
                    "columns",
                    row_no,
                    field,
                    _("ต้องเป็นหนึ่งใน %(allowed)s (ได้ «%(value)s»)")
                    % {"allowed": ", ".join(choices), "value": row.get(field)},
                )
        column: dict[str, Any] = {
            "key": key,
            "label": _text(row.get("label")),
            "unit": _text(row.get("unit")),
            "value_type": row.get("value_type") or Column.ValueType.COUNT,
            "aggregation": row.get("aggregation") or Column.Aggregation.SUM,
        }
        if row.get("weight"):
            column["weight"] = _text(row.get("weight"))
        if "continues_from" in row:
            column["continues_from"] = _text(row.get("continues_from")) or None
        table["columns"].append(column)
    for code, rows in column_rows.items():
        item_keys = {c["key"] for c in items[code]["table"]["columns"]}
        for row_no, row in rows:
            weight = _text(row.get("weight"))
            if weight and weight not in item_keys:
                r.problem(
                    "columns",
                    row_no,
                    "weight",
                    _("น้ำหนัก «%(weight)s» ไม่ใช่คอลัมน์ของข้อ %(item)s") % {"weight": weight, "item": code},
                )
            if row.get("aggregation") == Column.Aggregation.WEIGHTED_MEAN and not weight:
                r.problem("columns", row_no, "weight", _("ค่าเฉลี่ยถ่วงน้ำหนักต้องระบุคอลัมน์น้ำหนัก"))

    for row_no, row in sheets["subtopics"]:
        owning = owner("subtopics", row_no, row)
        number = r.integer("subtopics", row_no, "number", row.get("number"))
        if owning is None or number is None:
            continue
        item = owning
        if any(s["number"] == number for s in item["subtopics"]):
            r.problem("subtopics", row_no, "number", _("ประเด็นย่อยที่ %(number)s ซ้ำ") % {"number": number})
        item["subtopics"].append({"number": number, "title": _text(row.get("title"))})

    for row_no, row in sheets["rules"]:
        owning = owner("rules", row_no, row)
        if owning is None:
            continue
        item = owning
        keys = [c["key"] for c in (item["table"] or {}).get("columns", [])]
        rule = {
            k: _text(row.get(k))
            for k in ("id", "severity", "expression", "message")
            if row.get(k) is not None
        }
        if row.get("column"):
            rule["column"] = _text(row.get("column"))
        if not rule.get("id"):
            r.problem("rules", row_no, "id", _("ไม่มีรหัสกฎ"))
        elif any(x.get("id") == rule.get("id") for x in item["rules"]):
            r.problem(
                "rules",
                row_no,
                "id",
                _("รหัสกฎ %(id)s ซ้ำในข้อ %(item)s") % {"id": rule.get("id"), "item": item["code"]},
            )
        if rule.get("severity") not in ("error", "warning"):
            r.problem("rules", row_no, "severity", _("ต้องเป็น error หรือ warning"))
        if not rule.get("message"):
            r.problem("rules", row_no, "message", _("ไม่มีข้อความแจ้งผู้กรอก"))
        try:
            compile_rule(rule.get("expression"), allowed_names=keys)
        except RuleSyntaxError as exc:
            r.problem("rules", row_no, "expression", str(exc))
        if rule.get("column") and rule["column"] not in keys:
            r.problem("rules", row_no, "column", _("ไม่มีคอลัมน์ «%(key)s» ในข้อนี้") % {"key": rule["column"]})
        item["rules"].append(rule)

    spec["policies"] = [policies[k] for k in sorted(policies)]
    if r.problems:
        raise WorkbookInvalid(r.problems)
    # Whatever the sheets cannot see on their own (the same checks as a YAML file).
    problems = spec_problems(spec)
    if problems:
        raise WorkbookInvalid(problems)
    # What the version continues from must be in the previous version (read from the database).
    for item_code, column_key, found in continuity_problems(spec):
        if item_code is None:
            row_no = next((n for n, row in sheets["settings"] if row.get("key") == "previous_version"), 0)
            r.problem("settings", row_no, "value", found)
        elif column_key is None:
            r.problem("items", item_rows[item_code], "continues_from", found)
        else:
            r.problem("columns", column_at[(item_code, column_key)], "continues_from", found)
    if r.problems:
        raise WorkbookInvalid(r.problems)
    return spec
