"""Reminders before the due date (TIDTAM_REMINDER_DAYS), made once per report and threshold, and the
coordinator's reminder button going the same way."""

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tidtam.common.models import Job
from tidtam.formdefs.models import Round
from tidtam.notifications.models import Notification
from tidtam.notifications.reminders import reminders_due

from .conftest import submit


def due_in(world, days):
    Round.objects.filter(pk=world.round.pk).update(due_date=timezone.localdate() + dt.timedelta(days=days))
    world.round.refresh_from_db()


def reminded():
    return sorted(
        (n.recipient.username, n.submission.item.number) for n in Notification.objects.filter(kind="reminder")
    )


def test_agencies_are_reminded_of_unsent_reports_three_days_before(world, committed):
    submit(world, committed)  # agency A sent item 1
    due_in(world, 3)
    created = reminders_due()
    assert reminded() == [
        ("head_a", 2),
        ("reporter_a", 2),
        ("reporter_b", 1),
        ("reporter_b", 2),
    ]  # not agency C of the other province, not the coordinator
    assert len(created) == 4
    n = Notification.objects.filter(kind="reminder", recipient=world.users["reporter_b"]).first()
    assert "อีก 3 วันถึงกำหนดส่ง" in n.body and "ยังไม่ได้ส่ง" in n.title


def test_reminding_twice_makes_nothing_new_and_the_next_threshold_reminds_again(world, committed, settings):
    settings.TIDTAM_REMINDER_DAYS = [3, 1]
    due_in(world, 3)
    assert len(reminders_due()) == 6  # 3 users × 2 items
    assert reminders_due() == []  # idempotent
    assert reminders_due(today=timezone.localdate() + dt.timedelta(days=1)) == []  # 2 days: no threshold
    assert len(reminders_due(today=timezone.localdate() + dt.timedelta(days=2))) == 6  # 1 day left
    assert reminders_due(today=timezone.localdate() + dt.timedelta(days=2)) == []


def test_no_reminder_on_other_days_or_for_closed_rounds(world):
    due_in(world, 5)
    assert reminders_due() == []
    due_in(world, 1)
    Round.objects.filter(pk=world.round.pk).update(status=Round.Status.CLOSED)
    assert reminders_due() == []


def test_the_command_reports_in_thai_and_can_queue_a_job(world):
    due_in(world, 1)
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "สร้างการแจ้งเตือนกำหนดส่งแล้ว 6 รายการ (แจ้งก่อนกำหนดส่ง 3, 1 วัน)" in out.getvalue()
    out = StringIO()
    call_command("send_reminders", "--queue", stdout=out)
    assert "ส่งงานเข้าคิวแล้ว" in out.getvalue()
    job = Job.objects.get(kind="notification_reminders")
    assert job.status == Job.Status.DONE and job.result == {"created": 0}


def test_the_reminder_button_goes_the_same_way_once_a_day(world, as_user, committed):
    Round.objects.filter(pk=world.round.pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    url = reverse("submissions:remind", kwargs={"key": world.round.key})
    with committed():
        as_user("coordinator").post(url)
    assert len(reminded()) == 6
    assert "ผู้ประสานงานแจ้งเตือน" in Notification.objects.filter(kind="reminder").first().body
    with committed():
        as_user("coordinator").post(url)  # pressed again the same day
    assert len(reminded()) == 6
