"""The fill-in workbook of one agency for one open round: every item on its own sheet, to type offline.

Each input row carries a key in a hidden first column ("value:<column>", "narrative:<n>", "problem",
"success_factors", ...), so the upload finds every field by its key even when people insert rows or
reorder them; a hidden sheet records the round, the agency and the version of each item it was made
from. Yellow cells are for typing; numeric cells carry Excel data validation with Thai messages.
"""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from tidtam.common.textsafety import sheet_append
from tidtam.common.thai import format_date_be
from tidtam.formdefs.labels import render_items
from tidtam.formdefs.models import Column, Item, Round
from tidtam.orgs.models import OrgUnit
from tidtam.submissions.content import SubmissionContent, content_of
from tidtam.submissions.models import Submission
from tidtam.submissions.permissions import is_editable_state

from ..exporters.layout import PROBLEMS_COLUMNS, PROBLEMS_HEADING, TEXT_SECTIONS

SCHEMA = "tidtam.entry-workbook/1"
META_SHEET = "_tidtam"
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
SECTION_FONT = Font(bold=True, size=12)
TITLE_FONT = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
BLANK_PROBLEM_ROWS = 5
KEY_COL, LABEL_COL, UNIT_COL, INPUT_COL = 1, 2, 3, 4  # A (hidden key), B, C, D (E, F for X.2)


def sheet_name(item: Item) -> str:
    return f"ข้อ {item.number}"


def _number_validation(column: Column) -> DataValidation:
    if column.value_type == Column.ValueType.COUNT:
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        dv.error = "กรอกจำนวนเต็มตั้งแต่ 0 ขึ้นไป"
    elif column.value_type == Column.ValueType.PERCENT:
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
        dv.error = "กรอกร้อยละระหว่าง 0 ถึง 100"
    else:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        dv.error = "กรอกตัวเลขตั้งแต่ 0 ขึ้นไป"
    dv.errorTitle = "ค่าไม่ถูกต้อง"
    dv.showErrorMessage = True
    dv.allow_blank = True
    return dv


