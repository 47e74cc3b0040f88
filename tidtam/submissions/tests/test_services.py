import datetime as dt
import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tidtam.common.models import AuditEvent
from tidtam.formdefs.models import Round
from tidtam.submissions.checks import justification_key
from tidtam.submissions.models import Attachment, Submission, TableValue, WorkflowEvent
from tidtam.submissions.services import (
    SubmissionConflict,
    attachment_add,
    comment_add,
    round_close,
    round_open,
    round_remind,
    submission_accept,
    submission_reopen,
    submission_return,
    submission_submit,
    submission_update,
)

Status = Submission.Status
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def audits(submission, action="update"):
    return list(
        AuditEvent.objects.filter(
            model="submissions.submission", object_id=str(submission.pk), action=action
        ).order_by("id")
    )


def submitted(world, **fill):
    sub = world.fill(world.sub(), **fill)
    return submission_submit(submission=sub, by=world.users["head"])


# --- rounds -----------------------------------------------------------------------------------------


def test_round_open_gives_every_agency_a_draft_per_item(world):
    subs = Submission.objects.filter(round=world.round)
    assert subs.count() == 4  # 2 items × 2 agencies of this office (not the other province's)
    assert set(subs.values_list("status", flat=True)) == {Status.DRAFT}
    assert list(world.round.participants.values_list("label", flat=True)) == ["สพป.ทส.", "สพม.ทส."]
    assert world.round.key.endswith("/2568/1")
    assert world.round.status == Round.Status.OPEN and world.round.origin == Round.Origin.ENTRY


def test_only_the_province_coordinator_opens_a_round(world):
    for name in ("reporter", "head", "inspector", "other_coordinator", "national"):
        with pytest.raises(PermissionDenied):
            round_open(
                office=world.office,
                fiscal_year_be=2568,
                number=2,
                template=world.round.template,
                due_date=None,
                by=world.users[name],
            )


def test_round_open_refuses_a_draft_form_version(world):
    draft = world.round.template
    draft.status = draft.Status.DRAFT
    draft.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="ยังเป็นฉบับร่าง"):
        round_open(
            office=world.office,
            fiscal_year_be=2568,
            number=2,
            template=draft,
            due_date=None,
            by=world.users["coordinator"],
        )


def test_round_open_refuses_a_duplicate_and_a_past_due_date_in_thai(world):
    kwargs = {"office": world.office, "template": world.round.template, "by": world.users["coordinator"]}
    with pytest.raises(ValidationError, match="มีรอบที่ 1 ปีงบประมาณ 2568"):
        round_open(fiscal_year_be=2568, number=1, due_date=None, **kwargs)
    with pytest.raises(ValidationError, match="กำหนดส่งต้องไม่เป็นวันที่ผ่านมาแล้ว"):
        round_open(
            fiscal_year_be=2568, number=2, due_date=timezone.localdate() - dt.timedelta(days=1), **kwargs
        )


# --- submission_update --------------------------------------------------------------------------------


def test_update_saves_every_part_bumps_the_version_and_audits_old_and_new(world):
    sub = world.sub()
    sub = submission_update(
        submission=sub,
        by=world.users["reporter"],
        expected_version=1,
        values={"submitted": Decimal("12"), "passed": Decimal("7")},
        narratives={1: "ชี้แจงครู\r\nทุกโรงเรียน", 2: "ใช้ระบบ DPA"},
        problems=[
            {"problem": "ครูไม่คุ้นเคยระบบ", "solution": "อบรม", "expected_result": "ใช้ระบบได้"},
            {"problem": "", "solution": "", "expected_result": ""},
        ],
        success_factors="ผู้บริหารสนับสนุน",
    )
    assert sub.version == 2 and sub.updated_by == world.users["reporter"]
    assert {tv.column.key: tv.value for tv in sub.values.select_related("column")} == {
        "submitted": Decimal("12"),
        "passed": Decimal("7"),
    }
    assert sub.narratives.get(subtopic__number=1).text == "ชี้แจงครู\nทุกโรงเรียน"
    assert list(sub.problems.values_list("problem", flat=True)) == [
        "ครูไม่คุ้นเคยระบบ"
    ]  # the empty row is dropped
    (event,) = audits(sub)
    assert event.actor == world.users["reporter"] and event.source == "web"
    assert event.changes["value:submitted"] == [None, "12"]
    assert event.changes["narrative:1"] == [None, "ชี้แจงครู\nทุกโรงเรียน"]
    assert event.changes["problems"] == [None, [["ครูไม่คุ้นเคยระบบ", "อบรม", "ใช้ระบบได้"]]]
    assert event.changes["success_factors"] == [None, "ผู้บริหารสนับสนุน"]

    sub = submission_update(
        submission=sub,
        by=world.users["head"],
        expected_version=2,
        values={"passed": Decimal("8"), "submitted": None},
    )
    assert audits(sub)[-1].changes == {"value:passed": ["7", "8"], "value:submitted": ["12", None]}
    assert not TableValue.objects.filter(submission=sub, column__key="submitted").exists()


