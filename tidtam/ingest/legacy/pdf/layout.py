"""Characters with positions → printed lines and paragraphs. Shared by the text-layer reader and OCR.

Characters come in the order the PDF drew them, which for Thai keeps each mark after its base even
when the mark is drawn to the left of it; positions only decide where a line ends and where a gap is
wide enough to be a space."""

import re
import unicodedata
from dataclasses import dataclass, field

from ..textutil import starts_with_marker
from .repair import join_line_end, repair_thai


@dataclass
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def size(self) -> float:
        return max(self.bottom - self.top, 1.0)

    def __post_init__(self) -> None:
        if self.text in ("\u0e33", "\u0e4d\u0e32") and self.x1 - self.x0 < 0.05:
            # ำ drawn as a zero-width nikhahit plus a separate า: its width is the า's.
            self.x1 = self.x0 + 0.45 * self.size

    @property
    def is_mark(self) -> bool:
        return bool(self.text) and all(unicodedata.category(c) == "Mn" for c in self.text)


@dataclass
class PrintedLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    confidence: float | None = None
    words: list[Glyph] = field(default_factory=list)

    @property
    def size(self) -> float:
        return max(self.bottom - self.top, 1.0)


def glyph_lines(glyphs: list[Glyph]) -> list[PrintedLine]:
    """Group glyphs (in drawing order) into printed lines, with spaces where the gap is wide."""
    lines: list[PrintedLine] = []
    parts: list[str] = []
    current: PrintedLine | None = None
    last: Glyph | None = None
    for g in glyphs:
        if current is not None and last is not None and not g.is_mark:
            mid = (g.top + g.bottom) / 2
            same_row = current.top - 0.2 * current.size <= mid <= current.bottom + 0.2 * current.size
            went_back = g.x0 < last.x0 - 2 * g.size
            if not same_row or went_back:
                current.text = "".join(parts)
                lines.append(current)
                current, parts = None, []
        if current is None:
            if g.is_mark or not g.text.strip():
                if lines and g.is_mark:  # a mark that opens a line belongs to the line before
                    lines[-1].text += g.text
                continue
            current = PrintedLine("", g.x0, g.x1, g.top, g.bottom)
            last = None
        if last is not None and not g.is_mark and g.text.strip() and parts and parts[-1] != " ":
            if g.x0 - last.x1 > 0.22 * g.size:
                parts.append(" ")
        if g.text == " " and parts and parts[-1] == " ":
            continue
        parts.append(g.text)
        if not g.is_mark:
            current.x0 = min(current.x0, g.x0)
            current.x1 = max(current.x1, g.x1)
            current.top = min(current.top, g.top)
            current.bottom = max(current.bottom, g.bottom)
            if g.text.strip():
                last = g
    if current is not None:
        current.text = "".join(parts)
        lines.append(current)
    for line in lines:
        line.text = repair_thai(re.sub(r"\s+", " ", line.text).strip())
    return [line for line in lines if line.text]


def line_gap(lines: list[PrintedLine]) -> float:
    """The usual gap between two lines of one paragraph, as a share of the line height: the smaller
    gaps of the page (a paragraph break adds space; single-line paragraphs make the median useless)."""
    gaps = sorted(
        (b.top - a.bottom) / a.size
        for a, b in zip(lines, lines[1:], strict=False)
        if 0 <= b.top - a.bottom < 2 * a.size
    )
    return gaps[len(gaps) // 4] if gaps else 0.2


def paragraphs(
    lines: list[PrintedLine], gap: float | None = None, right: float | None = None
) -> list[list[PrintedLine]]:
    """Consecutive printed lines that belong to one paragraph: close together, the line before runs
    to the right edge of the text, and the line is not a new list entry."""
    usual = line_gap(lines) if gap is None else gap
    edge = right if right is not None else max((line.x1 for line in lines), default=0.0)
    groups: list[list[PrintedLine]] = []
    for line in lines:
        if groups:
            prev = groups[-1][-1]
            gap = (line.top - prev.bottom) / prev.size
            ended_short = prev.x1 < edge - 4 * prev.size
            indented = line.x0 > prev.x0 + 1.5 * prev.size  # a new paragraph's indent, or a centred line
            new = gap > usual + 0.3 or gap < -0.5 or ended_short or indented or starts_with_marker(line.text)
            if not new:
                groups[-1].append(line)
                continue
        groups.append([line])
    return groups


def join_lines(lines: list[PrintedLine]) -> str:
    text = ""
    for line in lines:
        text = join_line_end(text, line.text)
    return text