class EntryWorkbook:
    def __init__(
        self, *, round_: Round, agency: OrgUnit, submissions: list[Submission], prefill: bool
    ) -> None:
        self.round = round_
        self.agency = agency
        self.submissions = sorted(submissions, key=lambda s: s.item.number)
        self.prefill = prefill
        self.wb = Workbook()

    def build(self) -> Workbook:
        self._instructions(self.wb.active)
        for sub in self.submissions:
            self._item(sub)
        self._meta()
        props = self.wb.properties
        props.title = f"แบบกรอกข้อมูล {self.round.key} {self.agency.name}"
        props.creator = "Tidtam"
        return self.wb

    def _instructions(self, ws: Worksheet) -> None:
        ws.title = "คำอธิบาย"
        r = self.round
        lines = [
            ("แบบกรอกข้อมูลการตรวจราชการ (กรอกแบบออฟไลน์แล้วอัปโหลดกลับ)", True),
            (f"{r.office.name} รอบที่ {r.number} ประจำปีงบประมาณ พ.ศ. {r.fiscal_year_be}", False),
            (f"หน่วยงาน: {self.agency.name}", False),
            (f"กำหนดส่ง: {format_date_be(r.due_date) if r.due_date else '-'}", False),
            (f"ดาวน์โหลดเมื่อ: {format_date_be(timezone.localdate())}", False),
            ("", False),
            ("วิธีใช้", True),
            ("1. กรอกเฉพาะช่องสีเหลือง แต่ละข้ออยู่คนละแผ่นงาน (ข้อ 1, ข้อ 2, …)", False),
            ("2. ช่องตัวเลขพิมพ์เฉพาะตัวเลข (เลขไทยหรือมีจุลภาคก็ได้) ห้ามพิมพ์หน่วยต่อท้าย", False),
            ("3. ช่องข้อความขึ้นบรรทัดใหม่ได้ด้วย Alt+Enter ปัญหาอุปสรรคเพิ่มแถวได้ในช่องว่างที่เตรียมไว้", False),
            ("4. อย่าลบหรือแก้คอลัมน์ที่ซ่อนไว้และแผ่นงานที่ซ่อนไว้ ระบบใช้จับคู่ข้อมูลตอนอัปโหลด", False),
            ("5. อัปโหลดที่หน้ารายงานของรอบ ระบบจะแสดงรายการที่เปลี่ยนให้ตรวจก่อน แล้วจึงบันทึกเมื่อท่านยืนยัน", False),
            ("ข้อที่ส่งแล้วหรือรับรองแล้วแสดงเป็นสีเทา แก้ไขผ่านไฟล์นี้ไม่ได้", False),
        ]
        for text, bold in lines:
            sheet_append(ws, [text])
            if bold:
                ws.cell(ws.max_row, 1).font = SECTION_FONT
        ws["A1"].font = TITLE_FONT
        ws.column_dimensions["A"].width = 110

    def _meta(self) -> None:
        ws = self.wb.create_sheet(META_SHEET)
        sheet_append(ws, [SCHEMA])
        sheet_append(ws, ["round", self.round.key])
        sheet_append(ws, ["agency", self.agency.code])
        sheet_append(ws, ["made_at", timezone.now().isoformat()])
        # A blank form leaves what it does not fill as saved; a pre-filled one sets every field.
        sheet_append(ws, ["prefill", "1" if self.prefill else "0"])
        for sub in self.submissions:
            sheet_append(ws, ["item", sub.item.number, sub.pk, sub.version])
        ws.sheet_state = "veryHidden"

    def _row(
        self,
        ws: Worksheet,
        key: str,
        label: str,
        unit: str = "",
        value=None,
        *,
        editable: bool,
        text: bool = False,
    ) -> int:
        row = sheet_append(ws, [key, label, unit, value])
        cell = ws.cell(row, INPUT_COL)
        cell.fill = INPUT_FILL if editable else LOCKED_FILL
        ws.cell(row, LABEL_COL).alignment = WRAP
        if text:
            ws.merge_cells(start_row=row, start_column=INPUT_COL, end_row=row, end_column=INPUT_COL + 2)
            cell.alignment = WRAP
            lines = max(3, min(30, sum(1 + len(x) // 90 for x in str(value or "").split("\n"))))
            ws.row_dimensions[row].height = 18 * lines
        return row

    def _section(self, ws: Worksheet, text: str) -> None:
        sheet_append(ws, ["", text])
        ws.cell(ws.max_row, LABEL_COL).font = SECTION_FONT

    def _item(self, sub: Submission) -> None:
        item = sub.item
        render_items([item], sub.round.fiscal_year_be)
        ws = self.wb.create_sheet(sheet_name(item))
        editable = is_editable_state(sub)
        content = content_of(sub) if self.prefill else SubmissionContent()
        sheet_append(ws, [f"item:{item.number}", f"{item.number}. {item.title}"])
        ws.cell(1, LABEL_COL).font = TITLE_FONT
        ws.merge_cells(start_row=1, start_column=LABEL_COL, end_row=1, end_column=INPUT_COL + 2)
        ws.cell(1, LABEL_COL).alignment = WRAP
        ws.row_dimensions[1].height = 40
        status = "กรอกได้" if editable else f"{sub.get_status_display()} — แก้ไขผ่านไฟล์นี้ไม่ได้"
        sheet_append(ws, ["", f"สถานะ: {status}"])

        self._section(ws, f"{item.number}.1 {item.results_heading or 'ผลการดำเนินงาน'}")
        columns = list(item.columns.all())
        if columns:
            sheet_append(ws, ["", "ตารางผลการดำเนินงาน", "หน่วย", "จำนวน"])
            for cell in ws[ws.max_row][1:4]:
                cell.font = Font(bold=True)
            for column in columns:
                value = content.values.get(column.key)
                row = self._row(
                    ws,
                    f"value:{column.key}",
                    column.label,
                    column.unit,
                    float(value) if value is not None else None,
                    editable=editable,
                )
                cell = ws.cell(row, INPUT_COL)
                cell.number_format = "#,##0" if column.value_type == Column.ValueType.COUNT else "#,##0.00##"
                if editable:
                    dv = _number_validation(column)
                    ws.add_data_validation(dv)
                    dv.add(cell)
            self._row(
                ws,
                "table_note",
                "หมายเหตุของตาราง (ถ้ามี)",
                "",
                content.table_note or None,
                editable=editable,
                text=True,
            )
        subtopics = list(item.subtopics.all())
        if not subtopics or content.narratives.get(None):
            self._row(
                ws,
                "narrative:general",
                "ผลการดำเนินงาน",
                "",
                content.narratives.get(None) or None,
                editable=editable,
                text=True,
            )
        for st in subtopics:
            self._row(
                ws,
                f"narrative:{st.number}",
                f"{st.number}) {st.title}",
                "",
                content.narratives.get(st.number) or None,
                editable=editable,
                text=True,
            )

        self._section(ws, f"{item.number}.2 {PROBLEMS_HEADING}")
        sheet_append(ws, ["problems_header", "ลำดับ", "", *PROBLEMS_COLUMNS])
        for cell in ws[ws.max_row][1:6]:
            cell.font = Font(bold=True)
        rows = content.problems + [{}] * BLANK_PROBLEM_ROWS
        for i, p in enumerate(rows, start=1):
            sheet_append(
                ws,
                [
                    "problem",
                    i,
                    "",
                    p.get("problem") or None,
                    p.get("solution") or None,
                    p.get("expected_result") or None,
                ],
            )
            r = ws.max_row
            for col in range(INPUT_COL, INPUT_COL + 3):
                ws.cell(r, col).fill = INPUT_FILL if editable else LOCKED_FILL
                ws.cell(r, col).alignment = WRAP
            longest = max(
                (len(str(p.get(k) or "")) for k in ("problem", "solution", "expected_result")), default=0
            )
            ws.row_dimensions[r].height = 18 * max(2, min(20, 1 + longest // 40))
        for number, heading, attr in TEXT_SECTIONS:
            self._section(ws, f"{item.number}.{number} {heading}")
            self._row(ws, attr, heading, "", getattr(content, attr) or None, editable=editable, text=True)

        ws.column_dimensions["A"].hidden = True
        ws.column_dimensions["B"].width = 42
        ws.column_dimensions["C"].width = 9
        for letter in ("D", "E", "F"):
            ws.column_dimensions[letter].width = 45
        ws.freeze_panes = "B3"


def entry_workbook_bytes(
    *, round_: Round, agency: OrgUnit, submissions: list[Submission], prefill: bool
) -> bytes:
    buf = io.BytesIO()
    EntryWorkbook(round_=round_, agency=agency, submissions=submissions, prefill=prefill).build().save(buf)
    return buf.getvalue()
