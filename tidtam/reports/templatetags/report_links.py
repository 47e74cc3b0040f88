"""{% workbook_agencies round as agencies %}: agencies whose fill-in workbook the user may use."""

from django import template

from tidtam.reports.selectors import workbook_agencies_for_user

register = template.Library()


@register.simple_tag(takes_context=True)
def workbook_agencies(context, round_):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return workbook_agencies_for_user(user=request.user, round_=round_)
