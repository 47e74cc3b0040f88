"""The consolidated report as PDF: Chromium prints an HTML page of the same layout as the DOCX.

Why Chromium: its PDF text layer gives the Thai text back exactly (WeasyPrint's loses the vowel ำ, so
searching or copying "สำนักงาน" fails), it breaks Thai lines between words (ICU dictionary), places
vowels and tone marks with HarfBuzz, and it is already needed for the browser tests. The page embeds the
vendored Sarabun (OFL) through @font-face and draws the charts with the vendored ECharts as SVG, so the
chart labels are real text too.

The table of contents is printed with a placeholder for each page number; where each item landed is
read from the PDF's named destinations and the numbers are written over the placeholders in the file
(pdf_toc.py): one start of Chromium, one load, one print. Where that cannot be done (a number longer
than its placeholder, a digit missing from the embedded font), the numbers are written into the page
already loaded and it is printed again by the same browser; without named destinations the pages are
read back with `pdftotext` (poppler), and without that the table of contents has no page numbers.

Thai line breaks: Chromium's own dictionary splits some words ("ทุกร|อบ"); the text is therefore
segmented here (thai_breaks.py) and printed with break opportunities only between words.
"""

import json
import shutil
import subprocess  # noqa: S404 - runs only the pdftotext binary, never a shell
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from tidtam.common.chromium import Browser, BrowserError, chromium_executable

from ..assembly import RoundReport
from ..charts import echarts_option
from . import pdf_charts, pdf_toc, thai_breaks
from .layout import Chart, LayoutOptions, Numbers, ReportLayout, report_layout

CHART_WIDTH, CHART_HEIGHT = 600, 250
# Printed where each table of contents page number goes, replaced in the PDF (two digits: 1-99 fit).
TOC_PLACEHOLDER = "00"
SIZES = {"body": "10.5pt", "table": "9.25pt", "cover": "13pt"}
FONT_FILES = {"400": "fonts/sarabun/Sarabun_400Regular.ttf", "700": "fonts/sarabun/Sarabun_700Bold.ttf"}
ECHARTS = "vendor/echarts/echarts.min.js"
CHART_SCRIPT = "reports/print_charts.js"


class PdfUnavailable(Exception):
    """Chromium is not installed (or failed): the message is for the user (Thai)."""


def chromium_binary() -> str | None:
    return chromium_executable()


def _static_path(relative: str) -> Path:
    found = finders.find(relative)
    if not found:
        raise PdfUnavailable(f"ไม่พบไฟล์ {relative} (static)")
    return Path(found)


@dataclass
class TocEntry:
    anchor: str
    title: str
    page: str = ""


def chart_specs(layout: ReportLayout) -> list[dict]:
    specs = []
    for item in layout.items:
        for block in item.blocks:
            if isinstance(block, Chart):
                for i, group in enumerate(block.groups, start=1):
                    specs.append(
                        {
                            "id": f"chart-{block.item_number}-{i}",
                            "width": CHART_WIDTH,
                            "height": CHART_HEIGHT,
                            "option": echarts_option(group, animation=False),
                            "thaiDigits": layout.options.thai_digits,
                        }
                    )
    return specs


def print_html(
    layout: ReportLayout,
    *,
    pages: dict[str, int] | None = None,
    placeholder: str = "",
    draw_charts: bool = True,
) -> str:
    """The page to print; each table of contents entry shows its page, else `placeholder`. Without
    `draw_charts` the chart boxes stay empty for SVG drawn beforehand (pdf_charts.py)."""
    num = Numbers(layout.options.thai_digits)
    toc = [
        TocEntry(
            item.anchor,
            item.title,
            num.digits(str(pages[item.anchor])) if pages and item.anchor in pages else placeholder,
        )
        for item in layout.items
    ]
    context = {
        "layout": layout,
        "toc": toc,
        "made_on": num.date(timezone.localdate()),
        "fonts": {
            "regular": _static_path(FONT_FILES["400"]).as_uri(),
            "bold": _static_path(FONT_FILES["700"]).as_uri(),
        },
        "echarts": _static_path(ECHARTS).as_uri(),
        "chart_script": _static_path(CHART_SCRIPT).as_uri(),
        "charts": chart_specs(layout) if draw_charts else [],
        "chart": {"width": CHART_WIDTH, "height": CHART_HEIGHT},
        "sizes": SIZES,
    }
    return render_to_string("reports/print.html", context)


