"""What the workflow announces to the apps that build on it (follow-ups, notifications), so that the
workflow does not depend on them."""

from django.dispatch import Signal

# A report became accepted. Arguments: submission, by.
submission_published = Signal()
# Many reports of a round became accepted or locked at once (closing the round, a legacy import).
# Arguments: round_, by, source, and for an import `replaced` (True when it rebuilt a round that existed:
# what hung on the old one is carried over by round_replacing's restore).
round_published = Signal()
# A round is about to be deleted and built again from a new file (a re-import, an archive restored).
# Arguments: round_. A receiver may return a function `restore(round_=new_round, actor=...)`, called once
# the new round is built and published, to carry over what it hangs on the old round.
round_replacing = Signal()

# The signals below are sent after the step's transaction commits (`send_robust`): a listener that
# fails is logged and never undoes or breaks the step.
#
# A report moved in the review workflow (submit, return, accept, reopen).
# Arguments: submission, action (WorkflowEvent.Action), from_status, to_status, by, reason, section.
submission_transitioned = Signal()
# A comment was written on a report. Arguments: comment, submission, by.
comment_added = Signal()
# A coordinator reminded the agencies with late reports. Arguments: round_, late ({agency: [submission]}), by.
round_reminded = Signal()
# A round was closed for entry. Arguments: round_, by.
round_closed = Signal()
