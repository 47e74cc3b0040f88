"""Scanned PDFs (no text layer): pages rendered by poppler, read by Tesseract's Thai model.

Tesseract's TSV gives every word with its box and confidence. Words become printed lines; a line
whose words stand in columns (wide gaps) is a table row, its cells split at the gaps. Each line keeps
its confidence; unsure lines and table totals that disagree with their rows are reported."""

import csv
import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tidtam.common.thai import to_arabic_digits

from ..document import Anomaly
from ..lines import SourceLine
from .grid import GridRow, cell_of, grid_of
from .layout import PrintedLine, join_lines, line_gap, paragraphs
from .limits import MAX_PIXELS, OCR_MAX_PAGES, PdfRefused, limit
from .repair import join_line_end, repair_thai

DPI = 300
LOW_CONFIDENCE = 70.0
PAGE_TIMEOUT = 120


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise PdfRefused(f"PDF นี้เป็นภาพสแกน ต้องใช้โปรแกรม {name} ในการอ่าน (OCR) แต่เครื่องนี้ไม่มี")
    return path


def page_count(path: Path) -> int:
    out = subprocess.run([_tool("pdfinfo"), str(path)], capture_output=True, text=True, timeout=30).stdout  # noqa: S603
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    if not m:
        raise PdfRefused("อ่านจำนวนหน้าของ PDF ไม่ได้ ไฟล์อาจเสียหาย")
    return int(m.group(1))


