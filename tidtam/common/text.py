"""What counts as saying something in a report's free text (one rule for validation and follow-ups)."""

import re

from django.utils.html import strip_tags

# "-", "- ไม่มี -", "ไม่มี" mean "nothing reported" in these reports (docs: domain.md).
_NOTHING = re.compile(r"^[\s\-–—.]*(ไม่มี)?[\s\-–—.]*$")


def has_text(text: str | None) -> bool:
    """True when a text says something (not blank, not a dash, not "- ไม่มี -")."""
    if not text:
        return False
    return not _NOTHING.match(strip_tags(text))
