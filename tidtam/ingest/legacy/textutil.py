"""Text helpers for extracted Thai reports: cleaning, comparison keys, joining broken lines."""

import html
import re
from difflib import SequenceMatcher

from tidtam.common.textsafety import text_clean
from tidtam.common.thai import to_arabic_digits

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_PARA_SPLIT = re.compile(r"</p>\s*<p[^>]*>|<br\s*/?>", re.IGNORECASE)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\ufeff\u00ad]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
THAI_CHAR = re.compile("[\u0e00-\u0e7f]")
LIST_MARKER = re.compile(r"^\s*(?:[-–•▪●*]|\(?\d{1,2}(?:\.\d{1,2})*[.)]|[๐-๙]{1,2}[.)])")
URL_IN_ANGLES = re.compile(r"<(https?://[^>\s]+)>")


def has_html(text: str) -> bool:
    return bool(_TAG.search(URL_IN_ANGLES.sub("", text)))


def split_paragraphs(cell: str) -> list[str]:
    """A cell of an extracted table row may hold several <p> paragraphs."""
    if not _TAG.search(URL_IN_ANGLES.sub("", cell)):
        return [clean(cell)] if clean(cell) else []
    parts = _PARA_SPLIT.split(cell)
    return [c for c in (clean(p) for p in parts) if c]


def clean(text: str) -> str:
    """Drop HTML remnants and invisible characters; collapse spaces. Keeps Thai digits as written."""
    text = URL_IN_ANGLES.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = text_clean(html.unescape(text))  # "&#1;" unescapes to a control character
    text = _INVISIBLE.sub("", text)
    text = _PRIVATE_USE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def key(text: str) -> str:
    """A comparison key: Arabic digits, no spaces or quotes, lower case."""
    s = to_arabic_digits(clean(text)).lower()
    return re.sub(r"[\s\"'“”‘’]+", "", s)


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, key(a), key(b), autojunk=False).ratio()


def prefix_similarity(a: str, b: str, *, min_len: int = 6) -> float:
    """How well `a` matches the start of `b` (or `b` the start of `a`): for wrapped headings."""
    ka, kb = key(a), key(b)
    n = min(len(ka), len(kb))
    if n < min_len:
        return 1.0 if ka == kb and ka else 0.0
    return SequenceMatcher(None, ka[:n], kb[:n], autojunk=False).ratio()


def starts_with_marker(text: str) -> bool:
    return bool(LIST_MARKER.match(text))


def join_broken(previous: str, line: str) -> str:
    """Join a line the extraction broke mid-paragraph. Thai has no spaces between words,
    so a break between two Thai characters is joined without one; a new list entry keeps its own line."""
    if not previous:
        return line
    if starts_with_marker(line):
        return f"{previous}\n{line}"
    if THAI_CHAR.match(previous[-1:]) and THAI_CHAR.match(line[:1]):
        return previous + line
    return f"{previous} {line}"


EMPTY_MARKERS = {"-", "–", "—", "- ไม่มี -", "-ไม่มี-", "ไม่มี", "- ไม่มี", "(ไม่มี)", "-.", "ไม่มีข้อมูล"}


def is_empty_marker(text: str) -> bool:
    """'-' or '- ไม่มี -' means nothing was reported; a row of dots is an empty form blank."""
    t = clean(text)
    return t in EMPTY_MARKERS or bool(re.fullmatch(r"[.\s…_-]{2,}", t))


def is_separator(cells: list[str]) -> bool:
    """A '---' row left by a table converter."""
    return all(re.fullmatch(r"\s*-{2,}\s*|\s*", c) for c in cells) and any("--" in c for c in cells)


_INLINE_MARKER = re.compile(r"(?:(?<=\s)|^)(\d{1,2}|[๐-๙]{1,2})\s*\.(?=\s*[^\d\s.])")


def enumerate_segments(text: str) -> list[tuple[int | None, str]]:
    """Split '1.ครู... 2. มีการ... 3. มี...' into numbered segments when the numbers run 1, 2, 3, ...
    (or k, k+1, ...) in order. Text before the first marker is returned with number None."""
    matches = list(_INLINE_MARKER.finditer(text))
    if not matches:
        return [(None, text)] if text else []
    chosen: list[tuple[int, re.Match[str]]] = []
    expected = None
    for m in matches:
        n = int(to_arabic_digits(m.group(1)))
        if expected is None:
            if m.start() != 0 and not chosen and n != 1:
                continue
            chosen.append((n, m))
            expected = n + 1
        elif n == expected:
            chosen.append((n, m))
            expected = n + 1
    if not chosen:
        return [(None, text)]
    segments: list[tuple[int | None, str]] = []
    head = text[: chosen[0][1].start()].strip()
    if head:
        segments.append((None, head))
    for i, (n, m) in enumerate(chosen):
        end = chosen[i + 1][1].start() if i + 1 < len(chosen) else len(text)
        segments.append((n, text[m.start() : end].strip()))
    return segments


def leading_number(text: str) -> int | None:
    m = re.match(r"^\s*(\d{1,2}|[๐-๙]{1,2})\s*[.)]", text)
    return int(to_arabic_digits(m.group(1))) if m else None
