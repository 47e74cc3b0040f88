"""Audit without gaps: every change of a report's status, including those a round action makes for
many reports at once (close, reopen), leaves a WorkflowEvent and an audit event for that report."""

from tidtam.common.models import AuditEvent
from tidtam.submissions.models import Submission, WorkflowEvent
from tidtam.submissions.services import (
    round_close,
    round_reopen,
    submission_accept,
    submission_reopen,
    submission_submit,
)

Status = Submission.Status


def accepted(world, item):
    sub = world.fill(world.sub(item=item))
    sub = submission_submit(submission=sub, by=world.users["head"])
    return submission_accept(submission=sub, by=world.users["coordinator"])


def chain(submission):
    """(from, to) of the report's events, oldest first."""
    return list(
        WorkflowEvent.objects.filter(submission=submission)
        .order_by("id")
        .values_list("from_status", "to_status")
    )


def assert_no_gap(submission):
    steps = chain(submission)
    assert steps[0][0] == Status.DRAFT
    for (_, to), (frm, _) in zip(steps, steps[1:], strict=False):
        assert to == frm, steps
    submission.refresh_from_db()
    assert steps[-1][1] == submission.status
    audited = AuditEvent.objects.filter(model="submissions.submission", object_id=str(submission.pk))
    moves = [e.changes["status"] for e in audited.order_by("id") if "status" in e.changes]
    assert [tuple(m) for m in moves] == steps


def test_reopening_a_round_records_each_report_it_unlocks(world):
    coordinator = world.users["coordinator"]
    subs = [accepted(world, world.item1), accepted(world, world.item2)]
    round_close(round_=world.round, by=coordinator)
    round_reopen(round_=world.round, by=coordinator, reason="แก้ตัวเลขข้อ 1")
    for sub in subs:
        event = WorkflowEvent.objects.filter(submission=sub).order_by("id").last()
        assert (event.action, event.from_status, event.to_status) == (
            WorkflowEvent.Action.REOPEN_ROUND,
            Status.LOCKED,
            Status.ACCEPTED,
        )
        assert event.reason == "แก้ตัวเลขข้อ 1" and event.by == coordinator
        audit = AuditEvent.objects.get(model="submissions.submission", object_id=str(sub.pk), action="unlock")
        assert audit.actor == coordinator and audit.changes["reason"] == [None, "แก้ตัวเลขข้อ 1"]
        assert_no_gap(sub)
    round_audit = AuditEvent.objects.get(model="formdefs.round", action="reopen")
    assert round_audit.changes["unlocked"] == [None, 2]


def test_a_reports_history_has_no_gap_through_close_and_reopen(world):
    coordinator = world.users["coordinator"]
    sub = accepted(world, world.item1)
    round_close(round_=world.round, by=coordinator)
    submission_reopen(submission=sub, by=coordinator, reason="พบตัวเลขผิด", section="X.1")
    sub.refresh_from_db()
    assert sub.status == Status.RETURNED
    assert chain(sub)[-3:] == [
        (Status.ACCEPTED, Status.LOCKED),
        (Status.LOCKED, Status.ACCEPTED),
        (Status.ACCEPTED, Status.RETURNED),
    ]
    assert_no_gap(sub)
