"""Snippets of a matched text with the matching words marked.

Built safely: every piece of the original text is escaped first, and only then wrapped in <mark>,
so text imported with markup ("<script>", "<p>") comes back as text, never as HTML.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .segmentation import Segment, segment

_SPACES = re.compile(r"\s+")
ELLIPSIS = "…"


def _plain(text: str) -> str:
    return escape(_SPACES.sub(" ", text))


def highlight(text: str, words: set[str] | frozenset[str], width: int = 200, before: int = 60) -> SafeString:
    """A window of about `width` characters of `text` around its first matching word, matches marked."""
    segments = segment(text)
    # A word found inside a compound marks the compound ("ปีงบประมาณ" for "งบประมาณ").
    matched = [s for s in segments if s.norm in words or any(len(w) > 1 and w in s.norm for w in words)]
    if len(text) <= width:
        start, end = 0, len(text)
    else:
        anchor = matched[0].start if matched else 0
        start = max(0, anchor - before)
        end = min(len(text), start + width)
        start, end = _snap(segments, start, end, len(text))
    out: list[str] = [ELLIPSIS] if start > 0 else []
    pos = start
    for s in _merge(m for m in matched if m.start >= start and m.end <= end):
        out.append(_plain(text[pos : s.start]))
        out.append("<mark>" + _plain(text[s.start : s.end]) + "</mark>")
        pos = s.end
    out.append(_plain(text[pos:end]))
    if end < len(text):
        out.append(ELLIPSIS)
    return mark_safe("".join(out).strip())  # noqa: S308 — every piece above went through escape()


def _snap(segments: list[Segment], start: int, end: int, length: int) -> tuple[int, int]:
    """Move the window's edges onto word boundaries so that no Thai word is cut in half."""
    for s in segments:
        if s.start <= start < s.end:
            start = s.start
            break
    for s in segments:
        if s.start < end < s.end:
            end = s.start
            break
    return start, min(end, length)


def _merge(segments) -> list[Segment]:
    """Adjacent matches become one mark ("ขาด" + "งบประมาณ" → one <mark> when both match)."""
    merged: list[Segment] = []
    for s in segments:
        if merged and merged[-1].end == s.start:
            merged[-1] = Segment(merged[-1].start, s.end, merged[-1].norm)
        else:
            merged.append(s)
    return merged
