"""The e-mail digest: ONE mail per person, round and day listing the notifications not yet e-mailed,
with absolute links (TIDTAM_SITE_URL). Run it once a day (cron: `tidtam send_digests`, or the
`notification_digest` job).

A person and round already mailed today (DigestMail) get nothing more today: what came after waits for
tomorrow's digest. A person without an e-mail address, or who turned the digest off, is skipped (their
notifications stay on the bell). Each mail is sent inside the transaction that records it, so a mail
server that refuses it leaves the notifications unmailed for the next run, and running twice sends
nothing new."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tidtam.common.jobs import JobProgress
from tidtam.common.thai import format_date_be

from .models import DigestMail, Notification, NotificationPreference

logger = logging.getLogger(__name__)
# Older unmailed notifications (someone who had no address or had the digest off) are not mailed late.
LOOKBACK = timedelta(days=7)


@dataclass
class DigestResult:
    mails: int = 0
    notifications: int = 0
    skipped_people: set[int] = field(default_factory=set)
    failed: int = 0


def absolute(path: str) -> str:
    return f"{settings.TIDTAM_SITE_URL.rstrip('/')}{path}"


def _mail(user, round_, items: list[Notification], day) -> tuple[str, str]:
    context = {"round": round_.key, "date": format_date_be(day), "n": len(items)}
    subject = _("[ติดตาม] สรุปการแจ้งเตือนรอบ %(round)s วันที่ %(date)s (%(n)s รายการ)") % context
    lines = [
        _("เรียน %(name)s") % {"name": user.get_full_name() or user.get_username()},
        "",
        _("การแจ้งเตือนของท่านในรอบ %(round)s:") % context,
        "",
    ]
    for number, item in enumerate(items, start=1):
        lines.append(f"{number}. {item.title}")
        lines += [f"   {line}" for line in item.body.splitlines() if line.strip()]
        lines += [f"   {absolute(item.link)}", ""]
    lines += [
        _("ดูการแจ้งเตือนทั้งหมด: %(url)s") % {"url": absolute(reverse("notifications:list"))},
        _("เปิดหรือปิดอีเมลสรุปนี้ได้ที่: %(url)s") % {"url": absolute(reverse("notifications:settings"))},
    ]
    return subject, "\n".join(lines)


def digests_send(*, now: datetime | None = None) -> DigestResult:
    now = now or timezone.now()
    day = timezone.localdate(now)
    result = DigestResult()
    pending = (
        Notification.objects.filter(
            emailed_at__isnull=True, created_at__gte=now - LOOKBACK, created_at__lte=now
        )
        .select_related("recipient", "round")
        .order_by("recipient_id", "round_id", "created_at", "id")
    )
    groups: dict[tuple[int, int], list[Notification]] = defaultdict(list)
    for notification in pending:
        groups[(notification.recipient_id, notification.round_id)].append(notification)
    off = set(
        NotificationPreference.objects.filter(
            email_digest=False, user_id__in={key[0] for key in groups}
        ).values_list("user_id", flat=True)
    )
    connection = get_connection()
    for (user_id, _round_id), items in groups.items():
        user, round_ = items[0].recipient, items[0].round
        if not user.is_active or not user.email or user_id in off:
            result.skipped_people.add(user_id)
            continue
        try:
            with transaction.atomic():
                _digest, created = DigestMail.objects.get_or_create(
                    recipient=user, round=round_, day=day, defaults={"count": len(items), "sent_at": now}
                )
                if not created:  # this person had this round's digest today already
                    continue
                Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
                subject, body = _mail(user, round_, items, day)
                to = [user.email]
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to, connection=connection).send()
        except Exception:  # the mail server refused: rolled back, so tried again on the next run
            logger.exception("digest for user %s, round %s not sent", user_id, round_.key)
            result.failed += 1
            continue
        result.mails += 1
        result.notifications += len(items)
    return result


def send_digests(*, progress: JobProgress) -> dict[str, int]:
    """The `notification_digest` job (and `tidtam send_digests`)."""
    progress.update(done=0, total=1, message=_("กำลังส่งอีเมลสรุปการแจ้งเตือน"))
    result = digests_send()
    return {
        "mails": result.mails,
        "notifications": result.notifications,
        "skipped": len(result.skipped_people),
    }
