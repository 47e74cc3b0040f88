"""The table of contents' page numbers: one Chromium, one print, the numbers written into the PDF."""

import re

import pytest

from tidtam.reports.exporters import pdf_charts, pdf_toc

from .conftest import needs_chromium, needs_poppler
from .test_pdf import compact, pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.pdf, needs_chromium, needs_poppler]


def test_the_export_starts_chromium_once_and_prints_once(exports):
    assert exports.browser_calls == ["start", "print"]


def test_every_table_of_contents_number_is_the_page_of_its_item(exports):
    data = exports.pdf.read_bytes()
    anchors = [f"item-{n}" for n in exports.item_titles]
    pages = pdf_toc.item_pages(data, anchors)
    assert pages and pages["item-1"] == 3 and len(set(pages.values())) == len(anchors)
    for number, title in exports.item_titles.items():
        # The title is printed on the page its named destination points to.
        page = pages[f"item-{number}"]
        assert compact(f"{number}. {title}")[:30] in compact(
            pdf_text(exports.pdf, "-f", str(page), "-l", str(page))
        )
    toc = pdf_text(exports.pdf, "-f", "2", "-l", "2")
    numbers = [line.strip() for line in toc.split("\n") if re.fullmatch(r"\d+", line.strip())]
    # In order, then the page's own number in the footer; no placeholder "00" left.
    assert numbers == [str(pages[a]) for a in anchors] + ["2"]


def test_a_printed_file_without_placeholders_is_left_for_a_second_print(exports):
    data = exports.pdf.read_bytes()
    assert pdf_toc.write_numbers(data, ["3"], "00", before_page=3) is None
    assert pdf_toc.write_numbers(b"not a pdf", ["3"], "00", before_page=3) is None
    assert pdf_toc.item_pages(b"not a pdf", ["item-1"]) is None


def test_the_charts_are_in_the_pdf(exports):
    # Drawn in the browser's first tab while the page is written (pdf_charts.py), or by the page; their
    # labels are text in the PDF.
    assert "หน่วย: ราย" in pdf_text(exports.pdf, "-f", "3", "-l", "8")


def test_chart_svg_goes_into_its_box_or_the_page_draws_it():
    html = '<div class="chart-box" id="chart-1-1"></div>'
    assert pdf_charts.insert(html, {"chart-1-1": "<svg></svg>"}) == (
        '<div class="chart-box" id="chart-1-1"><svg></svg></div>'
    )
    assert pdf_charts.insert(html, {"chart-2-1": "<svg></svg>"}) is None
