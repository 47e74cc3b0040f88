"""Text rules of follow-ups: what counts as nothing, how X.4 splits into recommendations, and when two
problems say the same thing (Thai-aware: compared as PyThaiNLP word sets and as character trigrams)."""

import re
from functools import lru_cache

from tidtam.common.text import has_text
from tidtam.common.thai import to_arabic_digits

# Beyond "-" and "ไม่มี" (common.text), the ways a report says there is nothing to follow up: "ไม่มีข้อเสนอแนะ",
# "ไม่มีปัญหาและอุปสรรค", "ไม่พบปัญหาอุปสรรคในการดำเนินงาน", "N/A"... Only these set phrases: "ไม่มีครูเพียงพอ" or
# "ไม่มีงบประมาณจ้างภารโรง" state a problem. A bare list number or punctuation ("2.", "(3)") left by a broken
# table is nothing either.
_NOTHING_PHRASE = (
    r"(?:ไม่มี|ไม่พบ)(?:\s*(?:ข้อเสนอแนะ|ข้อเสนอ|ปัญหา(?:\s*และ)?(?:\s*อุปสรรค)?|อุปสรรค|ข้อมูล|ประเด็น)"
    r"(?:\s*(?:เพิ่มเติม|ใด\s*ๆ|ใดๆ|ในการดำเนินงาน|ในการดำเนินการ|ในรอบนี้|ในข้อนี้))*)?"
    r"|ไม่ระบุ|n/?a|none|nil"
)
_NONE_TO_FOLLOW = re.compile(rf"^[\s\-–—.•*(]*(?:{_NOTHING_PHRASE})[\s\-–—.)]*$|^[\W\d_]*$", re.IGNORECASE)
# A list marker at the start of a line: "1.", "4.1.", "1)", "(1)", "๑." (digits made Arabic first), a bullet
# ("-", "•", "○", "➢", "✓" ...) with or without a space after it.
_BULLETS = "•·●○◦▪▫■□◆◇❖➢➤►▶‣⁃✓✔→»"
_MARKER = re.compile(
    r"^\s*(?:\(?\d{1,2}(?:\.\d{1,2})*[.)](?:\s+|(?=[^\d\s.]))"
    rf"|[-–—*]\s+|[-–—](?=[^\d\s\-–—])|[{_BULLETS}]\s*)"
)
# For splitting a list only (never for stripping one text): also "1.1 text" and "ข้อ 1 text", which could be
# a figure ("1.5 ล้านบาท") when they stand alone.
_LIST_MARKER = re.compile(
    rf"{_MARKER.pattern}|^\s*(?:\d{{1,2}}(?:\.\d{{1,2}})+\s+|ข้อ(?:ที่)?\s*\d{{1,2}}[.:)]?\s+)"
)
# Numbered items run together on one line: "1. ... 2. ... 3. ..." or "(1) ... (2) ...".
_INLINE_NUMBER = re.compile(r"(?:(?<=\s)|^)\(?(\d{1,2})[.)]\s+")
# A line that only introduces the list: "ข้อเสนอแนะ", "ควรดำเนินการ ดังนี้", "ข้อเสนอแนะเชิงนโยบาย:".
_INTRO = re.compile(r"^(?:ข้อเสนอแนะ|ข้อเสนอ)\S*\s*[:：]?\s*$|(?:[:：]|ดังนี้|ได้แก่)\s*$")


def is_nothing(text: str | None) -> bool:
    return not has_text(text) or bool(_NONE_TO_FOLLOW.match(text or ""))


def _inline_numbered(text: str) -> list[str] | None:
    """Split "1. a 2. b 3. c" when the numbers run 1, 2, 3 ... in order; else None."""
    marks = list(_INLINE_NUMBER.finditer(text))
    numbers = [int(m.group(1)) for m in marks]
    if len(marks) < 2 or numbers != list(range(1, len(marks) + 1)) or marks[0].start() > 0:
        return None
    parts = [
        text[m.end() : (marks[i + 1].start() if i + 1 < len(marks) else len(text))]
        for i, m in enumerate(marks)
    ]
    return [p.strip() for p in parts]


def without_marker(text: str) -> str:
    """A text without the list number or bullet it was printed with ("1. งบประมาณ…" → "งบประมาณ…")."""
    return _MARKER.sub("", text.strip(), count=1).strip()


def split_recommendations(text: str | None) -> list[str]:
    """Individual recommendations of an X.4 text: one per list item when the text is numbered or
    bulleted, the whole text otherwise; nothing for "-" or "ไม่มี". A list may follow a line that only
    introduces it ("ข้อเสนอแนะ", "ควรดำเนินการ ดังนี้"); after a sentence that says something, the list details
    that sentence and the text stays whole."""
    if is_nothing(text):
        return []
    assert text is not None
    plain = to_arabic_digits(text.strip())
    lines = [line for line in plain.splitlines() if line.strip()]
    marked = [bool(_LIST_MARKER.match(line)) for line in lines]
    if len(lines) == 1 and marked[0] and not _inline_numbered(lines[0]):
        return [_LIST_MARKER.sub("", lines[0], count=1).strip()]
    if len(lines) >= 2 and sum(marked) >= 2:
        first = marked.index(True)
        intro = " ".join(line.strip() for line in lines[:first])
        if intro and not _INTRO.search(intro):  # the list details what the opening sentence asks
            return [text.strip()]
        items: list[str] = []
        for line, is_item in zip(lines[first:], marked[first:], strict=True):
            if is_item:
                items.append(_LIST_MARKER.sub("", line, count=1).strip())
            else:  # a continuation line of the item above
                items[-1] = f"{items[-1]} {line.strip()}"
        return [i for i in items if not is_nothing(i)]
    inline = _inline_numbered(" ".join(lines))
    if inline:
        return [i for i in inline if not is_nothing(i)]
    return [text.strip()]


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    from pythainlp.tokenize import word_tokenize  # heavy: loaded only when comparing

    tokens = word_tokenize(to_arabic_digits(text), engine="newmm", keep_whitespace=False)
    return frozenset(t for t in tokens if len(t.strip()) > 1 and not re.fullmatch(r"[\W\d_]+", t))


def _trigrams(text: str) -> frozenset[str]:
    squashed = re.sub(r"\s+", "", to_arabic_digits(text))
    return frozenset(squashed[i : i + 3] for i in range(max(len(squashed) - 2, 0)))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def similarity(a: str, b: str) -> float:
    """0..1: how far two texts say the same thing (the better of word overlap and trigram overlap)."""
    if not a.strip() or not b.strip():
        return 0.0
    if re.sub(r"\s+", "", a) == re.sub(r"\s+", "", b):
        return 1.0
    return max(_dice(_words(a), _words(b)), _dice(_trigrams(a), _trigrams(b)))


# Above this, a later round's problem is the same problem again (tuned on reworded seed problems: rewording
# a few words keeps ~0.7–0.9; different problems of the same item stay under ~0.4).
SAME_PROBLEM = 0.6
