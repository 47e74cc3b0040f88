"""Writes of follow-ups: created from accepted/locked reports (and legacy imports), updated by agencies in
later rounds. Each write is atomic and audited."""

import hashlib
import uuid
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tidtam.common.models import AuditEvent
from tidtam.common.services import audit_record
from tidtam.formdefs.models import Round
from tidtam.submissions.content import clean_text
from tidtam.submissions.models import Submission
from tidtam.submissions.services.entry import attachment_kind

from .lineage import item_code, item_series
from .models import FollowUp, FollowUpEvidence, FollowUpUpdate
from .selectors import can_update_followup, open_followups_before
from .text import SAME_PROBLEM, is_nothing, similarity, split_recommendations, without_marker

PUBLISHED = (Submission.Status.ACCEPTED, Submission.Status.LOCKED)
CLOSED_STATUSES = (FollowUp.Status.RESOLVED, FollowUp.Status.NOT_RELEVANT)


def _wanted(submission: Submission) -> list[dict[str, Any]]:
    """What the report says should be followed up: each X.2 row with a problem, each recommendation."""
    wanted: list[dict[str, Any]] = []
    for row in submission.problems.all():
        if is_nothing(row.problem):
            continue
        wanted.append(
            {
                "kind": FollowUp.Kind.PROBLEM,
                "order": row.order,
                "text": without_marker(row.problem),
                "solution": "" if is_nothing(row.solution) else without_marker(row.solution),
                "expected_result": ""
                if is_nothing(row.expected_result)
                else without_marker(row.expected_result),
            }
        )
    for n, text in enumerate(split_recommendations(submission.recommendations), start=1):
        wanted.append({"kind": FollowUp.Kind.RECOMMENDATION, "order": n, "text": text})
    return wanted


def _recurring_target(submission: Submission, text: str, series: str) -> FollowUp | None:
    """The earlier open problem of the same agency and item that this text says again, if any."""
    best, best_score = None, SAME_PROBLEM
    for earlier in open_followups_before(
        round_=submission.round, agency_id=submission.agency_id, series=series, kind=FollowUp.Kind.PROBLEM
    ):
        score = similarity(text, earlier.text)
        if score >= best_score:
            best, best_score = earlier, score
    return best


def followups_sync_submission(*, submission: Submission, actor: Any = None, source: str = "system") -> int:
    """Make the follow-ups of one accepted or locked report match what it says (idempotent). A problem
    an earlier round already follows up is linked to it as recurring instead of opened again.
    Returns the number of follow-ups this report opened."""
    if submission.status not in PUBLISHED:
        return 0
    series = item_series(submission.item)
    code = item_code(submission.item)
    # Links this report made earlier are remade from its current text.
    FollowUpUpdate.objects.filter(
        round=submission.round,
        kind=FollowUpUpdate.Kind.RECURRING,
        followup__agency=submission.agency,
        followup__item_lineage=series,
    ).delete()
    existing = {
        (f.kind, f.order): f
        for f in FollowUp.objects.filter(
            origin_round=submission.round, item=submission.item, agency=submission.agency
        )
    }
    kept: set[int] = set()
    opened = 0
    for entry in _wanted(submission):
        if entry["kind"] == FollowUp.Kind.PROBLEM:
            target = _recurring_target(submission, entry["text"], series)
            if target is not None:
                FollowUpUpdate.objects.create(
                    followup=target,
                    round=submission.round,
                    kind=FollowUpUpdate.Kind.RECURRING,
                    status=target.status,
                    note=entry["text"],
                    by=actor if getattr(actor, "pk", None) else None,
                )
                continue
        fields = {k: v for k, v in entry.items() if k not in ("kind", "order")}
        current = existing.get((entry["kind"], entry["order"]))
        if current is None:
            current = FollowUp.objects.create(
                origin_round=submission.round,
                item=submission.item,
                item_code=code,
                item_lineage=series,
                item_number=submission.item.number,
                agency=submission.agency,
                kind=entry["kind"],
                order=entry["order"],
                **fields,
            )
            opened += 1
        elif any(getattr(current, k) != v for k, v in fields.items()):
            FollowUp.objects.filter(pk=current.pk).update(**fields)
        kept.add(current.pk)
    # What the report no longer says goes, unless someone already followed it up.
    stale = [f.pk for f in existing.values() if f.pk not in kept and not f.updates.exists()]
    FollowUp.objects.filter(pk__in=stale).delete()
    if opened or stale:
        audit_record(
            actor=actor,
            obj=submission,
            action="followups_sync",
            changes={"followups": [len(existing), len(kept)]},
            source=source,
        )
    return opened


