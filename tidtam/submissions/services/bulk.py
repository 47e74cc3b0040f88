"""Many transitions at once (the head's "ส่งทั้งหมดที่พร้อม", the coordinator's bulk accept and return):
each chosen report goes through the one service of its transition — one transition, one workflow event,
one audit event each — in a transaction of its own, so one refusal does not undo the others.

What the user confirmed is a list of (report, version seen on the confirmation page). A report whose
version has moved since (someone saved, sent, accepted or returned it meanwhile) is skipped, not acted
on: the user confirmed what they saw, not what it has become.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tidtam.orgs.models import User

from ..models import Submission
from .workflow import submission_accept, submission_return, submission_submit


@dataclass
class BulkOutcome:
    done: list[Submission] = field(default_factory=list)
    skipped: list[tuple[Submission | None, str]] = field(default_factory=list)  # (report, Thai why)


def _each(picks: Mapping[int, int], action: Callable[[Submission], Submission]) -> BulkOutcome:
    outcome = BulkOutcome()
    for pk, version in picks.items():
        current = None
        try:
            with transaction.atomic():
                current = (
                    Submission.objects.select_for_update()
                    .select_related("round", "round__office", "item", "agency")
                    .filter(pk=pk)
                    .first()
                )
                if current is None:
                    outcome.skipped.append((None, _("ไม่พบรายงานนี้แล้ว")))
                    continue
                if current.version != version:
                    outcome.skipped.append(
                        (
                            current,
                            _("มีการเปลี่ยนแปลงหลังจากหน้ายืนยัน (ขณะนี้: «%(status)s»)")
                            % {"status": current.get_status_display()},
                        )
                    )
                    continue
                outcome.done.append(action(current))
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            outcome.skipped.append((current, " ".join(str(m) for m in messages)))
    return outcome


def submissions_submit_many(*, picks: Mapping[int, int], by: User) -> BulkOutcome:
    """Send every chosen report (the agency head's "ส่งทั้งหมดที่พร้อม")."""
    return _each(picks, lambda s: submission_submit(submission=s, by=by))


def submissions_accept_many(*, picks: Mapping[int, int], by: User) -> BulkOutcome:
    return _each(picks, lambda s: submission_accept(submission=s, by=by))


def submissions_return_many(*, picks: Mapping[int, int], by: User, section: str, reason: str) -> BulkOutcome:
    """Send every chosen report back with the same section and reason."""
    return _each(picks, lambda s: submission_return(submission=s, by=by, section=section, reason=reason))
