"""Writes of what an agency types: the form's fields (one service for web, autosave and Excel upload),
attachments and comments. Every change is audited field by field; every save names the version it
started from, so that nobody overwrites someone else's work without seeing it."""

import hashlib
import uuid
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tidtam.common.services import audit_record
from tidtam.formdefs.itemforms import item_form_load
from tidtam.orgs.models import User

from .. import permissions
from ..content import TEXT_FIELDS, SubmissionContent, clean_text, content_of, content_with, diff_fields
from ..models import Attachment, Comment, NarrativeEntry, ProblemRow, Section, Submission, TableValue
from ..signals import comment_added
from .notify import announce

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_EXTENSIONS = {
    ".pdf": Attachment.Kind.PDF,
    ".jpg": Attachment.Kind.JPEG,
    ".jpeg": Attachment.Kind.JPEG,
    ".png": Attachment.Kind.PNG,
}
# The first bytes of each accepted kind: the name and the browser's content type can lie.
ATTACHMENT_SIGNATURES = {
    Attachment.Kind.PDF: b"%PDF-",
    Attachment.Kind.JPEG: b"\xff\xd8\xff",
    Attachment.Kind.PNG: b"\x89PNG\r\n\x1a\n",
}
# DecimalField(max_digits=20, decimal_places=4).
MAX_DECIMAL_PLACES = 4
MAX_ABS_VALUE = Decimal(10) ** 16


class SubmissionConflict(Exception):  # noqa: N818 - the name the upload and the views use
    """Someone saved this submission after the version the caller started from."""

    def __init__(self, *, submission: Submission, expected_version: int):
        self.submission = submission
        self.current_version = submission.version
        self.expected_version = expected_version
        super().__init__(
            _("มีผู้อื่นบันทึกรายงานนี้ก่อนท่าน (ฉบับที่ %(current)s ท่านเริ่มจากฉบับที่ %(expected)s)")
            % {"current": submission.version, "expected": expected_version}
        )


def _fresh(submission: Submission) -> Submission:
    return Submission.objects.select_related("round", "round__office", "item", "agency").get(pk=submission.pk)


# What another save can have changed since the caller read the submission.
_VOLATILE = ("version", "status", "updated_by_id", "updated_at", "warning_justifications", *TEXT_FIELDS)


def _refreshed(submission: Submission) -> Submission:
    """The caller's submission with its changeable state read again: one query on two tables (the
    submission and its round's status), not `_fresh`'s four-table join. Autosave calls this every
    few seconds for every reporter typing; the round, item and agency it already holds never change.
    The conditional update below still refuses a save that another one slipped in before."""
    row = Submission.objects.filter(pk=submission.pk).values(*_VOLATILE, "round__status").get()
    for name in _VOLATILE:
        setattr(submission, name, row[name])
    submission.round.status = row["round__status"]
    return submission


def ensure_editable_state(submission: Submission) -> None:
    if submission.round.status != "open":
        raise ValidationError(_("รอบนี้ปิดแล้ว แก้ไขข้อมูลไม่ได้"))
    if not permissions.is_editable_state(submission):
        raise ValidationError(
            _("รายงานนี้อยู่ในสถานะ «%(status)s» แก้ไขได้เฉพาะฉบับร่างหรือฉบับที่ถูกส่งกลับแก้ไข")
            % {"status": submission.get_status_display()}
        )


def _checked_values(submission: Submission, values: dict[str, Decimal | None]) -> dict[str, Decimal | None]:
    columns = {c.key: c for c in submission.item.columns.all()}
    out: dict[str, Decimal | None] = {}
    for key, value in values.items():
        column = columns.get(key)
        if column is None:
            raise ValidationError(
                _("ข้อ %(item)s ไม่มีช่อง «%(key)s»") % {"item": submission.item.number, "key": key}
            )
        if value is not None:
            if not isinstance(value, Decimal):
                value = Decimal(str(value))
            if not value.is_finite() or abs(value) >= MAX_ABS_VALUE:
                raise ValidationError(_("«%(column)s»: ตัวเลขใหญ่เกินไป") % {"column": column.label})
            if value != value.quantize(Decimal(1).scaleb(-MAX_DECIMAL_PLACES)):
                raise ValidationError(
                    _("«%(column)s»: ทศนิยมได้ไม่เกิน %(places)s ตำแหน่ง")
                    % {"column": column.label, "places": MAX_DECIMAL_PLACES}
                )
        out[key] = value
    return out


