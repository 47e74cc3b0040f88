"""E-mail to the people a workflow step concerns. Queued as a background job after the transaction
commits, so that a rolled-back step never mails anyone, and a mail server that is slow or down never
holds up or undoes a step."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from tidtam.common.jobs.mail import mail_enqueue
from tidtam.common.thai import format_date_be
from tidtam.formdefs.models import Round
from tidtam.orgs.models import Membership, OrgUnit, User

from ..models import Submission

logger = logging.getLogger(__name__)
Role = Membership.Role


def _emails(users: Iterable[User]) -> list[str]:
    return sorted({u.email for u in users if u.is_active and u.email})


def agency_users(agency: OrgUnit) -> list[User]:
    return list(
        User.objects.filter(
            memberships__org_unit=agency,
            memberships__role__in=[Role.AGENCY_REPORTER, Role.AGENCY_HEAD],
        ).distinct()
    )


def coordinators(round_: Round) -> list[User]:
    return list(
        User.objects.filter(
            memberships__role=Role.COORDINATOR,
            memberships__org_unit_id__in=[round_.office_id, round_.office.parent_id],
        ).distinct()
    )


def _link(path: str) -> str:
    return f"{getattr(settings, 'TIDTAM_SITE_URL', '').rstrip('/')}{path}"


def _entry_link(submission: Submission) -> str:
    return _link(reverse("submissions:entry", kwargs={"pk": submission.pk}))


def _send(messages: list[tuple[str, str, list[str]]]) -> None:
    messages = [(subject, body, to) for subject, body, to in messages if to]
    if not messages:
        return

    def deliver() -> None:
        try:
            mail_enqueue(messages=messages)
        except Exception:  # a queue that is down must not turn a saved step into an error page
            logger.exception("notification mail not queued")

    transaction.on_commit(deliver)


def _where(submission: Submission) -> dict[str, str]:
    return {
        "round": submission.round.key,
        "item": str(submission.item.number),
        "agency": str(submission.agency),
        "link": _entry_link(submission),
    }


def notify_submitted(*, submission: Submission, by: User) -> None:
    context = _where(submission) | {"by": by.get_full_name() or by.get_username()}
    subject = _("[ติดตาม] %(agency)s ส่งรายงานข้อ %(item)s รอบ %(round)s") % context
    body = (
        _(
            "%(agency)s ส่งรายงานข้อ %(item)s ของรอบ %(round)s แล้ว (ส่งโดย %(by)s)\n"
            "กรุณาตรวจและรับรองหรือส่งกลับแก้ไข: %(link)s"
        )
        % context
    )
    _send([(subject, body, _emails(coordinators(submission.round)))])


def notify_returned(*, submission: Submission, section: str, reason: str) -> None:
    context = _where(submission) | {
        "section": section.replace("X", str(submission.item.number)),
        "reason": reason,
    }
    subject = _("[ติดตาม] รายงานข้อ %(item)s รอบ %(round)s ถูกส่งกลับแก้ไข") % context
    body = (
        _(
            "ผู้ประสานงานส่งรายงานข้อ %(item)s ของ %(agency)s รอบ %(round)s กลับให้แก้ไข\n"
            "ส่วนที่ต้องแก้ไข: %(section)s\nเหตุผล: %(reason)s\n\nแก้ไขได้ที่: %(link)s"
        )
        % context
    )
    _send([(subject, body, _emails(agency_users(submission.agency)))])


def notify_accepted(*, submission: Submission) -> None:
    context = _where(submission)
    subject = _("[ติดตาม] รายงานข้อ %(item)s รอบ %(round)s ได้รับการรับรองแล้ว") % context
    body = _("ผู้ประสานงานรับรองรายงานข้อ %(item)s ของ %(agency)s รอบ %(round)s แล้ว\n%(link)s") % context
    _send([(subject, body, _emails(agency_users(submission.agency)))])


def notify_reopened(*, submission: Submission, reason: str) -> None:
    context = _where(submission) | {"reason": reason}
    subject = _("[ติดตาม] รายงานข้อ %(item)s รอบ %(round)s เปิดให้แก้ไขอีกครั้ง") % context
    body = (
        _(
            "ผู้ประสานงานเปิดรายงานข้อ %(item)s ของ %(agency)s รอบ %(round)s ให้แก้ไขอีกครั้ง\n"
            "เหตุผล: %(reason)s\n\nแก้ไขได้ที่: %(link)s"
        )
        % context
    )
    _send([(subject, body, _emails(agency_users(submission.agency)))])


def notify_reminder(*, round_: Round, late: dict[OrgUnit, list[Submission]]) -> None:
    messages = []
    for agency, submissions in late.items():
        items = ", ".join(str(s.item.number) for s in submissions)
        context = {
            "round": round_.key,
            "agency": str(agency),
            "items": items,
            "due": format_date_be(round_.due_date),
            "link": _link(reverse("submissions:my_work")),
        }
        subject = _("[ติดตาม] แจ้งเตือน: รายงานรอบ %(round)s เลยกำหนดส่ง") % context
        body = (
            _(
                "เรียน %(agency)s\nรายงานรอบ %(round)s ข้อ %(items)s ยังไม่ได้ส่ง "
                "(กำหนดส่ง %(due)s)\nกรุณากรอกและส่งรายงาน: %(link)s"
            )
            % context
        )
        messages.append((subject, body, _emails(agency_users(agency))))
    _send(messages)
