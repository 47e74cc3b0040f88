"""The workflow's signals become notifications for the people each step concerns. Who they are comes
from `submissions.services.notify` (agency_users, coordinators): one rule, used here, not restated."""

from typing import Any

from django.dispatch import receiver
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from tidtam.submissions.models import Submission, WorkflowEvent
from tidtam.submissions.services.notify import agency_users, coordinators
from tidtam.submissions.signals import comment_added, round_closed, round_reminded, submission_transitioned

from .models import Notification
from .reminders import reminders_create
from .services import notification_create_for_event

Action = WorkflowEvent.Action
Kind = Notification.Kind


def entry_link(submission: Submission) -> str:
    return reverse("submissions:entry", kwargs={"pk": submission.pk})


def _who(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else _("ระบบ")


def _where(submission: Submission) -> dict[str, str]:
    return {
        "round": submission.round.key,
        "item": str(submission.item.number),
        "agency": str(submission.agency),
    }


@receiver(submission_transitioned)
def on_transition(
    sender: Any,
    *,
    submission: Submission,
    action: str,
    by=None,
    reason: str = "",
    section: str = "",
    **kwargs: Any,
) -> None:
    context = _where(submission) | {
        "by": _who(by),
        "reason": reason,
        "section": section.replace("X", str(submission.item.number)),
    }
    if action == Action.SUBMIT:
        kind, recipients = Kind.SUBMITTED, coordinators(submission.round)
        title = _("%(agency)s ส่งรายงานข้อ %(item)s รอบ %(round)s") % context
        body = _("ส่งโดย %(by)s กรุณาตรวจและรับรองหรือส่งกลับแก้ไข") % context
    elif action == Action.RETURN:
        kind, recipients = Kind.RETURNED, agency_users(submission.agency)
        title = _("รายงานข้อ %(item)s รอบ %(round)s ถูกส่งกลับแก้ไข") % context
        body = _("ส่วนที่ต้องแก้ไข: %(section)s\nเหตุผล: %(reason)s") % context
    elif action == Action.ACCEPT:
        kind, recipients = Kind.ACCEPTED, agency_users(submission.agency)
        title = _("รายงานข้อ %(item)s รอบ %(round)s ได้รับการรับรองแล้ว") % context
        body = _("รับรองโดย %(by)s") % context
    elif action == Action.REOPEN:
        kind, recipients = Kind.REOPENED, agency_users(submission.agency)
        title = _("รายงานข้อ %(item)s รอบ %(round)s เปิดให้แก้ไขอีกครั้ง") % context
        body = _("เหตุผล: %(reason)s") % context
    else:
        return
    notification_create_for_event(
        kind=kind,
        round_=submission.round,
        submission=submission,
        recipients=recipients,
        title=title,
        body=body,
        link=entry_link(submission),
        actor=by,
    )


@receiver(comment_added)
def on_comment(sender: Any, *, comment, submission: Submission, by=None, **kwargs: Any) -> None:
    """A comment concerns both sides of the report: its agency and its reviewers (not the writer)."""
    context = _where(submission) | {"by": _who(by), "text": Truncator(comment.text).chars(300)}
    notification_create_for_event(
        kind=Kind.COMMENT,
        round_=submission.round,
        submission=submission,
        recipients=[*agency_users(submission.agency), *coordinators(submission.round)],
        title=_("ความเห็นใหม่ในรายงานข้อ %(item)s ของ %(agency)s รอบ %(round)s") % context,
        body=_("%(by)s: %(text)s") % context,
        link=entry_link(submission),
        actor=by,
    )


@receiver(round_reminded)
def on_reminded(sender: Any, *, round_, late: dict, by=None, **kwargs: Any) -> None:
    reminders_create(round_=round_, late=late, days_left=None)


@receiver(round_closed)
def on_closed(sender: Any, *, round_, by=None, **kwargs: Any) -> None:
    participants = round_.participants.select_related("agency")
    recipients = [user for p in participants for user in agency_users(p.agency)]
    notification_create_for_event(
        kind=Kind.ROUND_CLOSED,
        round_=round_,
        recipients=recipients,
        title=_("ปิดรอบ %(round)s แล้ว") % {"round": round_.key},
        body=_("รายงานที่รับรองแล้วถูกล็อก รายงานอื่นแก้ไขไม่ได้จนกว่าผู้ประสานงานจะเปิดรอบอีกครั้ง"),
        link=reverse("submissions:my_work"),
        actor=by,
    )
