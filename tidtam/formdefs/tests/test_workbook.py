"""The Excel workbook of a version: invalid workbooks are refused with Thai errors naming sheet, row, cell."""

import io

import pytest
from openpyxl import load_workbook

from tidtam.formdefs.services import template_files, template_load
from tidtam.formdefs.spec import template_spec
from tidtam.formdefs.workbook import WorkbookInvalid, spec_to_workbook
from tidtam.formdefs.workbook_read import workbook_to_spec

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook():
    template, _ = template_load(path=template_files()[0])
    return load_workbook(io.BytesIO(spec_to_workbook(template_spec(template))))


def problems_of(wb) -> list[str]:
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(WorkbookInvalid) as exc:
        workbook_to_spec(out.getvalue())
    return exc.value.problems


def row_of(ws, **match) -> int:
    header = [c.value for c in ws[1]]
    for index, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        if all(row[header.index(k)] == v for k, v in match.items()):
            return index
    raise AssertionError(match)


def test_a_rule_naming_an_unknown_column(workbook):
    ws = workbook["rules"]
    row = row_of(ws, item="P1.I2", id="matched_le_submitted")
    ws.cell(row=row, column=4, value="tms_matchd <= tms_submitted")
    [problem] = problems_of(workbook)
    assert f"แผ่นงาน rules แถว {row} ช่อง D{row} (expression)" in problem and "tms_matchd" in problem


def test_a_duplicate_column_key(workbook):
    ws = workbook["columns"]
    row = row_of(ws, item="P1.I1", key="dpa_failed")
    ws.cell(row=row, column=2, value="dpa_passed")
    problems = problems_of(workbook)
    assert any(f"แผ่นงาน columns แถว {row} ช่อง B{row}" in p and "ซ้ำ" in p for p in problems)


def test_a_duplicate_item_code(workbook):
    ws = workbook["items"]
    ws.cell(row=3, column=1, value=ws.cell(row=2, column=1).value)
    problems = problems_of(workbook)
    assert any("แผ่นงาน items แถว 3 ช่อง A3" in p and "ซ้ำ" in p for p in problems)


def test_a_weight_that_is_not_a_column(workbook):
    ws = workbook["columns"]
    row = row_of(ws, key="readiness_score_avg")
    ws.cell(row=row, column=7, value="schools")
    [problem] = problems_of(workbook)
    assert f"แผ่นงาน columns แถว {row} ช่อง G{row} (weight)" in problem and "schools" in problem


def test_an_unknown_aggregation_and_an_unknown_item(workbook):
    ws = workbook["columns"]
    ws.cell(row=2, column=6, value="average")
    ws.cell(row=3, column=1, value="P9.I99")
    problems = problems_of(workbook)
    assert any("ช่อง F2 (aggregation)" in p and "average" in p for p in problems)
    assert any("ช่อง A3 (item)" in p and "P9.I99" in p for p in problems)


def test_a_number_that_is_not_a_number_and_a_missing_sheet(workbook):
    workbook["items"].cell(row=2, column=2, value="หนึ่ง")
    del workbook["subtopics"]
    problems = problems_of(workbook)
    assert any("แผ่นงาน items แถว 2 ช่อง B2 (number)" in p for p in problems)
    assert "ไม่พบแผ่นงาน subtopics" in problems


def test_a_file_that_is_not_a_workbook():
    with pytest.raises(WorkbookInvalid, match="เปิดไฟล์ Excel ไม่ได้"):
        workbook_to_spec(b"not a workbook")


@pytest.fixture
def fy2568_workbook():
    """FY 2568's workbook, with FY 2567 (the version it continues) in the system."""
    for path in template_files():
        template, _ = template_load(path=path)
    return load_workbook(io.BytesIO(spec_to_workbook(template_spec(template))))


def test_continuing_what_the_previous_version_lacks_names_the_cell(fy2568_workbook):
    items, columns = fy2568_workbook["items"], fy2568_workbook["columns"]
    item_row = row_of(items, code="P1.I6")
    items.cell(row=item_row, column=9, value="P1.I66")
    column_row = row_of(columns, key="investment_current_year")
    columns.cell(row=column_row, column=8, value="investment_2599")
    problems = problems_of(fy2568_workbook)
    assert any(
        f"แผ่นงาน items แถว {item_row} ช่อง I{item_row} (continues_from)" in p and "P1.I66" in p
        for p in problems
    )
    assert any(
        f"แผ่นงาน columns แถว {column_row} ช่อง H{column_row} (continues_from)" in p and "investment_2599" in p
        for p in problems
    )


def test_an_unknown_previous_version_names_its_setting(fy2568_workbook):
    settings = fy2568_workbook["settings"]
    row = row_of(settings, key="previous_version")
    settings.cell(row=row, column=2, value="2566.9")
    [problem] = problems_of(fy2568_workbook)
    assert f"แผ่นงาน settings แถว {row} ช่อง B{row} (value)" in problem and "2566.9" in problem


def test_codes_keys_and_lengths_the_database_cannot_keep(workbook):
    items, columns, rules = workbook["items"], workbook["columns"], workbook["rules"]
    items.cell(row=2, column=3, value="1." * 10)  # numbering: 16 characters at most
    row = row_of(columns, key="dpa_failed")
    columns.cell(row=row, column=4, value="หน่วย" * 8)  # unit: 32 characters at most
    key_row = row_of(columns, key="tms_matched")
    columns.cell(row=key_row, column=2, value="tms matched")
    rules.cell(row=2, column=2).value = None  # a rule without an id
    problems = problems_of(workbook)
    assert any("แผ่นงาน items แถว 2 ช่อง C2 (numbering)" in p and "ยาวเกิน 16" in p for p in problems)
    assert any(f"ช่อง D{row} (unit)" in p and "ยาวเกิน 32" in p for p in problems)
    assert any(f"ช่อง B{key_row} (key)" in p and "«tms matched»" in p for p in problems)
    assert any("แผ่นงาน rules แถว 2 ช่อง B2 (id): ไม่มีรหัสกฎ" in p for p in problems), problems


def test_a_moved_header_is_named_where_it_is(workbook):
    ws = workbook["columns"]
    ws.insert_cols(1)  # every column one to the right; the reader finds them by their header
    row = row_of(ws, key="readiness_score_avg")
    ws.cell(row=row, column=8, value="schools")
    [problem] = problems_of(workbook)
    assert f"ช่อง H{row} (weight)" in problem
