"""`{% followups_panel submission %}`: the follow-ups an agency's report answers, on its entry page (the
workflow's templates ask for it by name, so the submissions app does not depend on follow-ups)."""

from typing import Any

from django import template

from tidtam.submissions.permissions import can_edit

from ..models import FollowUp
from ..selectors import followups_to_answer

register = template.Library()


@register.inclusion_tag("followups/_entry_panel.html", takes_context=True)
def followups_panel(context: Any, submission: Any) -> dict[str, Any]:
    user = context["request"].user
    return {
        "to_answer": followups_to_answer(submission=submission),
        "submission": submission,
        "editable": can_edit(user, submission),
        "statuses": FollowUp.Status.choices,
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }
