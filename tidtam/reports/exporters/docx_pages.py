"""Where each item of the report DOCX starts, computed from the layout and the embedded font's widths.

The table of contents shows these page numbers as the TOC field's result, so a reader sees them
without updating fields (Word still can: the field stays a TOC field). They are computed here, in
milliseconds and without a word processor, by setting the same blocks in the same geometry as
docx_styles.py: the advance widths come from the vendored Sarabun itself (hmtx and cmap), lines are
filled greedily (Thai is broken between any two characters, which the slack factor accounts for),
table rows do not split, headings keep with what follows and each item starts on a new page.
tests/test_docx_pages.py checks the result against LibreOffice's own pagination of the file.
"""

import struct
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders

from .docx_styles import (
    BODY,
    COVER_TITLE,
    FIRST_LINE_INDENT,
    LINE,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    PAGE_H,
    SMALL,
    TABLE,
    TABLE_LINE,
    TEXT_WIDTH,
)
from .layout import (
    AgencyHeading,
    Block,
    Chart,
    Footnote,
    FormHeader,
    GroupHeading,
    ItemLayout,
    ProblemsTable,
    ReportLayout,
    ResultsTable,
    SubtopicHeading,
)

FONT_FILE = "fonts/sarabun/Sarabun_400Regular.ttf"
LINE_EM = 1.3  # Sarabun's own line (win ascent + descent) in em
SLACK = 1.0  # Thai breaks only between words: a line holds a little less than its width
CELL_MARGIN = 2 * 85
HEADING_BEFORE = 120
FOOTER_ROOM = 0  # the footer sits in the bottom margin
USABLE = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM - FOOTER_ROOM


