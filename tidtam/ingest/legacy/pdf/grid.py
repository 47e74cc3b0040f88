"""Ruled tables in a scanned page: the cell grid from the page image.

A table's rules are long runs of dark pixels, horizontal and vertical. Two horizontal rules joined by
vertical ones make a row; the vertical rules that cross it split it into cells (a cell merged across
columns has no rule inside it). The rules are then painted white so that Tesseract does not read them
as letters, and each word goes to the cell its centre falls in."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

DARK = 160  # grey level under which a pixel is ink
MIN_RULE = 0.04  # a rule is at least this share of the page width (or height) long
MIN_STEM = 20  # pixels: the shortest vertical rule (a row of one line of text is taller)
JOIN = 4  # pixels: runs this close on neighbouring pixel rows are one rule


@dataclass
class Rule:
    pos: float  # y of a horizontal rule, x of a vertical one
    start: int
    end: int
    thick: tuple[int, int]  # the pixel rows (columns) it covers
    flat: bool  # horizontal


Box = tuple[float, float, float, float]


@dataclass
class GridRow:
    """One row of a ruled table: its cell boxes (left to right); `table` numbers the tables of a page."""

    table: int
    cells: list[Box]

    @property
    def top(self) -> float:
        return self.cells[0][1]

    @property
    def bottom(self) -> float:
        return self.cells[0][3]


def _runs(dark: np.ndarray, min_len: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of every horizontal run of ink at least min_len long."""
    padded = np.zeros((dark.shape[0], dark.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = dark
    d = np.diff(padded, axis=1)
    starts = np.argwhere(d == 1)
    ends = np.argwhere(d == -1)
    keep = ends[:, 1] - starts[:, 1] >= min_len
    return [(int(r), int(s), int(e)) for (r, s), (_, e) in zip(starts[keep], ends[keep], strict=True)]


def _rules(dark: np.ndarray, min_len: int, flat: bool) -> list[Rule]:
    """Runs on neighbouring pixel rows that overlap become one rule (a rule is a few pixels thick)."""
    rules: list[Rule] = []
    for row, s, e in sorted(_runs(dark, min_len)):
        near = (r for r in reversed(rules) if row - r.thick[1] <= JOIN and s < r.end and e > r.start)
        r = next(near, None)
        if r is None:
            rules.append(Rule(row, s, e, (row, row), flat))
            continue
        r.start, r.end = min(r.start, s), max(r.end, e)
        r.thick = (r.thick[0], row)
        r.pos = (r.thick[0] + row) / 2
    return rules


def find_grid(pixels: np.ndarray) -> tuple[list[GridRow], list[Rule]]:
    """The rows of the page's ruled tables, and the rules that draw them."""
    dark = pixels < DARK
    height, width = dark.shape
    flat = _rules(dark, int(MIN_RULE * width), True)
    # A short vertical run only counts where it runs through two horizontal rules (a letter's stem never
    # touches them: cells have padding).
    upright = _rules(dark.T, MIN_STEM, False)
    tol = 3 * JOIN
    rows: list[GridRow] = []
    used: dict[int, list[Rule]] = {}
    table = -1
    last_bottom: Rule | None = None
    for i, a in enumerate(flat):
        b = next(
            (b for b in flat[i + 1 :] if b.pos - a.pos > MIN_STEM and b.start < a.end and b.end > a.start),
            None,
        )
        if b is None:
            continue
        left, right = max(a.start, b.start), min(a.end, b.end)
        cross = sorted(
            (
                v
                for v in upright
                if v.start <= a.thick[0] + 1 and v.end > b.thick[1] - 1 and left - tol <= v.pos <= right + tol
            ),
            key=lambda v: v.pos,
        )
        if len(cross) < 2:
            continue
        if last_bottom is not a:
            table += 1
        xs = [v.pos for v in cross]
        rows.append(GridRow(table, [(x0, a.pos, x1, b.pos) for x0, x1 in zip(xs, xs[1:], strict=False)]))
        used.setdefault(table, []).extend([a, b, *cross])
        last_bottom = b
    # A table is one whose rows have columns; a lone framed box (one cell per row) is left as text.
    tables = {r.table for r in rows if len(r.cells) > 1}
    rules = {id(r): r for t in tables for r in used[t]}
    return [r for r in rows if r.table in tables], list(rules.values())


def erase_rules(pixels: np.ndarray, rules: list[Rule]) -> None:
    """Paint the rules white (Tesseract reads a rule beside a word as a letter)."""
    for r in rules:
        if r.flat:
            pixels[max(r.thick[0] - 1, 0) : r.thick[1] + 2, r.start : r.end] = 255
        else:
            pixels[r.start : r.end, max(r.thick[0] - 1, 0) : r.thick[1] + 2] = 255


def grid_of(image: Path) -> list[GridRow]:
    """Find the ruled tables of a rendered page and rewrite the image without their rules."""
    from PIL import Image

    with Image.open(image) as im:
        pixels = np.asarray(im.convert("L"))
    rows, rules = find_grid(pixels)
    if rows:
        pixels = pixels.copy()
        erase_rules(pixels, rules)
        Image.fromarray(pixels).save(image)
    return rows


def cell_of(rows: list[GridRow], x: float, y: float) -> tuple[int, int] | None:
    """(row index, cell index) of the cell a point lies in."""
    for i, row in enumerate(rows):
        if row.top <= y <= row.bottom:
            for j, (x0, _, x1, _) in enumerate(row.cells):
                if x0 <= x <= x1:
                    return i, j
    return None
