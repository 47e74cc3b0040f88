"""Statements: the units that themes group. One X.2 problem or one X.4 recommendation often lists
several points ("1. … 2. …", "- … - …"); each point is a statement of its own."""

import re
from dataclasses import dataclass, field

from ..segmentation import tokens

# A list marker: "1.", "2)", "๑.", "8.4.1." or a "-"/"•" bullet, at the start or after a space.
_MARKER = re.compile(r"(?:^|(?<=\s))(?:(?:[0-9๐-๙]{1,2}[.)])+|[-•])(?=\s|[^\s0-9๐-๙.])")
_SPACES = re.compile(r"\s+")
MIN_CHARS = 6


@dataclass
class Statement:
    text: str
    round_key: str
    item_number: int
    item_title: str
    agency_code: str
    agency_label: str
    province_name: str = ""
    words: list[str] = field(default_factory=list)


def split_points(text: str) -> list[str]:
    """The points of a text, list markers removed; fragments too short to mean anything dropped."""
    parts = _MARKER.split(text or "")
    out = []
    for part in parts:
        clean = _SPACES.sub(" ", part).strip(" :;,-")
        if len(clean) >= MIN_CHARS:
            out.append(clean)
    return out


def make_statements(text: str, **context) -> list[Statement]:
    return [Statement(text=p, words=tokens(p), **context) for p in split_points(text)]
