"""DOCX, PDF and XLSX of the regional and national consolidated reports, as a user gets them."""

import io
import re
import shutil
import subprocess
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tidtam.common.chromium import chromium_executable
from tidtam.common.models import Job
from tidtam.orgs.models import Membership, OrgUnit

from .conftest import member

pytestmark = pytest.mark.django_db

Role = Membership.Role
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def region_url(code="REG-91"):
    return reverse("dashboards:region_report", kwargs={"code": code, "fy": 2567, "number": 2})


def national_url():
    return reverse("dashboards:national_report", kwargs={"fy": 2567, "number": 2})


class Downloaded:
    """A finished job's file as the browser receives it (status, headers, the bytes in `content`)."""

    def __init__(self, response):
        self.response, self.status_code = response, response.status_code
        self.content = b"".join(response.streaming_content)

    def __getitem__(self, header):
        return self.response[header]


def download(client, user, url, fmt, **params):
    """JSON in the request; a document as a user gets it: press the button (POST), which starts a job
    and redirects to its page, then take the file from there. Anything else is returned as it came."""
    client.force_login(user)
    if fmt not in ("docx", "pdf", "xlsx"):
        return client.get(url, {"format": fmt, **params})
    response = client.post(f"{url}?{urlencode({'format': fmt, **params})}")
    if response.status_code != 302:
        return response
    job = Job.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert job.status == Job.Status.DONE, job.error
    return Downloaded(client.get(reverse("jobs:download", kwargs={"pk": job.pk})))


def docx_text(content: bytes) -> str:
    """Every paragraph of the document (cover and table of contents included), one per line."""
    body = Document(io.BytesIO(content)).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(f"{W_NS}t")) for p in body.iter(f"{W_NS}p"))


def docx_tables(content: bytes) -> list[list[list[str]]]:
    """Cell texts, including what sits in content controls (the units under the column headings)."""
    return [
        [
            ["".join(t.text or "" for t in cell._tc.iter(f"{W_NS}t")) for cell in row.cells]
            for row in table.rows
        ]
        for table in Document(io.BytesIO(content)).tables
    ]


# --- DOCX ------------------------------------------------------------------------------------------------


def test_regional_docx_has_a_province_row_each_and_the_rolled_up_total(client, nation, regional_analyst_a):
    response = download(client, regional_analyst_a, region_url(), "docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")
    assert 'filename="reg-91-2567-2.docx"' in response["Content-Disposition"]
    results = docx_tables(response.content)[0]
    # Header: the province column, then the item's columns (mean columns marked), units under them.
    assert results[0][0] == "จังหวัด"
    assert results[0][1].startswith("จำนวนผู้ยื่นคำขอ") and "(ราย)" in results[0][1]
    assert "คะแนนเฉลี่ย †" in results[0][2]
    assert [row[0] for row in results[1:]] == ["จังหวัดหนึ่ง", "จังหวัดสอง", "รวม"]
    assert results[1][1:] == ["40", "85.00", "65.00", "-"]
    # Sum 10+30+20+60; mean over the four agency rows; weighted by count; "none" has no total.
    assert results[-1] == ["รวม", "120", "82.50", "68.33", "-"]
    text = docx_text(response.content)
    assert "สำนักงานศึกษาธิการภาคทดสอบ ก" in text
    assert "รอบที่ 2 ประจำปีงบประมาณ พ.ศ. 2567" in text
    assert "ยอดรวมของ “คะแนนเฉลี่ย” เป็นค่าเฉลี่ยของทุกหน่วยงาน ไม่ใช่ผลบวก" in text
    assert "จังหวัดสาม" not in text  # another region's province


