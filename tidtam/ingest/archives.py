"""Replacing a round safely: what a round holds (to refuse an import that would drop most of it), and
its archived versions (kept before every replacement, restorable).

A replacement is refused unless forced when, for any of the four measures below, the new round keeps
fewer than half of what the round it replaces holds (`DROP_RATIO`). Equal or richer content passes."""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Length

from tidtam.common.models import AuditEvent
from tidtam.common.services import audit_actor_label, audit_record
from tidtam.common.thai import format_number
from tidtam.formdefs.models import Round
from tidtam.submissions.models import NarrativeEntry, ProblemRow, Submission, TableValue

from .errors import ImportFailed
from .models import ImportRun, RoundArchive
from .permissions import ensure_can_import

DROP_RATIO = 0.5

MEASURES = (
    ("items", "ข้อที่มีข้อมูล"),
    ("submissions", "รายงานของหน่วยงาน"),
    ("table_values", "ค่าในตาราง"),
    ("text_chars", "ตัวอักษรของข้อความบรรยาย"),
)


@dataclass(frozen=True)
class RoundContent:
    items: int
    submissions: int
    table_values: int
    text_chars: int

    def dropped_against(self, before: "RoundContent") -> list[str]:
        """The measures for which this content keeps fewer than DROP_RATIO of `before`."""
        return [
            name
            for name, _label in MEASURES
            if getattr(before, name) > 0 and getattr(self, name) < getattr(before, name) * DROP_RATIO
        ]


def round_content(*, round_: Round) -> RoundContent:
    subs = Submission.objects.filter(round=round_)
    text = 0
    for model, fields in (
        (NarrativeEntry, ("text",)),
        (ProblemRow, ("problem", "solution", "expected_result")),
        (Submission, ("success_factors", "recommendations", "best_practices", "table_note")),
    ):
        rows = model.objects.filter(
            **({"round": round_} if model is Submission else {"submission__round": round_})
        )
        sums = rows.aggregate(**{f: Sum(Length(f)) for f in fields})
        text += sum(v or 0 for v in sums.values())
    return RoundContent(
        items=subs.values("item").distinct().count(),
        submissions=subs.count(),
        table_values=TableValue.objects.filter(submission__round=round_, value__isnull=False).count(),
        text_chars=text,
    )


def content_difference(before: RoundContent, after: RoundContent) -> str:
    """Thai: "ข้อที่มีข้อมูล 14 → 0, รายงานของหน่วยงาน 58 → 0, ..." (every measure, before → after)."""
    return ", ".join(
        f"{label} {format_number(getattr(before, name))} → {format_number(getattr(after, name))}"
        for name, label in MEASURES
    )


class ContentDropped(ImportFailed):
    """Raised inside the import transaction (so nothing is kept) when the new round drops content."""

    def __init__(self, key: str, before: RoundContent, after: RoundContent):
        self.key, self.before, self.after = key, before, after
        super().__init__(
            f"ไม่นำเข้าทับรอบ {key}: ไฟล์นี้มีข้อมูลน้อยกว่าครึ่งหนึ่งของรอบเดิม "
            f"({content_difference(before, after)}) อาจเป็นไฟล์ที่ไม่ครบ "
            "หากแน่ใจว่าต้องการแทนที่ ให้ยืนยันแบบบังคับ (รอบเดิมจะถูกเก็บเป็นฉบับเก่าและกู้คืนได้)"
        )


def _sha(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def round_archive_create(
    *, round_: Round, actor: Any, reason: str, replaced_by_source: str = "", replaced_by_sha256: str = ""
) -> RoundArchive:
    """Keep the round's canonical JSON export before it is replaced. Runs inside the caller's transaction."""
    from tidtam.reports.exporters.json import round_to_dict  # reports imports ingest: import on use

    data = round_to_dict(round_)
    content = round_content(round_=round_)
    last = ImportRun.objects.filter(round=round_).first()
    archive = RoundArchive.objects.create(
        round_key=round_.key,
        reason=reason,
        data=data,
        data_sha256=_sha(data),
        original_source=last.source_name if last else "",
        original_sha256=last.source_sha256 if last else "",
        replaced_by_source=replaced_by_source[:300],
        replaced_by_sha256=replaced_by_sha256,
        items=content.items,
        submissions=content.submissions,
        table_values=content.table_values,
        text_chars=content.text_chars,
        archived_by=actor if getattr(actor, "is_authenticated", False) else None,
        archived_by_label=audit_actor_label() or (getattr(actor, "username", "") if actor else ""),
    )
    audit_record(
        actor=actor,
        obj=archive,
        action="archive",
        source=AuditEvent.Source.IMPORT,
        changes={
            "round": [None, round_.key],
            "reason": [None, reason],
            "replaced_by": [None, replaced_by_source],
            "sha256": [None, archive.data_sha256],
        },
    )
    return archive


def round_archives(*, round_key: str):
    """The archived versions of a round, newest first (a selector: reads only)."""
    return RoundArchive.objects.filter(round_key=round_key).select_related("archived_by")


@transaction.atomic
def round_archive_restore(*, archive: RoundArchive, by: Any):
    """Build the round again from an archived version. The round as it is now is archived first, so a
    restore can itself be undone. Forced: restoring an older, smaller version is the point."""
    from .services import round_from_export  # services imports this module

    ensure_can_import(by)
    data = archive.data
    if not isinstance(data, dict):
        raise ImportFailed(f"ฉบับเก่า #{archive.pk} ไม่มีข้อมูลรอบ")
    outcome = round_from_export(
        data=data,
        source_name=f"ฉบับเก่า #{archive.pk} ({archive.round_key})",
        sha=archive.data_sha256,
        actor=by,
        replace=True,
        force=True,
        archive_reason=RoundArchive.Reason.RESTORED_OVER,
    )
    audit_record(
        actor=by,
        obj=outcome.round,
        action="restore",
        source=AuditEvent.Source.IMPORT,
        changes={"archive": [None, archive.pk], "sha256": [None, archive.data_sha256]},
    )
    return outcome
