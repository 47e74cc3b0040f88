import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tidtam.formdefs.models import Round
from tidtam.submissions.models import Attachment, Submission
from tidtam.submissions.services import submission_accept, submission_submit, submission_update

Status = Submission.Status
PDF = b"%PDF-1.4\n%%EOF\n"


def entry_url(sub, suffix=""):
    return reverse(f"submissions:{suffix or 'entry'}", kwargs={"pk": sub.pk})


def form_data(sub, **overrides):
    """What the entry form posts for item 1 (values as typed)."""
    data = {
        "version": str(Submission.objects.get(pk=sub.pk).version),
        "value-submitted": "10",
        "value-passed": "5",
        "table_note": "",
        "narrative-1": "ชี้แจงครูทุกโรงเรียน",
        "narrative-2": "",
        "problems-present": "1",
        "problems-0-problem": "",
        "problems-0-solution": "",
        "problems-0-expected_result": "",
        "success_factors": "",
        "recommendations": "",
        "best_practices": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def as_user(client, world):
    def login(name):
        client.force_login(world.users[name])
        return client

    return login


# --- my work and the entry page ------------------------------------------------------------------------


def test_my_work_lists_the_agency_reports_of_open_rounds(world, as_user):
    html = as_user("reporter").get(reverse("submissions:my_work")).content.decode()
    assert world.round.key in html and "ข้อ 1" in html and "ข้อ 2" in html
    assert "ฉบับร่าง" in html and "กำหนดส่ง" in html
    assert html.count('class="work-row"') == 2  # agency B's reports are not listed


def test_entry_page_renders_the_form_for_the_reporter(world, as_user):
    response = as_user("reporter").get(entry_url(world.sub()))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="value-submitted"' in html and 'inputmode="numeric"' in html
    assert ">ราย<" in html  # the unit beside the box
    assert 'name="narrative-1"' in html and "การสร้างการรับรู้" in html
    assert 'name="problems-0-problem"' in html and 'value="add"' in html
    assert 'name="success_factors"' in html and 'name="best_practices"' in html
    assert "js/entry.js" in html and 'hx-post="' in html
    assert (
        "ส่งรายงาน" not in html.split("entry-buttons")[1].split("</form>")[0] or "หัวหน้าหน่วยงานเป็นผู้กดส่ง" in html
    )


def test_item_without_table_shows_a_general_narrative(world, as_user):
    html = as_user("reporter").get(entry_url(world.sub(item=world.item2))).content.decode()
    assert 'name="narrative-general"' in html and 'name="value-' not in html


def test_saving_the_form_accepts_thai_digits_and_separators(world, as_user):
    sub = world.sub()
    response = as_user("reporter").post(entry_url(sub), form_data(sub, **{"value-submitted": "๑,๒๓๔"}))
    assert response.status_code == 302
    assert world.sub().values.get(column__key="submitted").value == Decimal(1234)
    page = as_user("reporter").get(entry_url(sub)).content.decode()
    assert 'value="1,234"' in page and "บันทึกร่างแล้ว" in page


def test_an_unreadable_number_is_kept_as_typed_with_a_thai_message(world, as_user):
    sub = world.sub()
    response = as_user("reporter").post(
        entry_url(sub), form_data(sub, **{"value-submitted": "สิบสอง", "success_factors": "ทีมงานเข้มแข็ง"})
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "กรุณากรอกเป็นตัวเลข" in html and 'value="สิบสอง"' in html
    assert world.sub().success_factors == "ทีมงานเข้มแข็ง"  # the rest is saved


def test_problem_rows_work_without_javascript(world, as_user):
    sub = world.sub()
    client = as_user("reporter")
    rows = {
        "problems-0-problem": "ปัญหา ก",
        "problems-0-solution": "แก้ ก",
        "problems-1-problem": "ปัญหา ข",
        "problems-1-solution": "แก้ ข",
    }
    response = client.post(entry_url(sub), form_data(sub, row_action="add", blank_rows="2", **rows))
    assert response.status_code == 302 and "blank=3" in response["Location"]
    assert list(world.sub().problems.values_list("problem", flat=True)) == ["ปัญหา ก", "ปัญหา ข"]
    client.post(entry_url(sub), form_data(sub, row_action="up-1", **rows))
    assert list(world.sub().problems.values_list("problem", flat=True)) == ["ปัญหา ข", "ปัญหา ก"]
    swapped = {
        "problems-0-problem": "ปัญหา ข",
        "problems-0-solution": "แก้ ข",
        "problems-1-problem": "ปัญหา ก",
        "problems-1-solution": "แก้ ก",
    }
    client.post(entry_url(sub), form_data(sub, row_action="remove-0", **swapped))
    assert list(world.sub().problems.values_list("problem", "solution")) == [("ปัญหา ก", "แก้ ก")]


def test_hand_edited_row_counts_and_choices_are_no_server_error(world, as_user):
    sub = world.sub()
    client = as_user("reporter")
    # "²" passes str.isdigit() but int() refuses it.
    assert client.get(entry_url(sub) + "?blank=²").status_code == 200
    response = client.post(entry_url(sub), form_data(sub, row_action="add", blank_rows="²"))
    assert response.status_code == 302 and "blank=2" in response["Location"]
    resolved = form_data(sub, resolve="1", **{"choice-narrative:abc": "saved"})
    assert client.post(entry_url(sub), resolved).status_code == 302


def test_head_submits_from_the_entry_page_and_errors_show_in_thai(world, as_user):
    sub = world.sub()
    client = as_user("head")
    response = client.post(entry_url(sub), form_data(sub, **{"value-passed": "50"}, action="submit"))
    assert response.status_code == 400
    assert "ต้องไม่เกินจำนวนที่ยื่นคำขอ" in response.content.decode()
    assert world.sub().status == Status.DRAFT
    response = client.post(entry_url(sub), form_data(sub, action="submit"))
    assert response.status_code == 302
    assert world.sub().status == Status.SUBMITTED


def test_reporter_sees_no_submit_button(world, as_user):
    html = as_user("reporter").get(entry_url(world.sub())).content.decode()
    assert 'value="submit"' not in html
    assert 'value="submit"' in as_user("head").get(entry_url(world.sub())).content.decode()


# --- autosave and inline checks --------------------------------------------------------------------------


def test_autosave_saves_and_answers_the_new_version(world, as_user):
    sub = world.sub()
    response = as_user("reporter").post(entry_url(sub, "autosave"), form_data(sub))
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] and data["version"] == 2 and "บันทึกร่างอัตโนมัติแล้ว" in data["message"]
    assert world.sub().narratives.get().text == "ชี้แจงครูทุกโรงเรียน"


def test_autosave_with_a_stale_version_is_a_conflict_not_an_overwrite(world, as_user):
    sub = world.sub()
    submission_update(
        submission=sub, by=world.users["head"], expected_version=1, values={"submitted": Decimal(99)}
    )
    response = as_user("reporter").post(entry_url(sub, "autosave"), form_data(sub, version="1"))
    assert response.status_code == 409
    assert response.json()["current_version"] == 2 and "ก่อนท่าน" in response.json()["message"]
    assert world.sub().values.get(column__key="submitted").value == Decimal(99)


def test_autosave_after_the_session_expired_answers_401_in_thai_not_a_redirect(world, client):
    sub = world.sub()
    response = client.post(entry_url(sub, "autosave"), form_data(sub))
    assert response.status_code == 401
    data = response.json()
    assert data["error"] == "session" and "หมดเวลาการเข้าสู่ระบบ" in data["message"]
    assert "เก็บไว้ในเครื่องนี้" in data["message"]
    assert Submission.objects.get(pk=sub.pk).version == 1


def test_inline_check_shows_the_rule_message_next_to_the_field(world, as_user):
    sub = world.sub()
    response = as_user("reporter").post(
        entry_url(sub, "check"),
        form_data(sub, **{"value-submitted": "3", "value-passed": "๕"}),
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "ต้องไม่เกินจำนวนที่ยื่นคำขอ" in html and 'id="msg-passed" class="field-messages" hx-swap-oob="true"' in html
    )
    assert world.sub().version == 1  # checking saves nothing


def test_inline_check_asks_for_a_justification_of_a_warning(world, as_user):
    sub = world.sub()
    html = (
        as_user("reporter")
        .post(entry_url(sub, "check"), form_data(sub, **{"value-submitted": "5000"}), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "จำนวนที่ยื่นคำขอสูงผิดปกติ" in html and 'name="justify-submitted_plausible:submitted"' in html


def test_inline_check_without_a_session_answers_401(world, client):
    response = client.post(entry_url(world.sub(), "check"), {"value-submitted": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 401 and "หมดเวลาการเข้าสู่ระบบ" in response.content.decode()


# --- conflicts ------------------------------------------------------------------------------------------


def test_two_editors_the_second_sees_both_versions_and_chooses(world, client):
    sub = world.sub()
    # Both open version 1. The head saves first.
    client.force_login(world.users["head"])
    assert (
        client.post(
            entry_url(sub), form_data(sub, **{"value-submitted": "20", "success_factors": "ของหัวหน้า"})
        ).status_code
        == 302
    )
    # The reporter saves from version 1: nothing is overwritten, both versions are shown.
    client.force_login(world.users["reporter"])
    mine = form_data(sub, version="1", **{"value-submitted": "30", "success_factors": "ของผู้รายงาน"})
    response = client.post(entry_url(sub), mine)
    html = response.content.decode()
    assert response.status_code == 409
    assert "มีผู้อื่นบันทึกรายงานนี้ก่อนท่าน" in html
    assert "ของหัวหน้า" in html and "ของผู้รายงาน" in html and "30" in html and "20" in html
    assert 'name="choice-value:submitted"' in html and 'name="choice-success_factors"' in html
    saved = world.sub()
    assert saved.success_factors == "ของหัวหน้า" and saved.version == 2

    # The reporter keeps their number and takes the head's text.
    resolved = {
        **mine,
        "version": "2",
        "resolve": "1",
        "choice-value:submitted": "mine",
        "choice-success_factors": "saved",
    }
    assert client.post(entry_url(sub), resolved).status_code == 302
    final = world.sub()
    assert final.values.get(column__key="submitted").value == Decimal(30)
    assert final.success_factors == "ของหัวหน้า" and final.version == 3


# --- review, history, attachments -------------------------------------------------------------------------


def test_coordinator_returns_with_a_reason_and_the_agency_sees_it(world, as_user, client):
    sub = submission_submit(submission=world.fill(world.sub()), by=world.users["head"])
    coordinator = as_user("coordinator")
    html = coordinator.get(entry_url(sub)).content.decode()
    assert "รับรองรายงาน" in html and "ส่งกลับให้แก้ไข" in html and 'name="value-submitted"' not in html
    response = coordinator.post(entry_url(sub, "return"), {"section": "X.1", "reason": ""})
    assert response.status_code == 400 and "กรุณากรอกช่องนี้" in response.content.decode()
    response = coordinator.post(
        entry_url(sub, "return"), {"section": "X.1", "reason": "ตัวเลขไม่ตรงกับระบบ DPA"}
    )
    assert response.status_code == 302
    html = as_user("reporter").get(entry_url(sub)).content.decode()
    assert "ส่งกลับให้แก้ไข" in html and "ตัวเลขไม่ตรงกับระบบ DPA" in html and "1.1 ผลการดำเนินงาน" in html


def test_history_shows_old_and_new_values_with_who_and_a_buddhist_era_date(world, as_user):
    sub = world.fill(world.sub())
    submission_update(
        submission=sub,
        by=world.users["head"],
        expected_version=sub.version,
        values={"submitted": Decimal(12)},
        narratives={1: "จัดประชุมชี้แจงครูทุกโรงเรียนและผู้บริหาร"},
        source="import",
    )
    html = as_user("reporter").get(entry_url(sub, "history")).content.decode()
    year_be = str(timezone.localdate().year + 543)[2:]
    assert "ยื่นคำขอ DPA (ราย)" in html and ">10<" in html and ">12<" in html
    assert "<ins>" in html and "และผู้บริหาร" in html
    assert "head_a" in html and "reporter_a" in html and f" {year_be} " in html
    assert "นำเข้าไฟล์" in html  # the import's source is shown


def test_attachment_upload_rejects_wrong_types_in_thai_and_keeps_good_ones(world, as_user):
    sub = world.sub()
    client = as_user("reporter")
    bad = client.post(entry_url(sub, "attachment_upload"), {"file": SimpleUploadedFile("a.exe", b"MZ")})
    assert bad.status_code == 400 and "เฉพาะไฟล์ PDF, JPEG หรือ PNG" in bad.content.decode()
    good = client.post(entry_url(sub, "attachment_upload"), {"file": SimpleUploadedFile("หลักฐาน.pdf", PDF)})
    assert good.status_code == 302
    attachment = Attachment.objects.get()
    assert "หลักฐาน.pdf" in client.get(entry_url(sub)).content.decode()
    download = client.get(reverse("submissions:attachment", kwargs={"pk": attachment.pk}))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    client.force_login(world.users["reporter_b"])
    assert client.get(reverse("submissions:attachment", kwargs={"pk": attachment.pk})).status_code == 404


# --- rounds ---------------------------------------------------------------------------------------------


def test_coordinator_opens_a_round_from_the_page(world, as_user):
    client = as_user("coordinator")
    assert client.get(reverse("submissions:round_create")).status_code == 200
    due = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(
        reverse("submissions:round_create"),
        {
            "office": world.office.pk,
            "fiscal_year_be": "๒๕๖๘",
            "number": "2",
            "template": world.round.template.pk,
            "due_date": f"{due.day}/{due.month}/{due.year + 543}",
        },
    )
    assert response.status_code == 302
    created = Round.objects.get(office=world.office, fiscal_year_be=2568, number=2)
    assert created.due_date == due and created.submissions.count() == 4


def test_completeness_matrix_shows_status_timeliness_and_progress(world, as_user):
    submission_accept(
        submission=submission_submit(submission=world.fill(world.sub()), by=world.users["head"]),
        by=world.users["coordinator"],
    )
    Round.objects.filter(pk=world.round.pk).update(due_date=timezone.localdate() - dt.timedelta(days=3))
    response = as_user("coordinator").get(
        reverse("submissions:completeness", kwargs={"key": world.round.key})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "รับรองแล้ว" in html and "ส่งล่าช้า" in html  # sent today, after the (moved) due date
    assert html.count("is-overdue-cell") == 3 and "เลยกำหนด ยังไม่ส่ง" in html
    assert "ส่งแล้ว 1 จาก 4 ฉบับ (25.0%)" in html and "รับรองแล้ว 1 ฉบับ (25.0%)" in html
    assert "stacked-bar" in html and "ส่งแจ้งเตือนหน่วยงานที่ล่าช้า" in html


def test_sending_reminders_from_the_completeness_page(world, as_user, mails):
    Round.objects.filter(pk=world.round.pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    with mails():
        response = as_user("coordinator").post(reverse("submissions:remind", kwargs={"key": world.round.key}))
    assert response.status_code == 302
    from tidtam.notifications.models import Notification

    reminded = Notification.objects.filter(kind="reminder")
    assert {n.recipient.username for n in reminded} == {"reporter_a", "head_a", "reporter_b"}
    assert mails.outbox == []  # the reminder goes into the day's digest, not a mail of its own
    page = as_user("coordinator").get(response["Location"]).content.decode()
    assert "ส่งแจ้งเตือนถึง 2 หน่วยงานแล้ว" in page and "แจ้งเตือนครั้งล่าสุด" in page


def test_closing_the_round_from_the_page_needs_confirmation(world, as_user):
    client = as_user("coordinator")
    url = reverse("submissions:close", kwargs={"key": world.round.key})
    client.post(url, {})
    assert Round.objects.get(pk=world.round.pk).status == Round.Status.OPEN
    client.post(url, {"confirm": "yes"})
    assert Round.objects.get(pk=world.round.pk).status == Round.Status.CLOSED


def test_strings_for_the_script_are_thai_json(world, as_user):
    html = as_user("reporter").get(entry_url(world.sub())).content.decode()
    start = html.index('id="entry-strings"')
    payload = html[html.index(">", start) + 1 : html.index("</script>", start)]
    strings = json.loads(payload)
    assert "กำลังบันทึก" in strings["saving"] and "%s" in strings["restored"]


def test_inline_check_refreshes_the_checks_before_submitting_after_a_narrative_is_saved(world, as_user):
    """The page calls the check after every autosave: once the narrative is saved, its
    "not written yet" message goes away from the panel above the buttons."""
    sub = world.sub()
    client = as_user("reporter")
    empty = form_data(sub, **{"narrative-1": ""})
    html = client.post(entry_url(sub, "check"), empty, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="submission-checks" hx-swap-oob="true"' in html and "ยังไม่ได้เขียนผลการดำเนินงาน" in html
    assert client.post(entry_url(sub, "autosave"), form_data(sub)).json()["ok"]
    html = client.post(entry_url(sub, "check"), form_data(sub), HTTP_HX_REQUEST="true").content.decode()
    assert 'id="submission-checks" hidden hx-swap-oob="true"' in html
    assert "ยังไม่ได้เขียนผลการดำเนินงาน" not in html


def test_entry_script_checks_again_after_every_save():
    from pathlib import Path

    script = Path("static/js/entry.js").read_text(encoding="utf-8")
    assert "refreshChecks();" in script and "checkUrl" in script


def test_completeness_headline_and_legend_count_the_same_reports(world, as_user):
    """One accepted report: the headline says sent 1, and the legend's sent groups add up to 1 too."""
    import re

    submission_accept(
        submission=submission_submit(submission=world.fill(world.sub()), by=world.users["head"]),
        by=world.users["coordinator"],
    )
    html = (
        as_user("coordinator")
        .get(reverse("submissions:completeness", kwargs={"key": world.round.key}))
        .content.decode()
    )
    assert "ส่งแล้ว 1 จาก 4 ฉบับ" in html and "รอรับรอง 0" in html
    legend = html[html.index('<ul class="legend">') :]
    legend = legend[: legend.index("</ul>")]
    sent_in_legend = [int(n) for n in re.findall(r"ส่งแล้ว [^<\d]*?(\d+)</li>", legend)]
    assert sent_in_legend == [0, 1] and sum(sent_in_legend) == 1
    assert "ยังไม่ส่ง (ฉบับร่าง) 3" in legend


def test_audit_actions_read_in_thai_never_as_codes():
    from tidtam.submissions.templatetags.entry_tags import action_label

    assert action_label("excel_upload") == "บันทึกจากไฟล์ Excel"
    assert action_label("export_downloaded") == "ดาวน์โหลดไฟล์ส่งออก"
    assert "_" not in action_label("some_future_action")
