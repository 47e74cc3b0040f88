"""Each workflow step tells the people it concerns, and no one else: not the person who took it, not a
coordinator or agency of another province."""

from tidtam.notifications.models import Notification
from tidtam.submissions.models import Submission
from tidtam.submissions.services import (
    comment_add,
    round_close,
    submission_accept,
    submission_reopen,
    submission_return,
    submission_submit,
)

from .conftest import submit

Kind = Notification.Kind


def told(kind):
    return sorted(n.recipient.username for n in Notification.objects.filter(kind=kind))


def test_a_submitted_report_tells_its_coordinator_only(world, committed):
    sub = submit(world, committed)
    assert told(Kind.SUBMITTED) == ["coordinator"]  # not coordinator_other, not the agency
    (n,) = Notification.objects.all()
    assert n.round == world.round and n.submission == sub and n.link == f"/submissions/{sub.pk}/"
    assert "ส่งรายงานข้อ 1" in n.title and "head_a" in n.body and n.read_at is None
    assert n.get_kind_display() == "ส่งรายงานแล้ว"


def test_a_return_tells_the_agency_with_section_and_reason(world, committed):
    sub = submit(world, committed)
    with committed():
        submission_return(submission=sub, by=world.users["coordinator"], section="X.2", reason="ตัวเลขไม่ตรง")
    assert told(Kind.RETURNED) == ["head_a", "reporter_a"]  # not reporter_b (agency B), not reporter_c
    body = Notification.objects.filter(kind=Kind.RETURNED).first().body
    assert "1.2" in body and "ตัวเลขไม่ตรง" in body


def test_accept_and_reopen_tell_the_agency(world, committed):
    sub = submit(world, committed)
    with committed():
        sub = submission_accept(submission=sub, by=world.users["coordinator"])
    with committed():
        submission_reopen(submission=sub, by=world.users["coordinator"], reason="พบตัวเลขผิด")
    assert told(Kind.ACCEPTED) == ["head_a", "reporter_a"]
    assert told(Kind.REOPENED) == ["head_a", "reporter_a"]
    assert "พบตัวเลขผิด" in Notification.objects.get(kind=Kind.REOPENED, recipient=world.users["head"]).body


def test_a_comment_tells_both_sides_but_not_its_writer(world, committed):
    with committed():
        comment_add(submission=world.sub(), by=world.users["reporter"], text="ขอคำแนะนำเรื่องตาราง")
    assert told(Kind.COMMENT) == ["coordinator", "head_a"]
    assert "ขอคำแนะนำเรื่องตาราง" in Notification.objects.filter(kind=Kind.COMMENT).first().body


def test_closing_a_round_tells_its_agencies_only(world, committed):
    with committed():
        round_close(round_=world.round, by=world.users["coordinator"])
    assert told(Kind.ROUND_CLOSED) == ["head_a", "reporter_a", "reporter_b"]  # not reporter_c


def test_nothing_is_told_before_the_step_commits(world, django_capture_on_commit_callbacks):
    sub = world.fill(world.sub())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submission_submit(submission=sub, by=world.users["head"])
    assert Notification.objects.count() == 0 and callbacks  # waits for the commit


def test_a_failing_listener_never_breaks_the_step(world, committed, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("notifications are down")

    monkeypatch.setattr("tidtam.notifications.receivers.notification_create_for_event", broken)
    sub = submit(world, committed)
    assert Submission.objects.get(pk=sub.pk).status == Submission.Status.SUBMITTED
    assert Notification.objects.count() == 0 and "notifications are down" in caplog.text


def test_inactive_accounts_are_not_told(world, committed):
    world.users["coordinator"].is_active = False
    world.users["coordinator"].save()
    submit(world, committed)
    assert Notification.objects.count() == 0
