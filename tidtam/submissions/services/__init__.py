"""Writes of the submissions app (entry, workflow, rounds for entry). Import from here:

from tidtam.submissions.services import submission_update, SubmissionConflict
"""

from .bulk import BulkOutcome, submissions_accept_many, submissions_return_many, submissions_submit_many
from .entry import (
    MAX_ATTACHMENT_BYTES,
    SubmissionConflict,
    attachment_add,
    attachment_remove,
    comment_add,
    submission_update,
)
from .rounds import round_close, round_open, round_remind, round_reopen, round_set_due_date
from .workflow import (
    submission_accept,
    submission_reopen,
    submission_return,
    submission_submit,
    submit_problems,
)

__all__ = [
    "BulkOutcome",
    "MAX_ATTACHMENT_BYTES",
    "SubmissionConflict",
    "attachment_add",
    "attachment_remove",
    "comment_add",
    "round_close",
    "round_open",
    "round_remind",
    "round_reopen",
    "round_set_due_date",
    "submission_accept",
    "submission_reopen",
    "submission_return",
    "submission_submit",
    "submission_update",
    "submissions_accept_many",
    "submissions_return_many",
    "submissions_submit_many",
    "submit_problems",
]
