"""PDF text layer → source lines (the same shape the .docx reader gives).

Tables are rebuilt from character positions: the table's ruling lines give the cell boxes, each
character goes to the cell its centre falls in, and a multi-line cell is joined back into one text.
Running text becomes one line per paragraph. Page headers, footers and page numbers are dropped."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..lines import SourceLine
from .boilerplate import drop_boilerplate
from .borderless import page_tables
from .layout import Glyph, PrintedLine, glyph_lines, join_lines, line_gap, paragraphs
from .limits import PdfRefused, check_file, deadline


@dataclass
class Block:
    """A paragraph or a table row on a page, in reading order by its top."""

    top: float
    text: str = ""
    cells: list[str] | None = None
    first_line: int = 0


def _glyphs(chars: list[dict[str, Any]]) -> list[Glyph]:
    return [Glyph(c["text"], c["x0"], c["x1"], c["top"], c["bottom"]) for c in chars]


def _page_chars(page: Any) -> list[dict[str, Any]]:
    """Every character with its box, in drawing order (which keeps Thai marks after their base)."""
    out = []
    raw = page.get_text("rawdict", flags=0)
    for block in raw.get("blocks", []):
        for line in block.get("lines", []):
            if line.get("dir", (1, 0))[0] < 0.9:  # rotated text (stamps, margins) is not report content
                continue
            for span in line.get("spans", []):
                for ch in span.get("chars", []):
                    x0, y0, x1, y1 = ch["bbox"]
                    size = span.get("size", y1 - y0)
                    oy = ch["origin"][1]
                    # The line box of a glyph, from its baseline: marks get the height of their line.
                    out.append(
                        {
                            "text": ch["c"],
                            "x0": x0,
                            "x1": x1,
                            "top": oy - 0.8 * size,
                            "bottom": oy + 0.2 * size,
                        }
                    )
    return out


def _inside(c: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = (c["x0"] + c["x1"]) / 2
    y = (c["top"] + c["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _table_blocks(table: Any, chars: list[dict[str, Any]], taken: set[int]) -> list[Block]:
    blocks = []
    for row in table.rows:
        boxes = [b for b in row.cells if b is not None]  # None: covered by a merged cell
        if not boxes:
            continue
        texts = []
        for box in boxes:
            inside = [c for i, c in enumerate(chars) if i not in taken and _inside(c, box)]
            taken.update(i for i, c in enumerate(chars) if _inside(c, box))
            texts.append(_cell_text(inside))
        if any(texts):
            blocks.append(Block(top=min(b[1] for b in boxes), cells=texts))
    return blocks


def _ruled(table: Any, drawn: list[Any]) -> bool:
    """A table drawn with lines or cell shading. MuPDF also offers tables it guessed from the text
    alone; those are left to the borderless reading, which rebuilds wrapped rows."""
    x0, y0, x1, y1 = table.bbox
    return any(r.x0 < x1 and r.x1 > x0 and r.y0 < y1 and r.y1 > y0 for r in drawn)


def _cell_text(chars: list[dict[str, Any]]) -> str:
    return "\n".join(join_lines(p) for p in paragraphs(glyph_lines(_glyphs(chars))))


def _borderless_blocks(chars: list[dict[str, Any]], taken: set[int], height: float) -> list[Block]:
    """Tables without ruling lines, from the positions of the words (borderless.py)."""
    blocks = []
    for top, cells in page_tables(_glyphs(chars), taken, height):
        taken.update(i for cell in cells for i in cell)
        blocks.append(Block(top=top, cells=[_cell_text([chars[i] for i in cell]) for cell in cells]))
    return blocks


def page_blocks(page: Any) -> tuple[list[Block], list[PrintedLine]]:
    """The page's table rows and printed lines (before paragraphs are formed, for boilerplate)."""
    chars = _page_chars(page)
    taken: set[int] = set()
    blocks: list[Block] = []
    drawn = [d["rect"] for d in page.get_drawings()]
    for table in page.find_tables(strategy="lines").tables:
        if _ruled(table, drawn):
            blocks.extend(_table_blocks(table, chars, taken))
    blocks.extend(_borderless_blocks(chars, taken, float(page.rect.height)))
    rest = [c for i, c in enumerate(chars) if i not in taken]
    return blocks, glyph_lines(_glyphs(rest))


def read_pdf_text(path: Path) -> list[SourceLine]:
    per_page: list[tuple[list[Block], list[PrintedLine], float]] = []
    with open_pdf(path) as doc:
        check_page = deadline(doc.page_count)
        for page in doc:
            check_page()
            blocks, lines = page_blocks(page)
            per_page.append((blocks, lines, float(page.rect.height)))
    return blocks_to_lines(per_page)


def open_pdf(path: Path) -> Any:
    import pymupdf

    check_file(path)
    try:
        doc = pymupdf.open(str(path), filetype="pdf")
    except Exception as exc:  # MuPDF raises its own error types for damaged files
        raise PdfRefused(f"เปิดไฟล์ PDF ไม่ได้ ({exc.__class__.__name__})") from exc
    if doc.needs_pass:
        doc.close()
        raise PdfRefused("PDF นี้ตั้งรหัสผ่านไว้ จึงอ่านไม่ได้")
    return doc


def has_text_layer(path: Path) -> bool:
    """A scan has (almost) no characters: fewer than 20 per page on average."""
    with open_pdf(path) as doc:
        deadline(doc.page_count)  # refuses too many pages before anything is read
        pages = min(doc.page_count, 10)
        count = sum(len(doc[i].get_text("text").strip()) for i in range(pages))
    return count >= 20 * max(pages, 1)


def blocks_to_lines(per_page: list[tuple[list[Block], list[PrintedLine], float]]) -> list[SourceLine]:
    """Drop boilerplate, form paragraphs, order by position, number the lines."""
    kept = drop_boilerplate([(lines, height) for _, lines, height in per_page])
    everything = [line for lines in kept for line in lines]
    usual = line_gap(everything)
    out: list[SourceLine] = []
    no = 0
    previous_was_row = False
    for (table_rows, _, _), lines in zip(per_page, kept, strict=True):
        blocks = list(table_rows)
        for para in paragraphs(lines, usual):
            blocks.append(Block(top=para[0].top, text=join_lines(para)))
        blocks.sort(key=lambda b: b.top)
        if previous_was_row:  # a table went on to this page: the parser's page-break repairs apply
            out.append(SourceLine(no, "", ""))
            previous_was_row = False
        for b in blocks:
            no += 1
            if b.cells is not None:
                raw = "\t".join(b.cells)
                cells = [[p for p in c.split("\n") if p] for c in b.cells]
                out.append(SourceLine(no, raw, raw.replace("\t", " ").strip(), cells))
                previous_was_row = True
                continue
            if previous_was_row:
                out.append(SourceLine(no, "", ""))
            out.append(SourceLine(no, b.text, b.text))
            out.append(SourceLine(no, "", ""))  # one paragraph per line, as the .txt reports have
            previous_was_row = False
    return out
