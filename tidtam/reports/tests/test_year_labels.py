"""Year-relative labels render for the round everywhere: web report, API, JSON, DOCX, XLSX, fill-in workbook."""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tidtam.formdefs.services import template_files, template_load
from tidtam.ingest.services import report_import
from tidtam.ingest.tests.test_relative_years import shifted_report
from tidtam.orgs.services import orgs_load_hierarchy
from tidtam.orgs.tests.factories import UserFactory
from tidtam.reports.assembly import round_report
from tidtam.reports.exporters.docx import docx_bytes
from tidtam.reports.exporters.json import round_to_dict
from tidtam.reports.exporters.xlsx import xlsx_bytes
from tidtam.reports.workbook.build import entry_workbook_bytes
from tidtam.submissions.models import Submission

pytestmark = pytest.mark.django_db

PREVIOUS, CURRENT = "งบลงทุนที่ได้รับจัดสรร ปี 2567", "งบลงทุนที่ได้รับจัดสรร ปี 2568"


@pytest.fixture
def fy2568_round(tmp_path):
    orgs_load_hierarchy()
    for path in template_files():
        template_load(path=path)
    return report_import(path=shifted_report(tmp_path)).round


def test_every_output_reads_the_rounds_years(fy2568_round, client):
    round_ = fy2568_round
    assert round_.template.version == "2568.1"
    report = round_report(round_=round_, item_numbers=[9])
    labels = [c.label for c in report.items[0].table.columns]
    assert labels[2:] == [PREVIOUS, CURRENT]

    item9 = next(i for i in round_to_dict(round_)["items"] if i["number"] == 9)
    assert [c["label"] for c in item9["results_table"]["columns"]][2:] == [PREVIOUS, CURRENT]

    with zipfile.ZipFile(io.BytesIO(docx_bytes(round_report(round_=round_)))) as z:
        document = z.read("word/document.xml").decode("utf-8")
    assert "ปี 2568" in document and "{fy" not in document

    wb = load_workbook(io.BytesIO(xlsx_bytes(round_report(round_=round_))))
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert any(CURRENT in c for c in cells) and not any("{fy" in c for c in cells)

    subs = list(
        Submission.objects.filter(round=round_, item__number=9).select_related("item", "round", "agency")
    )
    fill_in = load_workbook(
        io.BytesIO(
            entry_workbook_bytes(round_=round_, agency=subs[0].agency, submissions=subs[:1], prefill=True)
        )
    )
    cells = [str(c.value) for ws in fill_in.worksheets for row in ws.iter_rows() for c in row if c.value]
    assert any(CURRENT in c for c in cells) and not any("{fy" in c for c in cells)

    client.force_login(UserFactory(username="admin-labels", is_superuser=True))
    page = client.get(reverse("web:item_detail", kwargs={"key": round_.key, "number": 9})).content.decode()
    assert CURRENT in page and "{fy" not in page
    api = client.get(reverse("api:round_detail", kwargs={"key": round_.key})).json()
    item = next(i for i in api["items"] if i["number"] == 9)
    assert [c["label"] for c in item["columns"]][2:] == [PREVIOUS, CURRENT]
