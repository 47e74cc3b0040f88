"""Matching a misread agency label (OCR) to one of the province's known agencies.

OCR reads the labels of the results tables with errors a person sees through: "สส." as "aa.", a tone
or vowel mark wrong, dots dropped, spaces inserted, a district "1" as "l". A label the resolver does
not know is compared with the labels and names the document can have: each kind's abbreviation with
the province's ("สพป." + "สค."), the kind's full name with the province's, and every label and name
already seen in the document. The comparison is an edit distance on a normalised form (no spaces,
dots or Thai marks; Thai digits as Arabic) where a look-alike (Latin "a" for "ส", "w" for "พ", "ป"
for "บ") costs less than another letter. A label is matched only when one agency is clearly closest
and within a bound that grows with the label's length; otherwise it stays unknown."""

import re
import unicodedata
from dataclasses import dataclass

from tidtam.common.thai import to_arabic_digits

# Glyphs OCR confuses with the Thai letter or digit they stand for (what is read → what it may be).
LOOKALIKE: dict[str, str] = {
    "a": "สล",
    "n": "กท",
    "w": "พฟ",
    "W": "พฟ",
    "u": "นบ",
    "U": "ปบ",
    "e": "ค",
    "d": "ค",
    "h": "ห",
    "y": "ง",
    "s": "ร",
    "S": "ร",
    "J": "ง",
    "l": "1",
    "I": "1",
    "|": "1",
    "O": "0",
    "o": "0",
    "บ": "ป",
    "ป": "บ",
    "ซ": "ช",
    "ช": "ซ",
    "ศ": "ส",
    "ส": "ศ",
    "ด": "ค",
    "ค": "ด",
    "ข": "ช",
    "ฟ": "พ",
    "พ": "ฟ",
    "ฝ": "ผ",
    "ผ": "ฝ",
    "ถ": "ภ",
    "ภ": "ถ",
    "ม": "น",
    "น": "ม",
}
LOOK_COST = 0.25
SHORT_BOUND = 1.0  # labels of up to 6 letters: one letter wrong
SHARE_BOUND = 0.2  # longer labels and names: a fifth of the letters
MARGIN = 0.5
TAIL = 4
TAIL_COST = 0.1  # the closest agency must be this much closer than any other


@dataclass(frozen=True)
class Candidate:
    text: str  # as the document or the kinds list writes it
    kind: str
    district: str = ""

    @property
    def ident(self) -> str:
        return f"{self.kind}:{self.district}" if self.district else self.kind


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    distance: float


def normalise(text: str) -> str:
    """Letters and digits only: no spaces or dots, no tone or vowel marks above or below, Arabic digits."""
    text = to_arabic_digits(unicodedata.normalize("NFC", text))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"[\s.,:;'\"`·•_\-]+", "", text)


def _cost(read: str, known: str) -> float:
    if read == known:
        return 0.0
    if known in LOOKALIKE.get(read, ""):
        return LOOK_COST
    return 1.0


def distance(read: str, known: str) -> float:
    """Edit distance (Levenshtein) with cheaper look-alike substitutions, on normalised texts. The
    read label may go on after the known one (a second province's abbreviation, as in "สพม.สค. สส.")
    at TAIL_COST a letter, up to TAIL letters, the way a label is known by the abbreviation it starts with."""
    previous = [float(j) for j in range(len(known) + 1)]
    ends = [previous[-1]]
    for i, r in enumerate(read, 1):
        current = [float(i)]
        for j, k in enumerate(known, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + _cost(r, k)))
        previous = current
        ends.append(current[-1])
    tail = [ends[i] + TAIL_COST * (len(read) - i) for i in range(max(0, len(read) - TAIL), len(read) + 1)]
    return min(tail)


def bound(known: str) -> float:
    return max(SHORT_BOUND, SHARE_BOUND * len(known))


def best_match(label: str, candidates: list[Candidate]) -> Match | None:
    """The one agency the label is clearly a misreading of, or None (too far, or two alike)."""
    read = normalise(label)
    if len(read) < 2:
        return None
    per_agency: dict[str, Match] = {}
    for cand in candidates:
        known = normalise(cand.text)
        if not known:
            continue
        d = distance(read, known)
        if d > bound(known):
            continue
        held = per_agency.get(cand.ident)
        if held is None or d < held.distance:
            per_agency[cand.ident] = Match(cand, d)
    ranked = sorted(per_agency.values(), key=lambda m: m.distance)
    if not ranked:
        return None
    if len(ranked) > 1 and ranked[1].distance - ranked[0].distance < MARGIN:
        return None
    return ranked[0]
