"""Repair the ways Thai text is damaged in PDF text layers.

Each repair is a small function; `repair_thai` applies them in order. The kinds of damage:
- glyphs from the private-use area (U+F700–U+F71A) that older Thai fonts use for shifted marks;
- sara am split into nikhahit + sara aa (ํ + า), or printed as ำ followed by a stray า;
- marks in the wrong order (tone before the vowel below it) or separated from their base by a space;
- marks displaced one character to the right ("สัมฤทธิข์อง" for "สัมฤทธิ์ของ").
Choices that need the language (is this space real?) are settled by the PyThaiNLP dictionary: an edit is
kept only when it lowers the number of words the dictionary does not know."""

import re
import unicodedata
from functools import lru_cache

# The shifted-glyph variants of the Thai font convention (Microsoft/Adobe), mapped to the real marks.
PUA_TO_THAI = {
    0xF700: "\u0e10",  # ฐ without its tail
    0xF701: "\u0e34",
    0xF702: "\u0e35",
    0xF703: "\u0e36",
    0xF704: "\u0e37",
    0xF705: "\u0e48",
    0xF706: "\u0e49",
    0xF707: "\u0e4a",
    0xF708: "\u0e4b",
    0xF709: "\u0e4c",
    0xF70A: "\u0e48",
    0xF70B: "\u0e49",
    0xF70C: "\u0e4a",
    0xF70D: "\u0e4b",
    0xF70E: "\u0e4c",
    0xF70F: "\u0e0d",  # ญ without its tail
    0xF710: "\u0e31",
    0xF711: "\u0e4d",
    0xF712: "\u0e47",
    0xF713: "\u0e48",
    0xF714: "\u0e49",
    0xF715: "\u0e4a",
    0xF716: "\u0e4b",
    0xF717: "\u0e4c",
    0xF718: "\u0e38",
    0xF719: "\u0e39",
    0xF71A: "\u0e3a",
}

# Vowels written above or below the consonant come first in a cluster, then the tone or other mark.
VOWEL_MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47"
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
MARKS = VOWEL_MARKS + TONE_MARKS
CONSONANTS = "".join(chr(c) for c in range(0x0E01, 0x0E2F))
THAI = "\u0e01-\u0e5b"

_MARK_RUN = re.compile(f"[{MARKS}]{{2,}}")
_SPACE_BEFORE_MARK = re.compile(f"(?<=[{THAI}]) +(?=[{MARKS}])")
_SPACE_AFTER_MARK = re.compile(f"(?<=[{MARKS}\u0e33]) +(?=[{CONSONANTS}])")
# A consonant left bare between a cluster and a displaced mark: "ธิข์" (ธิ + ข์) for "ธิ์ข".
_DISPLACED = re.compile(f"([{CONSONANTS}][{VOWEL_MARKS}]?)([{CONSONANTS}])([{TONE_MARKS}]+)")
# A bare consonant whose whole mark run landed on the next one: "ซงึ่" for "ซึ่ง".
_DISPLACED_RUN = re.compile(f"([{CONSONANTS}])([{CONSONANTS}])([{MARKS}]+)")
_THAI_RUN = re.compile(f"[{THAI}]+(?: [{THAI}]+)*")


def map_private_use(text: str) -> str:
    return "".join(PUA_TO_THAI.get(ord(ch), ch) for ch in text)


def recompose_sara_am(text: str) -> str:
    text = text.replace("\u0e4d\u0e32", "\u0e33")  # ํ + า
    text = text.replace("\u0e33\u0e32", "\u0e33")  # ำ drawn as nikhahit + a stray า
    # A tone written after ำ belongs before it: "นำ้" → "น้ำ".
    return re.sub(f"\u0e33([{TONE_MARKS}])", "\\1\u0e33", text)


