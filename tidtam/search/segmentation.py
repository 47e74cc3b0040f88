"""Thai word segmentation for search and themes (PyThaiNLP's dictionary, nlpo3 engine, offline).

Thai is written without spaces between words, and neither PostgreSQL's parser nor SQLite FTS5 segments
it. So texts are segmented here, once, when they are indexed, and a query is segmented the same way.

Segments carry their position in the original text (`Segment.start/end`) so that a snippet can mark
the words that matched. Each segment has a normalised form (`Segment.norm`) that goes into the index:
- Thai words as PyThaiNLP's maximal matching splits them, with a custom dictionary that keeps
  abbreviations whole ("สพป.", "ก.ค.ศ."; list in data/abbreviations.yaml); dots and ๆ/ฯ are dropped
  ("ก.ค.ศ." → "กคศ"), so the index holds only letters and both database parsers keep each token as one
  word;
- Latin words and numbers lowercased, split on punctuation ("e-learning" → "e", "learning");
- Thai digits become Arabic ("๒๖" → "26"); punctuation, spaces and stray markup characters are dropped.

The engine is nlpo3 (PyThaiNLP's maximal matching in Rust, ~15× faster than the Python `newmm` on the
seed), loaded with the same dictionary. The two differ only on dotted letters that are no word of the
dictionary: nlpo3 keeps "ค.ส." together where newmm cuts "ค", ".", "ส", "."; such a token is cut at its
dots here, so the normalised words are those newmm gives (tests/test_segmentation.py compares them over
every line of the seed). `newmm_tokens` keeps the old path for that test and for the benchmark.
"""

import hashlib
import re
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"

_THAI_LETTERS = re.compile(r"[\u0E01-\u0E2E\u0E30-\u0E3A\u0E40-\u0E45\u0E47-\u0E4E]")
# What a Thai token keeps: Thai letters, vowels and marks, and digits (Thai or Arabic).
_THAI_KEEP = re.compile(r"[^\u0E01-\u0E3A\u0E40-\u0E45\u0E47-\u0E4E\u0E50-\u0E590-9]")
# Words inside a non-Thai chunk: runs of Latin letters or digits (Thai digits included).
_LATIN_WORD = re.compile(r"[A-Za-z\u00C0-\u024F]+|[0-9\u0E50-\u0E59]+(?:[.,][0-9\u0E50-\u0E59]+)*")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


class Segment(NamedTuple):
    # A named tuple, not a dataclass: one is made per word indexed, and a tuple is several times cheaper.
    start: int
    end: int
    norm: str


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    data = yaml.safe_load((DATA_DIR / "abbreviations.yaml").read_text(encoding="utf-8"))
    return frozenset(str(a).strip() for a in data.get("abbreviations", []) if str(a).strip())


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words()) | abbreviations()


@lru_cache(maxsize=1)
def _tokenizer():
    # The old engine (Python newmm): building its trie takes ~0.5 s, once per process.
    from pythainlp.tokenize import Tokenizer

    return Tokenizer(custom_dict=set(_dictionary()), engine="newmm", keep_whitespace=True)


@lru_cache(maxsize=1)
def _nlpo3_dictionary() -> str:
    """The name nlpo3 knows the dictionary by, loaded once per process (nlpo3 reads it from a file)."""
    import nlpo3

    words = "\n".join(sorted(_dictionary()))
    name = "tidtam-" + hashlib.sha256(words.encode("utf-8")).hexdigest()[:16]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=True) as f:
        f.write(words)
        f.flush()
        message, ok = nlpo3.load_dict(f.name, name)
    if not ok and "already" not in message.lower():
        raise RuntimeError(message)
    return name


_DOTTED = re.compile(r"(\.)")


def _nlpo3_words(text: str) -> list[str]:
    import nlpo3

    out: list[str] = []
    for token in nlpo3.segment(text, _nlpo3_dictionary(), safe=False, parallel=False):
        out.extend(_nlpo3_words_of(token))
    return out


