"""Reading a filled-in workbook back: every cell checked, every problem named by sheet and cell in Thai.

Nothing is written here. The result is, per item, what the upload would set (the same arguments
`submission_update` takes) and the field-by-field difference from what is saved now.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl.utils import get_column_letter

from tidtam.common.textsafety import text_clean
from tidtam.common.thai import parse_number
from tidtam.formdefs.labels import render_items
from tidtam.formdefs.models import Column, Round
from tidtam.orgs.models import OrgUnit
from tidtam.submissions.checks import value_findings
from tidtam.submissions.content import TEXT_FIELDS, content_of, content_with, decimal_text, diff_fields
from tidtam.submissions.models import Submission
from tidtam.submissions.permissions import is_editable_state

from .build import INPUT_COL, KEY_COL, META_SHEET, SCHEMA
from .package import MAX_UPLOAD_BYTES, Sheet, WorkbookRejected, opened_workbook

__all__ = [
    "MAX_UPLOAD_BYTES",
    "UploadPreview",
    "WorkbookRejected",
    "arguments_from_json",
    "arguments_to_json",
    "field_labels",
    "read_upload",
]
MAX_PLACES = 4


@dataclass
class CellError:
    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        return (
            f"แผ่นงาน «{self.sheet}» ช่อง {self.cell}: {self.message}"
            if self.cell
            else f"แผ่นงาน «{self.sheet}»: {self.message}"
        )


@dataclass
class FieldChange:
    key: str
    label: str
    old: Any
    new: Any


@dataclass
class ItemChanges:
    submission: Submission
    expected_version: int
    downloaded_version: int | None
    arguments: dict[str, Any]
    changes: list[FieldChange]
    # What the entry page's checks would say about the table once the upload is applied.
    findings: list = field(default_factory=list)

    @property
    def changed_since_download(self) -> bool:
        return self.downloaded_version is not None and self.downloaded_version != self.expected_version


@dataclass
class UploadPreview:
    items: list[ItemChanges] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return any(i.changes for i in self.items)


def _number(
    raw: Any, uncalculated: bool, column: Column, sheet: str, ref: str, errors: list[CellError]
) -> Decimal | None:
    label = f"«{column.label}»"
    if uncalculated and raw is None:
        errors.append(CellError(sheet, ref, f"{label} เป็นสูตรที่ยังไม่มีผลคำนวณ กรุณาพิมพ์เป็นตัวเลข"))
        return None
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or isinstance(raw, (dt.date, dt.datetime, dt.time)):
        errors.append(CellError(sheet, ref, f"{label} ต้องเป็นตัวเลข ไม่ใช่วันที่หรือค่าจริง/เท็จ"))
        return None
    if isinstance(raw, (int, float)):
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            value = None
    else:
        value = parse_number(str(raw))
    if value is None or not value.is_finite():
        errors.append(CellError(sheet, ref, f"{label} ต้องเป็นตัวเลข (พบ «{str(raw)[:30]}»)"))
        return None
    value = value.normalize() if value == value.to_integral_value() else value
    if column.value_type == Column.ValueType.COUNT and (value != value.to_integral_value() or value < 0):
        errors.append(CellError(sheet, ref, f"{label} ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป (พบ {raw})"))
        return None
    if value < 0:
        errors.append(CellError(sheet, ref, f"{label} ต้องไม่ติดลบ (พบ {raw})"))
        return None
    if column.value_type == Column.ValueType.PERCENT and value > 100:
        errors.append(CellError(sheet, ref, f"{label} เป็นร้อยละ ต้องไม่เกิน 100 (พบ {raw})"))
        return None
    if value != value.quantize(Decimal(1).scaleb(-MAX_PLACES)):
        value = value.quantize(Decimal(1).scaleb(-MAX_PLACES))  # spreadsheet float noise (0.1 + 0.2)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    # A text cell holds exactly what was written (the workbook types text cells as strings), so a
    # narrative starting with "=" comes back as written; control characters go as at every entry.
    return text_clean(str(raw).replace("\r\n", "\n").replace("\r", "\n")).strip()


def _meta(sheet: Sheet) -> tuple[dict[str, str], dict[int, int]]:
    rows = sheet.rows
    if not rows or rows[0][0] != SCHEMA:
        raise WorkbookRejected("ไฟล์นี้ไม่ใช่แบบกรอกข้อมูลรุ่นที่ระบบอ่านได้")
    meta = {str(r[0]): str(r[1]) for r in rows[1:] if r[0] in ("round", "agency", "made_at", "prefill")}
    versions = {}
    for r in rows[1:]:
        if r[0] == "item" and isinstance(r[1], int) and isinstance(r[3], int):
            versions[r[1]] = r[3]
    return meta, versions


def read_upload(
    *, data: bytes, round_: Round, agency: OrgUnit, submissions: list[Submission]
) -> UploadPreview:
    """Check an uploaded workbook against the round, the agency and what is saved now."""
    with opened_workbook(data) as reader:
        if META_SHEET not in reader.sheetnames:
            raise WorkbookRejected("ไฟล์นี้ไม่ใช่แบบกรอกข้อมูลที่ดาวน์โหลดจากระบบ (ไม่พบข้อมูลกำกับไฟล์)")
        meta, versions = _meta(reader.read(reader.wb[META_SHEET], width=4))
        if meta.get("round") != round_.key:
            raise WorkbookRejected(f"ไฟล์นี้เป็นของรอบ {meta.get('round')} ไม่ใช่รอบ {round_.key}")
        if meta.get("agency") != agency.code:
            raise WorkbookRejected(f"ไฟล์นี้เป็นของหน่วยงานอื่น (รหัส {meta.get('agency')}) ไม่ใช่ {agency.name}")
        sheets = [
            reader.read(ws, width=INPUT_COL + 2) for ws in reader.worksheets() if ws.title != META_SHEET
        ]
    return _preview(sheets, meta, versions, submissions)


def _preview(
    sheets: list[Sheet], meta: dict[str, str], versions: dict[int, int], submissions: list[Submission]
) -> UploadPreview:
    by_number = {s.item.number: s for s in submissions}
    preview = UploadPreview()
    seen: set[int] = set()
    for sheet in sheets:
        head = sheet.rows[0][KEY_COL - 1] if sheet.rows else None
        if not (isinstance(head, str) and head.startswith("item:")):
            continue
        try:
            number = int(head.split(":", 1)[1])
        except ValueError:
            continue
        sub = by_number.get(number)
        if sub is None:
            preview.errors.append(CellError(sheet.title, "", f"ไม่มีข้อ {number} ในรอบนี้สำหรับหน่วยงานนี้"))
            continue
        if number in seen:
            preview.errors.append(CellError(sheet.title, "", f"ข้อ {number} ซ้ำกับแผ่นงานอื่น"))
            continue
        seen.add(number)
        arguments = _read_sheet(sheet, sub, preview.errors)
        if meta.get("prefill") == "0":
            arguments = _filled_only(arguments)
        old = content_of(sub)
        new = content_with(old, **arguments)
        diff = diff_fields(old, new)
        if diff and not is_editable_state(sub):
            preview.errors.append(
                CellError(
                    sheet.title,
                    "",
                    f"ข้อ {number} อยู่ในสถานะ «{sub.get_status_display()}» แก้ไขผ่านไฟล์ไม่ได้ "
                    "(ต้องให้ผู้ประสานงานส่งกลับแก้ไขก่อน)",
                )
            )
            continue
        labels = field_labels(sub)
        preview.items.append(
            ItemChanges(
                submission=sub,
                expected_version=sub.version,
                downloaded_version=versions.get(number),
                arguments=arguments,
                changes=[FieldChange(k, labels.get(k, k), a, b) for k, (a, b) in diff.items()],
                # The same checks as the entry form, on the row as it would be after applying.
                findings=value_findings(submission=sub, values=new.values) if sub.item.columns.all() else [],
            )
        )
    if not seen:
        raise WorkbookRejected("ไม่พบแผ่นงานของข้อใดในไฟล์ (แผ่นงาน «ข้อ 1», «ข้อ 2», …)")
    return preview


def _read_sheet(sheet: Sheet, sub: Submission, errors: list[CellError]) -> dict[str, Any]:
    render_items([sub.item], sub.round.fiscal_year_be)  # errors name columns as the sheet shows them
    columns = {c.key: c for c in sub.item.columns.all()}
    subtopics = {st.number for st in sub.item.subtopics.all()}
    values: dict[str, Decimal | None] = {}
    narratives: dict[int | None, str] = {}
    texts: dict[str, str] = {}
    problems: list[dict[str, str]] = []
    in_problems = False
    title = sheet.title
    for r, row in enumerate(sheet.rows[1:], start=2):
        key = row[KEY_COL - 1]
        key = key.strip() if isinstance(key, str) else ""
        cells = list(row[INPUT_COL - 1 : INPUT_COL + 2]) + [None] * 3
        ref = f"{get_column_letter(INPUT_COL)}{r}"
        if key == "problems_header":
            in_problems = True
            continue
        if key == "problem" or (in_problems and not key and any(_text(c) for c in cells[:3])):
            problems.append(
                {"problem": _text(cells[0]), "solution": _text(cells[1]), "expected_result": _text(cells[2])}
            )
            continue
        if key:
            in_problems = False
        if key.startswith("value:"):
            column = columns.get(key[6:])
            if column is None:
                errors.append(CellError(title, f"A{r}", f"ไม่รู้จักช่อง «{key[6:]}» (อย่าแก้คอลัมน์ที่ซ่อนไว้)"))
                continue
            uncalculated = (r, INPUT_COL) in sheet.formulas_without_value
            values[column.key] = _number(cells[0], uncalculated, column, title, ref, errors)
        elif key.startswith("narrative:"):
            part = key.split(":", 1)[1]
            if part == "general":
                narratives[None] = _text(cells[0])
            elif part.isdigit() and int(part) in subtopics:
                narratives[int(part)] = _text(cells[0])
            else:
                errors.append(CellError(title, f"A{r}", f"ไม่รู้จักประเด็นย่อย «{part}» (อย่าแก้คอลัมน์ที่ซ่อนไว้)"))
        elif key in TEXT_FIELDS:
            texts[key] = _text(cells[0])
    # A table column missing from the sheet is left as saved, not erased.
    return {"values": values, "narratives": narratives, "problems": problems, **texts}


def _filled_only(arguments: dict[str, Any]) -> dict[str, Any]:
    """From a blank form, only what was typed: an empty cell leaves the saved value alone."""
    out: dict[str, Any] = {
        "values": {k: v for k, v in arguments["values"].items() if v is not None},
        "narratives": {k: v for k, v in arguments["narratives"].items() if v},
    }
    if any(any(row.values()) for row in arguments["problems"]):
        out["problems"] = arguments["problems"]
    out |= {k: v for k, v in arguments.items() if k in TEXT_FIELDS and v}
    return out


def field_labels(sub: Submission) -> dict[str, str]:
    """Thai names of the audit field keys (content.py) of one submission, for the difference table."""
    render_items([sub.item], sub.round.fiscal_year_be)
    labels = {f"value:{c.key}": f"{sub.item.number}.1 {c.label}" for c in sub.item.columns.all()}
    labels |= {f"narrative:{st.number}": f"{st.number}) {st.title}" for st in sub.item.subtopics.all()}
    n = sub.item.number
    labels |= {
        "narrative:general": f"{n}.1 ผลการดำเนินงาน",
        "table_note": f"{n}.1 หมายเหตุของตาราง",
        "problems": f"{n}.2 ปัญหาอุปสรรค",
        "success_factors": f"{n}.3 ปัจจัยแห่งความสำเร็จ",
        "recommendations": f"{n}.4 ข้อเสนอแนะ",
        "best_practices": f"{n}.5 รูปแบบ แนวทาง หรือนวัตกรรม",
    }
    return labels


def arguments_to_json(arguments: dict[str, Any]) -> dict[str, Any]:
    """What an upload would set, in a form the session can keep until the user confirms."""
    out = dict(arguments)
    out["values"] = {k: decimal_text(v) for k, v in arguments.get("values", {}).items()}
    out["narratives"] = {
        "general" if k is None else str(k): v for k, v in arguments.get("narratives", {}).items()
    }
    return out


def arguments_from_json(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    out["values"] = {k: (Decimal(v) if v is not None else None) for k, v in data.get("values", {}).items()}
    out["narratives"] = {None if k == "general" else int(k): v for k, v in data.get("narratives", {}).items()}
    return out