def test_saving_what_is_saved_changes_nothing(world):
    sub = world.fill(world.sub())
    again = submission_update(
        submission=sub,
        by=world.users["reporter"],
        expected_version=sub.version,
        values={"submitted": Decimal("10.0")},
    )
    assert again.version == sub.version
    assert len(audits(sub)) == 1


def test_import_source_is_recorded(world):
    sub = submission_update(
        submission=world.sub(),
        by=world.users["reporter"],
        expected_version=1,
        table_note="จาก Excel",
        source="import",
    )
    assert audits(sub)[0].source == AuditEvent.Source.IMPORT


def test_stale_version_raises_a_conflict_carrying_the_saved_version(world):
    sub = world.sub()
    submission_update(
        submission=sub, by=world.users["reporter"], expected_version=1, values={"submitted": Decimal(3)}
    )
    with pytest.raises(SubmissionConflict) as info:
        submission_update(
            submission=sub, by=world.users["head"], expected_version=1, values={"submitted": Decimal(4)}
        )
    assert info.value.current_version == 2
    assert world.sub().values.get().value == Decimal(3)  # nothing overwritten


def test_a_save_landing_after_the_page_read_the_report_is_not_overwritten_without_a_second_read(world):
    # The entry page reads the report and passes just_read: the service does not read it again. Another
    # save that lands in between is still caught, by the conditional update.
    read_by_the_page = world.sub()
    submission_update(
        submission=world.sub(), by=world.users["head"], expected_version=1, values={"submitted": Decimal(3)}
    )
    with pytest.raises(SubmissionConflict) as info:
        submission_update(
            submission=read_by_the_page,
            by=world.users["reporter"],
            expected_version=1,
            values={"submitted": Decimal(4)},
            just_read=True,
        )
    assert info.value.current_version == 2
    assert world.sub().values.get().value == Decimal(3)


@pytest.mark.parametrize("name", ["reporter_b", "reporter_c", "coordinator", "inspector", "national"])
def test_only_the_agency_edits_its_report(world, name):
    with pytest.raises(PermissionDenied):
        submission_update(submission=world.sub(), by=world.users[name], expected_version=1, table_note="x")


def test_update_refuses_unknown_fields_and_submitted_reports_in_thai(world):
    with pytest.raises(ValidationError, match="ไม่มีช่อง"):
        submission_update(
            submission=world.sub(), by=world.users["reporter"], expected_version=1, values={"x": 1}
        )
    with pytest.raises(ValidationError, match="ไม่มีประเด็นย่อยที่ 9"):
        submission_update(
            submission=world.sub(), by=world.users["reporter"], expected_version=1, narratives={9: "x"}
        )
    sub = submitted(world)
    with pytest.raises(ValidationError, match="ส่งแล้ว"):
        submission_update(
            submission=sub, by=world.users["reporter"], expected_version=sub.version, table_note="x"
        )


# --- workflow --------------------------------------------------------------------------------------------


def test_head_submits_and_the_coordinator_is_told(world, mails):
    with mails():
        sub = submitted(world)
    assert sub.status == Status.SUBMITTED and sub.first_submitted_at is not None
    event = WorkflowEvent.objects.get(submission=sub, action="submit")
    assert (event.from_status, event.to_status, event.by) == ("draft", "submitted", world.users["head"])
    assert audits(sub, "submit")[0].changes == {"status": ["draft", "submitted"]}
    # No mail per step any more: the coordinator finds it on the bell and in the day's digest.
    assert mails.outbox == []
    from tidtam.notifications.models import Notification

    (told,) = Notification.objects.filter(submission=sub)
    assert told.recipient == world.users["coordinator"] and "ส่งรายงานข้อ 1" in told.title


