"""Template filters for Thai display: {{ value|thnum }}, {{ date|thdate }}."""

from django import template

from tidtam.common import thai

register = template.Library()


@register.filter
def thnum(value, places=None):
    return thai.format_number(value, places=None if places in (None, "") else int(places))


@register.filter
def thdate(value):
    return thai.format_date_be(value)


@register.filter
def thdate_short(value):
    return thai.format_date_be(value, short=True)


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)
