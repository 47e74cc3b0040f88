"""“Did you mean …?”: a misspelt query word replaced by the indexed word one edit away.

The vocabulary is `SearchWord` (every word the index holds, with its document count). A run of the
query (between spaces) that is no indexed word is compared with the words one edit away from it (one
letter, vowel or tone mark deleted, inserted, replaced, or two swapped: about 1,300 candidates for an
eight-letter word, looked up by primary key in one query); the most frequent one found replaces it.
"งบประมาน" → "งบประมาณ". Nothing is suggested when every run is a known word or has no close one.
"""

import re

from .models import SearchWord
from .query import _QUOTED
from .segmentation import SUBWORD_MAX, tokens

# Thai letters, vowels, tone marks and signs: what a typing slip inserts or replaces.
THAI_ALPHABET = "".join(
    chr(c) for c in range(0x0E01, 0x0E4F) if chr(c) not in "\u0e3b\u0e3c\u0e3d\u0e3e\u0e3f"
)
MIN_LENGTH = 3
_SPACES = re.compile(r"\s+")


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in THAI_ALPHABET}
    inserts = {a + c + b for a, b in splits for c in THAI_ALPHABET}
    return (deletes | swaps | replaces | inserts) - {word}


def _closest(run: str) -> str | None:
    word = "".join(tokens(run))
    if len(word) < MIN_LENGTH or len(word) > SUBWORD_MAX or not re.search(r"[\u0E01-\u0E4E]", word):
        return None
    if SearchWord.objects.filter(word=word).exists():
        return None
    found = SearchWord.objects.filter(word__in=sorted(_edits1(word))).order_by("-documents", "word")
    best = found.values_list("word", flat=True).first()
    return best


def suggestion(q: str) -> str:
    """The query with its misspelt runs corrected, or "" when there is nothing to suggest."""
    q = q or ""
    runs = _SPACES.split(_QUOTED.sub(lambda m: m.group(0).replace(" ", "\u00a0"), q).strip())
    changed = False
    out: list[str] = []
    for run in runs:
        if not run or run.startswith(('"', "“")):
            out.append(run.replace("\u00a0", " "))
            continue
        better = _closest(run)
        changed = changed or better is not None
        out.append(better or run)
    return " ".join(out) if changed else ""