@transaction.atomic
def followups_sync_round(*, round_: Round, actor: Any = None, source: str = "system") -> int:
    """Follow-ups of every accepted or locked report of the round (after an import or a close)."""
    opened = 0
    submissions = (
        Submission.objects.filter(round=round_, status__in=PUBLISHED)
        .select_related("round", "item", "agency")
        .prefetch_related("problems")
        .order_by("item__number", "agency_id")
    )
    for submission in submissions:
        opened += followups_sync_submission(submission=submission, actor=actor, source=source)
    return opened


@transaction.atomic
def followups_sync_later_rounds(*, round_: Round, actor: Any = None, source: str = "system") -> int:
    """An earlier round that arrives late (a legacy round imported after later ones of the office): the
    later rounds are synced again, oldest first, so that their problems that repeat its open ones become
    recurring links instead of duplicates — as if the rounds had come in order."""
    later = Round.objects.filter(office_id=round_.office_id).filter(
        Q(fiscal_year_be__gt=round_.fiscal_year_be)
        | Q(fiscal_year_be=round_.fiscal_year_be, number__gt=round_.number)
    )
    return sum(
        followups_sync_round(round_=r, actor=actor, source=source)
        for r in later.order_by("fiscal_year_be", "number")
    )


def _evidence(update: FollowUpUpdate, upload: UploadedFile) -> FollowUpEvidence:
    kind = attachment_kind(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    original = Path(upload.name or "file").name[:255]
    evidence = FollowUpEvidence(
        update=update,
        original_name=original,
        content_type=kind,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
    )
    evidence.file.save(f"{uuid.uuid4().hex}{Path(original).suffix.lower()}", upload, save=False)
    evidence.save()
    return evidence


def _closing_round(followup: FollowUp, round_: Round | None) -> Round | None:
    """The round a follow-up closes in: the report's round, or, when it is closed on its own page or by
    the API, the office's latest round then (its age in rounds stops growing either way)."""
    if round_ is not None:
        return round_
    return (
        Round.objects.filter(office_id=followup.origin_round.office_id)
        .order_by("-fiscal_year_be", "-number")
        .first()
    )


@transaction.atomic
def followup_update(
    *,
    followup: FollowUp,
    by: Any,
    status: str,
    note: str,
    round_: Round | None = None,
    evidence: UploadedFile | None = None,
    source: str = AuditEvent.Source.WEB,
) -> FollowUpUpdate:
    """Report progress on a follow-up: its new status and what was done (required), optionally with a
    file. Resolving it or finding it not relevant needs the reason in `note`. `round_` is the later round
    whose report gives the answer."""
    current = FollowUp.objects.select_for_update().get(pk=followup.pk)
    if not can_update_followup(by, current):
        raise PermissionDenied(_("ท่านไม่มีสิทธิ์รายงานผลการติดตามเรื่องนี้"))
    if status not in FollowUp.Status.values:
        raise ValidationError(_("สถานะไม่ถูกต้อง"))
    note = clean_text(note)
    if not note:
        if status in CLOSED_STATUSES:
            raise ValidationError(_("ต้องระบุเหตุผลสั้น ๆ เมื่อแจ้งว่าแก้ไขแล้วหรือไม่เกี่ยวข้องแล้ว"))
        raise ValidationError(_("ต้องระบุสิ่งที่ได้ดำเนินการ"))
    if round_ is not None and round_.office_id != current.origin_round.office_id:
        raise ValidationError(_("รอบนี้ไม่ใช่รอบของสำนักงานเดียวกัน"))
    update = FollowUpUpdate.objects.create(followup=current, round=round_, status=status, note=note, by=by)
    if evidence is not None:
        _evidence(update, evidence)
    old = current.status
    current.status = status
    current.status_reason = note if status in CLOSED_STATUSES else ""
    current.closed_in_round = _closing_round(current, round_) if status in CLOSED_STATUSES else None
    current.save(update_fields=["status", "status_reason", "closed_in_round", "updated_at"])
    audit_record(
        actor=by,
        obj=current,
        action="followup_update",
        changes={"status": [old, status], "note": [None, note]},
        source=source,
    )
    return update
