"""The daily digest: one mail per person, round and day, absolute links, idempotent; people without an
address or who turned it off are skipped."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tidtam.common.models import Job
from tidtam.notifications.digest import digests_send
from tidtam.notifications.models import DigestMail, Notification, NotificationPreference
from tidtam.submissions.services import comment_add, submission_return

from .conftest import submit


def test_one_mail_per_person_and_round_listing_the_days_notifications(world, committed, mailoutbox, settings):
    settings.TIDTAM_SITE_URL = "https://tidtam.example.go.th/"
    sub = submit(world, committed)
    with committed():
        submission_return(submission=sub, by=world.users["coordinator"], section="X.1", reason="ตัวเลขไม่ตรง")
    with committed():
        comment_add(submission=sub, by=world.users["coordinator"], text="ดูตารางอีกครั้ง")
    assert mailoutbox == []  # no mail per step

    result = digests_send()
    by_person = {m.to[0]: m for m in mailoutbox}
    assert sorted(by_person) == ["coordinator@example.org", "head_a@example.org", "reporter_a@example.org"]
    assert (result.mails, result.notifications) == (3, 5)
    head = by_person["head_a@example.org"]
    assert "สรุปการแจ้งเตือนรอบ" in head.subject and "(2 รายการ)" in head.subject
    assert "ถูกส่งกลับแก้ไข" in head.body and "ดูตารางอีกครั้ง" in head.body
    assert f"https://tidtam.example.go.th/submissions/{sub.pk}/" in head.body  # absolute, one slash
    assert "https://tidtam.example.go.th/notifications/settings/" in head.body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_running_twice_sends_nothing_new_and_later_news_waits_for_tomorrow(world, committed, mailoutbox):
    sub = submit(world, committed)
    digests_send()
    assert len(mailoutbox) == 1
    digests_send()
    assert len(mailoutbox) == 1  # idempotent

    with committed():
        submission_return(submission=sub, by=world.users["coordinator"], section="X.1", reason="แก้ตาราง")
    with committed():
        comment_add(submission=sub, by=world.users["reporter"], text="แก้แล้วค่ะ")
    digests_send()  # agency A had no digest today: theirs goes; the coordinator had one already
    assert sorted(m.to[0] for m in mailoutbox[1:]) == ["head_a@example.org", "reporter_a@example.org"]
    waiting = Notification.objects.get(recipient=world.users["coordinator"], emailed_at__isnull=True)
    assert waiting.kind == "comment"

    tomorrow = timezone.now() + dt.timedelta(days=1)
    digests_send(now=tomorrow)
    assert mailoutbox[-1].to == ["coordinator@example.org"] and "แก้แล้วค่ะ" in mailoutbox[-1].body
    assert DigestMail.objects.filter(recipient=world.users["coordinator"]).count() == 2


def test_no_address_or_digest_off_means_no_mail(world, committed, mailoutbox):
    world.users["coordinator"].email = ""
    world.users["coordinator"].save()
    sub = submit(world, committed)
    NotificationPreference.objects.create(user=world.users["head"], email_digest=False)
    with committed():
        submission_return(submission=sub, by=world.users["coordinator"], section="X.1", reason="แก้")
    result = digests_send()
    assert [m.to for m in mailoutbox] == [["reporter_a@example.org"]]
    assert result.skipped_people == {world.users["coordinator"].pk, world.users["head"].pk}


def test_a_mail_server_that_refuses_leaves_the_notifications_for_the_next_run(world, committed, monkeypatch):
    submit(world, committed)

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    assert digests_send().failed == 1
    with pytest.raises(CommandError, match="ส่งไม่สำเร็จ 1 ฉบับ"):
        call_command("send_digests", stdout=StringIO())
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 1
    assert not DigestMail.objects.exists()


def test_the_command_reports_in_thai_and_can_queue_a_job(world, committed, mailoutbox):
    submit(world, committed)
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert "ส่งอีเมลสรุปแล้ว 1 ฉบับ รวมการแจ้งเตือน 1 รายการ" in out.getvalue()
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert "ส่งอีเมลสรุปแล้ว 0 ฉบับ" in out.getvalue() and len(mailoutbox) == 1
    out = StringIO()
    call_command("send_digests", "--queue", stdout=out)  # tests run jobs inline
    assert "ส่งงานเข้าคิวแล้ว" in out.getvalue()
    job = Job.objects.get(kind="notification_digest")
    assert job.status == Job.Status.DONE and job.result["mails"] == 0
