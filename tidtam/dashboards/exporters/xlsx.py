"""The regional and national consolidated reports as an Excel workbook.

One sheet about the report (unit, round, provinces), one sheet per item with the per-province table,
its total row and a native chart, and, when the report carries texts, one sheet of every narrative and
one of every X.2 row with the province and agency as columns (the provincial workbook's layout plus a
province column). Styles, number formats, charts and text sheets are the provincial workbook's
(`reports.exporters.xlsx`).

The total row holds live formulas. A sum is `=SUM(...)` over the province rows. A mean is not the mean
of the province rows: at region and nation level it is the mean over every agency row (see
dashboards/rollup.py), so a province with six reporting agencies weighs more than one with two. The
sheet therefore carries, right of the table, a "base" column per mean column: the number of agency
rows behind each province's mean (for a weighted mean: the sum of their weights), and the total is
`SUMPRODUCT(values, bases) / SUM(bases)`: exact, live, and checkable by anyone. A cell comment on the
total says so. Without bases (a report assembled without `bases=True`) the computed total is written as
a value, with a comment that explains why it is not a formula.
"""

import io
from pathlib import Path
from typing import BinaryIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tidtam.common.textsafety import sheet_append
from tidtam.common.thai import format_date_be
from tidtam.formdefs.models import Column
from tidtam.reports.exporters.layout import TEXT_SECTIONS, clean_text
from tidtam.reports.exporters.xlsx import (
    BOLD,
    BOX,
    CENTER,
    HEADER_FILL,
    NUMBER_FORMATS,
    TITLE,
    add_bar_charts,
    cell_text,
    format_results_table,
    format_text_sheet,
    sheet_title,
    total_formula,
)

from ..charts import Breakdown, column_heading
from ..consolidated import ConsolidatedItem, ConsolidatedReport, ProvinceTexts
from .layout import (
    AVERAGED,
    MEAN_MARK,
    breakdown_as_table,
    chart_source,
    mean_note,
    province_heading,
    region_chart_note,
    report_title,
)

BASE_FONT = Font(italic=True, color="595959")
COMMENT_AUTHOR = "Tidtam"
LEVEL_NAMES = {"region": "ระดับภาค", "nation": "ระดับประเทศ"}


def mean_formula(letter: str, base_letter: str, first: int, last: int) -> str:
    """The mean over agency rows from the province rows: Σ(value × base) / Σ(base)."""
    values, bases = f"{letter}{first}:{letter}{last}", f"{base_letter}{first}:{base_letter}{last}"
    return f'=IF(SUM({bases})=0,"",SUMPRODUCT({values},{bases})/SUM({bases}))'


def base_heading(column: Column, columns: list[Column], *, weighted: bool) -> str:
    if weighted:
        weight = next((c for c in columns if c.key == column.weight_key), None)
        return _("ฐานถ่วงน้ำหนักของ “%(label)s”: ผลรวม%(weight)s") % {
            "label": clean_text(column.label),
            "weight": clean_text(weight.label) if weight else column.weight_key,
        }
    return _("ฐานเฉลี่ยของ “%(label)s”: จำนวนหน่วยงานที่รายงาน") % {"label": clean_text(column.label)}


