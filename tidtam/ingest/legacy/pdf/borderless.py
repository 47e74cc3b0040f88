"""Tables printed without ruling lines, rebuilt from the positions of the words.

A Word table with its borders removed, an HTML table without borders or text aligned with tabs
prints as words standing in columns. The page's words are cut into pieces at wide gaps; pieces at one
height make a visual line. A run of lines is a table when its pieces leave the same vertical strips
empty on every line (the column boundaries), at least two lines have pieces in two columns, and no
line runs across a boundary (running text, a heading, a merged "หน่วยงาน …" row end the table).

Rows: cells are printed top-aligned, so a row ends where no column's text runs on: a piece runs on
into the piece under it in its column when it fills the column to its right edge, is not a number,
and the next line follows at the paragraph's usual spacing. Lines with nothing in the first column
(a header wrapped over two lines, a note under a number) belong to the row above them."""

import re
from dataclasses import dataclass, field

from ..textutil import starts_with_marker
from .boilerplate import BAND
from .layout import Glyph

SPLIT_GAP = 0.6  # a gap wider than this share of the text height ends a piece
MIN_BOUNDARY = 0.3  # a column boundary is an empty strip at least this wide (× text height)
MAX_LINE_GAP = 2.0  # lines further apart than this (× text height) are not one table
RUN_ON = 4.0  # a piece ending within this (× text height) of its column's right edge fills it
_NUMBER = re.compile(r"[+\-]?[0-9๐-๙][0-9๐-๙,]*(?:\.[0-9๐-๙]+)?\s*%?\*?")


