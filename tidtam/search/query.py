"""What a typed query asks for: words to find, exact phrases, the phrase to rank first.

- Words outside quotes are found anywhere in a text, inside compounds too (tidtam.search.backends);
  a text must hold all of them. Typed as one run ("โรงเรียนคุณภาพ") or with spaces, a query of several
  words ranks the texts that hold them as a phrase (in that order, side by side) first.
- A quoted part ("…" or “…”) must appear in the text exactly as typed (spaces inside collapsed to one);
  its words also narrow the search by index first.
"""

import re
from dataclasses import dataclass, field

from .segmentation import query_tokens

_QUOTED = re.compile(r"[\"“”]([^\"“”]*)[\"“”]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ParsedQuery:
    words: list[str] = field(default_factory=list)  # every word to match in the index, distinct
    phrases: list[str] = field(default_factory=list)  # quoted phrases: the text must contain each
    # Unquoted words typed together: texts holding any of these forms rank first (several words only).
    rank_phrases: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.words)


def parse_query(q: str) -> ParsedQuery:
    q = q or ""
    phrases = [p for p in (_SPACES.sub(" ", m).strip() for m in _QUOTED.findall(q)) if p]
    rest = _SPACES.sub(" ", _QUOTED.sub(" ", q)).strip()
    rest = rest.replace('"', " ").replace("“", " ").replace("”", " ").strip()
    words = query_tokens(" ".join([*phrases, rest]))
    rank_phrases: list[str] = []
    if len(query_tokens(rest)) > 1:
        forms = {rest, rest.replace(" ", "")}
        rank_phrases = sorted(f for f in forms if f)
    return ParsedQuery(words=words, phrases=phrases, rank_phrases=rank_phrases)
