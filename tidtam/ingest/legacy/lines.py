"""Source lines: the common shape both readers (extracted text, .docx) give the parser.

A line is either running text or a table row (cells, each a list of paragraphs). Line numbers
point back into the source so that every anomaly can name where it came from."""

from dataclasses import dataclass
from pathlib import Path

from tidtam.common.ooxml import PackageLimits, package_check
from tidtam.common.textsafety import text_clean

from .textutil import clean, split_paragraphs

# A provincial report with photographs stays well inside these; a zip bomb does not.
DOCX_LIMITS = PackageLimits(max_total=300 * 1024 * 1024, max_members=5000, max_ratio=100)


@dataclass
class SourceLine:
    no: int
    raw: str
    text: str
    cells: list[list[str]] | None = None
    had_html: bool = False
    # True when the structure comes from the document itself (.docx paragraphs and table rows),
    # so the repairs for text extraction (rejoining rows split across pages) must not apply.
    exact: bool = False

    @property
    def is_blank(self) -> bool:
        if self.cells is not None:
            return not any(any(p for p in c) for c in self.cells)
        return not self.text

    def cell_texts(self) -> list[str]:
        return ["\n".join(c) for c in self.cells or []]


def read_text(text: str) -> list[SourceLine]:
    text = text_clean(text)
    lines = []
    for no, raw in enumerate(text.splitlines(), start=1):
        had_html = "<p" in raw.lower() or "</p>" in raw.lower()
        if "\t" in raw:
            cells = [split_paragraphs(c) for c in raw.split("\t")]
            lines.append(SourceLine(no, raw, clean(raw), cells, had_html))
        else:
            paras = split_paragraphs(raw)
            lines.append(SourceLine(no, raw, "\n".join(paras), None, had_html))
    return lines


def read_docx(path: Path) -> list[SourceLine]:
    """Walk a .docx body in order: paragraphs become lines, table rows become cell rows.
    Line numbers count body paragraphs and table rows (1-based), as a reader would."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    package_check(path, limits=DOCX_LIMITS)  # bounded and DTD-free before python-docx parses it
    doc = Document(str(path))
    lines: list[SourceLine] = []
    no = 0
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            no += 1
            text = text_clean(Paragraph(block, doc).text)
            for part in text.split("\n") or [""]:
                lines.append(SourceLine(no, part, clean(part), exact=True))
            # Each paragraph is its own paragraph: a blank line keeps the parser from joining them.
            lines.append(SourceLine(no, "", "", exact=True))
        elif tag == "tbl":
            table = Table(block, doc)
            for row in table.rows:
                no += 1
                cells: list[list[str]] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    cells.append([t for t in (clean(p.text) for p in cell.paragraphs) if t])
                raw = "\t".join(" ".join(c) for c in cells)
                lines.append(SourceLine(no, raw, clean(raw), cells, exact=True))
    return lines


def docx_is_own_export(path: Path) -> bool:
    """Whether a .docx was written by our own exporter (it names its author in the core properties)."""
    from docx import Document

    from .marks import OWN_AUTHOR

    return Document(str(path)).core_properties.author == OWN_AUTHOR