@cache
def advance_widths() -> tuple[dict[int, int], int, int]:
    """({code point: advance width}, default width, units per em) of the vendored Sarabun."""
    path = finders.find(FONT_FILE)
    data = Path(str(path)).read_bytes()
    num_tables = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(num_tables):
        tag, _sum, offset, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        tables[tag.decode("latin-1")] = (offset, length)
    units = struct.unpack(">H", data[tables["head"][0] + 18 : tables["head"][0] + 20])[0]
    n_metrics = struct.unpack(">H", data[tables["hhea"][0] + 34 : tables["hhea"][0] + 36])[0]
    hmtx = tables["hmtx"][0]
    advances = [struct.unpack(">H", data[hmtx + 4 * i : hmtx + 4 * i + 2])[0] for i in range(n_metrics)]
    glyphs = _cmap_format4(data, tables["cmap"][0])
    widths = {cp: advances[min(g, n_metrics - 1)] for cp, g in glyphs.items()}
    return widths, widths.get(ord("n"), units // 2), units


def _cmap_format4(data: bytes, cmap: int) -> dict[int, int]:
    count = struct.unpack(">H", data[cmap + 2 : cmap + 4])[0]
    for i in range(count):
        platform, encoding, offset = struct.unpack(">HHI", data[cmap + 4 + 8 * i : cmap + 12 + 8 * i])
        sub = cmap + offset
        if (platform, encoding) in ((3, 1), (0, 3)) and struct.unpack(">H", data[sub : sub + 2])[0] == 4:
            break
    else:
        return {}
    segs = struct.unpack(">H", data[sub + 6 : sub + 8])[0] // 2
    ends = struct.unpack(f">{segs}H", data[sub + 14 : sub + 14 + 2 * segs])
    base = sub + 16 + 2 * segs
    starts = struct.unpack(f">{segs}H", data[base : base + 2 * segs])
    deltas = struct.unpack(f">{segs}h", data[base + 2 * segs : base + 4 * segs])
    range_at = base + 4 * segs  # idRangeOffset[]: offsets from each entry's own address
    offsets = struct.unpack(f">{segs}H", data[range_at : range_at + 2 * segs])
    glyphs = {}
    for s in range(segs):
        for cp in range(starts[s], ends[s] + 1):
            if cp == 0xFFFF:
                continue
            if offsets[s] == 0:
                g = (cp + deltas[s]) & 0xFFFF
            else:
                at = range_at + 2 * s + offsets[s] + 2 * (cp - starts[s])
                g = struct.unpack(">H", data[at : at + 2])[0]
                g = (g + deltas[s]) & 0xFFFF if g else 0
            glyphs[cp] = g
    return glyphs


def text_width(text: str, half_points: int) -> float:
    """The width of a text in twips at a size in half-points (bold is about as wide)."""
    widths, default, units = advance_widths()
    return sum(widths.get(ord(ch), default) for ch in text) * half_points * 10 / units


def line_count(text: str, width: float, half_points: int, *, indent: int = 0) -> int:
    lines = 0
    for part in text.split("\n") or [""]:
        room = (width - indent) * SLACK
        lines += max(1, -(-int(text_width(part, half_points)) // max(1, int(room))))
        indent = 0
    return lines


def _line(half_points: int, spacing: int = LINE) -> float:
    return half_points * 10 * LINE_EM * spacing / 240


class Pager:
    def __init__(self) -> None:
        self.page = 1
        self.used = 0.0

    def new_page(self) -> None:
        self.page += 1
        self.used = 0.0

    def place(self, height: float, *, whole: bool = True) -> None:
        if self.used and self.used + height > USABLE and whole:
            self.new_page()
        self.used += height
        while self.used > USABLE:
            self.used -= USABLE
            self.page += 1

    def lines(self, count: int, height: float, before: float = 0) -> None:
        # A paragraph moves whole to the next page when its first lines would not fit (widow control).
        if self.used + before + min(count, 2) * height > USABLE:
            self.new_page()
            before = 0
        self.used += before
        for _ in range(count):
            self.place(height)


def _table_rows(block: ResultsTable | ProblemsTable) -> tuple[list[int], list[list[str]], list[int]]:
    """(column widths, rows of cell texts, sizes), the header row first."""
    if isinstance(block, ResultsTable):
        n = len(block.header) - 1
        rest = TEXT_WIDTH - 2300
        widths = [2300] + [rest // n] * n
        head = [f"{h}\n({u})" if u else h for h, u in block.header_cells]
        return widths, [head, *block.rows, block.total], widths
    third = TEXT_WIDTH // 3
    widths = [third, third, TEXT_WIDTH - 2 * third]
    rows: list[list[str]] = [list(block.header)]
    for group in block.groups:
        if group.heading:
            rows.append([group.heading])
        rows.extend(list(r) for r in group.rows)
    return widths, rows, widths


def _row_height(row: list[str], widths: list[int]) -> float:
    if len(row) == 1:
        widths = [sum(widths)]
    lines = max(line_count(text, w - CELL_MARGIN, TABLE) for text, w in zip(row, widths, strict=False))
    return lines * _line(TABLE, TABLE_LINE) + 20


def _block(pager: Pager, block: Block, keep: float) -> float:
    """Sets one block; returns the height a heading asks to keep with the next block."""
    if isinstance(block, FormHeader):
        pager.new_page() if pager.used else None
        for text in (block.title, block.round_line, block.office):
            pager.lines(line_count(text, TEXT_WIDTH, BODY), _line(BODY))
        return HEADING_BEFORE + line_count(block.policy, TEXT_WIDTH, BODY) * _line(BODY)
    if isinstance(block, (ResultsTable, ProblemsTable)):
        widths, rows, _ = _table_rows(block)
        heights = [_row_height(r, widths) for r in rows]
        if pager.used + keep + heights[0] + (heights[1] if len(heights) > 1 else 0) > USABLE:
            pager.new_page()
        else:
            pager.place(keep)
        pager.place(heights[0] + 120)
        # Results rows do not split (w:cantSplit); X.2 rows may, and then the header row repeats.
        can_split = isinstance(block, ProblemsTable)
        for h in heights[1:]:
            if pager.used + h > USABLE and not (
                can_split and USABLE - pager.used > 2 * _line(TABLE, TABLE_LINE)
            ):
                pager.new_page()
                pager.place(heights[0])  # the header row repeats
                pager.place(h, whole=False)
            elif can_split and pager.used + h > USABLE:
                pager.place(h, whole=False)
                pager.place(heights[0])
            else:
                pager.place(h)
        return 0
    if isinstance(block, Chart):
        # One paragraph per chart (docx.py CHART_HEIGHT, three quarters of it when there are several).
        height: float = (4000 if len(block.groups) == 1 else 3000) + HEADING_BEFORE
        for _ in block.groups:
            if pager.used + keep + height > USABLE:
                pager.new_page()
            else:
                pager.place(keep)
            keep = 0
            pager.place(height)
        return 0
    text = "\n".join(block.lines) if isinstance(block, Footnote) else getattr(block, "text", "")
    size = SMALL if isinstance(block, Footnote) or block.kind == "as_of" else BODY
    indent = FIRST_LINE_INDENT if block.kind == "paragraph" else 0
    count = line_count(text, TEXT_WIDTH, size, indent=indent)
    height = count * _line(size) + (0 if block.kind == "paragraph" else HEADING_BEFORE)
    if block.kind in ("item_title", "section_heading") or isinstance(
        block, (SubtopicHeading, GroupHeading, AgencyHeading)
    ):
        return keep + height  # kept with the next block
    if pager.used + keep + min(height, 2 * _line(size)) > USABLE:
        pager.new_page()
    else:
        pager.place(keep)
    pager.place(height, whole=False)
    return 0


def cover_and_toc_pages(layout: ReportLayout) -> int:
    """The cover is one page; the table of contents follows on as many pages as its entries need."""
    entry = _line(BODY) + 60
    per_page = int((USABLE - _line(BODY) - HEADING_BEFORE) // entry)
    return 1 + max(1, -(-len(layout.items) // per_page))


def item_pages(layout: ReportLayout) -> dict[str, int]:
    """{item anchor: the page its form header starts}, pages numbered from the cover as 1."""
    _ = COVER_TITLE  # the cover is a page of its own whatever its size
    pager = Pager()
    pager.page = cover_and_toc_pages(layout)
    pager.used = 1.0
    pages: dict[str, int] = {}
    for item in layout.items:
        pages[item.anchor] = _item(pager, item)
    return pages


def _item(pager: Pager, item: ItemLayout) -> int:
    keep = 0.0
    start = 0
    for block in item.blocks:
        keep = _block(pager, block, keep)
        if isinstance(block, FormHeader):
            start = pager.page
    if keep:
        pager.place(keep)
    return start