def test_a_reporter_cannot_submit(world):
    sub = world.fill(world.sub())
    with pytest.raises(PermissionDenied, match="หัวหน้าหน่วยงาน"):
        submission_submit(submission=sub, by=world.users["reporter"])


def test_validation_errors_block_submission(world):
    sub = world.fill(world.sub(), submitted="3", passed="5")
    with pytest.raises(ValidationError) as info:
        submission_submit(submission=sub, by=world.users["head"])
    assert any("ต้องไม่เกินจำนวนที่ยื่นคำขอ" in m for m in info.value.messages)
    assert world.sub().status == Status.DRAFT


def test_missing_narrative_blocks_submission(world):
    sub = submission_update(
        submission=world.sub(),
        by=world.users["reporter"],
        expected_version=1,
        values={"submitted": Decimal(2), "passed": Decimal(1)},
    )
    with pytest.raises(ValidationError, match="ยังไม่ได้เขียนผลการดำเนินงาน"):
        submission_submit(submission=sub, by=world.users["head"])


def test_a_warning_needs_a_written_justification(world):
    sub = world.fill(world.sub(), submitted="5000", passed="5")
    with pytest.raises(ValidationError) as info:
        submission_submit(submission=sub, by=world.users["head"])
    assert any("ต้องชี้แจงเหตุผลของคำเตือน" in m for m in info.value.messages)

    key = "submitted_plausible:submitted"
    sub = submission_update(
        submission=sub,
        by=world.users["reporter"],
        expected_version=sub.version,
        justifications={key: "รวมครูทุกสังกัด"},
    )
    assert sub.warning_justifications == {key: "รวมครูทุกสังกัด"}
    assert audits(sub)[-1].changes == {f"justification:{key}": [None, "รวมครูทุกสังกัด"]}
    assert submission_submit(submission=sub, by=world.users["head"]).status == Status.SUBMITTED


def test_justification_key_names_rule_and_column():
    class F:
        rule, column = "outlier_vs_previous", "passed"

    assert justification_key(F()) == "outlier_vs_previous:passed"


def test_return_needs_a_reason_and_a_section(world):
    sub = submitted(world)
    coordinator = world.users["coordinator"]
    with pytest.raises(ValidationError, match="ต้องระบุเหตุผลในการส่งกลับ"):
        submission_return(submission=sub, by=coordinator, section="X.1", reason="  ")
    with pytest.raises(ValidationError, match="X.1 ถึง X.5"):
        submission_return(submission=sub, by=coordinator, section="", reason="ตัวเลขไม่ตรง")
    assert world.sub().status == Status.SUBMITTED


@pytest.mark.parametrize("name", ["reporter", "head", "inspector", "other_coordinator", "regional"])
def test_only_the_coordinator_reviews(world, name):
    sub = submitted(world)
    with pytest.raises(PermissionDenied):
        submission_return(submission=sub, by=world.users[name], section="X.1", reason="แก้")
    with pytest.raises(PermissionDenied):
        submission_accept(submission=sub, by=world.users[name])


def test_return_then_resubmit_then_accept(world, mails):
    first = submitted(world)
    with mails():
        returned = submission_return(
            submission=first, by=world.users["coordinator"], section="X.1", reason="จำนวนผ่านเกณฑ์ไม่ตรงกับ DPA"
        )
    assert returned.status == Status.RETURNED
    event = WorkflowEvent.objects.get(submission=returned, action="return")
    assert (event.section, event.reason) == ("X.1", "จำนวนผ่านเกณฑ์ไม่ตรงกับ DPA")
    from tidtam.notifications.models import Notification

    told = Notification.objects.filter(submission=returned, kind="returned")
    assert sorted(n.recipient.username for n in told) == ["head_a", "reporter_a"] and mails.outbox == []
    assert "จำนวนผ่านเกณฑ์ไม่ตรงกับ DPA" in told[0].body and "1.1" in told[0].body

    fixed = submission_update(
        submission=returned,
        by=world.users["reporter"],
        expected_version=returned.version,
        values={"passed": Decimal(6)},
    )
    again = submission_submit(submission=fixed, by=world.users["head"])
    assert again.status == Status.SUBMITTED
    assert again.first_submitted_at == first.first_submitted_at  # the first submission decides timeliness
    accepted = submission_accept(submission=again, by=world.users["coordinator"])
    assert accepted.status == Status.ACCEPTED
    assert list(WorkflowEvent.objects.filter(submission=accepted).values_list("action", flat=True)) == [
        "submit",
        "return",
        "submit",
        "accept",
    ]


