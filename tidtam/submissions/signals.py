"""What the workflow announces to the apps that build on accepted work (follow-ups), so that the workflow
does not depend on them."""

from django.dispatch import Signal

# A report became accepted. Arguments: submission, by.
submission_published = Signal()
# Many reports of a round became accepted or locked at once (closing the round, a legacy import).
# Arguments: round_, by, source.
round_published = Signal()
# A round is about to be deleted and built again from a new file (a re-import, an archive restored).
# Arguments: round_. A receiver may return a function `restore(round_=new_round, actor=...)`, called once
# the new round is built and published, to carry over what it hangs on the old round.
round_replacing = Signal()