def _checked_narratives(submission: Submission, narratives: dict[int | None, str]) -> dict[int | None, str]:
    numbers = {s.number for s in submission.item.subtopics.all()}
    out: dict[int | None, str] = {}
    for number, text in narratives.items():
        if number is not None and int(number) not in numbers:
            raise ValidationError(
                _("ข้อ %(item)s ไม่มีประเด็นย่อยที่ %(number)s") % {"item": submission.item.number, "number": number}
            )
        out[None if number is None else int(number)] = text
    return out


@transaction.atomic
def submission_update(
    *,
    submission: Submission,
    by: User,
    expected_version: int,
    values: dict[str, Decimal | None] | None = None,
    table_note: str | None = None,
    narratives: dict[int | None, str] | None = None,
    problems: list[dict[str, str]] | None = None,
    success_factors: str | None = None,
    recommendations: str | None = None,
    best_practices: str | None = None,
    justifications: dict[str, str] | None = None,
    source: str = "web",
    just_read: bool = False,
) -> Submission:
    """Save what the agency typed. None leaves a part unchanged; `values` and `narratives` change only
    the keys they name; `problems` replaces all X.2 rows; `justifications` ({rule: text}) replaces the
    written justifications of validation warnings.

    Raises SubmissionConflict when `expected_version` is stale and the save would change something,
    PermissionDenied, or ValidationError (Thai). Saving what is already saved changes nothing. The
    given submission is updated in place (version, status, texts) and returned.

    `just_read`: the caller read `submission` from the database in this same request, a moment ago
    (the entry page and its autosave), so its state is not read again. Either way, what guards
    against a lost update is the conditional update below, which refuses the save if another one
    slipped in since.
    """
    current = submission if just_read else _refreshed(submission)
    # The item of a submission never changes: whatever the caller already loaded of it (autosave parses
    # the post with the same columns) is reused, and a published form is kept per process.
    item_form_load(current.item)
    permissions.ensure_can_edit(by, current)
    ensure_editable_state(current)

    old = content_of(current)
    new = content_with(
        old,
        values=None if values is None else _checked_values(current, values),
        narratives=None if narratives is None else _checked_narratives(current, narratives),
        problems=problems,
        justifications=justifications,
        table_note=table_note,
        success_factors=success_factors,
        recommendations=recommendations,
        best_practices=best_practices,
    )
    changes = diff_fields(old, new)
    if not changes:
        return current
    if current.version != expected_version:
        raise SubmissionConflict(submission=current, expected_version=expected_version)

    # Conditional update: if another save slipped in since we read, nothing is written.
    now = timezone.now()
    texts = {name: getattr(new, name) for name in TEXT_FIELDS}
    updated = Submission.objects.filter(
        pk=current.pk, version=expected_version, status__in=permissions.EDITABLE_STATUSES
    ).update(
        version=F("version") + 1,
        updated_by=by,
        updated_at=now,
        warning_justifications=new.justifications,
        **texts,
    )
    if not updated:
        raise SubmissionConflict(submission=_fresh(current), expected_version=expected_version)

    _write_values(current, old, new)
    _write_narratives(current, old, new)
    if new.problems != old.problems:
        current.problems.all().delete()
        ProblemRow.objects.bulk_create(
            [ProblemRow(submission=current, order=i, **row) for i, row in enumerate(new.problems, start=1)]
        )
    audit_record(actor=by, obj=current, action="update", changes=changes, source=source)
    # What the update wrote, without reading the row back (the row is ours until the commit).
    current.version = expected_version + 1
    current.updated_by, current.updated_at = by, now
    current.warning_justifications = new.justifications
    for name, text in texts.items():
        setattr(current, name, text)
    return current


def _write_values(submission: Submission, old: SubmissionContent, new: SubmissionContent) -> None:
    """Only the changed cells: one UPDATE per changed value, one DELETE and one INSERT at most."""
    columns = {c.key: c for c in submission.item.columns.all()}
    cleared, added = [], []
    for key, value in new.values.items():
        if old.values.get(key) == value:  # numeric comparison: 10 == 10.0000
            continue
        if value is None:
            cleared.append(columns[key])
        elif key in old.values:  # a stored row: `old` holds every stored value
            TableValue.objects.filter(submission=submission, column=columns[key]).update(value=value)
        else:
            added.append(TableValue(submission=submission, column=columns[key], value=value))
    if cleared:
        TableValue.objects.filter(submission=submission, column__in=cleared).delete()
    if added:
        TableValue.objects.bulk_create(added)


