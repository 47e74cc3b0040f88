"""Scoping for the API: the same selectors as the web, with JSON 404s in Thai.

An object the user may not see and one that does not exist answer alike (404), so the API leaks
neither another agency's drafts nor which round keys exist.
"""

from rest_framework.exceptions import NotFound

from tidtam.formdefs.models import Round
from tidtam.formdefs.selectors import rounds_visible_to
from tidtam.submissions.models import Submission
from tidtam.submissions.permissions import can_read_submission

ROUND_NOT_FOUND = "ไม่พบรอบการตรวจนี้ หรือท่านไม่มีสิทธิ์เข้าถึง"
SUBMISSION_NOT_FOUND = "ไม่พบรายงานนี้ หรือท่านไม่มีสิทธิ์เข้าถึง"
MAX_KEY = 40  # Round.key max_length
MAX_ID = 2**63 - 1


def round_or_404(*, user, key: str) -> Round:
    # A key longer than the column or holding NUL cannot exist; PostgreSQL would reject NUL outright.
    if not key or len(key) > MAX_KEY or "\x00" in key:
        raise NotFound(ROUND_NOT_FOUND)
    round_ = rounds_visible_to(user=user).filter(key=key).first()
    if round_ is None:
        raise NotFound(ROUND_NOT_FOUND)
    return round_


def submission_or_404(*, user, pk: int) -> Submission:
    """The submission if the user may read it in its round's consolidated report: `can_read_submission`,
    the check of `submissions_visible_to` (an agency sees its own drafts, others' only once accepted)."""
    if not 0 < pk <= MAX_ID:
        raise NotFound(SUBMISSION_NOT_FOUND)
    sub = Submission.objects.select_related("round__office__parent").filter(pk=pk).first()
    if sub is None or not can_read_submission(user, sub):
        raise NotFound(SUBMISSION_NOT_FOUND)
    return sub
