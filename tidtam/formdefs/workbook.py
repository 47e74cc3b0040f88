"""A form version as an Excel workbook, in the spirit of XLSForm: one sheet per kind of thing.

settings (key, value) · policies · items · columns · subtopics · rules. The first row of each sheet names
its columns; every later row is one thing. `spec_to_workbook` writes a spec (formdefs.spec), and
`formdefs.workbook_read.workbook_to_spec` reads one back, reporting every problem in Thai with its sheet,
row and cell.
"""

import io
from collections.abc import Mapping
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from tidtam.common.textsafety import sheet_append

# A version's status is not part of its content: an imported workbook is always a new draft.
SETTINGS = ("code", "version", "previous_version", "title", "fiscal_year_be", "round_number", "notes")
SHEETS: dict[str, tuple[str, ...]] = {
    "settings": ("key", "value"),
    "policies": ("order", "title"),
    "items": (
        "code",
        "number",
        "numbering",
        "policy",
        "title",
        "additional_policy",
        "results_heading",
        "required",
        "continues_from",
    ),
    "columns": ("item", "key", "label", "unit", "value_type", "aggregation", "weight", "continues_from"),
    "subtopics": ("item", "number", "title"),
    "rules": ("item", "id", "severity", "expression", "message", "column"),
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


class WorkbookInvalid(Exception):
    """The workbook cannot become a version; `problems` are Thai, each naming sheet, row and cell."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# --- writing ---------------------------------------------------------------------------------------


def spec_to_workbook(spec: Mapping[str, Any]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {name: _sheet(wb, name) for name in SHEETS}
    for key in SETTINGS:
        value = spec.get(key)
        sheet_append(sheets["settings"], [key, "" if value is None else value])
    for policy in spec["policies"]:
        sheet_append(sheets["policies"], [policy["order"], policy["title"]])
        for it in policy.get("items") or []:
            sheet_append(
                sheets["items"],
                [
                    it["code"],
                    it["number"],
                    it.get("numbering") or "",
                    policy["order"],
                    it["title"],
                    bool(it.get("additional_policy")),
                    it.get("results_heading") or "",
                    ", ".join(it.get("required") or []),
                    it.get("continues_from") or "",
                ],
            )
            for c in (it.get("table") or {}).get("columns") or []:
                sheet_append(
                    sheets["columns"],
                    [
                        it["code"],
                        c["key"],
                        c["label"],
                        c.get("unit") or "",
                        c.get("value_type") or "",
                        c.get("aggregation") or "",
                        c.get("weight") or "",
                        c.get("continues_from") or "",
                    ],
                )
            for s in it.get("subtopics") or []:
                sheet_append(sheets["subtopics"], [it["code"], s["number"], s["title"]])
            for r in it.get("rules") or []:
                sheet_append(
                    sheets["rules"],
                    [
                        it["code"],
                        *(r.get(k) or "" for k in ("id", "severity", "expression", "message", "column")),
                    ],
                )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet(wb: Workbook, name: str) -> Worksheet:
    ws = wb.create_sheet(name)
    sheet_append(ws, list(SHEETS[name]))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    ws.freeze_panes = "A2"
    return ws