# The page draws its charts once the font is in (print.html); printing waits for that.
READY = "window.tidtamReady || document.fonts.ready"
# Writes the table of contents' page numbers into the loaded page: {anchor: page as printed}.
SET_PAGES = """(function (pages) {
  document.querySelectorAll(".toc li").forEach(function (li) {
    var anchor = li.querySelector("a").getAttribute("href").slice(1);
    li.querySelector(".page").textContent = pages[anchor] || "";
  });
  return true;
})(%s)"""


# Where Chromium would break each text: Intl.Segmenter uses the ICU dictionary its line breaker uses.
WORD_BREAKS = """(function (texts) {
  var segmenter = new Intl.Segmenter("th", {granularity: "word"});
  return texts.map(function (text) {
    var out = [];
    for (var piece of segmenter.segment(text)) { out.push(piece.index); }
    return out;
  });
})(%s)"""


def thai_texts(layout: ReportLayout) -> list[str]:
    """The texts the page sets with `thai_breaks` (one missed here only keeps its full markup)."""
    texts: list[str] = []
    for item in layout.items:
        for block in item.blocks:
            text = getattr(block, "text", None)
            if isinstance(text, str):
                texts.append(text)
            texts += [line for line in getattr(block, "lines", None) or [] if isinstance(line, str)]
            for group in getattr(block, "groups", None) or []:
                texts += [
                    cell
                    for row in getattr(group, "rows", None) or []
                    for cell in row
                    if isinstance(cell, str)
                ]
    # Offsets are UTF-16 units in JavaScript: the same as Python's only within the BMP.
    return list(dict.fromkeys(t for t in texts if thai_breaks.is_thai(t) and max(map(ord, t)) < 0x10000))


def chromium_breaks(browser: Browser, texts: list[str]) -> dict[str, frozenset[int]]:
    """{text: offsets where Chromium would break it}; empty when the browser cannot tell."""
    for text in texts:  # segmented while Chromium starts; the page rendering reuses it
        thai_breaks.words(text)
    try:
        found = browser.evaluate(WORD_BREAKS % json.dumps(texts, ensure_ascii=False))
    except BrowserError:
        return {}
    if not isinstance(found, list) or len(found) != len(texts):
        return {}
    return {text: frozenset(offsets) for text, offsets in zip(texts, found, strict=True)}


def _browser(workdir: Path) -> Browser:
    binary = chromium_binary()
    if binary is None:
        raise PdfUnavailable("สร้าง PDF ไม่ได้: ไม่พบโปรแกรม Chromium บนเครื่องแม่ข่าย")
    try:
        return Browser(binary, profile=workdir / "profile")
    except (BrowserError, OSError) as exc:
        raise PdfUnavailable("สร้าง PDF ไม่สำเร็จ: เปิด Chromium ไม่ได้") from exc


def _print(browser: Browser, out: Path | None = None, *, tagged: bool = True) -> bytes:
    try:
        data = browser.print_pdf(tagged=tagged)
    except BrowserError as exc:
        raise PdfUnavailable("สร้าง PDF ไม่สำเร็จ: Chromium พิมพ์หน้าไม่สำเร็จ") from exc
    if out is not None:
        out.write_bytes(data)
    return data


def html_to_pdf(html: str, out: Path, *, workdir: Path) -> None:
    """Print one HTML page (one pass)."""
    page = workdir / "report.html"
    page.write_text(html, encoding="utf-8")
    with _browser(workdir) as browser:
        try:
            browser.open(page.as_uri(), ready=READY)
        except BrowserError as exc:
            raise PdfUnavailable("สร้าง PDF ไม่สำเร็จ: Chromium เปิดหน้ารายงานไม่สำเร็จ") from exc
        _print(browser, out)


def _compact(text: str) -> str:
    return "".join(text.split())


