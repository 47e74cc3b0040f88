"""The PDF as a Thai reader sees it: lines break between words, body text is justified, the seed round
prints in one browser session, and --thai-digits reaches the chart axes and the page numbers."""

import re
from zipfile import ZipFile

import pytest

from tidtam.reports.exporters.thai_breaks import chromium_breaks, thai_html, words

from .conftest import needs_chromium, needs_poppler
from .test_pdf import compact, poppler

pytestmark = [pytest.mark.django_db]
THAI = re.compile(r"[\u0E01-\u0E5B]")


def test_words_keep_unknown_pieces_glued_to_their_neighbours():
    # newmm reads "ทุกรอบ" as "ทุ" + "กรอบ": an uncertain split is never offered as a line break.
    assert "ทุกรอบ" in "|".join(words("ทุกรอบการกรอกข้อมูล"))
    html = thai_html("การกรอกข้อมูลทุกรอบ")
    assert "การก<wbr>" not in html and "<wbr>" in html
    assert thai_html("<b>") == "&lt;b&gt;"


def test_markup_only_where_chromium_would_break_otherwise():
    text = "การกรอกข้อมูลทุกรอบ"
    assert words(text) == ["การกรอก", "ข้อมูลทุกรอบ"]
    # Chromium breaks "การ|กรอก" (inside a word: that word keeps its span) and after "การกรอก" (no <wbr>
    # needed), never inside "ข้อมูลทุกรอบ" (no span needed).
    with chromium_breaks({text: frozenset({0, 3, 7, 19})}):
        assert thai_html(text) == '<span class="w">การกรอก</span>ข้อมูลทุกรอบ'
    # Chromium would not break between the two words: the <wbr> offers it.
    with chromium_breaks({text: frozenset({0, 19})}):
        assert thai_html(text) == "การกรอก<wbr>ข้อมูลทุกรอบ"
    # A text Chromium was not asked about keeps the full markup.
    with chromium_breaks({}):
        assert thai_html(text) == '<span class="w">การกรอก</span><wbr><span class="w">ข้อมูลทุกรอบ</span>'


def page_lines(pdf, page: int) -> list[tuple[str, float]]:
    """(text, right edge) of each line of a page, in reading order."""
    xml = poppler("pdftotext", "-bbox-layout", "-f", str(page), "-l", str(page), str(pdf), "-").decode()
    lines = []
    for attrs, body in re.findall(r"<line ([^>]*)>(.*?)</line>", xml, re.S):
        right = float(re.search(r'xMax="([\d.]+)"', attrs).group(1))
        lines.append((" ".join(re.findall(r"<word[^>]*>([^<]*)</word>", body)), right))
    return lines


def paragraph_breaks(exports, texts: list[str]):
    """(page, text before, text after, right edge of the line) for each line that a paragraph of the
    report continues on the next line, with the word boundaries of that paragraph."""
    paragraphs = []
    for text in texts:
        flat, bounds, at = compact(text), set(), 0
        for word in words(text):
            at += len(compact(word))
            bounds.add(at)
        paragraphs.append((flat, bounds))
    for page in range(3, 9):
        lines = page_lines(exports.pdf, page)
        for (first, right), (second, _r) in zip(lines, lines[1:], strict=False):
            tail, head = compact(first)[-20:], compact(second)[:20]
            for flat, bounds in paragraphs:
                if tail + head in flat and flat.count(tail + head) == 1:
                    yield page, tail, head, right, flat.index(tail + head) + len(tail) in bounds
                    break


@needs_chromium
@needs_poppler
def test_no_line_ends_inside_a_word(exports):
    breaks = list(paragraph_breaks(exports, exports.texts))
    thai = [b for b in breaks if THAI.match(b[1][-1]) and THAI.match(b[2][0])]
    assert len(thai) > 20
    inside = [f"หน้า {page}: …{tail}|{head}…" for page, tail, head, _right, ok in thai if not ok]
    assert inside == []


@needs_chromium
@needs_poppler
def test_body_text_is_justified(exports):
    # Every line that its paragraph continues reaches the right margin (as Word's Thai justification).
    rights = [
        right
        for _page, tail, head, right, _ok in paragraph_breaks(exports, exports.body_texts)
        if len(tail) >= 8 and len(head) >= 8 and THAI.search(tail + head)
    ]
    margin = max(rights)
    # Lines of the text column (a table cell repeating a paragraph's words ends far from the margin).
    rights = [r for r in rights if margin - r < 60]
    assert len(rights) > 20
    # Ragged, a Thai line ends anywhere within a word's width of the margin; justified, on it.
    assert sum(1 for r in rights if margin - r < 1) / len(rights) > 0.85


def test_thai_digits_reach_the_chart_axes_and_the_page_numbers(exports):
    assert exports.chart_specs_thai and all(spec["thaiDigits"] for spec in exports.chart_specs_thai)
    assert "counter(page, thai)" in exports.print_html_thai
    assert "print_charts.js" in exports.print_html_thai  # the chart script is a static file (CSP)
    from django.contrib.staticfiles import finders

    script = open(finders.find("reports/print_charts.js"), encoding="utf-8").read()
    assert "spec.thaiDigits" in script and "thaiDigits(v.toLocaleString" in script
    with ZipFile(exports.docx_thai) as z:
        chart = z.read("word/charts/chart1.xml").decode()
        document = z.read("word/document.xml").decode()
        footer = z.read("word/footer1.xml").decode()
    assert 'formatCode="[$-D07041E]#,##0.##"' in chart
    assert 'w:fmt="thaiNumbers"' in document and "PAGE" in footer