def test_regional_docx_groups_texts_by_province_then_agency(client, nation, regional_analyst_a):
    content = download(client, regional_analyst_a, region_url(), "docx").content
    text = docx_text(content)
    lines = text.splitlines()
    first = lines.index("จังหวัดหนึ่ง", lines.index("1) การสร้างการรับรู้ ความเข้าใจ"))
    second = lines.index("จังหวัดสอง", first)
    assert lines.index("สพป.นง. ดำเนินการในจังหวัดTH-91") in range(first, second)
    assert lines.index("สพป.สง. ดำเนินการในจังหวัดTH-92") > second
    # The agency serving both provinces reports in each, under each province.
    assert text.count("สพม.นง. สง. ดำเนินการในจังหวัด") == 2
    # X.2: a heading row per province over its agencies' rows.
    problems = next(t for t in docx_tables(content) if t[0][0] == "ปัญหา/อุปสรรค")
    assert problems[1][0] == "จังหวัดหนึ่ง"
    assert problems[2][0] == "หน่วยงาน " + nation.agencies["A1"].name
    assert problems[3][0] == "ขาดงบประมาณ (สพป.นง.)"


def test_national_docx_leaves_texts_out_unless_asked(client, nation, national_analyst):
    plain = docx_text(download(client, national_analyst, national_url(), "docx").content)
    assert "กระทรวงศึกษาธิการ" in plain and "ระดับประเทศ" in plain
    assert "ดำเนินการในจังหวัด" not in plain
    assert "เอกสารนี้มีเฉพาะตารางสรุป" in plain
    full = docx_text(download(client, national_analyst, national_url(), "docx", texts="1").content)
    assert "สพป.สม. ดำเนินการในจังหวัดTH-93" in full
    total = docx_tables(download(client, national_analyst, national_url(), "docx").content)[0][-1]
    assert total == ["รวม", "160", "80.00", "73.75", "-"]


def test_docx_with_thai_digits(client, nation, regional_analyst_a):
    content = download(client, regional_analyst_a, region_url(), "docx", digits="thai").content
    assert docx_tables(content)[0][-1][:3] == ["รวม", "๑๒๐", "๘๒.๕๐"]
    assert "รอบที่ ๒ ประจำปีงบประมาณ พ.ศ. ๒๕๖๗" in docx_text(content)


# --- XLSX ------------------------------------------------------------------------------------------------


RANGE = re.compile(r"([A-Z]+)(\d+):([A-Z]+)(\d+)")


def cells(ws, ref: str) -> list[Decimal]:
    col, first, _col, last = RANGE.fullmatch(ref).groups()
    return [Decimal(str(ws[f"{col}{r}"].value or 0)) for r in range(int(first), int(last) + 1)]


def evaluate(ws, formula: str) -> Decimal:
    """What Excel computes for the total-row formulas the workbook uses (SUM, SUMPRODUCT/SUM)."""
    if m := re.fullmatch(r"=SUM\(([A-Z0-9:]+)\)", formula):
        return sum(cells(ws, m[1]), Decimal(0))
    m = re.fullmatch(
        r'=IF\(SUM\(([A-Z0-9:]+)\)=0,"",SUMPRODUCT\(([A-Z0-9:]+),([A-Z0-9:]+)\)/SUM\(\1\)\)', formula
    )
    assert m, formula
    bases, values = cells(ws, m[1]), cells(ws, m[2])
    return sum((v * b for v, b in zip(values, bases, strict=True)), Decimal(0)) / sum(bases, Decimal(0))