def render(path: Path, page: int, out_dir: Path) -> Path:
    """One page at 300 dpi; a page whose image would be too big is refused before it is drawn."""
    info = subprocess.run(  # noqa: S603
        [_tool("pdfinfo"), "-f", str(page), "-l", str(page), str(path)],
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout
    m = re.search(r"size:\s+([\d.]+) x ([\d.]+) pts", info)
    if m and float(m.group(1)) * float(m.group(2)) * (DPI / 72) ** 2 > limit("MAX_PIXELS", MAX_PIXELS):
        raise PdfRefused(f"หน้า {page} ของ PDF ใหญ่เกินกว่าจะอ่านด้วย OCR")
    prefix = out_dir / f"p{page}"
    subprocess.run(  # noqa: S603
        [_tool("pdftoppm"), "-r", str(DPI), "-gray", "-png", "-singlefile", "-f", str(page), "-l", str(page),
         str(path), str(prefix)],
        check=True, capture_output=True, timeout=PAGE_TIMEOUT,
    )  # fmt: skip
    return prefix.with_suffix(".png")


def ocr_words(image: Path) -> list[Word]:
    proc = subprocess.run(  # noqa: S603
        [_tool("tesseract"), str(image), "stdout", "-l", "tha+eng", "--psm", "4", "tsv"],
        capture_output=True, text=True, timeout=PAGE_TIMEOUT,
    )  # fmt: skip
    words = []
    for row in csv.DictReader(io.StringIO(proc.stdout), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        x, y, w, h = (float(row[k]) for k in ("left", "top", "width", "height"))
        words.append(Word(text, x, x + w, y, y + h, float(row["conf"])))
    return words


def word_lines(words: list[Word]) -> list[tuple[PrintedLine, list[list[Word]]]]:
    """Words → lines by their vertical bands; each line split into column groups at wide gaps."""
    heights = sorted(w.bottom - w.top for w in words) or [30.0]
    size = heights[len(heights) // 2]
    rows: list[list[Word]] = []
    # Full-height words make the rows; small ones (dots, marks read apart) join the row they touch.
    tall = [w for w in words if w.bottom - w.top >= 0.5 * size]
    small = [w for w in words if w.bottom - w.top < 0.5 * size]
    # A word joins the line its box mostly covers: Thai boxes stretch up over marks and down over
    # descenders, so their middles wander from the line's; the line's band is its words' median edges.
    for w in sorted(tall, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        if rows:
            top, bottom = _band(rows[-1])
            if min(w.bottom, bottom) - max(w.top, top) >= 0.5 * min(bottom - top, w.bottom - w.top):
                rows[-1].append(w)
                continue
        rows.append([w])
    spans = [(min(v.top for v in r), max(v.bottom for v in r)) for r in rows]
    for w in small:
        if w.conf < 30:  # tone marks read as a line of their own: noise
            continue
        # A mark above its line or a vowel below it: the line whose band it lies in or nearest to.
        mid = (w.top + w.bottom) / 2
        dist = [max(top - mid, mid - bottom, 0.0) for top, bottom in spans]
        best = min(range(len(rows)), key=lambda i: (dist[i], abs(mid - sum(spans[i]) / 2)), default=None)
        if best is not None and dist[best] < 0.6 * size:
            rows[best].append(w)
    out = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        groups: list[list[Word]] = [[row[0]]]
        for prev, w in zip(row, row[1:], strict=False):
            if w.x0 - prev.x1 > 2.2 * size:
                groups.append([w])
            else:
                groups[-1].append(w)
        text = repair_thai(" ".join(_join_words(g, size) for g in groups))
        conf = min(w.conf for w in row)
        mean = sum(w.conf for w in row) / len(row)
        if mean < 40 or (mean < 75 and all(len(w.text) <= 3 for w in row)):
            conf = -1.0  # marks and specks read as a line of their own
        top, bottom = _band(row)
        out.append((PrintedLine(text, row[0].x0, max(w.x1 for w in row), top, bottom, conf), groups))
    return out


def _band(row: list[Word]) -> tuple[float, float]:
    # Median top and bottom: marks above and vowels below make the extremes jump from line to line.
    tops = sorted(v.top for v in row)
    bottoms = sorted(v.bottom for v in row)
    return tops[len(tops) // 2], bottoms[len(bottoms) // 2]


_THAI = re.compile("[\u0e01-\u0e5b]")


def _join_words(words: list[Word], size: float) -> str:
    """Tesseract splits Thai into syllables: a space only where the gap on the page is a real one."""
    text = ""
    for prev, w in zip([None, *words], words, strict=False):
        if prev is not None:
            thai = _THAI.match(prev.text[-1]) and _THAI.match(w.text[0])
            punct = w.text[0] in ".,)" or prev.text[-1] in "("
            if w.x0 - prev.x1 > (1.0 if punct else 0.6 if thai else 0.4) * size:
                text += " "
        text += w.text
    return text


def _number(text: str) -> float | None:
    t = to_arabic_digits(text).replace(",", "").strip()
    return float(t) if re.fullmatch(r"-?\d+(\.\d+)?", t) else None


def check_totals(rows: list[tuple[int, list[str]]], anomalies: list[Anomaly]) -> None:
    """A table's total row (รวม…) against the sum of the rows above it, column by column."""
    block: list[tuple[int, list[str]]] = []
    for no, cells in rows:
        if cells and cells[0].startswith("รวม") and block:
            for col in range(1, len(cells)):
                values = [_number(c[col]) for _, c in block if len(c) == len(cells)]
                total = _number(cells[col])
                if total is None or not values or any(v is None for v in values):
                    continue
                if abs(sum(v for v in values if v is not None) - total) > 0.01 and "." not in cells[col]:
                    anomalies.append(Anomaly(no, "warning", "ocr_total_mismatch",
                        f"ตัวเลขที่อ่านด้วย OCR ในคอลัมน์ที่ {col + 1} รวมได้ไม่เท่ากับยอดรวมที่พิมพ์ไว้ "
                        "ควรตรวจตัวเลขในตารางนี้กับต้นฉบับ"))  # fmt: skip
            block = []
        elif len(cells) > 1:
            block.append((no, cells))
        else:
            block = []


def read_pdf_ocr(path: Path) -> "PdfLines":  # type: ignore[name-defined]  # noqa: F821

    pages = page_count(path)
    if pages > limit("OCR_MAX_PAGES", OCR_MAX_PAGES):
        raise PdfRefused(
            f"PDF สแกนมี {pages} หน้า เกินที่อ่านด้วย OCR ได้ ({int(limit('OCR_MAX_PAGES', OCR_MAX_PAGES))} หน้า)"
        )
    per_page = []
    with tempfile.TemporaryDirectory(prefix="tidtam-ocr-") as tmp:
        for page in range(1, pages + 1):
            try:
                image = render(path, page, Path(tmp))
                grid = grid_of(image)
                per_page.append(split_grid(grid, ocr_words(image)))
            except subprocess.TimeoutExpired as exc:
                raise PdfRefused(f"อ่านหน้า {page} ด้วย OCR นานเกินกำหนด") from exc
            except subprocess.CalledProcessError as exc:
                raise PdfRefused(f"แปลงหน้า {page} ของ PDF เป็นภาพไม่ได้ ไฟล์อาจเสียหาย") from exc
            image.unlink(missing_ok=True)
    return _to_lines(per_page)


@dataclass
class TableRow:
    """A row of a ruled table: each cell's text, its paragraphs joined by newlines (as the text route)."""

    top: float
    cells: list[str]
    confidence: float


def split_grid(grid: list[GridRow], words: list[Word]) -> "OcrPage":
    """The page's ruled tables, read cell by cell, and the lines of the words outside them."""
    inside: dict[tuple[int, int], list[Word]] = {}
    rest = []
    for w in words:
        at = cell_of(grid, (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2)
        if at is None:
            rest.append(w)
        else:
            inside.setdefault(at, []).append(w)
    rows = []
    for i, row in enumerate(grid):
        texts, confs = [], []
        for j in range(len(row.cells)):
            lines = [
                ln
                for ln, _ in word_lines(inside.get((i, j), []))
                if ln.confidence is None or ln.confidence >= 0
            ]
            texts.append("\n".join(join_lines(p) for p in paragraphs(lines)))
            confs += [ln.confidence for ln in lines if ln.confidence is not None]
        if any(texts):
            rows.append(TableRow(row.top, texts, min(confs, default=100.0)))
    return word_lines(rest), rows


OcrPage = tuple[list[tuple[PrintedLine, list[list[Word]]]], list[TableRow]]


def _to_lines(per_page: list[OcrPage]) -> "PdfLines":  # type: ignore[name-defined]  # noqa: F821
    from . import PdfLines
    from .boilerplate import drop_boilerplate

    heights = [max((ln.bottom for ln, _ in page), default=1.0) * 1.05 for page, _ in per_page]
    kept = drop_boilerplate(
        [([ln for ln, _ in page], h) for (page, _), h in zip(per_page, heights, strict=True)]
    )
    usual = line_gap([ln for page in kept for ln in page])
    lines: list[SourceLine] = []
    anomalies = [
        Anomaly(None, "info", "ocr_source", "เอกสารเป็นภาพสแกน ข้อความได้มาจากการอ่านด้วย OCR (Tesseract ภาษาไทย)")
    ]
    rows: list[tuple[int, list[str]]] = []
    no = 0
    previous_was_row = False
    for (page, grid_rows), keep in zip(per_page, kept, strict=True):
        keep_ids = {id(ln) for ln in keep}
        text_run: list[PrintedLine] = []
        last_row: tuple[SourceLine, list[tuple[float, float]], float] | None = None
        pending = list(grid_rows)
        if previous_was_row and pending and (not page or pending[0].top < page[0][0].top):
            lines.append(SourceLine(no, "", ""))  # a table went on to this page: page-break repairs apply

        def flush(text_run: list[PrintedLine] = text_run) -> None:
            nonlocal no
            for para in paragraphs(text_run, usual):
                no += 1
                text = join_lines(para)
                lines.append(SourceLine(no, text, text))
                lines.append(SourceLine(no, "", ""))
                _confidence(no, para, text, anomalies)
            text_run.clear()

        def grid_until(top: float, pending: list[TableRow] = pending) -> None:
            """The ruled table rows above `top`, cell by cell like the text route's."""
            nonlocal no, previous_was_row, last_row
            if not pending or pending[0].top >= top:
                return
            flush()
            while pending and pending[0].top < top:
                row = pending.pop(0)
                no += 1
                raw = "\t".join(row.cells)
                cells = [[p for p in c.split("\n") if p] for c in row.cells]
                lines.append(SourceLine(no, raw, raw.replace("\t", " ").strip(), cells))
                rows.append((no, [" ".join(c) for c in cells]))
                if row.confidence < LOW_CONFIDENCE:
                    _confidence(no, [PrintedLine(raw, 0, 0, 0, 0, row.confidence)], raw, anomalies)
            previous_was_row = True
            last_row = None

        for line, groups in page:
            if id(line) not in keep_ids:
                continue
            grid_until(line.top)
            if previous_was_row:
                lines.append(SourceLine(no, "", ""))
                previous_was_row = False
            if line.confidence is not None and line.confidence < 0:
                anomalies.append(
                    Anomaly(None, "info", "ocr_noise", f"ตัดสิ่งที่ OCR อ่านได้แต่ไม่ใช่ข้อความออก: {line.text[:40]}")
                )
                continue
            spans = [(g[0].x0, max(w.x1 for w in g)) for g in groups]
            if last_row is not None and not text_run and _continues(last_row, line, spans):
                row_line, columns, _ = last_row
                cells = row_line.cells or []  # _continues checked it is a table row
                for (x0, x1), g in zip(spans, groups, strict=True):
                    col = next(i for i, (c0, c1) in enumerate(columns) if x0 < c1 and x1 > c0)
                    part = repair_thai(_join_words(g, line.size))
                    cells[col] = [join_line_end(" ".join(cells[col]), part)]
                row_line.raw = "\t".join(" ".join(c) for c in cells)
                row_line.text = row_line.raw.replace("\t", " ")
                rows[-1] = (rows[-1][0], [" ".join(c) for c in cells])
                last_row = (row_line, columns, line.bottom)  # the columns of the row it continues
                continue
            if len(groups) > 1:
                flush()
                no += 1
                size = line.size
                texts = [repair_thai(_join_words(g, size)) for g in groups]
                lines.append(SourceLine(no, "\t".join(texts), " ".join(texts), [[t] for t in texts]))
                rows.append((no, texts))
                last_row = (lines[-1], spans, line.bottom)
                _confidence(no, [line], line.text, anomalies)
            else:
                text_run.append(line)
                last_row = None
        flush()
        grid_until(float("inf"))
        last_row = None
    check_totals(rows, anomalies)
    return PdfLines(lines, anomalies)


def _continues(last_row: tuple[SourceLine, list[tuple[float, float]], float], line: PrintedLine,
               spans: list[tuple[float, float]]) -> bool:  # fmt: skip
    """A line right under a table row whose pieces each stay within one of its columns: the next line
    of the row's cells ("DPA" under "ยื่นคำขอ", "จำนวน(ราย)" under "รวม")."""
    row_line, columns, bottom = last_row
    if row_line.cells is None or len(columns) != len(row_line.cells) or line.top - bottom > 1.3 * line.size:
        return False
    hit_columns = []
    for x0, x1 in spans:
        hits = [i for i, c in enumerate(columns) if x0 < c[1] and x1 > c[0]]
        if len(hits) != 1 or (hits[0] + 1 < len(columns) and x1 > columns[hits[0] + 1][0]):
            return False
        hit_columns.append(hits[0])
    return 0 not in hit_columns or hit_columns == [0]


def _confidence(no: int, para: list[PrintedLine], text: str, anomalies: list[Anomaly]) -> None:
    conf = min((ln.confidence for ln in para if ln.confidence is not None), default=100.0)
    if conf < LOW_CONFIDENCE:
        anomalies.append(Anomaly(no, "warning", "ocr_low_confidence",
            f"OCR อ่านบรรทัดนี้ได้ไม่มั่นใจ (ความมั่นใจ {conf:.0f}%): {text[:60]}"))  # fmt: skip