def _nlpo3_words_of(token: str) -> list[str]:
    """One token of the engine as newmm would have cut it."""
    if "." in token and len(token) > 1 and token not in _dictionary() and _THAI_LETTERS.search(token):
        # "ค.ส." (no word of the dictionary): cut at the dots, as newmm does.
        return [part for part in _DOTTED.split(token) if part]
    return [token]


def _newmm_words(text: str) -> list[str]:
    return _tokenizer().word_tokenize(text)


@lru_cache(maxsize=200_000)
def _normalise_thai(token: str) -> str:
    # Cached: PyThaiNLP's normalize is the slow part of indexing, and the vocabulary is small.
    from pythainlp.util import normalize

    return normalize(_THAI_KEEP.sub("", token)).translate(_THAI_DIGITS)


def _normalise_number(token: str) -> str:
    return token.translate(_THAI_DIGITS).replace(",", "")


def segment(text: str, *, words: Callable[[str], list[str]] = _nlpo3_words) -> list[Segment]:
    """The words of `text` with their positions, in order. Empty for blank text."""
    if not text or not text.strip():
        return []
    out: list[Segment] = []
    pos = 0
    for token in words(text):
        start, pos = pos, pos + len(token)
        for a, b, norm in _pieces(token):
            out.append(Segment(start + a, start + b, norm))
    return out


@lru_cache(maxsize=200_000)
def _pieces(token: str) -> tuple[tuple[int, int, str], ...]:
    """The normalised words of one token with their offsets in it (cached: tokens recur)."""
    if not token.strip():
        return ()
    if _THAI_LETTERS.search(token):
        norm = _normalise_thai(token)
        return ((0, len(token), norm),) if norm else ()
    out = []
    for m in _LATIN_WORD.finditer(token):
        word = m.group()
        norm = _normalise_number(word) if word[0].isdigit() or word[0] in "๐๑๒๓๔๕๖๗๘๙" else word.lower()
        out.append((m.start(), m.end(), norm))
    return tuple(out)


def tokens(text: str) -> list[str]:
    """Normalised words of `text`, in order (what the index stores, space-separated)."""
    return [s.norm for s in segment(text)]


def newmm_tokens(text: str) -> list[str]:
    """`tokens` through the old engine (Python newmm): for the equality test and the benchmark."""
    return [s.norm for s in segment(text, words=_newmm_words)]


def query_tokens(q: str) -> list[str]:
    """The distinct words of a query, in the order typed. A search matches documents holding all of them."""
    seen: dict[str, None] = {}
    for t in tokens(q or ""):
        seen.setdefault(t, None)
    return list(seen)


# A dictionary word never starts on a vowel or tone mark that belongs to the letter before it.
_NO_START = re.compile(r"[\u0E30-\u0E3A\u0E45\u0E47-\u0E4E]")
SUBWORD_MAX = 32  # characters: a longer query word is looked up by its first SUBWORD_MAX characters


@lru_cache(maxsize=1)
def _word_prefixes() -> tuple[frozenset[str], frozenset[str]]:
    """The normalised dictionary words, and every prefix of them (to stop a walk early)."""
    words = frozenset(w for w in (_normalise_thai(w) for w in _dictionary() if _THAI_LETTERS.search(w)) if w)
    return words, frozenset(w[:k] for w in words for k in range(1, len(w) + 1))


