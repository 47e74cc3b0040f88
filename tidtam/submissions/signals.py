"""What the workflow announces to the apps that build on accepted work (follow-ups), so that the workflow
does not depend on them."""

from django.dispatch import Signal

# A report became accepted. Arguments: submission, by.
submission_published = Signal()
# Many reports of a round became accepted or locked at once (closing the round, a legacy import).
# Arguments: round_, by, source.
round_published = Signal()
