"""Follow-ups survive a re-import of the round they came from.

A legacy round imported again (a corrected file, or an archived version restored) is deleted and built
anew, and deleting it would cascade to its follow-ups and to the answers agencies gave in later rounds:
work done elsewhere, lost by a correction here. Before the old round goes, `followups_carry_out` takes
what cannot be rebuilt from the new file (status, reasons, every update given in another round, their
evidence); once the new round has its own follow-ups, the returned function puts it back on the
matching ones. A follow-up the new file no longer states but that was already answered is kept, on the
new round, rather than dropped with its history.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tidtam.common.models import AuditEvent
from tidtam.common.services import audit_record
from tidtam.formdefs.models import Round

from .models import FollowUp, FollowUpEvidence, FollowUpUpdate
from .text import SAME_PROBLEM, similarity

FOLLOWUP_FIELDS = (
    "item_id",
    "item_code",
    "item_lineage",
    "item_number",
    "agency_id",
    "kind",
    "order",
    "text",
    "solution",
    "expected_result",
)
Restore = Callable[..., int]


@dataclass
class _Update:
    round_id: int | None
    kind: str
    status: str
    note: str
    by_id: int | None
    at: datetime
    evidence: list[dict[str, Any]]


@dataclass
class _Kept:
    fields: dict[str, Any]
    status: str
    status_reason: str
    closed_in_round_id: int | None
    updates: list[_Update] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, int, str, int]:
        f = self.fields
        return f["item_lineage"], f["agency_id"], f["kind"], f["order"]


def _update(u: FollowUpUpdate, old_id: int, new_id: int | None = None) -> _Update:
    return _Update(
        round_id=new_id if u.round_id == old_id else u.round_id,
        kind=u.kind,
        status=u.status,
        note=u.note,
        by_id=u.by_id,
        at=u.at,
        evidence=[
            {
                "file": e.file.name,
                "original_name": e.original_name,
                "content_type": e.content_type,
                "size": e.size,
                "sha256": e.sha256,
            }
            for e in u.evidence.all()
        ],
    )


def _recreate(followup: FollowUp, update: _Update) -> None:
    made = FollowUpUpdate.objects.create(
        followup=followup,
        round_id=update.round_id,
        kind=update.kind,
        status=update.status,
        note=update.note,
        by_id=update.by_id,
    )
    FollowUpUpdate.objects.filter(pk=made.pk).update(at=update.at)  # `at` is set on creation
    FollowUpEvidence.objects.bulk_create(FollowUpEvidence(update=made, **e) for e in update.evidence)


def followups_carry_out(*, round_: Round) -> Restore | None:
    """Take what the follow-ups of `round_` (about to be replaced) hold beyond its own text. Returns a
    function `restore(round_=new_round, actor=...)` to call once the new round is built and published,
    or None when there is nothing to carry."""
    old_id = round_.pk
    kept: list[_Kept] = []
    for f in FollowUp.objects.filter(origin_round=round_).prefetch_related("updates__evidence"):
        # Updates the old round made itself (recurring links) are remade by the new round's own sync.
        updates = [_update(u, old_id) for u in f.updates.all() if u.round_id != old_id]
        if not updates and f.status == FollowUp.Status.OPEN:
            continue
        kept.append(
            _Kept(
                fields={name: getattr(f, name) for name in FOLLOWUP_FIELDS},
                status=f.status,
                status_reason=f.status_reason,
                closed_in_round_id=f.closed_in_round_id,
                updates=updates,
            )
        )
    # Answers given in the old round to earlier rounds' follow-ups, and closings recorded in it.
    answered_here = [
        (u.followup_id, u)
        for u in FollowUpUpdate.objects.filter(round=round_, kind=FollowUpUpdate.Kind.UPDATE)
        .exclude(followup__origin_round=round_)
        .prefetch_related("evidence")
    ]
    closed_here = list(
        FollowUp.objects.filter(closed_in_round=round_)
        .exclude(origin_round=round_)
        .values_list("pk", flat=True)
    )
    if not kept and not answered_here and not closed_here:
        return None
    answers = [(followup_id, _update(u, old_id)) for followup_id, u in answered_here]

    def restore(*, round_: Round, actor: Any = None) -> int:
        new_id = round_.pk
        fresh = list(FollowUp.objects.filter(origin_round=round_))
        by_key = {(f.item_lineage, f.agency_id, f.kind, f.order): f for f in fresh}
        taken: set[int] = set()
        for k in kept:
            target = by_key.get(k.key)
            # Same place in the report is not enough: the row must still state the same problem.
            if target is None or target.pk in taken or not _same(target.text, k.fields["text"]):
                target = _similar(fresh, k, taken)
            if target is None:
                # No longer stated by the file, but already followed up: kept with its history.
                target = FollowUp.objects.create(origin_round=round_, **_free_order(round_, k.fields, fresh))
                fresh.append(target)
            taken.add(target.pk)
            closed_in = new_id if k.closed_in_round_id == old_id else k.closed_in_round_id
            FollowUp.objects.filter(pk=target.pk).update(
                status=k.status, status_reason=k.status_reason, closed_in_round_id=closed_in
            )
            for update in k.updates:
                _recreate(target, update)
        for followup_id, update in answers:
            update.round_id = new_id
            if followup := FollowUp.objects.filter(pk=followup_id).first():
                _recreate(followup, update)
        FollowUp.objects.filter(pk__in=closed_here).update(closed_in_round_id=new_id)
        carried = len(kept) + len(answers) + len(closed_here)
        audit_record(
            actor=actor,
            obj=round_,
            action="followups_carried",
            changes={"followups": [None, carried]},
            source=AuditEvent.Source.IMPORT,
        )
        return carried

    return restore


def _same(a: str, b: str) -> bool:
    return a == b or similarity(a, b) >= SAME_PROBLEM


def _similar(fresh: list[FollowUp], k: _Kept, taken: set[int]) -> FollowUp | None:
    """The new follow-up of the same item, agency and kind whose text is closest, if close enough."""
    lineage, agency_id, kind, _order = k.key
    best, best_score = None, SAME_PROBLEM
    for f in fresh:
        if f.pk in taken or (f.item_lineage, f.agency_id, f.kind) != (lineage, agency_id, kind):
            continue
        score = similarity(f.text, k.fields["text"])
        if score >= best_score:
            best, best_score = f, score
    return best


def _free_order(round_: Round, fields: dict[str, Any], fresh: list[FollowUp]) -> dict[str, Any]:
    """The kept follow-up's fields, moved past the orders the new file uses (the order is unique)."""
    used = {
        f.order
        for f in fresh
        if (f.item_id, f.agency_id, f.kind) == (fields["item_id"], fields["agency_id"], fields["kind"])
    }
    order = fields["order"]
    while order in used:
        order += 1
    return fields | {"order": order}