def item_pages(pdf: Path, layout: ReportLayout) -> dict[str, int] | None:
    """The page each item title is printed on, read back from the PDF's text; None without pdftotext."""
    binary = shutil.which("pdftotext")
    if binary is None:
        return None
    proc = subprocess.run([binary, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=False)  # noqa: S603
    if proc.returncode != 0:
        return None
    pages = [_compact(p) for p in proc.stdout.decode("utf-8", "replace").split("\f")]
    found: dict[str, int] = {}
    # Item pages come after the table of contents: start at the first form header.
    start = next((i for i, p in enumerate(pages) if _compact("แบบตรวจราชการและติดตาม") in p), 0)
    for item in layout.items:
        needle = _compact(item.title)[:40]
        for i in range(start, len(pages)):
            if needle in pages[i]:
                found[item.anchor] = i + 1
                start = i
                break
    return found


def write_pdf(
    report: RoundReport,
    target: str | Path | BinaryIO,
    *,
    options: LayoutOptions | None = None,
    toc_pages: bool = True,
) -> None:
    write_layout_pdf(report_layout(report, options), target, toc_pages=toc_pages)


def write_layout_pdf(layout: ReportLayout, target: str | Path | BinaryIO, *, toc_pages: bool = True) -> None:
    """Print any report layout (a province's round, a region, the nation) to PDF."""
    num = Numbers(layout.options.thai_digits)
    placeholder = num.digits(TOC_PLACEHOLDER) if toc_pages and layout.items else ""
    workdir = Path(tempfile.mkdtemp(prefix="tidtam-pdf-"))
    page = workdir / "report.html"
    try:
        browser = _browser(workdir)
    except PdfUnavailable:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    try:
        # Chromium starts while the Thai text is segmented; then it says where it would break it, and
        # draws the charts while the page is written.
        breaks = chromium_breaks(browser, thai_texts(layout))
        specs = chart_specs(layout)
        charts = pdf_charts.start(
            browser,
            specs,
            echarts=_static_path(ECHARTS),
            script=_static_path(CHART_SCRIPT),
            fonts={weight: _static_path(path) for weight, path in FONT_FILES.items()},
        )
        with thai_breaks.chromium_breaks(breaks):
            html = print_html(layout, placeholder=placeholder, draw_charts=charts is None)
            svgs = pdf_charts.finish(browser, charts, specs)
            drawn = pdf_charts.insert(html, svgs) if svgs is not None else None
            if charts is not None and drawn is None:
                drawn = print_html(layout, placeholder=placeholder)
        page.write_text(drawn or html, encoding="utf-8")
        try:
            browser.open(page.as_uri(), ready=READY)
        except BrowserError as exc:
            raise PdfUnavailable("สร้าง PDF ไม่สำเร็จ: Chromium เปิดหน้ารายงานไม่สำเร็จ") from exc
        data = _print(browser)
        if placeholder:
            data = _number_toc(browser, layout, data, placeholder, workdir)
    finally:
        # The file is ready: Chromium's shutdown and the removal of its profile need not be waited for.
        browser.close_in_background(then=lambda: shutil.rmtree(workdir, ignore_errors=True))
    if hasattr(target, "write"):
        target.write(data)
    else:
        Path(target).write_bytes(data)


def _number_toc(
    browser: Browser, layout: ReportLayout, data: bytes, placeholder: str, workdir: Path
) -> bytes:
    """The printed report with its table of contents' page numbers in place of the placeholders."""
    num = Numbers(layout.options.thai_digits)
    anchors = [item.anchor for item in layout.items]
    pages = pdf_toc.item_pages(data, anchors)
    if pages is None:
        (workdir / "measure.pdf").write_bytes(data)
        pages = item_pages(workdir / "measure.pdf", layout)
    printed = {anchor: num.digits(str(n)) for anchor, n in (pages or {}).items()}
    if pages and len(pages) == len(anchors):
        numbered = pdf_toc.write_numbers(
            data, [printed[a] for a in anchors], placeholder, before_page=min(pages.values())
        )
        if numbered is not None:
            return numbered
    # The numbers (blank where unknown) go into the loaded page, printed again: the layout is the same.
    browser.evaluate(SET_PAGES % json.dumps(printed, ensure_ascii=False))
    return _print(browser)


def pdf_available() -> bool:
    return chromium_binary() is not None
