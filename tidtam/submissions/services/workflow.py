"""The review workflow, one service per transition:

    draft ──submit──▶ submitted ──accept──▶ accepted ──(round closes)──▶ locked
      ▲                  │                     │                            │
      └──── returned ◀───┘ return (reason)     └──── reopen (reason) ◀──────┘

A returned submission is edited and submitted again. Each step checks permission, records a
WorkflowEvent and an audit event, bumps the version (an open form from before the step cannot save
over it) and announces itself (`submission_transitioned`, after commit) to tell the people concerned.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tidtam.common.services import audit_record
from tidtam.formdefs.models import Round
from tidtam.orgs.models import User

from .. import permissions
from ..checks import errors_of, submission_findings, unjustified_warnings
from ..content import clean_text
from ..models import Section, Submission, WorkflowEvent
from ..signals import submission_published, submission_transitioned
from .notify import announce

Status = Submission.Status
Action = WorkflowEvent.Action


def _locked(submission: Submission) -> Submission:
    """The submission re-read under a row lock, so that two reviewers cannot both act on it."""
    return (
        Submission.objects.select_for_update()
        .select_related("round", "round__office", "item", "agency")
        .get(pk=submission.pk)
    )


def _move(
    submission: Submission,
    *,
    to: str,
    action: str,
    by: User | None,
    reason: str = "",
    section: str = "",
    source: str = "web",
    extra: dict | None = None,
) -> Submission:
    old = submission.status
    now = timezone.now()
    fields = {"status": to, "version": F("version") + 1, "updated_at": now, **(extra or {})}
    Submission.objects.filter(pk=submission.pk).update(**fields)
    WorkflowEvent.objects.create(
        round_id=submission.round_id,
        submission=submission,
        action=action,
        from_status=old,
        to_status=to,
        reason=reason,
        section=section,
        by=by,
    )
    changes: dict = {"status": [old, to]}
    if reason:
        changes["reason"] = [None, reason]
    if section:
        changes["section"] = [None, section]
    audit_record(actor=by, obj=submission, action=action, changes=changes, source=source)
    submission.refresh_from_db()
    announce(
        submission_transitioned,
        submission=submission,
        action=action,
        from_status=old,
        to_status=to,
        by=by,
        reason=reason,
        section=section,
    )
    return submission


def _ensure_status(submission: Submission, allowed: tuple[str, ...], message: str) -> None:
    if submission.status not in allowed:
        raise ValidationError(message % {"status": submission.get_status_display()})


def _ensure_round_open(submission: Submission) -> None:
    if submission.round.status != Round.Status.OPEN:
        raise ValidationError(_("รอบนี้ปิดแล้ว"))


def submit_problems(submission: Submission) -> list[str]:
    """Why the report may not be sent yet (Thai, empty when it may): every validation error, and every
    warning without a written justification. The one test of readiness, for one submit and for many."""
    findings = submission_findings(submission=submission)
    problems = [f.message for f in errors_of(findings)]
    problems += [
        _("ต้องชี้แจงเหตุผลของคำเตือน: %(message)s") % {"message": f.message}
        for f in unjustified_warnings(findings, submission.warning_justifications or {})
    ]
    return problems


@transaction.atomic
def submission_submit(*, submission: Submission, by: User, source: str = "web") -> Submission:
    """The agency head sends the report. Blocked by any validation error, and by any warning without
    a written justification."""
    current = _locked(submission)
    permissions.ensure_can_submit(by, current)
    _ensure_round_open(current)
    _ensure_status(current, (Status.DRAFT, Status.RETURNED), _("ส่งไม่ได้: รายงานนี้อยู่ในสถานะ «%(status)s» แล้ว"))
    problems = submit_problems(current)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    extra = {"submitted_at": now}
    if current.first_submitted_at is None:
        extra["first_submitted_at"] = now
    current = _move(current, to=Status.SUBMITTED, action=Action.SUBMIT, by=by, source=source, extra=extra)
    return current


def _checked_reason(reason: str, message: str) -> str:
    reason = clean_text(reason)
    if not reason:
        raise ValidationError(message)
    return reason


def _checked_section(section: str, *, required: bool) -> str:
    section = (section or "").strip()
    if not section and not required:
        return ""
    if section not in Section.values:
        raise ValidationError(_("ต้องระบุส่วนที่ต้องแก้ไข (X.1 ถึง X.5)"))
    return section


@transaction.atomic
def submission_return(*, submission: Submission, by: User, section: str, reason: str) -> Submission:
    """The coordinator sends a submitted report back, saying which section to fix and why."""
    current = _locked(submission)
    permissions.ensure_can_review(by, current)
    _ensure_round_open(current)
    _ensure_status(current, (Status.SUBMITTED,), _("ส่งกลับได้เฉพาะรายงานที่ส่งแล้ว (ขณะนี้: «%(status)s»)"))
    reason = _checked_reason(reason, _("ต้องระบุเหตุผลในการส่งกลับ"))
    section = _checked_section(section, required=True)
    current = _move(current, to=Status.RETURNED, action=Action.RETURN, by=by, reason=reason, section=section)
    return current


@transaction.atomic
def submission_accept(*, submission: Submission, by: User, note: str = "") -> Submission:
    current = _locked(submission)
    permissions.ensure_can_review(by, current)
    _ensure_round_open(current)
    _ensure_status(current, (Status.SUBMITTED,), _("รับรองได้เฉพาะรายงานที่ส่งแล้ว (ขณะนี้: «%(status)s»)"))
    current = _move(current, to=Status.ACCEPTED, action=Action.ACCEPT, by=by, reason=clean_text(note))
    submission_published.send(sender=Submission, submission=current, by=by)
    return current


@transaction.atomic
def submission_reopen(*, submission: Submission, by: User, reason: str, section: str = "") -> Submission:
    """Open an accepted (or locked) report for changes again. Reopening a report of a closed round
    reopens the round: its other reports stay accepted."""
    current = _locked(submission)
    permissions.ensure_can_review(by, current)
    _ensure_status(
        current,
        (Status.ACCEPTED, Status.LOCKED),
        _("เปิดให้แก้ไขได้เฉพาะรายงานที่รับรองแล้วหรือปิดรอบแล้ว (ขณะนี้: «%(status)s»)"),
    )
    reason = _checked_reason(reason, _("ต้องระบุเหตุผลในการเปิดให้แก้ไข"))
    section = _checked_section(section, required=False)
    if current.round.status == Round.Status.CLOSED:
        from .rounds import round_reopen

        round_reopen(round_=current.round, by=by, reason=reason)
        current = _locked(current)
    current = _move(current, to=Status.RETURNED, action=Action.REOPEN, by=by, reason=reason, section=section)
    return current
