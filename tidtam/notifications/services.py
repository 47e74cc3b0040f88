"""Writes of notifications: create them for an event, mark them read, save a person's preferences."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tidtam.common.jobs import job_enqueue
from tidtam.common.services import audit_record
from tidtam.formdefs.models import Round
from tidtam.orgs.models import User
from tidtam.submissions.models import Submission

from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)
LINE_PUSH = "tidtam.notifications.line.push_notification"


@transaction.atomic
def notification_create_for_event(
    *,
    kind: str,
    round_: Round,
    recipients: Iterable[User],
    title: str,
    link: str,
    body: str = "",
    submission: Submission | None = None,
    actor: User | None = None,
    dedupe_key: str = "",
) -> list[Notification]:
    """One notification per recipient (the actor is not told of their own step). With `dedupe_key`, a
    recipient who already has that notification gets no second one. LINE pushes are queued after
    commit for recipients who gave a LINE user ID."""
    created = []
    for user in {u.pk: u for u in recipients if u.is_active}.values():
        if actor is not None and user.pk == actor.pk:
            continue
        notification = Notification(
            recipient=user,
            round=round_,
            submission=submission,
            kind=kind,
            title=title[:300],
            body=body,
            link=link,
            dedupe_key=dedupe_key,
        )
        if dedupe_key:
            if Notification.objects.filter(recipient=user, dedupe_key=dedupe_key).exists():
                continue
            try:
                with transaction.atomic():  # two runs at once: the constraint keeps one
                    notification.save()
            except IntegrityError:
                continue
        else:
            notification.save()
        created.append(notification)
    _queue_line_pushes(created)
    return created


def _queue_line_pushes(notifications: list[Notification]) -> None:
    if not notifications or not settings.TIDTAM_LINE_CHANNEL_TOKEN:
        return
    wanted = set(
        NotificationPreference.objects.filter(user_id__in=[n.recipient_id for n in notifications])
        .exclude(line_user_id="")
        .values_list("user_id", flat=True)
    )
    ids = [str(n.pk) for n in notifications if n.recipient_id in wanted]
    if not ids:
        return

    def enqueue() -> None:
        for pk in ids:
            try:
                job_enqueue(
                    kind="line_push",
                    title=_("ส่งการแจ้งเตือนทาง LINE"),
                    func=LINE_PUSH,
                    kwargs={"notification_id": pk},
                )
            except Exception:  # a queue that is down must not break the step that caused the notification
                logger.exception("LINE push of notification %s not queued", pk)

    transaction.on_commit(enqueue, robust=True)


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preference_update(*, user: User, email_digest: bool, line_user_id: str) -> NotificationPreference:
    """Save a person's own channels; the change is audited (a LINE ID says where their news goes)."""
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    old = {"email_digest": preference.email_digest, "line_user_id": preference.line_user_id}
    new = {"email_digest": email_digest, "line_user_id": line_user_id.strip()}
    changes = {field: [old[field], new[field]] for field in new if old[field] != new[field]}
    if changes:
        NotificationPreference.objects.filter(pk=preference.pk).update(**new)
        audit_record(actor=user, obj=preference, action="notification_preference", changes=changes)
        preference.refresh_from_db()
    return preference