def test_regional_xlsx_total_row_holds_live_formulas(client, nation, regional_analyst_a):
    response = download(client, regional_analyst_a, region_url(), "xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames[:2] == ["ข้อมูลรายงาน", "ข้อ 1"]
    ws = wb["ข้อ 1"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=7)]
    assert rows[0][:5] == [
        "จังหวัด",
        "จำนวนผู้ยื่นคำขอ (ราย)",
        "คะแนนเฉลี่ย (คะแนน) †",
        "ร้อยละที่ผ่าน (ร้อยละ) †",
        "รหัสกลุ่ม",
    ]
    assert "จำนวนหน่วยงานที่รายงาน" in rows[0][5] and "ผลรวมจำนวนผู้ยื่นคำขอ" in rows[0][6]
    assert [r[0] for r in rows[1:]] == ["จังหวัดหนึ่ง", "จังหวัดสอง", "รวม"]
    # The bases: agencies reporting a score per province (2 and 2), Σ count behind each rate (40 and 80).
    assert [r[5:] for r in rows[1:3]] == [[2, 40], [2, 80]]
    total = rows[3]
    assert total[1] == "=SUM(B5:B6)"
    assert total[2] == '=IF(SUM(F5:F6)=0,"",SUMPRODUCT(C5:C6,F5:F6)/SUM(F5:F6))'
    assert total[3] == '=IF(SUM(G5:G6)=0,"",SUMPRODUCT(D5:D6,G5:G6)/SUM(G5:G6))'
    assert total[4] is None  # aggregation "none"
    # What Excel computes equals the report's totals (the mean of agency rows, not of provinces).
    assert evaluate(ws, total[1]) == 120
    assert evaluate(ws, total[2]) == Decimal("82.5")
    assert evaluate(ws, total[3]).quantize(Decimal("0.01")) == Decimal("68.33")
    assert "ไม่ใช่ค่าเฉลี่ยของค่ารายจังหวัด" in ws["C7"].comment.text
    # Texts by province and agency, filterable.
    texts = [[c.value for c in row] for row in wb["ผลการดำเนินงาน (ข้อความ)"].iter_rows(min_row=2)]
    assert ["จังหวัดหนึ่ง", "สพป.นง."] in [r[4:6] for r in texts]
    problems = list(wb["ปัญหาอุปสรรค"].iter_rows(min_row=2, values_only=True))
    assert ("จังหวัดสอง", "สพป.สง.") in [r[2:4] for r in problems]
    assert "ขาดงบประมาณ (สพป.สง.)" in [r[6] for r in problems]


def test_national_xlsx_totals_and_no_text_sheets_by_default(client, nation, national_analyst):
    wb = load_workbook(io.BytesIO(download(client, national_analyst, national_url(), "xlsx").content))
    assert "ผลการดำเนินงาน (ข้อความ)" not in wb.sheetnames
    ws = wb["ข้อ 1"]
    assert [ws.cell(r, 1).value for r in range(5, 9)] == ["จังหวัดหนึ่ง", "จังหวัดสอง", "จังหวัดสาม", "รวม"]
    assert evaluate(ws, ws["B8"].value) == 160
    assert evaluate(ws, ws["C8"].value) == 80
    assert evaluate(ws, ws["D8"].value) == Decimal("73.75")


# --- PDF -------------------------------------------------------------------------------------------------

needs_pdf_tools = pytest.mark.skipif(
    chromium_executable() is None or shutil.which("pdftotext") is None,
    reason="ต้องมี chromium และ pdftotext",
)


