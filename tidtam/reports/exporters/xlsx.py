"""The consolidated report as an Excel workbook, for people who filter, sort and recompute.

- one sheet per item with a results table; the total row holds LIVE formulas that follow each column's
  aggregation (SUM, AVERAGE, a SUMPRODUCT weighted mean, nothing for "none"), so edits recompute;
- one sheet of every narrative (X.1 sub-topics and X.3–X.5) and one of every X.2 row, each with the item,
  the sub-topic or section and the agency as columns, under an autofilter;
- Thai headers, frozen header rows, widths that fit Thai text.
"""

import io
from copy import copy
from pathlib import Path
from typing import BinaryIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tidtam.common.textsafety import sheet_append, sheet_write
from tidtam.common.thai import format_date_be
from tidtam.formdefs.models import Column

from ..assembly import ItemBlock, RoundReport, Table
from ..charts import chart_groups
from .layout import TEXT_SECTIONS, clean_text

HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
NUMBER_FORMATS: dict[str, str] = {
    Column.ValueType.COUNT: "#,##0",
    Column.ValueType.MONEY: "#,##0.00",
    Column.ValueType.DECIMAL: "#,##0.00",
    Column.ValueType.PERCENT: "#,##0.00",
}
MAX_CELL = 32_000  # Excel's limit is 32,767 characters per cell


def sheet_title(text: str) -> str:
    for ch in "[]:*?/\\":
        text = text.replace(ch, " ")
    return text[:31]


def cell_text(value: str) -> str:
    return clean_text(value or "")[:MAX_CELL]


def total_formula(
    column: Column, letter: str, first: int, last: int, weight_letter: str | None
) -> str | None:
    """The live total of one column, by its aggregation."""
    rng = f"{letter}{first}:{letter}{last}"
    if column.aggregation == Column.Aggregation.SUM:
        return f"=SUM({rng})"
    if column.aggregation == Column.Aggregation.MEAN:
        return f"=AVERAGE({rng})"
    if column.aggregation == Column.Aggregation.WEIGHTED_MEAN:
        if weight_letter is None:
            return f"=AVERAGE({rng})"
        weights = f"{weight_letter}{first}:{weight_letter}{last}"
        # Rows without a value do not weigh; with no weight at all it falls back to the plain mean.
        return f'=IFERROR(SUMPRODUCT({rng},{weights})/SUMPRODUCT(--({rng}<>""),{weights}),AVERAGE({rng}))'
    return None


def format_results_table(
    ws: Worksheet, columns: list[Column], *, head: int, first: int, total_row: int, width: int
) -> None:
    """Style a results table written from row `head` (header) to `total_row`, labels in column A:
    header, borders, each column's number format (two decimals for mean totals), the bold total row."""
    for cell in ws[head]:
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BOX, CENTER
    ws.row_dimensions[head].height = 45
    for row in ws.iter_rows(min_row=first, max_row=total_row, max_col=width):
        for cell in row:
            cell.border = BOX
    for i, c in enumerate(columns):
        fmt = NUMBER_FORMATS.get(c.value_type, "#,##0.##")
        for (cell,) in ws.iter_rows(min_row=first, max_row=total_row, min_col=i + 2, max_col=i + 2):
            cell.number_format = fmt
        if c.aggregation in (Column.Aggregation.MEAN, Column.Aggregation.WEIGHTED_MEAN):
            ws.cell(total_row, i + 2).number_format = "#,##0.00"
    for cell in ws[total_row]:
        cell.font, cell.fill = BOLD, TOTAL_FILL
    ws.column_dimensions["A"].width = 18
    for i in range(len(columns)):
        ws.column_dimensions[get_column_letter(i + 2)].width = 16


