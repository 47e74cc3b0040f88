"""The workbook: live totals that follow each column's aggregation, and filterable text sheets."""

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def workbook(exports):
    return load_workbook(exports.xlsx)


def cell_after(ws, label: str, column: int) -> str:
    row = next(r for r in ws.iter_rows(min_col=1, max_col=1) if r[0].value == label)[0].row
    return ws.cell(row, column).value


def test_one_sheet_per_table_and_the_text_sheets(workbook):
    assert workbook.sheetnames == [
        "ข้อมูลรอบ",
        "ข้อ 1",
        "ข้อ 2",
        "ข้อ 3",
        "ข้อ 4",
        "ข้อ 5",
        "ข้อ 6",
        "ข้อ 9",
        "ข้อ 14",
        "ผลการดำเนินงาน (ข้อความ)",
        "ปัญหาอุปสรรค",
    ]


def test_item_1_total_is_a_sum_formula_over_the_agency_rows(workbook):
    ws = workbook["ข้อ 1"]
    assert [c.value for c in ws[4]][:3] == ["รายการ", "ยื่นคำขอ DPA (ราย)", "ผ่านเกณฑ์ (ราย)"]
    assert cell_after(ws, "สพป.สค.", 2) == 493
    assert cell_after(ws, "รวมจำนวน(ราย)", 2) == "=SUM(B5:B9)"
    assert ws.freeze_panes == "B5"
    assert ws.auto_filter.ref == "A4:G9"


def test_weighted_mean_total_uses_sumproduct_with_the_weight_column(workbook):
    ws = workbook["ข้อ 9"]
    formula = cell_after(ws, "รวม", 3)
    assert formula.startswith("=IFERROR(SUMPRODUCT(C5:C6,B5:B6)/")
    assert cell_after(ws, "รวม", 4) == "=SUM(D5:D6)"


def test_narratives_and_problems_have_agency_item_and_subtopic_columns_under_a_filter(workbook):
    ws = workbook["ผลการดำเนินงาน (ข้อความ)"]
    assert [c.value for c in ws[1]] == ["ข้อ", "ชื่อข้อ", "หัวข้อ", "ประเด็นย่อย", "หน่วยงาน", "ชื่อหน่วยงาน", "ข้อความ"]
    first = [c.value for c in ws[2]]
    assert first[0] == 1 and first[3].startswith("1) การสร้างการรับรู้") and first[4] == "สพป.สค."
    assert ws.auto_filter.ref.startswith("A1:G")
    assert ws.freeze_panes == "A2"
    problems = workbook["ปัญหาอุปสรรค"]
    assert [c.value for c in problems[1]][5:] == ["ปัญหา/อุปสรรค", "แนวทางการแก้ไขปัญหา", "ผลที่คาดว่าจะได้รับ"]
    assert problems.auto_filter.ref.startswith("A1:H")
    assert problems.max_row > 50
