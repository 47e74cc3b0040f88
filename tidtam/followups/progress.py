"""The follow-ups part of each report's progress on the agency's home page (registered at ready())."""

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

from tidtam.submissions.progress import Part, register_part

from .selectors import followups_owed


def _followups(submissions: Sequence) -> dict[int, Part]:
    # A report with nothing owed has no follow-up part at all (most reports of a first round).
    return {
        pk: Part(done=answered, total=owed)
        for pk, (owed, answered) in followups_owed(submissions=submissions).items()
        if owed
    }


def register() -> None:
    register_part(
        key="followups",
        label=_("ผลการติดตามจากรอบก่อน"),
        requirement="followups",
        order=40,
        provider=_followups,
    )
