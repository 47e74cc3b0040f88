"""No user text is ever written as a formula: the fill-in workbook keeps "=…", "+…", "-…", "@…" as
text, and an unchanged re-upload of a downloaded workbook changes nothing."""

import io

from openpyxl import load_workbook

from tidtam.common.tests import hostile_files
from tidtam.reports.selectors import workbook_submissions
from tidtam.reports.workbook import read_upload
from tidtam.submissions.content import content_of
from tidtam.submissions.models import NarrativeEntry
from tidtam.submissions.services import submission_update

from .test_workbook import download, fill, item1, open_round, upload  # noqa: F401 - fixture

HOSTILE = {
    "narratives": {1: '=HYPERLINK("http://example.invalid","คลิก")', 2: "+66 81 234 5678 โทรได้ทุกวัน"},
    "problems": [
        {"problem": "=1+1", "solution": "-ลดขั้นตอน", "expected_result": "@ทุกโรงเรียน"},
        {"problem": "-", "solution": "=A1", "expected_result": "+"},
    ],
    "success_factors": "-ทีมงานเข้มแข็ง\n=ผู้บริหารสนับสนุน",
    "recommendations": "@ส่วนกลาง",
    "table_note": "=SUM(D4:D6)",
}


def test_text_that_looks_like_a_formula_survives_download_and_unchanged_upload(client, open_round):  # noqa: F811 - the fixture
    round_, first, _, reporter = open_round
    client.force_login(reporter)
    sub = item1(round_, first)
    sub = submission_update(submission=sub, by=reporter, expected_version=sub.version, **HOSTILE)
    saved = content_of(sub)

    content = download(client, round_, first)
    ws = load_workbook(io.BytesIO(content))["ข้อ 1"]
    typed = {c.value: c.data_type for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert typed['=HYPERLINK("http://example.invalid","คลิก")'] == "s"
    assert typed["=1+1"] == "s" and typed["=A1"] == "s" and typed["=SUM(D4:D6)"] == "s"
    assert "f" not in typed.values()

    preview = read_upload(
        data=content,
        round_=round_,
        agency=first,
        submissions=workbook_submissions(round_=round_, agency=first),
    )
    assert not preview.errors
    assert not preview.has_changes
    page = upload(client, round_, first, io.BytesIO(content)).content.decode()
    assert "รายการที่จะเปลี่ยน" not in page or "1.2" not in page
    sub.refresh_from_db()
    assert content_of(sub) == saved
    assert saved.narratives[1].startswith("=HYPERLINK") and saved.problems[0]["problem"] == "=1+1"


def test_a_formula_typed_without_a_computed_value_is_named_in_thai(client, open_round):  # noqa: F811 - the fixture
    round_, first, _, reporter = open_round
    client.force_login(reporter)
    filled = fill(download(client, round_, first), "ข้อ 1", value__dpa_submitted="=1+2")  # saved uncalculated
    response = upload(client, round_, first, filled)
    assert response.status_code == 400
    assert "เป็นสูตรที่ยังไม่มีผลคำนวณ กรุณาพิมพ์เป็นตัวเลข" in response.content.decode()


def test_a_hostile_upload_is_a_thai_400_on_the_page_not_a_500(client, open_round):  # noqa: F811 - the fixture
    round_, first, _, reporter = open_round
    client.force_login(reporter)
    for content in (
        hostile_files.with_dtd(hostile_files.BILLION_LAUGHS),
        hostile_files.claims_a_million_rows(),
        b"not a workbook",
    ):
        upload_file = io.BytesIO(content)
        upload_file.name = "hostile.xlsx"
        response = upload(client, round_, first, upload_file)
        assert response.status_code == 400
        assert "กรุณาอัปโหลดไฟล์ .xlsx ที่ดาวน์โหลดจากระบบ" in response.content.decode()


def test_text_saved_with_control_characters_before_they_were_stripped_still_downloads(client, open_round):  # noqa: F811
    round_, first, _, reporter = open_round
    client.force_login(reporter)
    sub = item1(round_, first)
    submission_update(submission=sub, by=reporter, expected_version=sub.version, narratives={1: "เดิม"})
    NarrativeEntry.objects.filter(submission=sub).update(text="ข้อความ\x0bเก่า\x01")  # as older versions saved
    content = download(client, round_, first)
    ws = load_workbook(io.BytesIO(content))["ข้อ 1"]
    assert "ข้อความเก่า" in [c.value for row in ws.iter_rows() for c in row]
