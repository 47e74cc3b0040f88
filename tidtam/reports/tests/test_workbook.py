"""The agencies' Excel round trip: download own workbook, fill offline, upload, see the difference,
confirm, saved through the entry service with source "excel"."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tidtam.common.models import AuditEvent
from tidtam.formdefs.services import template_load
from tidtam.orgs.models import Membership, OrgUnit
from tidtam.orgs.services import orgs_load_hierarchy
from tidtam.orgs.tests.factories import AgencyFactory, AgencyServiceFactory, MembershipFactory, UserFactory
from tidtam.submissions.models import Submission, TableValue
from tidtam.submissions.services import round_open, submission_update

from .conftest import TEMPLATE


@pytest.fixture
def open_round(db):
    orgs_load_hierarchy()
    template, _ = template_load(path=TEMPLATE)
    office = OrgUnit.objects.get(code="TH-74-PEO")
    first = AgencyFactory(parent=office, code="TH-74-spp", name="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสมุทรสาคร")
    second = AgencyFactory(
        parent=office, code="TH-74-vec", name="สำนักงานอาชีวศึกษาจังหวัดสมุทรสาคร", agency_kind="vec"
    )
    AgencyServiceFactory(agency=first, office=office, label="สพป.สค.", order=0)
    AgencyServiceFactory(agency=second, office=office, label="สอศ.สค.", order=1)
    round_ = round_open(
        office=office,
        fiscal_year_be=2568,
        number=1,
        template=template,
        due_date=None,
        by=UserFactory(is_superuser=True),
    )
    reporter = MembershipFactory(org_unit=first, role=Membership.Role.AGENCY_REPORTER).user
    return round_, first, second, reporter


def workbook_url(round_, agency, name="workbook") -> str:
    return reverse(f"reports:{name}", kwargs={"key": round_.key, "code": agency.code})


def download(client, round_, agency, **params) -> bytes:
    response = client.get(workbook_url(round_, agency), params)
    assert response.status_code == 200
    return response.content


def fill(content: bytes, sheet: str, **cells) -> io.BytesIO:
    """Type into the input column (D) of the rows whose hidden key (A) is given."""
    wb = load_workbook(io.BytesIO(content))
    ws = wb[sheet]
    for key, value in cells.items():
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == key.replace("__", ":"))
        ws.cell(row, 4).value = value
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "filled.xlsx"
    return out


def upload(client, round_, agency, file):
    return client.post(workbook_url(round_, agency, "workbook_upload"), {"workbook": file})


def item1(round_, agency) -> Submission:
    return Submission.objects.get(round=round_, agency=agency, item__number=1)


def test_an_agency_downloads_its_own_workbook_with_one_sheet_per_item(client, open_round):
    round_, first, _, reporter = open_round
    client.force_login(reporter)
    wb = load_workbook(io.BytesIO(download(client, round_, first)))
    assert wb.sheetnames[:3] == ["คำอธิบาย", "ข้อ 1", "ข้อ 2"]
    assert wb["_tidtam"].sheet_state == "veryHidden"
    keys = [c.value for c in wb["ข้อ 1"]["A"]]
    assert "value:dpa_submitted" in keys and "narrative:1" in keys and "problem" in keys


def test_another_agencys_workbook_is_not_found(client, open_round):
    round_, _, second, reporter = open_round
    client.force_login(reporter)
    assert client.get(workbook_url(round_, second)).status_code == 404
    assert client.get(workbook_url(round_, second, "workbook_upload")).status_code == 404


def test_upload_shows_the_difference_and_saves_only_on_confirmation(client, open_round):
    round_, first, _, reporter = open_round
    client.force_login(reporter)
    filled = fill(
        download(client, round_, first),
        "ข้อ 1",
        value__dpa_submitted="๑,๒๐๐",
        value__dpa_passed=7,
        narrative__1="ชี้แจงหลักเกณฑ์ ว PA ให้สถานศึกษา\nบรรทัดที่สอง",
    )
    response = upload(client, round_, first, filled)
    page = response.content.decode()
    assert response.status_code == 200
    assert "รายการที่จะเปลี่ยน" in page and "1.1 ยื่นคำขอ DPA" in page and "1200" in page
    assert not TableValue.objects.filter(submission__round=round_).exists()  # nothing saved yet

    token = client.session[f"tidtam-workbook-upload:{round_.pk}:{first.pk}"]["token"]
    response = client.post(workbook_url(round_, first, "workbook_apply"), {"token": token})
    assert response.status_code == 302
    sub = item1(round_, first)
    values = {tv.column.key: tv.value for tv in sub.values.select_related("column")}
    assert values == {"dpa_submitted": Decimal(1200), "dpa_passed": Decimal(7)}
    assert sub.narratives.get(subtopic__number=1).text == "ชี้แจงหลักเกณฑ์ ว PA ให้สถานศึกษา\nบรรทัดที่สอง"
    assert AuditEvent.objects.filter(source="excel", action="update", object_id=str(sub.pk)).exists()


def test_bad_cells_are_named_in_thai_and_nothing_is_saved(client, open_round):
    round_, first, _, reporter = open_round
    client.force_login(reporter)
    filled = fill(download(client, round_, first), "ข้อ 1", value__dpa_submitted="ห้าสิบ", value__dpa_passed=2.5)
    response = upload(client, round_, first, filled)
    page = response.content.decode()
    assert response.status_code == 400
    assert "«ยื่นคำขอ DPA» ต้องเป็นตัวเลข (พบ «ห้าสิบ»)" in page
    assert "«ผ่านเกณฑ์» ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป" in page
    assert "แผ่นงาน «ข้อ 1» ช่อง D" in page
    assert not TableValue.objects.filter(submission__round=round_).exists()


def test_a_save_in_between_is_a_conflict_and_nothing_is_saved(client, open_round):
    round_, first, _, reporter = open_round
    client.force_login(reporter)
    filled = fill(
        download(client, round_, first), "ข้อ 1", value__dpa_submitted=5, success_factors="ทีมงานเข้มแข็ง"
    )
    upload(client, round_, first, filled)
    token = client.session[f"tidtam-workbook-upload:{round_.pk}:{first.pk}"]["token"]
    sub = item1(round_, first)
    submission_update(
        submission=sub, by=reporter, expected_version=sub.version, values={"dpa_submitted": Decimal(9)}
    )

    response = client.post(workbook_url(round_, first, "workbook_apply"), {"token": token})
    assert response.status_code == 409
    assert "มีผู้บันทึกหลังจากท่านตรวจรายการเปลี่ยนแปลง" in response.content.decode()
    sub.refresh_from_db()
    assert sub.values.get().value == 9 and sub.success_factors == ""


def test_a_blank_form_leaves_unfilled_fields_as_saved(client, open_round):
    round_, first, _, reporter = open_round
    client.force_login(reporter)
    sub = item1(round_, first)
    submission_update(submission=sub, by=reporter, expected_version=sub.version, recommendations="เดิม")
    filled = fill(download(client, round_, first, blank="1"), "ข้อ 1", value__dpa_failed=3)
    page = upload(client, round_, first, filled).content.decode()
    assert "1.1 ไม่ผ่านเกณฑ์" in page
    assert "ข้อเสนอแนะ" not in page.split("รายการที่จะเปลี่ยน")[1].split("<form")[0]


def test_a_workbook_of_another_round_is_refused(client, open_round):
    round_, first, _, reporter = open_round
    client.force_login(reporter)
    content = download(client, round_, first)
    wb = load_workbook(io.BytesIO(content))
    wb["_tidtam"]["B2"] = "TH-74/2568/9"  # the round the file says it belongs to
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "other.xlsx"
    response = upload(client, round_, first, out)
    assert response.status_code == 400
    assert "ไม่ใช่รอบ TH-74/2568/1" in response.content.decode()


def test_the_round_page_offers_the_agency_its_workbook(client, open_round):
    round_, first, second, reporter = open_round
    client.force_login(reporter)
    page = client.get(reverse("web:round_detail", kwargs={"key": round_.key})).content.decode()
    assert workbook_url(round_, first, "workbook_upload") in page
    assert workbook_url(round_, second) not in page


def test_upload_preview_runs_the_entry_rules_and_the_landing_page_confirms(client, open_round):
    """Matched 25 > submitted 20 (item 2's rule) shows the rule's error before anything is saved; after
    confirming, the page the user lands on says what was saved."""
    round_, first, _, reporter = open_round
    client.force_login(reporter)
    filled = fill(download(client, round_, first), "ข้อ 2", value__tms_submitted=20, value__tms_matched=25)
    page = upload(client, round_, first, filled).content.decode()
    assert "จำนวนที่จับคู่ได้ ต้องไม่เกินจำนวนที่ยื่นคำขอ TMS" in page
    assert "ตรวจพบข้อผิดพลาด 1 รายการ" in page and "finding-error" in page

    token = client.session[f"tidtam-workbook-upload:{round_.pk}:{first.pk}"]["token"]
    response = client.post(workbook_url(round_, first, "workbook_apply"), {"token": token}, follow=True)
    assert response.status_code == 200
    assert "บันทึกข้อมูลจากไฟล์ Excel แล้ว 1 ข้อ (2)" in response.content.decode()