def subwords(segments: list[Segment]) -> list[str]:
    """What the index holds besides the words so that a word is also found inside others.

    Thai runs words together, and segmentation keeps a compound whole: "ปีงบประมาณ" is one word, so a
    search for "งบประมาณ" matching whole words misses it; "จัดโครงการอบรม" is cut "โครง|การอบรม", so
    "โครงการ" is no word of it either. So wherever a dictionary word starts inside a Thai word
    ("งบประมาณ" in "ปีงบประมาณ"), or starts at a word and runs on into the next one ("โครงการ" over
    "โครง|การอบรม"), the text from there is stored, running on into the next word when nothing stood
    between them in the text, as far as dictionary words starting there could reach ("งบประมาณ",
    "ประมาณ", "โครงการอบรม"). A query word then matches as a prefix of one of these (`'w':*` in
    PostgreSQL, `"w" *` in FTS5).

    Only where a dictionary word starts: a query word is segmented with the same dictionary, so the
    place where it occurs inside another word is such a start; tails from anywhere else ("บประมาณ") would
    multiply the index for nothing. Cut at SUBWORD_MAX characters. Not covered: a word spanning three
    words of the text or more, and a query word that is no dictionary word found inside another.
    """
    out: dict[str, None] = {}
    for i, seg in enumerate(segments):
        if not _THAI_LETTERS.match(seg.norm):
            continue
        follow = ""
        if i + 1 < len(segments) and segments[i + 1].start == seg.end:
            follow = segments[i + 1].norm
        for tail in _tails(seg.norm, follow):
            out.setdefault(tail, None)
    return list(out)


def index_terms(text: str) -> tuple[list[str], list[str]]:
    """`tokens(text)` and `subwords(segment(text))` in one pass, without a Segment per word.

    What indexing stores for a text. It gives exactly what the two give (test_segmentation compares
    them over the seed and over generated texts) for less: segmenting is most of a rebuild's Python
    time, and one Segment per word and a second walk over them cost about 1.2 s of a 6,468-submission
    rebuild.
    """
    if not text or not text.strip():
        return [], []
    import nlpo3

    norms: list[str] = []
    tails: dict[str, None] = {}
    # The Thai word just before, while nothing has stood between it and the next token.
    before: str | None = None
    for engine_token in nlpo3.segment(text, _nlpo3_dictionary(), safe=False, parallel=False):
        for thai, pieces, lead in _token_terms(engine_token):
            if before is not None:
                # A tail runs on into the next word only when the next token's first word starts it.
                for tail in _tails(before, lead):
                    tails.setdefault(tail, None)
            norms.extend(pieces)
            before = thai
    if before is not None:
        for tail in _tails(before, ""):
            tails.setdefault(tail, None)
    return norms, list(tails)


@lru_cache(maxsize=200_000)
def _token_terms(engine_token: str) -> tuple[tuple[str | None, tuple[str, ...], str], ...]:
    """For each token `_nlpo3_words` makes of what the engine gave: (its word when it is one Thai word,
    its words, the word starting at its first character or "")."""
    out = []
    for token in _nlpo3_words_of(engine_token):
        pieces = _pieces(token)
        norms = tuple(norm for _a, _b, norm in pieces)
        lead = pieces[0][2] if pieces and pieces[0][0] == 0 else ""
        thai = None
        if len(pieces) == 1 and pieces[0][1] == len(token) and _THAI_LETTERS.match(pieces[0][2]):
            thai = pieces[0][2]
        # A token of several words (Latin or digits) never starts with a Thai letter, so no tail
        # starts in it.
        out.append((thai, norms, lead))
    return tuple(out)


@lru_cache(maxsize=500_000)
def _tails(word: str, follow: str) -> tuple[str, ...]:
    # Cached: the same pairs of words recur across texts, and this walk is the costly part of indexing.
    words, prefixes = _word_prefixes()
    text = word + follow
    out: list[str] = []
    for p in range(len(word)):
        if _NO_START.match(text, p):
            continue
        # Walk the dictionary's prefixes from p as far as they go. Kept when a word starts here that is
        # not the whole word itself (p > 0) or that runs past its end (p == 0), and only as far as the
        # walk went: every dictionary word starting at p is a prefix of what is kept.
        k, found, reach = p + 1, False, p
        while k <= len(text) and text[p:k] in prefixes:
            reach = k
            found = found or (k - p > 1 and (p > 0 or k > len(word)) and text[p:k] in words)
            k += 1
        if found:
            out.append(text[p : min(reach, p + SUBWORD_MAX)])
    return tuple(out)