class ConsolidatedXlsxWriter:
    def __init__(self, report: ConsolidatedReport) -> None:
        self.report = report
        self.wb = Workbook()
        self.scope_line = _("%(unit)s รอบที่ %(number)s/%(year)s") % {
            "unit": report.unit.name,
            "number": report.slot.number,
            "year": report.slot.fiscal_year_be,
        }

    def build(self) -> Workbook:
        self._summary(self.wb.active)
        for block in self.report.items:
            if block.breakdown is not None and block.breakdown.columns:
                self._item_sheet(block, block.breakdown)
        if any(b.with_texts for b in self.report.items):
            self._narratives()
            self._problems()
        self.wb.calculation.fullCalcOnLoad = True
        props = self.wb.properties
        props.title = f"{report_title(self.report)} {self.scope_line}"
        props.creator = "Tidtam"
        props.language = "th-TH"
        return self.wb

    # -- sheets ----------------------------------------------------------------------------------
    def _summary(self, ws: Worksheet) -> None:
        ws.title = _("ข้อมูลรายงาน")
        r = self.report
        rows = [
            (report_title(r), ""),
            (_("ระดับ"), LEVEL_NAMES.get(r.level, r.level)),
            (_("หน่วยงาน"), r.unit.name),
            (_("ปีงบประมาณ (พ.ศ.)"), r.slot.fiscal_year_be),
            (_("รอบที่"), r.slot.number),
            (_("มีข้อมูลรอบนี้ (จังหวัด)"), f"{r.reported_count}/{len(r.provinces)}"),
            (_("ส่งออกเมื่อ"), format_date_be(timezone.localdate())),
        ]
        for row in rows:
            sheet_append(ws, row)
        ws["A1"].font = TITLE
        ws.append([])
        sheet_append(ws, [_("รหัสจังหวัด"), _("จังหวัด"), _("รอบ"), _("ที่มาของข้อมูล")])
        head = ws.max_row
        for p in r.provinces:
            sheet_append(
                ws,
                [
                    p.province.code,
                    p.province.name,
                    p.round.key if p.round else _("ยังไม่มีข้อมูลรอบนี้"),
                    p.round.get_origin_display() if p.round else "",
                ],
            )
        for cell in ws[head]:
            cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BOX
        for letter, width in zip("ABCD", (22, 70, 20, 24), strict=True):
            ws.column_dimensions[letter].width = width

    def _item_sheet(self, block: ConsolidatedItem, breakdown: Breakdown) -> None:
        item = block.item
        columns = breakdown.columns
        averaged = [c for c in columns if c.aggregation in AVERAGED]
        with_bases = bool(block.bases) and bool(breakdown.rows)
        bases = averaged if with_bases else []
        width = 1 + len(columns) + len(bases)
        ws = self.wb.create_sheet(sheet_title(_("ข้อ %(n)s") % {"n": item.number}))
        sheet_append(ws, [f"{item.number}. {clean_text(item.title)}"])
        sheet_append(ws, [f"{item.number}.1 {clean_text(item.results_heading)}"])
        sheet_append(ws, [self.scope_line])
        ws["A1"].font = TITLE
        for row in (1, 2, 3):
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=max(width, 2))
            ws.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[1].height = 36
        ws.row_dimensions[2].height = 36
        weighted = {c.key for c in bases if c.key in block.weighted_bases}
        header = [
            _("จังหวัด"),
            *[f"{column_heading(c)} {MEAN_MARK}" if c in averaged else column_heading(c) for c in columns],
            *[base_heading(c, columns, weighted=c.key in weighted) for c in bases],
        ]
        sheet_append(ws, header)
        head = ws.max_row
        first = head + 1
        for r in breakdown.rows:
            province_bases = block.bases.get(r.code, {})
            sheet_append(
                ws,
                [
                    r.label,
                    *[r.values.get(c.key) for c in columns],
                    *[province_bases.get(c.key, 0) for c in bases],
                ],
            )
        last = ws.max_row
        letters = {c.key: get_column_letter(i + 2) for i, c in enumerate(columns)}
        base_letters = {c.key: get_column_letter(len(columns) + i + 2) for i, c in enumerate(bases)}
        sheet_append(ws, [_("รวม")])
        total_row = ws.max_row
        for i, c in enumerate(columns, start=2):
            cell = ws.cell(total_row, i)
            if not breakdown.rows:
                continue
            if c.key in base_letters:
                cell.value = mean_formula(letters[c.key], base_letters[c.key], first, last)
                cell.comment = self._comment(c, base_letters[c.key], live=True)
            elif c.aggregation in AVERAGED:
                cell.value = breakdown.total.get(c.key)
                cell.comment = self._comment(c, "", live=False)
            else:
                cell.value = total_formula(c, letters[c.key], first, last, None)
        for c in bases:
            letter = base_letters[c.key]
            ws[f"{letter}{total_row}"] = f"=SUM({letter}{first}:{letter}{last})"
        format_results_table(ws, columns, head=head, first=first, total_row=total_row, width=width)
        ws.column_dimensions["A"].width = 24
        for i, c in enumerate(bases, start=len(columns) + 2):
            ws.column_dimensions[base_letters[c.key]].width = 20
            for (cell,) in ws.iter_rows(min_row=first, max_row=total_row, min_col=i, max_col=i):
                cell.number_format = "#,##0.##"
                cell.font = BASE_FONT
        ws.freeze_panes = ws.cell(first, 2)
        notes = [f"{MEAN_MARK} {mean_note(c)}" for c in averaged]
        if bases:
            notes.append(
                _(
                    "คอลัมน์ฐาน (ขวาสุด) คือจำนวนหน่วยงานที่รายงานของแต่ละจังหวัด (หรือผลรวมน้ำหนัก) "
                    "ยอดรวมของค่าเฉลี่ย = ผลรวมของ (ค่าของจังหวัด × ฐาน) ÷ ผลรวมฐาน"
                )
            )
        for note in notes:
            sheet_append(ws, [note])
        if not breakdown.rows:
            return
        ws.auto_filter.ref = f"A{head}:{get_column_letter(width)}{last}"
        source = chart_source(block)
        # This sheet is only written for a block with a breakdown, so there is always a source to chart.
        assert source is not None
        if source is not breakdown:
            head, first, last = self._region_table(ws, source)
        add_bar_charts(ws, breakdown_as_table(source), head, first, last, letters, anchor_row=ws.max_row + 2)

    @staticmethod
    def _region_table(ws: Worksheet, regions: Breakdown) -> tuple[int, int, int]:
        """The nation's items also get a table by region, below the provinces: the chart draws it."""
        columns = regions.columns
        ws.append([])
        sheet_append(ws, [region_chart_note()])
        sheet_append(ws, [_("สำนักงานศึกษาธิการภาค"), *[column_heading(c) for c in columns]])
        head = ws.max_row
        for r in regions.rows:
            sheet_append(ws, [r.label, *[r.values.get(c.key) for c in columns]])
        last = ws.max_row
        for cell in ws[head]:
            cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BOX, CENTER
        for i, c in enumerate(columns, start=2):
            fmt = "#,##0.00" if c.aggregation in AVERAGED else NUMBER_FORMATS.get(c.value_type, "#,##0.##")
            for (cell,) in ws.iter_rows(min_row=head + 1, max_row=last, min_col=i, max_col=i):
                cell.number_format, cell.border = fmt, BOX
        for (cell,) in ws.iter_rows(min_row=head + 1, max_row=last, max_col=1):
            cell.border = BOX
        return head, head + 1, last

    def _comment(self, column: Column, base_letter: str, *, live: bool) -> Comment:
        level = _("ภาค") if self.report.level == "region" else _("ประเทศ")
        if live:
            text = _(
                "ค่าเฉลี่ยของทุกหน่วยงานใน%(level)s ไม่ใช่ค่าเฉลี่ยของค่ารายจังหวัด: "
                "ผลรวมของ (ค่าของจังหวัด × คอลัมน์ %(base)s) ÷ ผลรวมคอลัมน์ %(base)s"
            ) % {"level": level, "base": base_letter}
        else:
            text = _(
                "ค่าเฉลี่ยของทุกหน่วยงานใน%(level)s คำนวณจากข้อมูลรายหน่วยงาน (ไม่ใช่สูตร): "
                "ค่าเฉลี่ยของค่ารายจังหวัดจะให้น้ำหนักจังหวัดเล็กมากเกินไป"
            ) % {"level": level}
        comment = Comment(f"{mean_note(column)}\n{text}", COMMENT_AUTHOR)
        comment.width, comment.height = 320, 140
        return comment

    def _narratives(self) -> None:
        ws = self.wb.create_sheet(_("ผลการดำเนินงาน (ข้อความ)"))
        sheet_append(
            ws,
            [
                _("ข้อ"),
                _("ชื่อข้อ"),
                _("หัวข้อ"),
                _("ประเด็นย่อย"),
                _("จังหวัด"),
                _("หน่วยงาน"),
                _("ชื่อหน่วยงาน"),
                _("ข้อความ"),
            ],
        )
        for block in self.report.items:
            if not block.with_texts:
                continue
            n, title = block.number, clean_text(block.item.title)
            for sub in block.subtopics:
                sub_title = f"{sub.number}) {clean_text(sub.title)}" if sub.number is not None else ""
                self._texts(ws, [n, title, f"{n}.1 ผลการดำเนินงาน", sub_title], sub.provinces)
            for number, heading, attr in TEXT_SECTIONS:
                self._texts(ws, [n, title, f"{n}.{number} {heading}", ""], getattr(block, attr))
        format_text_sheet(ws, [6, 40, 26, 40, 20, 14, 36, 90])

    @staticmethod
    def _texts(ws: Worksheet, lead: list, groups: list[ProvinceTexts]) -> None:
        for group in groups:
            for e in group.entries:
                sheet_append(
                    ws, [*lead, province_heading(group.province), e.label, e.agency.name, cell_text(e.text)]
                )

    def _problems(self) -> None:
        ws = self.wb.create_sheet(_("ปัญหาอุปสรรค"))
        sheet_append(
            ws,
            [
                _("ข้อ"),
                _("ชื่อข้อ"),
                _("จังหวัด"),
                _("หน่วยงาน"),
                _("ชื่อหน่วยงาน"),
                _("ลำดับ"),
                _("ปัญหา/อุปสรรค"),
                _("แนวทางการแก้ไขปัญหา"),
                _("ผลที่คาดว่าจะได้รับ"),
            ],
        )
        for block in self.report.items:
            title = clean_text(block.item.title)
            for pp in block.problems:
                for group in pp.groups:
                    for i, row in enumerate(group.rows, start=1):
                        sheet_append(
                            ws,
                            [
                                block.number,
                                title,
                                province_heading(pp.province),
                                group.label,
                                group.agency.name,
                                i,
                                cell_text(row.problem),
                                cell_text(row.solution),
                                cell_text(row.expected_result),
                            ],
                        )
        format_text_sheet(ws, [6, 40, 20, 14, 36, 7, 50, 50, 50])


def write_consolidated_xlsx(report: ConsolidatedReport, target: str | Path | BinaryIO) -> None:
    ConsolidatedXlsxWriter(report).build().save(target)


def consolidated_xlsx_bytes(report: ConsolidatedReport) -> bytes:
    buf = io.BytesIO()
    write_consolidated_xlsx(report, buf)
    return buf.getvalue()
