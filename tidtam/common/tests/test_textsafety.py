"""The one rule for text coming in (control characters stripped) and going out to spreadsheets
(never a formula), and a check that every exporter uses it instead of a copy."""

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tidtam.common.textsafety import csv_cell, has_control_chars, sheet_append, text_clean, texts_clean
from tidtam.dashboards.exports import rows_csv

ROOT = Path(__file__).resolve().parents[2]  # the tidtam package

# Every module that writes a spreadsheet (XLSX or CSV) of text people or files supplied.
SPREADSHEET_WRITERS = [
    "reports/workbook/build.py",
    "reports/exporters/xlsx.py",
    "reports/exporters/xlsx_minimal.py",  # the chart data inside DOCX charts: inline strings only
    "dashboards/exporters/xlsx.py",
    "dashboards/exports.py",
    "followups/exports.py",
    "formdefs/workbook.py",
]


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("ปกติ\tมีแท็บ\nบรรทัดใหม่\r\n", "ปกติ\tมีแท็บ\nบรรทัดใหม่\r\n"),
        ("a\x00b\x01c\x0bd\x0ce\x1ff\x7fg", "abcdefg"),
        ("ครึ่ง\ud800คู่", "ครึ่งคู่"),
        ("\ufffe\uffff", ""),
        ("", ""),
    ],
)
def test_control_characters_are_stripped_and_nothing_else(raw, clean):
    assert text_clean(raw) == clean
    assert has_control_chars(raw) == (raw != clean)


def test_a_parsed_document_is_cleaned_all_the_way_down():
    assert texts_clean({"a\x00": ["x\x01", {"k": "v\x7f", "n": 5}], "b": None}) == {
        "a": ["x", {"k": "v", "n": 5}],
        "b": None,
    }


@pytest.mark.parametrize(
    "value,written",
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+66 81", "'+66 81"),
        ("-ลดขั้นตอน", "'-ลดขั้นตอน"),
        ("@ทุกคน", "'@ทุกคน"),
        ("\tแท็บ", "'\tแท็บ"),
        ("\rขึ้นบรรทัด", "'\rขึ้นบรรทัด"),
        ("-12.5", "-12.5"),  # a number stays a number
        ("+3", "+3"),
        ("ปกติ", "ปกติ"),
        (7, 7),
    ],
)
def test_csv_cells_that_would_run_as_formulas_get_an_apostrophe(value, written):
    assert csv_cell(value) == written


def test_the_dashboard_csv_writes_no_formula():
    text = rows_csv(["=cmd|' /C calc'!A0", "จำนวน"], [["@SUM(1+1)", "-3"], ["-ลดลง", "12"]])
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["'=cmd|' /C calc'!A0", "จำนวน"], ["'@SUM(1+1)", "-3"], ["'-ลดลง", "12"]]


def test_sheet_text_stays_text_and_loses_its_control_characters():
    wb = Workbook()
    ws = wb.active
    sheet_append(ws, ["=1+1", "ก\x0bข", 5, None])
    out = io.BytesIO()
    wb.save(out)
    cells = load_workbook(io.BytesIO(out.getvalue())).active[1]
    assert [(c.value, c.data_type) for c in cells] == [("=1+1", "s"), ("กข", "s"), (5, "n")]


def _source(relative: str) -> str:
    return (ROOT / relative).read_text(encoding="utf-8")


@pytest.mark.parametrize("relative", SPREADSHEET_WRITERS)
def test_every_spreadsheet_writer_uses_the_one_guard(relative):
    source = _source(relative)
    assert "from tidtam.common.textsafety import" in source
    # Rows go through sheet_append; a bare ws.append is an empty spacer or the row of live formulas.
    for line in re.findall(r"^.*\bws\.append\(.*$", source, flags=re.M):
        assert "ws.append([])" in line or "# live formulas" in line, line


CSV_WRITERS = ["dashboards/exports.py", "followups/exports.py"]


def test_there_is_no_second_formula_guard():
    copies = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{relative}" or relative == "common/textsafety.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"""startswith\(\(?["']=["']|data_type\s*=\s*["']s["']|csv\.writer\(""", text):
            copies.append(relative)
    # The CSV writers (dashboards, the follow-up register) pass every row through csv_row.
    assert sorted(copies) == sorted(CSV_WRITERS)
    assert all("csv_row(" in _source(path) for path in CSV_WRITERS)
    # Every Workbook() made in the project is made by one of the guarded writers.
    makers = {
        p.relative_to(ROOT).as_posix()
        for p in ROOT.rglob("*.py")
        if "/tests/" not in p.as_posix() and "Workbook()" in p.read_text(encoding="utf-8")
    }
    assert makers <= set(SPREADSHEET_WRITERS)


# Every way text enters, and the function it must call (behaviour per way: submissions/tests/
# test_control_chars.py, ingest/tests/test_hostile_imports.py, the workbook tests).
TEXT_ENTRIES = {
    "common/middleware.py": "text_clean",  # web form posts and query strings
    "submissions/content.py": "text_clean",  # submission_update, comment_add: every saved submission text
    "reports/workbook/read.py": "text_clean",  # fill-in workbook cells
    "ingest/legacy/lines.py": "text_clean",  # legacy .txt and .docx
    "ingest/legacy/textutil.py": "text_clean",  # HTML entities unescaped in legacy text
    "ingest/canonical.py": "texts_clean",  # JSON rounds and the parser's output
}


@pytest.mark.parametrize("relative,function", sorted(TEXT_ENTRIES.items()))
def test_every_way_text_enters_uses_the_one_cleaner(relative, function):
    source = _source(relative)
    assert re.search(rf"from tidtam\.common\.textsafety import .*\b{function}\b", source)
    assert f"{function}(" in source


def test_there_is_no_second_list_of_control_characters():
    copies = [
        path.relative_to(ROOT).as_posix()
        for path in ROOT.rglob("*.py")
        if "/tests/" not in path.as_posix()
        and path.name != "textsafety.py"
        and re.search(r"\\x0b\\x0c|\\x00-\\x08|\\x0e-\\x1f", path.read_text(encoding="utf-8"))
    ]
    assert copies == []
