"""{{ text|thai_breaks }}: Thai text for printing, breaking lines only between words (line breaks kept)."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from tidtam.reports.exporters.thai_breaks import thai_html

register = template.Library()


@register.filter
def thai_breaks(text: str) -> SafeString:
    return mark_safe("<br>".join(thai_html(line) for line in str(text or "").split("\n")))  # noqa: S308
