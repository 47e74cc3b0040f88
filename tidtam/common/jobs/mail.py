"""Mail as a background job: a slow or unreachable mail server holds a worker, never a request."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils.translation import gettext as _

from ..models import Job
from .core import JobProgress, job_enqueue

FUNC = "tidtam.common.jobs.mail.send_mails"


def mail_enqueue(*, messages: list[tuple[str, str, list[str]]]) -> Job | None:
    """Queue (subject, body, recipients) messages as one job; messages without recipients are dropped.
    Call it after the transaction commits (`transaction.on_commit`) so a rolled-back step mails no one."""
    messages = [(subject, body, list(to)) for subject, body, to in messages if to]
    if not messages:
        return None
    title = _("อีเมลแจ้งเตือน %(count)s ฉบับ: %(subject)s") % {"count": len(messages), "subject": messages[0][0]}
    return job_enqueue(kind="mail", title=title, func=FUNC, kwargs={"messages": messages})


def send_mails(*, progress: JobProgress, messages: list[list]) -> dict[str, int]:
    progress.update(done=0, total=len(messages), message=_("กำลังส่งอีเมล"))
    sent = send_mass_mail([(s, b, settings.DEFAULT_FROM_EMAIL, to) for s, b, to in messages])
    return {"sent": sent}
