"""`{% followups_panel submission %}`: the follow-ups an agency's report answers, on its entry page (the
workflow's templates ask for it by name, so the submissions app does not depend on follow-ups)."""

from typing import Any

from django import template

from tidtam.submissions.permissions import can_edit

from ..models import FollowUp, FollowUpUpdate
from ..selectors import followups_to_answer

register = template.Library()


@register.inclusion_tag("followups/_entry_panel.html", takes_context=True)
def followups_panel(context: Any, submission: Any) -> dict[str, Any]:
    from tidtam.validation.engine.templates import required_sections

    user = context["request"].user
    item = submission.item
    return {
        "to_answer": followups_to_answer(submission=submission),
        # The form version decides whether every follow-up must be answered before submitting
        # (`has_table` only decides "table": no query for it here).
        "required": "followups" in required_sections(item, has_table=False),
        "submission": submission,
        "editable": can_edit(user, submission),
        "statuses": FollowUp.Status.choices,
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }


def section_hidden(request: Any) -> bool:
    """`?followups=0` leaves the optional section out (the web page, like the DOCX/PDF downloads)."""
    return request is not None and request.GET.get("followups") == "0"


@register.simple_tag
def round_has_followups_section(round_: Any) -> bool:
    """Whether this round's report has a "ผลการติดตามจากรอบก่อน" to print or leave out."""
    return FollowUpUpdate.objects.filter(round=round_).exists()


@register.inclusion_tag("followups/_report_section.html", takes_context=True)
def followups_report_section(context: Any, report: Any, block: Any) -> dict[str, Any]:
    """The item's "ผลการติดตามจากรอบก่อน" on the web report (computed once per report, not per item)."""
    from ..report import SECTION_HEADING, followup_lines

    if section_hidden(context.get("request")):
        return {"lines": [], "heading": SECTION_HEADING}
    lines = getattr(report, "_followup_lines", None)
    if lines is None:
        lines = followup_lines(report=report)
        report._followup_lines = lines
    return {"lines": lines.get(block.item.number, []), "heading": SECTION_HEADING}
