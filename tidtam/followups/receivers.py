"""Follow-ups appear when a report is accepted or locked, whoever made it so."""

from typing import Any

from django.db import transaction
from django.dispatch import receiver

from tidtam.submissions.signals import round_published, round_replacing, submission_published

from .carry import Restore, followups_carry_out
from .services import followups_sync_later_rounds, followups_sync_round, followups_sync_submission


@receiver(submission_published)
def _on_submission_published(sender: Any, *, submission, by=None, **kwargs: Any) -> None:
    followups_sync_submission(submission=submission, actor=by)


@receiver(round_published)
def _on_round_published(
    sender: Any, *, round_, by=None, source: str = "system", replaced: bool = False, **kwargs: Any
) -> None:
    with transaction.atomic():
        followups_sync_round(round_=round_, actor=by, source=source)
        if not replaced:  # a rebuilt round's later links are carried over by its restore instead
            followups_sync_later_rounds(round_=round_, actor=by, source=source)


@receiver(round_replacing)
def _on_round_replacing(sender: Any, *, round_, **kwargs: Any) -> Restore | None:
    return followups_carry_out(round_=round_)
