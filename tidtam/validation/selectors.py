"""Reads of validation findings, scoped to what a user may see."""

from tidtam.formdefs.models import Round
from tidtam.submissions.models import Submission
from tidtam.submissions.selectors import submissions_visible_to

from .engine import Finding, round_findings


def findings_visible_to(*, user, round_: Round) -> list[Finding]:
    """The round's findings over the submissions `user` may read (an agency does not see another
    agency's drafts through their findings).

    Checks across a whole table (printed totals) run only when the user sees every row: over a part
    of the rows the computed total would differ from the printed one for no fault of the data.
    """
    visible = submissions_visible_to(user=user, round_=round_)
    sees_everything = visible.count() == Submission.objects.filter(round=round_).count()
    return round_findings(round_=round_, submissions=visible, cross_row=sees_everything)