def test_reopen_needs_a_reason_and_sends_back_to_the_agency(world):
    sub = submission_accept(submission=submitted(world), by=world.users["coordinator"])
    with pytest.raises(ValidationError, match="ต้องระบุเหตุผล"):
        submission_reopen(submission=sub, by=world.users["coordinator"], reason="")
    reopened = submission_reopen(
        submission=sub, by=world.users["coordinator"], reason="พบตัวเลขผิด", section="X.1"
    )
    assert reopened.status == Status.RETURNED


def test_closing_locks_accepted_reports_and_freezes_the_rest(world):
    accepted = submission_accept(submission=submitted(world), by=world.users["coordinator"])
    with pytest.raises(PermissionDenied):
        round_close(round_=world.round, by=world.users["head"])
    round_close(round_=world.round, by=world.users["coordinator"])
    assert Submission.objects.get(pk=accepted.pk).status == Status.LOCKED
    draft = world.sub(agency=world.agency_b)
    assert draft.status == Status.DRAFT
    with pytest.raises(ValidationError, match="รอบนี้ปิดแล้ว"):
        submission_update(submission=draft, by=world.users["reporter_b"], expected_version=1, table_note="x")

    reopened = submission_reopen(submission=accepted, by=world.users["coordinator"], reason="ขอแก้ไขตัวเลข")
    assert reopened.status == Status.RETURNED
    assert Round.objects.get(pk=world.round.pk).status == Round.Status.OPEN


def test_reminders_go_to_late_agencies_only(world, mails):
    submitted(world)  # agency A sent item 1 but not item 2; agency B sent nothing
    assert round_remind(round_=world.round, by=world.users["coordinator"]) == []  # not due yet
    Round.objects.filter(pk=world.round.pk).update(due_date=timezone.localdate() - dt.timedelta(days=2))
    world.round.refresh_from_db()
    with pytest.raises(PermissionDenied):
        round_remind(round_=world.round, by=world.users["reporter"])
    with mails():
        agencies = round_remind(round_=world.round, by=world.users["coordinator"])
    assert set(agencies) == {world.agency_a, world.agency_b}
    from tidtam.notifications.models import Notification

    reminders = Notification.objects.filter(kind="reminder")
    assert sorted({n.recipient.username for n in reminders}) == ["head_a", "reporter_a", "reporter_b"]
    titles_a = [n.title for n in reminders if n.recipient.username == "reporter_a"]
    assert len(titles_a) == 1 and "ข้อ 2" in titles_a[0]  # item 1 was sent
    assert mails.outbox == []
    event = AuditEvent.objects.get(model="formdefs.round", object_id=str(world.round.pk), action="remind")
    assert event.actor == world.users["coordinator"]


# --- attachments and comments ------------------------------------------------------------------------------


def test_attachment_is_stored_with_its_checksum(world, settings):
    upload = SimpleUploadedFile("รายงาน ผลการประชุม.pdf", PDF, content_type="application/pdf")
    attachment = attachment_add(submission=world.sub(), by=world.users["reporter"], upload=upload)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.size == len(PDF) and attachment.content_type == Attachment.Kind.PDF
    assert attachment.original_name == "รายงาน ผลการประชุม.pdf"
    stored = settings.MEDIA_ROOT / attachment.file.name
    assert stored.read_bytes() == PDF and "ผลการประชุม" not in attachment.file.name
    assert audits(world.sub(), "attach")


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("macro.docx", b"PK\x03\x04", "เฉพาะไฟล์ PDF, JPEG หรือ PNG"),
        ("fake.pdf", PNG, "เนื้อไฟล์ไม่ใช่"),
        ("big.png", PNG + b"\x00" * (10 * 1024 * 1024), "ไฟล์ใหญ่เกิน 10 MB"),
    ],
)
def test_wrong_attachments_are_refused_in_thai(world, name, content, message):
    with pytest.raises(ValidationError, match=message):
        attachment_add(
            submission=world.sub(), by=world.users["reporter"], upload=SimpleUploadedFile(name, content)
        )
    assert not Attachment.objects.exists()


def test_inspector_comments_and_analyst_cannot(world):
    comment = comment_add(
        submission=world.sub(), by=world.users["inspector"], text="ควรระบุจำนวนโรงเรียน", section="X.1"
    )
    assert comment.section == "X.1"
    with pytest.raises(PermissionDenied):
        comment_add(submission=world.sub(), by=world.users["national"], text="x")
