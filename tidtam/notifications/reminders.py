"""Reminders to the agencies whose reports are not sent: automatically as the due date nears
(`tidtam send_reminders`, TIDTAM_REMINDER_DAYS days before it), and when a coordinator presses the
reminder button of the completeness page (the `round_reminded` signal). Both go through
`reminders_create`: one notification per report and person, made once per report and threshold."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tidtam.common.jobs import JobProgress
from tidtam.common.thai import format_date_be
from tidtam.formdefs.models import Round
from tidtam.orgs.models import OrgUnit
from tidtam.submissions.models import Submission
from tidtam.submissions.services.notify import agency_users

from .models import Notification
from .services import notification_create_for_event

NOT_SENT = (Submission.Status.DRAFT, Submission.Status.RETURNED)


def reminders_create(
    *, round_: Round, late: dict[OrgUnit, list[Submission]], days_left: int | None
) -> list[Notification]:
    """`days_left` None: a coordinator's reminder (made once a day at most); a number: the automatic
    reminder that many days before the due date (made once per report)."""
    today = timezone.localdate()
    created = []
    for agency, submissions in late.items():
        recipients = agency_users(agency)
        for submission in submissions:
            context = {
                "round": round_.key,
                "item": submission.item.number,
                "agency": str(agency),
                "due": format_date_be(round_.due_date) if round_.due_date else _("ไม่ได้กำหนด"),
                "days": days_left,
            }
            if days_left is None:
                body = _("ผู้ประสานงานแจ้งเตือน: %(agency)s ยังไม่ได้ส่งรายงานนี้ (กำหนดส่ง %(due)s)") % context
                key = f"remind:{submission.pk}:{today.isoformat()}"
            else:
                body = _("อีก %(days)s วันถึงกำหนดส่ง (%(due)s) %(agency)s ยังไม่ได้ส่งรายงานนี้") % context
                key = f"due:{submission.pk}:{round_.due_date}:{days_left}"
            created += notification_create_for_event(
                kind=Notification.Kind.REMINDER,
                round_=round_,
                submission=submission,
                recipients=recipients,
                title=_("แจ้งเตือน: รายงานข้อ %(item)s รอบ %(round)s ยังไม่ได้ส่ง") % context,
                body=body,
                link=reverse("submissions:entry", kwargs={"pk": submission.pk}),
                dedupe_key=key,
            )
    return created


def reminder_days() -> list[int]:
    return sorted({int(d) for d in settings.TIDTAM_REMINDER_DAYS if int(d) >= 0}, reverse=True)


def reminders_due(*, today: dt.date | None = None) -> list[Notification]:
    """Remind the agencies of open rounds due in exactly N days (N in TIDTAM_REMINDER_DAYS) of each of
    their reports not yet sent. Running it again the same day (or the next) makes nothing new."""
    today = today or timezone.localdate()
    created = []
    for days in reminder_days():
        rounds = Round.objects.filter(status=Round.Status.OPEN, due_date=today + dt.timedelta(days=days))
        for round_ in rounds.select_related("office"):
            late: dict[OrgUnit, list[Submission]] = {}
            pending = Submission.objects.filter(round=round_, status__in=NOT_SENT).select_related(
                "item", "agency"
            )
            for submission in pending.order_by("agency_id", "item__number"):
                late.setdefault(submission.agency, []).append(submission)
            created += reminders_create(round_=round_, late=late, days_left=days)
    return created


def send_reminders(*, progress: JobProgress) -> dict[str, int]:
    """The `reminders` job (and `tidtam send_reminders`)."""
    progress.update(done=0, total=1, message=_("กำลังสร้างการแจ้งเตือนกำหนดส่ง"))
    created = reminders_due()
    return {"created": len(created)}
