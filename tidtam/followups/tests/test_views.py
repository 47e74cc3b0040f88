import csv
import io
import shutil
import subprocess

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from tidtam.followups.models import FollowUp, FollowUpUpdate
from tidtam.reports.assembly import round_report
from tidtam.reports.exporters.docx import docx_bytes
from tidtam.reports.exporters.pdf import write_pdf
from tidtam.submissions.models import Submission

pytestmark = pytest.mark.django_db
REGISTER = reverse("followups:register")


def test_the_register_lists_the_office_followups_oldest_first_with_filters(client, people):
    client.force_login(people.users["coordinator"])
    page = client.get(REGISTER)
    assert page.status_code == 200
    assert page.context["page"].paginator.count == FollowUp.objects.count()
    body = page.content.decode()
    assert "ทะเบียนเรื่องที่ติดตาม" in body and "chart-followups-data" in body
    # The chart's table: one row per item, its counts adding up to every follow-up listed.
    by_item = page.context["register"].by_item
    assert [n for n, _counts in by_item] == sorted(
        set(FollowUp.objects.values_list("item_number", flat=True))
    )
    assert sum(sum(counts) for _n, counts in by_item) == FollowUp.objects.count()
    assert "ตารางข้อมูลของแผนภูมิ" in body
    item4 = client.get(REGISTER, {"item": "4", "kind": "problem"}).context["page"].paginator.object_list
    assert item4 and {(f.item_number, f.kind) for f, _age in item4} == {(4, "problem")}
    assert client.get(REGISTER, {"status": "resolved"}).context["page"].paginator.count == 0
    assert client.get(REGISTER, {"age": "2"}).context["page"].paginator.count == 0
    assert client.get(REGISTER, {"item": "x' OR 1=1", "status": "bogus"}).status_code == 200


