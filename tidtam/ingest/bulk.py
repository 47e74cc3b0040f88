"""Bulk import from the web: a batch of uploaded files, one background job per file.

First pass: each file's header says which round it targets (`report_peek`, nothing written); files
for new rounds are queued at once, files that would replace a round wait for the administrator to
confirm (then `replace=True`). A file refused because it would drop most of a round's content waits
again, showing the difference, until the administrator ticks "force" (then `force=True`)."""

import hashlib
import tempfile
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tidtam.common.jobs import JobFailed, JobProgress, job_enqueue
from tidtam.formdefs.models import Round

from .archives import ContentDropped
from .errors import ImportFailed, RoundExists
from .models import ImportBatch, ImportBatchFile, RoundArchive
from .peek import report_peek
from .permissions import ensure_can_import
from .services import report_import
from .uploads import UploadedReport

Status = ImportBatchFile.Status
JOB_FUNC = "tidtam.ingest.bulk.import_batch_file"


def _stored_copy(directory: str, name: str, content: bytes) -> Path:
    # The suffix picks the reader; the name itself never comes from the upload.
    path = Path(directory) / f"upload{PurePosixPath(name.lower()).suffix}"
    path.write_bytes(content)
    return path


def _target(report: UploadedReport) -> tuple[str, str]:
    """(round key, problem) from the file's header."""
    with tempfile.TemporaryDirectory() as directory:
        try:
            key = report_peek(path=_stored_copy(directory, report.name, report.content))
        except ImportFailed as exc:
            return "", str(exc)
        except Exception:  # a damaged .docx or the like: the job would fail the same way
            return "", _("อ่านหัวเอกสารไม่ได้ ไฟล์อาจเสียหาย")
    existing = Round.objects.filter(key=key).first()
    if existing is not None and existing.origin != Round.Origin.LEGACY:
        return key, _("รอบ %(key)s มีข้อมูลที่กรอกในระบบแล้ว จึงไม่นำเข้าทับ") % {"key": key}
    return key, ""


@transaction.atomic
def import_batch_create(*, reports: list[UploadedReport], by: Any) -> ImportBatch:
    ensure_can_import(by)
    batch = ImportBatch.objects.create(created_by=by)
    queued = []
    for report in reports:
        key, problem = ("", report.problem) if report.problem else _target(report)
        replaces = bool(key) and not problem and Round.objects.filter(key=key).exists()
        file = ImportBatchFile.objects.create(
            batch=batch,
            name=report.name[:300],
            content=b"" if problem else report.content,
            size=len(report.content),
            sha256=hashlib.sha256(report.content).hexdigest(),
            round_key=key,
            status=Status.FAILED if problem else (Status.CONFIRM if replaces else Status.QUEUED),
            error=problem,
        )
        if file.status == Status.QUEUED:
            queued.append(file)
    for file in queued:
        _enqueue(file, by=by, replace=False, force=False)
    return batch


@transaction.atomic
def import_batch_confirm(*, batch: ImportBatch, replace_ids: set[int], force_ids: set[int], by: Any) -> int:
    """Queue the files the administrator confirmed: replacing their round, and forced past a refusal
    for dropped content. Returns how many were queued."""
    ensure_can_import(by)
    count = 0
    for file in batch.files.select_for_update().filter(status__in=[Status.CONFIRM, Status.DROPPED]):
        if file.status == Status.CONFIRM and file.pk in replace_ids:
            _enqueue(file, by=by, replace=True, force=False)
        elif file.status == Status.DROPPED and file.pk in force_ids:
            _enqueue(file, by=by, replace=True, force=True)
        else:
            continue
        count += 1
    return count


def _enqueue(file: ImportBatchFile, *, by: Any, replace: bool, force: bool) -> None:
    ImportBatchFile.objects.filter(pk=file.pk).update(status=Status.QUEUED, error="", forced=force)
    job = job_enqueue(
        kind="legacy_import",
        title=_("นำเข้า %(name)s") % {"name": file.name},
        func=JOB_FUNC,
        kwargs={"file_id": file.pk, "replace": replace, "force": force},
        user=by,
    )
    # The immediate backend (tests) has already run the job and written its outcome: keep that.
    ImportBatchFile.objects.filter(pk=file.pk).update(job=job)


def _finish(file_id: int, **fields: Any) -> None:
    ImportBatchFile.objects.filter(pk=file_id).update(**fields)


def import_batch_file(*, progress: JobProgress, file_id: int, replace: bool, force: bool) -> dict[str, Any]:
    """The job: import one file of a batch and record the outcome on it (and as the job's result)."""
    file = ImportBatchFile.objects.get(pk=file_id)
    steps = [0]

    def say(message: str) -> None:
        steps[0] += 1
        progress.update(done=min(steps[0], 4), total=4, message=message)

    with tempfile.TemporaryDirectory() as directory:
        path = _stored_copy(directory, file.name, bytes(file.content))
        try:
            outcome = report_import(
                path=path,
                actor=progress.user,
                progress=say,
                replace=replace,
                force=force,
                source_name=file.name,
            )
        except RoundExists as exc:
            _finish(file_id, status=Status.CONFIRM, round_key=exc.key, error=str(exc))
            raise JobFailed(str(exc)) from exc
        except ContentDropped as exc:
            _finish(file_id, status=Status.DROPPED, error=str(exc))
            raise JobFailed(str(exc)) from exc
        except ImportFailed as exc:
            _finish(file_id, status=Status.FAILED, error=str(exc))
            raise JobFailed(str(exc)) from exc
        except Exception:
            _finish(
                file_id, status=Status.FAILED, error=_("นำเข้าไม่สำเร็จเพราะข้อผิดพลาดของระบบ กรุณาแจ้งผู้ดูแลระบบ")
            )
            raise
    counts = Counter(a.severity for a in outcome.anomalies)
    archive = RoundArchive.objects.filter(round_key=outcome.round.key).first() if outcome.replaced else None
    result = {
        "round_key": outcome.round.key,
        "coverage": round(outcome.run.coverage, 4),
        "coverage_percent": round(outcome.run.coverage * 100, 1),
        "counts": {s: counts.get(s, 0) for s in ("info", "warning", "error")},
        "replaced": outcome.replaced,
        "archive_id": archive.pk if archive else None,
    }
    _finish(file_id, status=Status.DONE, round_key=outcome.round.key, result=result, content=b"", error="")
    return result
