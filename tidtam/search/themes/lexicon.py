"""The seed lexicon of themes (data/themes.yaml) and how a statement scores against it."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..segmentation import tokens

THEMES_FILE = Path(__file__).resolve().parent.parent / "data" / "themes.yaml"
KEYWORD_POINTS = 1
STRONG_POINTS = 3


@dataclass(frozen=True)
class LexiconTheme:
    key: str
    label: str
    order: int
    # Normalised forms (segmented words joined without spaces), with the points each one is worth.
    entries: tuple[tuple[str, int, str], ...]  # (normalised phrase, points, phrase as written)

    @property
    def seed_words(self) -> list[str]:
        """The words of every entry, for the theme's TF-IDF seed vector."""
        return [w for _, _, written in self.entries for w in tokens(written)]


@dataclass(frozen=True)
class Lexicon:
    themes: tuple[LexiconTheme, ...]

    def scores(self, words: list[str]) -> dict[str, int]:
        """{theme key: points} for a statement given as its normalised words (themes with 0 left out)."""
        text, starts, ends = _boundaries(words)
        out: dict[str, int] = {}
        for theme in self.themes:
            points = sum(p for phrase, p, _ in theme.entries if _contains(text, starts, ends, phrase))
            if points:
                out[theme.key] = points
        return out

    def matched(self, key: str, words: list[str]) -> list[str]:
        """The entries of theme `key` found in the statement, as written in the lexicon."""
        text, starts, ends = _boundaries(words)
        theme = next(t for t in self.themes if t.key == key)
        return [written for phrase, _, written in theme.entries if _contains(text, starts, ends, phrase)]


def _boundaries(words: list[str]) -> tuple[str, set[int], set[int]]:
    """The words run together, with the offsets where a word starts and where one ends.

    A phrase matches when it begins at a word start and stops at a word end, whatever segmentation it
    got in between: newmm may split "ค่าวัสดุ" differently inside a sentence than on its own.
    """
    starts, ends, pos = set(), set(), 0
    for w in words:
        starts.add(pos)
        pos += len(w)
        ends.add(pos)
    return "".join(words), starts, ends


def _contains(text: str, starts: set[int], ends: set[int], phrase: str) -> bool:
    i = text.find(phrase)
    while i != -1:
        if i in starts and i + len(phrase) in ends:
            return True
        i = text.find(phrase, i + 1)
    return False


def _entries(spec: dict) -> tuple[tuple[str, int, str], ...]:
    out: list[tuple[str, int, str]] = []
    for field, points in (("strong", STRONG_POINTS), ("keywords", KEYWORD_POINTS)):
        for written in spec.get(field) or []:
            norm = "".join(tokens(str(written)))
            if norm:
                out.append((norm, points, str(written)))
    return tuple(out)


def load_lexicon(path: Path = THEMES_FILE) -> Lexicon:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    themes = tuple(
        LexiconTheme(key=str(spec["key"]), label=str(spec["label"]), order=i, entries=_entries(spec))
        for i, spec in enumerate(data.get("themes") or [])
    )
    return Lexicon(themes=themes)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()