def test_the_register_exports_csv_and_xlsx_with_what_the_filters_chose(client, people):
    client.force_login(people.users["coordinator"])
    f = FollowUp.objects.filter(item_number=4).first()
    FollowUp.objects.filter(pk=f.pk).update(text='=HYPERLINK("http://x")')
    response = client.get(REGISTER, {"item": "4", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["รหัส", "รอบที่พบ", "ข้อ"]
    assert len(rows) - 1 == FollowUp.objects.filter(item_number=4).count()
    assert any(r[6].startswith("'=HYPERLINK") for r in rows[1:])  # never a live formula
    xlsx = client.get(REGISTER, {"item": "4", "format": "xlsx"})
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert ws.max_row - 1 == len(rows) - 1
    assert all(c.data_type == "s" for c in ws["G"][1:])


def test_an_agency_sees_its_own_followups_only(client, people):
    client.force_login(people.users["reporter"])
    rows = client.get(REGISTER).context["page"].paginator.object_list
    own = people.agencies["สพม.สค. สส."]
    assert rows and {f.agency_id for f, _age in rows} == {own.pk}
    other = FollowUp.objects.exclude(agency=own).first()
    assert client.get(reverse("followups:detail", kwargs={"pk": other.pk})).status_code == 404
    assert client.get(reverse("followups:detail", kwargs={"pk": rows[0][0].pk})).status_code == 200


def test_anonymous_users_are_sent_to_log_in(client, seed_round):
    assert client.get(REGISTER).status_code == 302


def _entry(people):
    round_ = people.open_next_round()
    return Submission.objects.get(round=round_, item__number=4, agency=people.agencies["สพม.สค. สส."])


def test_the_agency_answers_its_followups_on_its_report_of_the_next_round(client, people):
    sub = _entry(people)
    client.force_login(people.users["reporter"])
    page = client.get(reverse("submissions:entry", kwargs={"pk": sub.pk})).content.decode()
    f = FollowUp.objects.filter(item_number=4, agency=sub.agency).first()
    assert "ผลการติดตามจากรอบก่อน" in page and f.text[:40] in page and "ยังไม่ได้รายงานในรอบนี้" in page
    pdf = SimpleUploadedFile("หลักฐาน.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        reverse("followups:update", kwargs={"pk": f.pk}),
        {"submission": sub.pk, "status": "resolved", "note": "ได้รับจัดสรรงบประมาณแล้ว", "evidence": pdf},
    )
    assert response.status_code == 302 and response["Location"].endswith("#followups")
    update = FollowUpUpdate.objects.get(followup=f)
    assert update.round == sub.round and update.evidence.get().original_name == "หลักฐาน.pdf"
    assert FollowUp.objects.get(pk=f.pk).status == "resolved"
    # A closing status without a reason is refused with a Thai message, and nothing changes.
    other = FollowUp.objects.filter(item_number=4, agency=sub.agency).exclude(pk=f.pk).first()
    client.post(
        reverse("followups:update", kwargs={"pk": other.pk}),
        {"submission": sub.pk, "status": "not_relevant", "note": ""},
    )
    assert FollowUp.objects.get(pk=other.pk).status == "open"
    # The inspector reads but cannot answer.
    client.force_login(people.users["inspector"])
    denied = client.post(
        reverse("followups:update", kwargs={"pk": other.pk}), {"status": "in_progress", "note": "x"}
    )
    assert denied.status_code == 403


def test_the_report_of_the_next_round_shows_what_was_followed_up(client, people, tmp_path):
    from tidtam.followups.services import followup_update

    sub = _entry(people)
    f = FollowUp.objects.filter(item_number=4, agency=sub.agency, kind="problem").first()
    followup_update(
        followup=f,
        by=people.users["reporter"],
        status="in_progress",
        note="เสนอของบประมาณซ่อมแซมแล้ว",
        round_=sub.round,
    )
    client.force_login(people.users["coordinator"])
    web = client.get(reverse("web:item_detail", kwargs={"key": sub.round.key, "number": 4})).content.decode()
    assert "ผลการติดตามจากรอบก่อน" in web and "เสนอของบประมาณซ่อมแซมแล้ว" in web
    seed_page = client.get(reverse("web:item_detail", kwargs={"key": people.seed.key, "number": 4}))
    assert "ผลการติดตามจากรอบก่อน" not in seed_page.content.decode()  # nothing was followed up there
    # The section is optional: the page leaves it out on request, and offers downloads without it.
    hidden = client.get(
        reverse("web:item_detail", kwargs={"key": sub.round.key, "number": 4}), {"followups": "0"}
    ).content.decode()
    assert "เสนอของบประมาณซ่อมแซมแล้ว" not in hidden
    round_page = client.get(reverse("web:round_detail", kwargs={"key": sub.round.key})).content.decode()
    assert "ไม่รวมผลการติดตามจากรอบก่อน" in round_page and "report.pdf?followups=0" in round_page
    seed_round_page = client.get(reverse("web:round_detail", kwargs={"key": people.seed.key}))
    assert "ไม่รวมผลการติดตามจากรอบก่อน" not in seed_round_page.content.decode()

    report = round_report(round_=sub.round, item_numbers=[4])
    text = "\n".join(p.text for p in Document(io.BytesIO(docx_bytes(report))).paragraphs)
    assert "ผลการติดตามจากรอบก่อน" in text and "เสนอของบประมาณซ่อมแซมแล้ว" in text
    from tidtam.reports.exporters.layout import LayoutOptions

    without = "\n".join(
        p.text
        for p in Document(io.BytesIO(docx_bytes(report, options=LayoutOptions(followups=False)))).paragraphs
    )
    assert "ผลการติดตามจากรอบก่อน" not in without
    pdf = tmp_path / "r.pdf"
    write_pdf(report, pdf, toc_pages=False)
    pdftotext = shutil.which("pdftotext") or "pdftotext"
    layer = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)  # noqa: S603
    assert "ผลการติดตามจากรอบก่อน" in layer.stdout.decode()
    write_pdf(report, pdf, options=LayoutOptions(followups=False), toc_pages=False)
    layer = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)  # noqa: S603
    assert "ผลการติดตามจากรอบก่อน" not in layer.stdout.decode()