def add_bar_charts(
    ws: Worksheet,
    table: Table,
    head: int,
    first: int,
    last: int,
    letters: dict[str, str],
    *,
    anchor_row: int,
) -> None:
    """Native Excel bar charts over the sheet's own cells (one per unit, as in the report)."""
    cats = Reference(ws, min_col=1, min_row=first, max_row=last)
    for group in chart_groups(table):
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "clustered"
        chart.title = group.title or None
        chart.height, chart.width = 7.5, 16
        for s in group.series:
            col = ws[letters[s.key] + str(head)].column
            series = Series(Reference(ws, min_col=col, min_row=head, max_row=last), title_from_data=True)
            chart.series.append(series)
        chart.set_categories(cats)
        ws.add_chart(chart, f"A{anchor_row}")
        anchor_row += 16


class XlsxWriter:
    def __init__(self, report: RoundReport) -> None:
        self.report = report
        self.round = report.round
        self.wb = Workbook()
        self.names = {p.agency_id: p.agency.name for p in report.participants}

    def build(self) -> Workbook:
        self._summary(self.wb.active)
        for block in self.report.items:
            if block.table is not None and block.table.columns:
                self._item_sheet(block, block.table)
        self._narratives()
        self._problems()
        self.wb.calculation.fullCalcOnLoad = True
        props = self.wb.properties
        props.title = f"รายงานผลการตรวจราชการ {self.round.key}"
        props.creator = "Tidtam"
        props.language = "th-TH"
        return self.wb

    # -- sheets ----------------------------------------------------------------------------------
    def _summary(self, ws: Worksheet) -> None:
        ws.title = "ข้อมูลรอบ"
        r = self.round
        rows = [
            ("รายงานผลการตรวจราชการและติดตามประเมินผลการจัดการศึกษาของกระทรวงศึกษาธิการ", ""),
            ("สำนักงาน", r.office.name),
            ("รหัสรอบ", r.key),
            ("ปีงบประมาณ (พ.ศ.)", r.fiscal_year_be),
            ("รอบที่", r.number),
            ("ข้อมูล ณ วันที่", format_date_be(r.data_as_of) if r.data_as_of else "-"),
            ("ส่งออกเมื่อ", format_date_be(timezone.localdate())),
        ]
        for row in rows:
            sheet_append(ws, row)
        ws["A1"].font = TITLE
        ws.append([])
        sheet_append(ws, ["ชื่อย่อ", "หน่วยงาน"])
        head = ws.max_row
        for p in self.report.participants:
            sheet_append(ws, [p.label, p.agency.name])
        for cell in ws[head]:
            cell.font, cell.fill, cell.border = BOLD, HEADER_FILL, BOX
        ws.column_dimensions["A"].width = 22
        ws.column_dimensions["B"].width = 70

    def _item_sheet(self, block: ItemBlock, table: Table) -> None:
        item = block.item
        ws = self.wb.create_sheet(sheet_title(f"ข้อ {item.number}"))
        columns = table.columns
        width = len(columns) + 2
        sheet_append(ws, [f"{item.number}. {clean_text(item.title)}"])
        sheet_append(ws, [f"{item.number}.1 {clean_text(item.results_heading)}"])
        sheet_append(ws, [f"{self.round.office.name} รอบที่ {self.round.number}/{self.round.fiscal_year_be}"])
        ws["A1"].font = TITLE
        for row in (1, 2, 3):
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            ws.cell(row, 1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[1].height = 36
        ws.row_dimensions[2].height = 36
        header = ["รายการ", *[f"{c.label} ({c.unit})" if c.unit else c.label for c in columns], "หมายเหตุ"]
        sheet_append(ws, header)
        head = ws.max_row
        first = head + 1
        for r in table.rows:
            sheet_append(ws, [r.label, *[r.values.get(c.key) for c in columns], cell_text(r.note)])
        last = ws.max_row
        letters = {c.key: get_column_letter(i + 2) for i, c in enumerate(columns)}
        total: list[str | None] = [table.total_label or "รวม"]
        for c in columns:
            weight = letters.get(c.weight_key) if c.weight_key else None
            total.append(total_formula(c, letters[c.key], first, last, weight) if table.rows else None)
        ws.append([None, *total[1:], ""])  # live formulas
        total_row = ws.max_row
        sheet_write(ws.cell(total_row, 1), total[0])
        format_results_table(ws, columns, head=head, first=first, total_row=total_row, width=width)
        ws.column_dimensions[get_column_letter(width)].width = 40
        ws.freeze_panes = ws.cell(first, 2)
        if table.rows:
            ws.auto_filter.ref = f"A{head}:{get_column_letter(width)}{last}"
            add_bar_charts(ws, table, head, first, last, letters, anchor_row=total_row + 2)

    def _narratives(self) -> None:
        ws = self.wb.create_sheet("ผลการดำเนินงาน (ข้อความ)")
        header = ["ข้อ", "ชื่อข้อ", "หัวข้อ", "ประเด็นย่อย", "หน่วยงาน", "ชื่อหน่วยงาน", "ข้อความ"]
        sheet_append(ws, header)
        for block in self.report.items:
            title = clean_text(block.item.title)
            n = block.item.number
            for sub in block.subtopics:
                sub_title = f"{sub.number}) {clean_text(sub.title)}" if sub.number is not None else ""
                for e in sub.entries:
                    sheet_append(
                        ws,
                        [
                            n,
                            title,
                            f"{n}.1 ผลการดำเนินงาน",
                            sub_title,
                            e.label,
                            e.agency.name,
                            cell_text(e.text),
                        ],
                    )
            for number, heading, attr in TEXT_SECTIONS:
                for e in getattr(block, attr):
                    sheet_append(
                        ws,
                        [n, title, f"{n}.{number} {heading}", "", e.label, e.agency.name, cell_text(e.text)],
                    )
        self._table_sheet(ws, [6, 40, 26, 40, 14, 36, 90])

    def _problems(self) -> None:
        ws = self.wb.create_sheet("ปัญหาอุปสรรค")
        sheet_append(
            ws,
            [
                "ข้อ",
                "ชื่อข้อ",
                "หน่วยงาน",
                "ชื่อหน่วยงาน",
                "ลำดับ",
                "ปัญหา/อุปสรรค",
                "แนวทางการแก้ไขปัญหา",
                "ผลที่คาดว่าจะได้รับ",
            ],
        )
        for block in self.report.items:
            title = clean_text(block.item.title)
            for group in block.problems:
                for i, row in enumerate(group.rows, start=1):
                    sheet_append(
                        ws,
                        [
                            block.item.number,
                            title,
                            group.label,
                            group.agency.name,
                            i,
                            cell_text(row.problem),
                            cell_text(row.solution),
                            cell_text(row.expected_result),
                        ],
                    )
        self._table_sheet(ws, [6, 40, 14, 36, 7, 50, 50, 50])

    @staticmethod
    def _table_sheet(ws: Worksheet, widths: list[int]) -> None:
        format_text_sheet(ws, widths)


def format_text_sheet(ws: Worksheet, widths: list[int]) -> None:
    """A sheet of texts with its header in row 1: header style, widths, wrapped cells, filter."""
    for cell in ws[1]:
        cell.font, cell.fill, cell.border, cell.alignment = BOLD, HEADER_FILL, BOX, CENTER
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    if ws.max_row > 1:
        # One style for every body cell, copied rather than assigned cell by cell (openpyxl looks
        # each assignment up in its style tables, which is what made large rounds slow).
        proto = ws.cell(2, 1)
        proto.alignment = WRAP_TOP
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell._style = copy(proto._style)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{max(ws.max_row, 1)}"


def write_xlsx(report: RoundReport, target: str | Path | BinaryIO) -> None:
    XlsxWriter(report).build().save(target)


def xlsx_bytes(report: RoundReport) -> bytes:
    buf = io.BytesIO()
    write_xlsx(report, buf)
    return buf.getvalue()
