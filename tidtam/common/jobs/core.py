"""Enqueueing, running and reporting the progress of a Job. The only writer of `common.Job` rows."""

import json
import logging
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Job
from .tasks import run_job  # defined (and checked against the backend) once, at import

logger = logging.getLogger(__name__)

# One table of what each kind of job is called; a kind without a label is refused by `job_enqueue`.
KIND_LABELS = {
    "report_docx": gettext_lazy("รายงาน Word"),
    "report_pdf": gettext_lazy("รายงาน PDF"),
    "report_xlsx": gettext_lazy("รายงาน Excel"),
    "mail": gettext_lazy("ส่งอีเมลแจ้งเตือน"),
    "search_index": gettext_lazy("ปรับปรุงดัชนีค้นหา"),
    "themes_recompute": gettext_lazy("คำนวณประเด็นปัญหาใหม่"),
    "legacy_import": gettext_lazy("นำเข้ารายงาน"),
    "notification_digest": gettext_lazy("ส่งอีเมลสรุปการแจ้งเตือนประจำวัน"),
    "notification_reminders": gettext_lazy("สร้างการแจ้งเตือนกำหนดส่ง"),
    "line_push": gettext_lazy("ส่งการแจ้งเตือนทาง LINE"),
}
# A job still queued or running after this long is taken as abandoned (a worker died under it): it
# no longer blocks the user's next one-at-a-time job.
STALE_AFTER = timedelta(minutes=30)
GENERIC_ERROR = gettext_lazy("เกิดข้อผิดพลาดระหว่างทำงาน กรุณาลองใหม่อีกครั้ง หากยังไม่ได้ให้แจ้งผู้ดูแลระบบ")


UNKNOWN_KIND = gettext_lazy("งานเบื้องหลัง")


def kind_label(kind: str) -> str:
    """The Thai name of a job kind; a kind not named here reads as "งานเบื้องหลัง", never as its code."""
    return str(KIND_LABELS.get(kind, UNKNOWN_KIND))