def _write_narratives(submission: Submission, old: SubmissionContent, new: SubmissionContent) -> None:
    """Only the changed texts, as `_write_values`."""
    subtopics = {s.number: s for s in submission.item.subtopics.all()}
    cleared, added = [], []
    for number, text in new.narratives.items():
        if old.narratives.get(number, "") == text:
            continue
        subtopic = subtopics.get(number) if number is not None else None
        if not text:
            cleared.append(number)
        elif number in old.narratives:
            NarrativeEntry.objects.filter(submission=submission, subtopic=subtopic).update(text=text)
        else:
            added.append(NarrativeEntry(submission=submission, subtopic=subtopic, text=text))
    if cleared:
        general = None in cleared
        numbered = [subtopics[n] for n in cleared if n is not None]
        NarrativeEntry.objects.filter(submission=submission).filter(
            Q(subtopic__in=numbered) | Q(subtopic__isnull=True) if general else Q(subtopic__in=numbered)
        ).delete()
    if added:
        NarrativeEntry.objects.bulk_create(added)


# --- attachments ------------------------------------------------------------------------------------


def attachment_kind(upload: UploadedFile) -> str:
    """The content type of an evidence upload (PDF, JPEG, PNG by name and by content), or a Thai error."""
    kind = ATTACHMENT_EXTENSIONS.get(Path(upload.name or "").suffix.lower())
    if kind is None:
        raise ValidationError(_("แนบได้เฉพาะไฟล์ PDF, JPEG หรือ PNG เท่านั้น"))
    if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("ไฟล์ใหญ่เกิน 10 MB กรุณาลดขนาดไฟล์ก่อนแนบ"))
    if upload.size == 0:
        raise ValidationError(_("ไฟล์นี้ว่างเปล่า"))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(ATTACHMENT_SIGNATURES[kind]):
        raise ValidationError(_("เนื้อไฟล์ไม่ใช่ PDF, JPEG หรือ PNG ตามที่ชื่อไฟล์ระบุ"))
    return kind


@transaction.atomic
def attachment_add(
    *, submission: Submission, by: User, upload: UploadedFile, source: str = "web"
) -> Attachment:
    """Keep one evidence file (PDF/JPEG/PNG, at most 10 MB) with its SHA-256."""
    current = _fresh(submission)
    permissions.ensure_can_edit(by, current)
    ensure_editable_state(current)
    kind = attachment_kind(upload)
    # Django sets the size of every uploaded file; only a hand-made UploadedFile lacks it.
    assert upload.size is not None
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    original = Path(upload.name or "file").name[:255]
    attachment = Attachment(
        submission=current,
        original_name=original,
        content_type=kind,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    suffix = Path(original).suffix.lower()
    attachment.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    attachment.save()
    audit_record(
        actor=by,
        obj=current,
        action="attach",
        changes={"attachment": [None, f"{original} ({attachment.sha256[:12]})"]},
        source=source,
    )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by: User, source: str = "web") -> None:
    current = _fresh(attachment.submission)
    permissions.ensure_can_edit(by, current)
    ensure_editable_state(current)
    name, stored = attachment.original_name, attachment.file.name
    assert stored is not None  # the file field is required: every attachment was saved with a file
    storage = attachment.file.storage
    attachment.delete()
    audit_record(actor=by, obj=current, action="detach", changes={"attachment": [name, None]}, source=source)
    transaction.on_commit(lambda: storage.delete(stored))


# --- comments ---------------------------------------------------------------------------------------


@transaction.atomic
def comment_add(*, submission: Submission, by: User, text: str, section: str = "") -> Comment:
    permissions.ensure_can_comment(by, submission)
    text = clean_text(text)
    if not text:
        raise ValidationError(_("กรุณาพิมพ์ความเห็นก่อนบันทึก"))
    if section and section not in Section.values:
        raise ValidationError(_("ส่วนที่อ้างถึงต้องเป็น X.1 ถึง X.5"))
    comment = Comment.objects.create(submission=submission, author=by, section=section, text=text)
    audit_record(actor=by, obj=submission, action="comment", changes={"comment": [None, text]})
    announce(comment_added, comment=comment, submission=submission, by=by)
    return comment
