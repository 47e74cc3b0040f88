"""Thai text for printing: line breaks only between words.

Thai has no spaces between words, so a browser guesses where a line may break; Chromium's dictionary
splits words the reader then sees cut in two ("ทุกร|อบ", "การก|รอก"). The text is segmented here with
PyThaiNLP's newmm (nlpo3, its Rust implementation, with PyThaiNLP's own dictionary: fast enough for a
whole report) and printed as words that do not break inside (`<span class="w">`), with a break
opportunity (`<wbr>`) between them. A doubtful piece (unknown to the dictionary, or of two letters, like
"ทุ" of "ทุกรอบ") stays glued to its neighbours, so an uncertain split never becomes a line break.

Chromium's own dictionary agrees with most of these words, and every span is a text node, a tagged-PDF
element and layout work (the seed round printed four times slower with a span for every word). When
the printer passes where Chromium itself would break (`chromium_breaks`: Intl.Segmenter, the same ICU),
a word gets its span only if Chromium would break inside it, and a `<wbr>` only goes where Chromium
would not break anyway: the same line breaks allowed, with a third of the markup.
"""

import importlib.util
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from html import escape  # what django.utils.html.escape does, without its lazy-string wrapper
from pathlib import Path

from django.utils.safestring import SafeString, mark_safe

DICT_NAME = "tidtam-print-th"
_THAI = re.compile(r"[\u0E01-\u0E5B]")


@cache
def dictionary() -> frozenset[str]:
    """PyThaiNLP's word list, loaded into nlpo3 once per process (and returned as a set)."""
    import nlpo3

    spec = importlib.util.find_spec("pythainlp")  # the package's data file, without importing it
    if spec is None or spec.origin is None:
        return frozenset()
    path = Path(spec.origin).parent / "corpus" / "words_th.txt"
    nlpo3.load_dict(str(path), DICT_NAME)
    return frozenset(w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip())


def words(text: str) -> list[str]:
    """The text as words: Thai words, each kept whole with the unknown pieces around it; other runs."""
    return list(_words(text))


@lru_cache(maxsize=8192)  # a report repeats its headings, agency names and table labels
def _words(text: str) -> tuple[str, ...]:
    known = dictionary()
    if not known or not _THAI.search(text):
        return (text,) if text else ()
    import nlpo3

    out: list[str] = []
    glue = False  # the last piece was doubtful Thai: what follows joins it
    for token in nlpo3.segment(text, DICT_NAME):
        thai = bool(_THAI.search(token))
        # Doubtful: unknown to the dictionary, or two letters at most ("ทุ" of "ทุกรอบ" is listed).
        doubtful = thai and (token not in known or len(token) <= 2)
        if out and (glue or doubtful) and thai and _THAI.search(out[-1][-1]):
            out[-1] += token
        else:
            out.append(token)
        glue = doubtful
    return tuple(out)


# Where Chromium would break each text (offsets), while a page is rendered for it; see chromium_breaks.
_CHROMIUM_BREAKS: ContextVar[dict[str, frozenset[int]] | None] = ContextVar("chromium_breaks", default=None)


@contextmanager
def chromium_breaks(breaks: dict[str, frozenset[int]]) -> Iterator[None]:
    """Within the block, `thai_html` leaves out the markup Chromium does not need for these texts."""
    token = _CHROMIUM_BREAKS.set(breaks)
    try:
        yield
    finally:
        _CHROMIUM_BREAKS.reset(token)


def is_thai(text: str) -> bool:
    return bool(_THAI.search(text))


def thai_html(text: str) -> SafeString:
    """Escaped HTML: each Thai word unbreakable, a break opportunity between words."""
    known = _CHROMIUM_BREAKS.get()
    chromium = known.get(text) if known else None
    parts = []
    previous_thai = False
    at = 0
    for word in words(text):
        thai = bool(_THAI.search(word))
        if thai and previous_thai and (chromium is None or at not in chromium):
            parts.append("<wbr>")
        inside = chromium is None or any(i in chromium for i in range(at + 1, at + len(word)))
        parts.append(
            f'<span class="w">{escape(word)}</span>' if thai and len(word) > 1 and inside else escape(word)
        )
        previous_thai = thai
        at += len(word)
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above