class JobRefused(Exception):
    """The job was not enqueued; `message` is Thai, for the user; `running` is the job in the way."""

    def __init__(self, message: str, *, running: Job | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.running = running


class JobFailed(Exception):
    """Raised by a job function to fail with a Thai message the user may read (no traceback logged)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class JobProgress(Protocol):
    """What a job function is handed and may call: a Job row's `JobRowProgress` in a worker, or a
    command line's `ConsoleProgress`. Annotate job functions with this."""

    user: Any

    def update(
        self, *, done: int | None = None, total: int | None = None, message: str | None = None
    ) -> None: ...

    def attach_file(self, *, filename: str, content: bytes, content_type: str) -> None: ...


class JobRowProgress:
    """A worker's JobProgress: progress and the result file go to the Job row (one UPDATE a call)."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.user = job.user

    def update(
        self, *, done: int | None = None, total: int | None = None, message: str | None = None
    ) -> None:
        changes: dict[str, Any] = {}
        if done is not None:
            changes["done"] = max(0, int(done))
        if total is not None:
            changes["total"] = max(0, int(total))
        if message is not None:
            changes["message"] = str(message)[:300]
        if changes:
            Job.objects.filter(pk=self.job.pk).update(**changes)
            for field, value in changes.items():
                setattr(self.job, field, value)

    def attach_file(self, *, filename: str, content: bytes, content_type: str) -> None:
        job = self.job
        if job.file:
            job.file.delete(save=False)
        job.file.save(f"{job.pk}/{Path(filename).name}", ContentFile(content), save=False)
        job.filename = Path(filename).name[:200]
        job.content_type = content_type[:120]
        Job.objects.filter(pk=job.pk).update(
            file=job.file.name, filename=job.filename, content_type=job.content_type
        )


class ConsoleProgress:
    """The same calls from a command line: progress lines on stderr, the file written to `output`."""

    def __init__(self, *, output: str | Path | None = None, stream: Any = None, user: Any = None) -> None:
        self.output = Path(output) if output is not None else None
        self.stream = stream or sys.stderr
        self.user = user
        self.done, self.total = 0, 0
        self.files: list[tuple[str, bytes, str]] = []

    def update(
        self, *, done: int | None = None, total: int | None = None, message: str | None = None
    ) -> None:
        self.done = self.done if done is None else done
        self.total = self.total if total is None else total
        counts = f"[{self.done}/{self.total}] " if self.total else ""
        if message is not None:
            self.stream.write(f"… {counts}{message or ''}\n")
            self.stream.flush()

    def attach_file(self, *, filename: str, content: bytes, content_type: str) -> None:
        self.files.append((filename, content, content_type))
        if self.output is not None:
            self.output.write_bytes(content)


def _live(queryset):
    return queryset.filter(
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING], created_at__gte=timezone.now() - STALE_AFTER
    )


def job_enqueue(
    *,
    kind: str,
    title: str,
    func: str,
    kwargs: dict[str, Any] | None = None,
    user: Any = None,
    one_at_a_time: bool = False,
    run_after: Any = None,
) -> Job:
    """Record a job and hand it to the task backend. Returns at once (except with the immediate
    backend, which runs it inline: tests). Raises JobRefused when `one_at_a_time` and the user already
    has a live job of this kind. `run_after` (an aware datetime) defers it where the backend can
    (database, RQ: a retry after a pause); the immediate backend runs it at once."""
    if kind not in KIND_LABELS:
        raise ValueError(f"job kind {kind!r} has no label in KIND_LABELS")
    import_string(func)  # fail here, in the caller, on a misspelt path rather than later in a worker
    owner = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        if one_at_a_time and owner is not None:
            # The owner's row is the lock: two clicks at once cannot both pass the check.
            get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
            running = _live(Job.objects.filter(user=owner, kind=kind)).first()
            if running is not None:
                raise JobRefused(
                    _("ท่านมีงาน “%(title)s” กำลังทำอยู่ กรุณารอให้เสร็จก่อนเริ่มงานใหม่") % {"title": running.title},
                    running=running,
                )
        job = Job.objects.create(kind=kind, title=title[:300], func=func, kwargs=kwargs or {}, user=owner)
        _dispatch(job, run_after=run_after)
    return job


def _dispatch(job: Job, *, run_after: Any = None) -> None:
    from django_tasks.backends.immediate import ImmediateBackend
    from django_tasks_db import DatabaseBackend

    def send() -> None:
        try:
            with transaction.atomic():  # a savepoint: a failed enqueue leaves the caller's transaction usable
                options = {"run_after": run_after} if run_after and _backend().supports_defer else {}
                run_job.using(queue_name=settings.TIDTAM_JOB_QUEUE, **options).enqueue(str(job.pk))
        except Exception:  # the queue server is down: the user reads why instead of waiting forever
            logger.exception("job %s could not be enqueued", job.pk)
            Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
                status=Job.Status.FAILED,
                error=_("ระบบงานเบื้องหลังไม่พร้อมใช้งาน กรุณาลองใหม่ภายหลัง"),
                finished_at=timezone.now(),
            )

    if isinstance(_backend(), (DatabaseBackend, ImmediateBackend)):
        # The database queue commits (or rolls back) with the Job row itself; the immediate one runs now.
        send()
    else:
        # RQ lives outside the transaction: a worker must not look for a row not yet committed.
        transaction.on_commit(send)


def _backend():
    from django_tasks import task_backends

    return task_backends["default"]


def job_execute(*, job_id: str) -> Job | None:
    """Run one queued job: queued → running → done/failed. A job not queued any more (run twice by a
    retrying queue) is left alone."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        logger.warning("job %s not queued any more; not run again", job_id)
        return None
    job = Job.objects.select_related("user").get(pk=job_id)
    try:
        function = import_string(job.func)
        result = function(progress=JobRowProgress(job), **job.kwargs)
    except JobFailed as exc:
        return _finish(job, status=Job.Status.FAILED, error=exc.message)
    except Exception:
        logger.exception("job %s (%s, %s) failed", job.pk, job.kind, job.func)
        return _finish(job, status=Job.Status.FAILED, error=str(GENERIC_ERROR))
    return _finish(job, status=Job.Status.DONE, result=result)


def _finish(job: Job, *, status: str, error: str = "", result: Any = None) -> Job:
    changes: dict[str, Any] = {"status": status, "error": error, "finished_at": timezone.now()}
    if status == Job.Status.DONE:
        try:
            json.dumps(result)
        except (TypeError, ValueError):  # a job's return value is advisory: never lose the finished file
            logger.warning("job %s returned a result that is not JSON; kept as text", job.pk)
            result = {"text": str(result)[:1000]}
        changes["result"] = result
        if job.total:
            changes["done"] = job.total
    Job.objects.filter(pk=job.pk).update(**changes)
    job.refresh_from_db()
    return job