@pytest.mark.pdf
@needs_pdf_tools
def test_regional_pdf_text_layer_names_the_region_and_its_totals(client, nation, regional_analyst_a):
    response = download(client, regional_analyst_a, region_url(), "pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(  # noqa: S603
        [shutil.which("pdftotext"), "-enc", "UTF-8", "-", "-"],
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    assert "สำนักงานศึกษาธิการภาคทดสอบ ก" in text
    assert "จังหวัดหนึ่ง" in text and "82.50" in text and "68.33" in text


# --- who may download --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_a_provincial_coordinator_gets_not_found(client, nation, fmt):
    coordinator = member(Role.COORDINATOR, nation.offices["TH-91"])
    assert download(client, coordinator, region_url(), fmt).status_code == 404
    assert download(client, coordinator, national_url(), fmt).status_code == 404


def test_a_regional_analyst_downloads_only_their_region(client, nation, regional_analyst_a):
    assert download(client, regional_analyst_a, region_url("REG-92"), "docx").status_code == 404
    assert download(client, regional_analyst_a, national_url(), "xlsx").status_code == 404
    assert download(client, regional_analyst_a, region_url(), "csv").status_code == 404  # no such format


def test_the_report_page_links_the_downloads(client, nation, regional_analyst_a):
    client.force_login(regional_analyst_a)
    html = client.get(region_url()).content.decode()
    for fmt in ("docx", "pdf", "xlsx"):  # buttons that start a job
        assert f'<form method="post" action="?format={fmt}"' in html
    assert 'href="?format=json"' in html
    html = client.get(region_url(), {"item": 1}).content.decode()
    assert 'action="?format=docx&amp;item=1"' in html


def test_following_a_document_link_starts_nothing(client, nation, regional_analyst_a):
    client.force_login(regional_analyst_a)
    response = client.get(region_url(), {"format": "pdf"})
    assert response.status_code == 200 and "สร้างไฟล์" in response.content.decode()
    assert not Job.objects.exists()


def test_without_chromium_the_pdf_link_explains_in_thai(client, nation, regional_analyst_a, settings):
    settings.TIDTAM_CHROMIUM = "/nonexistent/chromium"
    client.force_login(regional_analyst_a)
    response = client.post(region_url() + "?format=pdf", follow=True)
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and job.user == regional_analyst_a
    assert "ไม่พบโปรแกรม Chromium" in response.content.decode()


# --- command ---------------------------------------------------------------------------------------------


def test_export_consolidated_command(nation, tmp_path):
    out = tmp_path / "region.xlsx"
    call_command(
        "export_consolidated",
        "--region",
        "REG-91",
        "--fy",
        "2567",
        "--round",
        "2",
        "--format",
        "xlsx",
        "-o",
        str(out),
    )
    ws = load_workbook(out)["ข้อ 1"]
    assert ws["A7"].value == "รวม" and evaluate(ws, ws["C7"].value) == Decimal("82.5")
    national = tmp_path / "national.docx"
    call_command("export_consolidated", "--national", "--fy", "2567", "--round", "2", "-o", str(national))
    assert docx_tables(national.read_bytes())[0][-1][1] == "160"
    with pytest.raises(CommandError, match="REG-99"):
        call_command(
            "export_consolidated", "--region", "REG-99", "--fy", "2567", "--round", "2", "-o", str(out)
        )


# --- the real seed -----------------------------------------------------------------------------------------


def test_region_4_docx_from_the_samut_sakhon_seed(client, db):
    from tidtam.testing import load_seed

    load_seed()
    analyst = member(Role.REGIONAL_ANALYST, OrgUnit.objects.get(code="REG-04"))
    url = reverse("dashboards:region_report", kwargs={"code": "REG-04", "fy": 2567, "number": 2})
    response = download(client, analyst, url, "docx", item=9)
    assert response.status_code == 200
    table = docx_tables(response.content)[0]
    assert [row[0] for row in table[1:]] == ["สมุทรสาคร", "สมุทรสงคราม", "เพชรบุรี", "ประจวบคีรีขันธ์", "รวม"]
    # Item 9's readiness score is a weighted mean (97.01), not the legacy report's printed sum 194.02.
    assert "97.01" in table[-1] and "194.02" not in docx_text(response.content)
    assert "สำนักงานศึกษาธิการภาค 4" in docx_text(response.content)


def test_national_documents_chart_the_regions(client, nation, national_analyst):
    """77 province bars cannot be read on A4: the nation's chart has a bar per region."""
    content = download(client, national_analyst, national_url(), "docx").content
    chart = next(
        part.blob.decode()
        for part in Document(io.BytesIO(content)).part.package.parts
        if "/charts/" in part.partname
    )
    assert "<c:v>ก</c:v>" in chart and "<c:v>ข</c:v>" in chart and "จังหวัดหนึ่ง" not in chart
    assert "แผนภูมิแสดงผลรวมรายสำนักงานศึกษาธิการภาค" in docx_text(content)
    ws = load_workbook(io.BytesIO(download(client, national_analyst, national_url(), "xlsx").content))["ข้อ 1"]
    labels = [row[0] for row in ws.iter_rows(min_row=9, values_only=True)]
    assert labels[labels.index("สำนักงานศึกษาธิการภาค") + 1 :][:2] == ["ศธภ.ก", "ศธภ.ข"]
    assert ws._charts, "the region table has its chart"


def test_national_pdf_with_every_text_is_refused_on_the_web(client, nation, national_analyst):
    response = download(client, national_analyst, national_url(), "pdf", texts="1")
    assert response.status_code == 400
    assert "tidtam export-consolidated" in response.content.decode()
