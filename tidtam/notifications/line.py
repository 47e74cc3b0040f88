"""Push a notification to a person's LINE through the LINE Messaging API (LINE Notify was closed in
2025). Optional: only with TIDTAM_LINE_CHANNEL_TOKEN set and a LINE user ID in the person's preferences.

Runs as a background job (`line_push`) with a timeout; a failure is logged and retried by a new job
after a pause (RETRY_DELAYS), and never reaches the workflow step that caused the notification."""

import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from tidtam.common.jobs import JobFailed, JobProgress, job_enqueue

from .models import Notification, NotificationPreference

logger = logging.getLogger(__name__)
MAX_TEXT = 5000  # the Messaging API's limit for one text message
# Pauses before the 2nd and 3rd try; after the last the push is given up (the bell and the digest remain).
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=3))


class LinePushError(Exception):
    pass


def line_text(notification: Notification, *, site_url: str) -> str:
    link = f"{site_url.rstrip('/')}{notification.link}"
    title = _("[ติดตาม] %(title)s") % {"title": notification.title}
    text = "\n".join(part for part in (title, notification.body, link) if part)
    if len(text) > MAX_TEXT:  # keep the link: cut the body
        text = text[: MAX_TEXT - len(link) - 2] + "…\n" + link
    return text


def line_push(*, to: str, text: str) -> None:
    """POST {base}/v2/bot/message/push. Raises LinePushError on any failure (network, timeout, non-2xx)."""
    url = f"{settings.TIDTAM_LINE_API_BASE.rstrip('/')}/v2/bot/message/push"
    if not url.startswith(("https://", "http://")):  # never file: or another scheme urllib would open
        raise LinePushError(f"TIDTAM_LINE_API_BASE is not an http(s) address: {url}")
    payload = {"to": to, "messages": [{"type": "text", "text": text[:MAX_TEXT]}]}
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={
            "Authorization": f"Bearer {settings.TIDTAM_LINE_CHANNEL_TOKEN}",
            "Content-Type": "application/json; charset=utf-8",
        },
        method="POST",
    )
    try:
        timeout = settings.TIDTAM_LINE_TIMEOUT_SECONDS
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked)
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode("utf-8", "replace")
        raise LinePushError(f"LINE answered {exc.code}: {detail}") from exc
    except (urllib.error.URLError, OSError) as exc:  # refused, unreachable, timed out
        raise LinePushError(f"LINE not reached: {exc}") from exc


def push_notification(*, progress: JobProgress, notification_id: str, attempt: int = 1) -> dict:
    """The `line_push` job."""
    notification = Notification.objects.filter(pk=notification_id).select_related("recipient").first()
    if notification is None or notification.line_sent_at is not None:
        return {"sent": 0}
    preference = NotificationPreference.objects.filter(user_id=notification.recipient_id).first()
    if not settings.TIDTAM_LINE_CHANNEL_TOKEN or preference is None or not preference.line_user_id:
        return {"sent": 0}
    progress.update(done=0, total=1, message=_("กำลังส่งการแจ้งเตือนทาง LINE"))
    try:
        line_push(to=preference.line_user_id, text=line_text(notification, site_url=settings.TIDTAM_SITE_URL))
    except LinePushError as exc:
        logger.warning("LINE push of notification %s failed (try %s): %s", notification.pk, attempt, exc)
        if attempt <= len(RETRY_DELAYS):
            job_enqueue(
                kind="line_push",
                title=_("ส่งการแจ้งเตือนทาง LINE (ลองใหม่ครั้งที่ %(n)s)") % {"n": attempt + 1},
                func="tidtam.notifications.line.push_notification",
                kwargs={"notification_id": str(notification.pk), "attempt": attempt + 1},
                run_after=timezone.now() + RETRY_DELAYS[attempt - 1],
            )
        raise JobFailed(_("ส่งการแจ้งเตือนทาง LINE ไม่สำเร็จ")) from exc
    Notification.objects.filter(pk=notification.pk).update(line_sent_at=timezone.now())
    return {"sent": 1}