def test_the_api_lists_and_updates_followups_with_the_same_scope(client, people):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(people.users["reporter"])
    listed = api.get("/api/followups/", {"status": "open"}).json()
    assert listed and {r["agency"] for r in listed} == {"สพม.สค. สส."}
    target = listed[0]["id"]
    answered = api.post(
        f"/api/followups/{target}/", {"status": "in_progress", "note": "กำลังดำเนินการ"}, format="json"
    )
    assert answered.status_code == 201 and answered.json()["status"] == "in_progress"
    other = FollowUp.objects.exclude(agency=people.agencies["สพม.สค. สส."]).first()
    assert api.get(f"/api/followups/{other.pk}/").status_code == 404
    api.force_authenticate(people.users["inspector"])
    assert (
        api.post(f"/api/followups/{target}/", {"status": "resolved", "note": "x"}, format="json").status_code
        == 403
    )


def test_a_national_analyst_sees_counts_by_province_and_can_narrow_to_one(client, people, tmp_path):
    from tidtam.ingest.services import report_import
    from tidtam.testing import SEED

    other = tmp_path / "th73.txt"
    text = SEED.read_text(encoding="utf-8")
    other.write_text(
        text.replace("สมุทรสาคร", "นครปฐม").replace("สค.", "นฐ.").replace(" สมุทรสงคราม", ""), encoding="utf-8"
    )
    second = report_import(path=other).round
    assert second.key == "TH-73/2567/2"
    client.force_login(people.users["national"])
    rows = client.get(REGISTER).context["register"].by_province
    assert len(rows) == 2 and {r["province"].code for r in rows} == {"TH-74", "TH-73"}
    assert sum(r["open"] for r in rows) == FollowUp.objects.count()
    narrowed = client.get(REGISTER, {"province": str(second.office.parent_id)}).context["page"].paginator
    assert narrowed.count == FollowUp.objects.filter(origin_round=second).count() > 0
    # The office of one province sees its own province only, and no breakdown.
    client.force_login(people.users["coordinator"])
    assert client.get(REGISTER).context["register"].by_province == []


def _messages(response) -> list[str]:
    from django.contrib.messages import get_messages

    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "in_progress", "note": "ก" * 5001}, "ยาวเกิน 5000 ตัวอักษร"),
        ({"status": "done", "note": "ทำแล้ว"}, "สถานะไม่ถูกต้อง"),
        ({"note": "ทำแล้ว"}, "กรุณาเลือกสถานะ"),
        ({"status": "resolved", "note": " \x00\x07 "}, "ต้องระบุเหตุผลสั้น ๆ"),
        ({"status": "not_relevant"}, "ต้องระบุเหตุผลสั้น ๆ"),
        (
            {"status": "in_progress", "note": "ทำแล้ว", "evidence": ("a.exe", b"MZ\x90\x00")},
            "แนบได้เฉพาะไฟล์ PDF, JPEG หรือ PNG",
        ),
        (
            {"status": "in_progress", "note": "ทำแล้ว", "evidence": ("a.pdf", b"<html>not a pdf</html>")},
            "เนื้อไฟล์ไม่ใช่ PDF",
        ),
        (
            {"status": "in_progress", "note": "ทำแล้ว", "evidence": ("a.png", b"\x89PNG" + b"0" * 10_485_760)},
            "ไฟล์ใหญ่เกิน 10 MB",
        ),
    ],
)
def test_a_bad_update_is_refused_with_a_thai_message_and_changes_nothing(client, people, data, message):
    sub = _entry(people)
    f = FollowUp.objects.filter(item_number=4, agency=sub.agency).first()
    client.force_login(people.users["reporter"])
    if "evidence" in data:
        name, content = data["evidence"]
        data = {**data, "evidence": SimpleUploadedFile(name, content)}
    response = client.post(reverse("followups:update", kwargs={"pk": f.pk}), {"submission": sub.pk, **data})
    assert response.status_code == 302
    assert any(message in m for m in _messages(response)), _messages(response)
    assert not FollowUpUpdate.objects.filter(followup=f).exists()
    assert FollowUp.objects.get(pk=f.pk).status == "open"