@dataclass
class Piece:
    """A run of glyphs on one printed line with no wide gap inside."""

    chars: list[int]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    column: int = 0

    @property
    def size(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def is_number(self) -> bool:
        return bool(_NUMBER.fullmatch(self.text.strip()))


@dataclass
class Line:
    pieces: list[Piece]
    top: float = 0.0
    bottom: float = 0.0
    merged: bool = False  # a cell across all the columns

    def __post_init__(self) -> None:
        self.pieces.sort(key=lambda p: p.x0)
        self.top = min(p.top for p in self.pieces)
        self.bottom = max(p.bottom for p in self.pieces)

    @property
    def mid(self) -> float:
        return sum(p.mid for p in self.pieces) / len(self.pieces)


@dataclass
class Table:
    lines: list[Line]
    boundaries: list[tuple[float, float]]
    rows: list[list[Piece]] = field(default_factory=list)


def cut_pieces(glyphs: list[Glyph], skip: set[int]) -> list[Piece]:
    """Glyphs in drawing order → pieces: a new piece at a new line, a step back, or a wide gap."""
    pieces: list[Piece] = []
    current: Piece | None = None
    last: Glyph | None = None
    for i, g in enumerate(glyphs):
        if i in skip:
            continue
        blank = not g.text.strip()
        if g.is_mark or blank:
            if current is not None:
                current.chars.append(i)
                current.text += g.text
            continue
        if current is not None and last is not None:
            mid = (g.top + g.bottom) / 2
            same_row = current.top - 0.2 * current.size <= mid <= current.bottom + 0.2 * current.size
            if not same_row or g.x0 < last.x0 - g.size or g.x0 - last.x1 > SPLIT_GAP * g.size:
                current = None
        if current is None:
            current = Piece([], "", g.x0, g.x1, g.top, g.bottom)
            pieces.append(current)
        current.chars.append(i)
        current.text += g.text
        current.x0, current.x1 = min(current.x0, g.x0), max(current.x1, g.x1)
        current.top, current.bottom = min(current.top, g.top), max(current.bottom, g.bottom)
        last = g
    for p in pieces:
        p.text = p.text.strip()
    return [p for p in pieces if p.text]


def visual_lines(pieces: list[Piece]) -> list[Line]:
    """Pieces at one height (by their middle) make a line; lines from top to bottom."""
    groups: list[list[Piece]] = []
    for p in sorted(pieces, key=lambda p: p.mid):
        if groups:
            ref = groups[-1]
            mid = sum(q.mid for q in ref) / len(ref)
            if abs(p.mid - mid) < 0.4 * p.size:
                ref.append(p)
                continue
        groups.append([p])
    return [Line(g) for g in groups]


def _boundaries(lines: list[Line]) -> list[tuple[float, float]]:
    """The empty vertical strips between the pieces of all the lines."""
    spans = sorted((p.x0, p.x1) for line in lines if not line.merged for p in line.pieces)
    size = min(p.size for line in lines for p in line.pieces)
    out = []
    end = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - end >= MIN_BOUNDARY * size:
            out.append((end, x0))
        end = max(end, x1)
    return out


def _keeps(before: list[tuple[float, float]], after: list[tuple[float, float]]) -> bool:
    """Every boundary still has an empty strip inside it (a line may narrow it, never cross it)."""
    return all(any(a0 >= b0 - 0.01 and a1 <= b1 + 0.01 for a0, a1 in after) for b0, b1 in before)


def _gap(above: Line | Piece, below: Line | Piece) -> float:
    return (below.top - above.bottom) / max(above.bottom - above.top, 1.0)


def find_tables(lines: list[Line], foot: float = float("inf")) -> list[Table]:
    """The tables among a page's lines (`foot`: where the page's footer begins)."""
    gaps = sorted(g for a, b in zip(lines, lines[1:], strict=False) if 0 <= (g := _gap(a, b)) < 2)
    usual = gaps[len(gaps) // 10] if gaps else 0.2  # the line spacing inside a paragraph (and a cell)
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        if len(lines[i].pieces) < 2 or not _boundaries([lines[i]]):
            i += 1
            continue
        region = [lines[i]]
        bounds = _boundaries(region)
        j = i + 1
        while j < len(lines):
            line = lines[j]
            if _gap(region[-1], line) > MAX_LINE_GAP:
                break
            if len(line.pieces) > 1:
                grown = _boundaries([*_spread(region), line])
                if not _keeps(bounds, grown):
                    break
                bounds = grown
            elif _crosses(line, bounds):
                if not _merged_row(region, bounds, lines[j:]):
                    break
                line.merged = True
            region.append(line)
            j += 1
        region, bounds = _settle(region, bounds)
        start = i
        at_end = all(ln.top >= foot for ln in lines[i + len(region) :])
        table = _table(region, bounds, usual, at_end)
        if table is not None:
            tables.append(table)
            i = start + len(table.lines)
        else:
            i += 1
    return tables


def _spread(lines: list[Line]) -> list[Line]:
    """The lines with pieces in more than one column: they set the column boundaries."""
    return [ln for ln in lines if len(ln.pieces) > 1 and not ln.merged]


def _crosses(line: Line, bounds: list[tuple[float, float]]) -> bool:
    return any(p.x0 < b0 and p.x1 > b1 for p in line.pieces for b0, b1 in bounds)


def _settle(
    region: list[Line], bounds: list[tuple[float, float]]
) -> tuple[list[Line], list[tuple[float, float]]]:
    """Single-piece lines seen before a boundary appeared: across it, a merged row (from the first
    column, with the table going on under it) or the end of the table. Boundaries are then narrowed
    by the single pieces that reach into them."""
    for k, line in enumerate(region):
        if line.merged or len(line.pieces) > 1 or not _crosses(line, bounds):
            continue
        if line.pieces[0].x0 <= bounds[0][0] and _spread(region[k + 1 :]):
            line.merged = True
        else:
            for ln in region[k:]:
                ln.merged = False
            region = region[:k]
            break
    narrowed = _boundaries([ln for ln in region if not ln.merged])
    if len(narrowed) == len(bounds) and _keeps(bounds, narrowed):
        bounds = narrowed
    return region, bounds


def _merged_row(region: list[Line], bounds: list[tuple[float, float]], rest: list[Line]) -> bool:
    """A line across the columns that the table goes on after: a merged cell ("หน่วยงาน …" over the
    problems table), when it starts in the first column and the next line keeps the columns."""
    line = rest[0]
    if len(line.pieces) != 1 or line.pieces[0].x0 > bounds[0][0] or len(rest) < 2:
        return False
    after = rest[1]
    if _gap(line, after) > MAX_LINE_GAP or len(after.pieces) < 2:
        return False
    return _keeps(bounds, _boundaries([*_spread(region), after]))


def _table(region: list[Line], bounds: list[tuple[float, float]], usual: float, at_end: bool) -> Table | None:
    while region and region[-1].merged:
        region.pop()
    for line in region:
        for p in line.pieces:
            p.column = 0 if line.merged else sum(1 for b0, _ in bounds if b0 <= p.x0)
    table = Table(region, bounds)
    table.rows = _rows(region, len(bounds) + 1, usual)
    # A last row with text in its first column only is the text after the table ("-", a short line).
    while len(table.rows) > 1 and {p.column for p in table.rows[-1]} == {0}:
        dropped = {id(p) for p in table.rows.pop()}
        table.lines = [ln for ln in table.lines if not all(id(p) in dropped for p in ln.pieces)]
    many = [ln for ln in table.lines if len({p.column for p in ln.pieces}) > 1]
    if at_end and len(table.rows) == 1 and len(bounds) >= 2 and table.lines[-1] is region[-1]:
        return table  # a header row at the foot of the page, its rows on the next
    if len(many) < 2 or len(table.rows) < 2:
        return None
    return table


def _rows(lines: list[Line], width: int, usual: float) -> list[list[Piece]]:
    """Lines → rows. A line starts a new row unless it continues a cell of the row above."""
    cells = [ln for ln in lines if not ln.merged]
    right = [
        max((p.x1 for ln in cells for p in ln.pieces if p.column == c), default=0.0) for c in range(width)
    ]
    # Heights across which some column's text runs on to its next line: no row may end there.
    bridges: list[tuple[float, float]] = []
    for col in range(width):
        for a, b in _column_pairs(cells, col):
            runs_on = (
                a.x1 >= right[col] - RUN_ON * a.size
                and not a.is_number
                and not b.is_number
                and not starts_with_marker(b.text)
                and _gap(a, b) <= usual + 0.3
            )
            if runs_on:
                bridges.append((a.mid, b.mid))
    rows: list[list[Piece]] = []
    above: Line | None = None
    for line in lines:
        new = above is None or line.merged or above.merged
        if not rows or new:
            rows.append(list(line.pieces))
            above = line
            continue
        assert above is not None
        columns = {p.column for p in line.pieces}
        row_columns = {p.column for p in rows[-1]}
        numbers = any(
            a.is_number and b.is_number for a in above.pieces for b in line.pieces if a.column == b.column
        )
        continues = (
            0 not in columns
            or (0 not in row_columns and _gap(above, line) <= usual + 0.3)
            or (not numbers and any(a < line.mid <= b + 0.01 for a, b in bridges))
            or (columns == {0} and _gap(above, line) <= usual + 0.3)
        )
        if continues:
            rows[-1].extend(line.pieces)
        else:
            rows.append(list(line.pieces))
        above = line
    return rows


def _column_pairs(lines: list[Line], col: int) -> list[tuple[Piece, Piece]]:
    """Consecutive pieces of one column, top to bottom (several pieces on a line: the last one)."""
    ends = [(here[0], here[-1]) for line in lines if (here := [p for p in line.pieces if p.column == col])]
    return [(above[1], below[0]) for above, below in zip(ends, ends[1:], strict=False)]


def page_tables(glyphs: list[Glyph], skip: set[int], height: float) -> list[tuple[float, list[list[int]]]]:
    """The borderless tables of a page: each row's top and, per column, the glyphs of its cell."""
    out = []
    for table in find_tables(visual_lines(cut_pieces(glyphs, skip)), foot=(1 - BAND) * height):
        width = len(table.boundaries) + 1
        merged = {id(p) for ln in table.lines if ln.merged for p in ln.pieces}
        for row in table.rows:
            cells: list[list[int]] = [[] for _ in range(1 if id(row[0]) in merged else width)]
            for p in row:
                cells[p.column].extend(p.chars)
            out.append((min(p.top for p in row), [sorted(c) for c in cells]))
    return out