def order_marks(text: str) -> str:
    """Within a run of marks on one consonant: vowel marks first, then tone marks; drop exact repeats."""

    def fix(m: re.Match[str]) -> str:
        run = m.group(0)
        seen: list[str] = []
        for ch in run:
            if ch not in seen:
                seen.append(ch)
        return "".join(sorted(seen, key=lambda c: (c in TONE_MARKS, MARKS.index(c))))

    return _MARK_RUN.sub(fix, text)


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


@lru_cache(maxsize=20000)
def unknown_words(run: str) -> int:
    """How many tokens of a Thai run the dictionary does not know (spaces split runs)."""
    from pythainlp.tokenize import word_tokenize

    words = _dictionary()
    count = 0
    for part in run.split(" "):
        if part:
            count += sum(1 for t in word_tokenize(part, engine="newmm") if t.strip() and t not in words)
    return count


def _better(candidate: str, current: str) -> bool:
    return unknown_words(candidate) < unknown_words(current)


def _in_unknown_word(run: str, start: int, end: int) -> bool:
    """Is run[start:end] inside one token the dictionary does not know? Only then is a mark moved:
    a move across two known tokens could just as well make a wrong word out of right ones."""
    from pythainlp.tokenize import word_tokenize

    pos = 0
    for token in word_tokenize(run, engine="newmm", keep_whitespace=True):
        if pos <= start and end <= pos + len(token):
            return token not in _dictionary()
        pos += len(token)
    return False


def _fix_run(run: str) -> str:
    """Dictionary-checked repairs inside one run of Thai words."""
    patterns = (_SPACE_BEFORE_MARK, _SPACE_AFTER_MARK, _DISPLACED, _DISPLACED_RUN)
    if not any(p.search(run) for p in patterns) or unknown_words(run) == 0:
        return run
    # A space before a mark never belongs: the mark was separated from its base.
    for pattern in (_SPACE_BEFORE_MARK, _SPACE_AFTER_MARK):
        for m in reversed(list(pattern.finditer(run))):
            candidate = run[: m.start()] + run[m.end() :]
            after_am = pattern is _SPACE_AFTER_MARK and run[m.start() - 1] == "\u0e33"
            if (
                pattern is _SPACE_BEFORE_MARK
                or _better(candidate, run)
                or (after_am and unknown_words(candidate) <= unknown_words(run))
            ):
                run = candidate
    # Displaced marks: try moving each run one cluster to the left.
    for m in [*reversed(list(_DISPLACED.finditer(run))), *reversed(list(_DISPLACED_RUN.finditer(run)))]:
        if run[m.start() : m.end()] != m.group(0) or not _in_unknown_word(run, m.start(), m.end()):
            continue
        candidate = run[: m.start()] + m.group(1) + m.group(3) + m.group(2) + run[m.end() :]
        candidate = order_marks(candidate)
        if _better(candidate, run):
            run = candidate
    return run


def repair_dictionary(text: str) -> str:
    return _THAI_RUN.sub(lambda m: _fix_run(m.group(0)), text)


def repair_thai(text: str) -> str:
    """All repairs, in order. Safe on clean text: it comes back unchanged."""
    text = unicodedata.normalize("NFC", map_private_use(text))
    text = recompose_sara_am(text)
    text = order_marks(text)
    text = repair_dictionary(text)
    return text


def join_line_end(previous: str, line: str) -> str:
    """Join a line broken at the end of a printed line. Between two Thai characters the break leaves no
    space when the word across the break is one dictionary word, or when the text has no spaces there;
    a space is kept where the dictionary reads the two sides better apart."""
    if not previous:
        return line
    if not line:
        return previous
    a, b = previous[-1], line[0]
    if re.match(f"[{THAI}]", a) and re.match(f"[{THAI}]", b):
        left = previous.rsplit(" ", 1)[-1]
        right = line.split(" ", 1)[0]
        if unknown_words(left + right) <= unknown_words(f"{left} {right}"):
            return previous + line
        return f"{previous} {line}"
    if a == "-" and b.isalpha():
        return previous + line
    return f"{previous} {line}"