def test_control_characters_are_dropped_from_an_update(client, people):
    sub = _entry(people)
    f = FollowUp.objects.filter(item_number=4, agency=sub.agency).first()
    client.force_login(people.users["reporter"])
    client.post(
        reverse("followups:update", kwargs={"pk": f.pk}),
        {"submission": sub.pk, "status": "in_progress", "note": "เสนอของบ\x00\x1b แล้ว"},
    )
    assert FollowUpUpdate.objects.get(followup=f).note == "เสนอของบ แล้ว"


def test_the_api_refuses_filters_it_does_not_know_instead_of_listing_everything(people):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(people.users["coordinator"])
    for params in ({"item": "abc"}, {"status": "zz"}, {"kind": "idea"}, {"age": "0"}, {"agency": "9" * 20}):
        response = api.get("/api/followups/", params)
        assert response.status_code == 400, params
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in response.content.decode()), response.content
    assert {r["item"] for r in api.get("/api/followups/", {"item": "4"}).json()} == {4}
    bad = api.post(
        f"/api/followups/{FollowUp.objects.first().pk}/", {"status": ["x"], "note": {"a": 1}}, format="json"
    )
    assert bad.status_code == 400 and "ต้องเป็นข้อความ" in bad.content.decode()


def test_problems_open_two_rounds_are_grouped_by_the_recurring_problem_themes(client, people):
    people.open_next_round()  # every problem of the seed round is now two rounds old
    client.force_login(people.users["national"])
    response = client.get(REGISTER)
    register = response.context["register"]
    open_problems = FollowUp.objects.filter(kind="problem", status="open").count()
    assert register.long_open_problems == open_problems
    themes = register.long_open_themes
    assert sum(t.count for t in themes) == open_problems
    # The themes page's names: the seed's budget problems fall under its lexicon theme.
    assert "งบประมาณไม่เพียงพอ" in [t.label for t in themes]
    body = response.content.decode()
    assert "ตามประเด็นปัญหาที่เกิดซ้ำ" in body and reverse("search:themes") in body
    # An agency's register groups only its own problems.
    client.force_login(people.users["reporter"])
    own = client.get(REGISTER).context["register"]
    assert sum(t.count for t in own.long_open_themes) == own.long_open_problems > 0
    assert own.long_open_problems < open_problems


def test_the_coordinator_reviewing_the_report_sees_the_answers_read_only(client, people):
    from tidtam.followups.selectors import followups_to_answer
    from tidtam.followups.services import followup_update
    from tidtam.followups.tests.test_services import _fill
    from tidtam.submissions.services import submission_submit

    sub = _entry(people)
    reporter = people.users["reporter"]
    for n, t in enumerate(followups_to_answer(submission=sub)):
        pdf = SimpleUploadedFile("หลักฐาน.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
        followup_update(
            followup=t.followup,
            by=reporter,
            status="in_progress",
            note=f"ดำเนินการเรื่องที่ {n + 1} แล้วบางส่วน",
            round_=sub.round,
            evidence=pdf if n == 0 else None,
        )
    submission_submit(submission=_fill(sub, reporter), by=people.users["head"])
    client.force_login(people.users["coordinator"])
    page = client.get(reverse("submissions:entry", kwargs={"pk": sub.pk})).content.decode()
    assert "ผลการติดตามจากรอบก่อน" in page and "ดำเนินการเรื่องที่ 1 แล้วบางส่วน" in page
    evidence = FollowUpUpdate.objects.get(note="ดำเนินการเรื่องที่ 1 แล้วบางส่วน").evidence.get()
    assert reverse("followups:evidence", kwargs={"pk": evidence.pk}) in page and "หลักฐาน.pdf" in page
    assert (reporter.get_full_name() or reporter.get_username()) in page  # who answered
    assert "followup-update-form" not in page  # read-only in review
    assert "ยังไม่ได้รายงานในรอบนี้" not in page
