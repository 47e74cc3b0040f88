"""The DOCX a user downloads: the official order of headings, the table values and computed totals,
and the Thai run properties without which Word sets Thai in the wrong font and size."""

import re
import zipfile

import pytest
from docx import Document

from .conftest import OFFICE

# The exports are made once per session against the test database (see conftest.py).
pytestmark = pytest.mark.django_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def body_lines(path) -> list[str]:
    """What a reader of the body sees, paragraph by paragraph (table rows joined by " | ")."""
    doc = Document(str(path))
    lines = []
    for block in doc.element.body.iterchildren():
        if block.tag == f"{W}p":
            text = "".join(t.text or "" for t in block.iter(f"{W}t"))
            if text:
                lines.append(text)
        elif block.tag == f"{W}tbl":
            for tr in block.iter(f"{W}tr"):
                cells = []
                for tc in tr.iter(f"{W}tc"):
                    paras = [
                        "".join(t.text or "" for t in p.iter(f"{W}t") if not _in_sdt(t, tc))
                        for p in tc.iter(f"{W}p")
                    ]
                    cells.append(" ".join(x for x in paras if x))
                lines.append(" | ".join(cells))
    return lines


def _in_sdt(node, stop) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == f"{W}sdt":
            return True
        parent = parent.getparent()
    return False


def styled(path, styles: tuple[str, ...]) -> list[str]:
    """Texts of the body paragraphs in the given styles, in order."""
    doc = Document(str(path))
    out = []
    for p in doc.element.body.iterchildren(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") in styles:
            out.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return out


def xml_part(path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def test_each_item_follows_the_official_order(exports):
    lines = body_lines(exports.docx)
    assert lines[0] == "แบบตรวจราชการและติดตามประเมินผลการจัดการศึกษาของกระทรวงศึกษาธิการ"
    assert lines[1] == "รอบที่ 2 ประจำปีงบประมาณ พ.ศ. 2567"
    assert lines[2] == OFFICE
    assert lines[3] == "นโยบายการตรวจ : การลดภาระครูและบุคลากรทางการศึกษา"
    headings = [text.split(" ", 1)[0] for text in styled(exports.docx, ("Heading1", "Heading2"))]
    expected = []
    for item in exports.data["items"]:
        n = item["number"]
        expected += [f"{n}.", f"{n}.1", f"{n}.2", f"{n}.3", f"{n}.4", f"{n}.5"]
    assert headings == expected
    assert "5. ยกเลิกครูเวร : ชีวิตและความปลอดภัยของครู สำคัญกว่าทรัพย์สิน (นโยบายเพิ่มเติม)" in lines
    assert lines.count("หมายเหตุ สรุปในภาพรวมของหน่วยงาน (ข้อมูล ณ วันที่ 15 กรกฎาคม 2567)") == 14


def test_results_table_has_the_values_and_a_computed_total(exports):
    lines = body_lines(exports.docx)
    start = lines.index("รายการ | ยื่นคำขอ DPA | ผ่านเกณฑ์ | ไม่ผ่านเกณฑ์ | รอผลจาก คกก. | รอเสนอ ตั้ง คกก.")
    assert lines[start + 1] == "สพป.สค. | 493 | 455 | 32 | 5 | 1"
    assert lines[start + 6] == "รวมจำนวน(ราย) | 543 | 496 | 37 | 10 | 5"
    # Item 3: the source printed 27; the report prints what the rows add up to.
    item3 = next(i for i, line in enumerate(lines) if line.startswith("รายการ | จำนวนครูและบุคลากร"))
    total = next(line for line in lines[item3:] if line.startswith("รวม"))
    assert total == "รวมจำนวน(ราย) | 5,558 | 32 * ยอดรวมในต้นฉบับ: 27"
    # Item 9: a weighted mean of the two scores, not their sum (194.02).
    item9 = next(i for i, line in enumerate(lines) if line.startswith("รายการ | จำนวนโรงเรียน คุณภาพ"))
    total = next(line for line in lines[item9:] if line.startswith("รวม"))
    assert total == "รวม | 6 | 97.01 * ยอดรวมในต้นฉบับ: 194.02 | 6,186,200 | 10,329,000"
    # Each column keeps its decimals: 105.10 beside 88.92, not 105.1.
    assert "สพม.สค. สส. | 3 | 105.10 | 4,469,800 | 7,999,900" in lines[item9:]


def test_units_show_under_the_column_heading(exports):
    document = xml_part(exports.docx, "word/document.xml")
    assert '<w:tag w:val="tidtam-unit"/>' in document
    assert "(ราย)" in document and "(บาท)" in document


def test_problems_are_a_three_column_table_grouped_by_agency(exports):
    lines = body_lines(exports.docx)
    header = "ปัญหา/อุปสรรค | แนวทางการแก้ไขปัญหา | ผลที่คาดว่าจะได้รับ"
    start = lines.index(header)
    assert lines[start + 1] == "หน่วยงาน สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสมุทรสาคร"
    assert lines[start + 2].count(" | ") == 2


def test_narratives_are_grouped_under_agency_headings_and_office_text_comes_first(exports):
    lines = body_lines(exports.docx)
    sub = lines.index(
        "1) การสร้างการรับรู้ ความเข้าใจเกี่ยวกับการพัฒนาระบบการประเมินวิทยฐานะครูและบุคลากรทางการศึกษา (ว PA)"
    )
    assert lines[sub + 1] == "หน่วยงาน สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสมุทรสาคร"
    # Item 14 was written by the provincial office itself: no "หน่วยงาน" heading before it.
    n14 = lines.index("14.1 ผลการดำเนินงานการขับเคลื่อนนโยบายฯ อาหารกลางวันโรงเรียนขยายโอกาส")
    after_table = next(i for i in range(n14, len(lines)) if lines[i].startswith("รวม"))
    assert lines[after_table + 1] == "การดำเนินการขับเคลื่อนนโยบายฯ อาหารกลางวันโรงเรียนขยายโอกาส"


def test_empty_sections_print_a_dash(exports):
    lines = body_lines(exports.docx)
    i = lines.index("14.4 ข้อเสนอแนะ")
    assert lines[i + 1] == "-"
    # An X.2 without rows prints "-" too, not a bare heading.
    i = lines.index("12.2 ปัญหาอุปสรรค แนวทางการแก้ไขปัญหา และผลที่คาดว่าจะได้รับ")
    assert lines[i + 1] == "-"


def test_styles_carry_the_thai_font_size_and_bold_for_complex_script(exports):
    styles = xml_part(exports.docx, "word/styles.xml")
    assert 'w:cs="Sarabun"' in styles and 'w:ascii="Sarabun"' in styles
    assert 'w:eastAsia="Sarabun"' in styles and 'w:hAnsi="Sarabun"' in styles
    # Sarabun 10.5 pt sets a line as TH Sarabun New 16 pt does.
    assert '<w:sz w:val="21"/><w:szCs w:val="21"/>' in styles
    assert "<w:b/><w:bCs/>" in styles
    assert 'w:bidi="th-TH"' in styles
    assert "thaiDistribute" in styles


def test_cover_and_table_of_contents_are_content_controls_with_a_toc_field(exports):
    document = xml_part(exports.docx, "word/document.xml")
    assert '<w:docPartGallery w:val="Cover Pages"/>' in document
    assert '<w:docPartGallery w:val="Table of Contents"/>' in document
    assert 'TOC \\o "1-1" \\h \\z \\u' in document
    toc = document[document.index("Table of Contents") : document.index("แบบตรวจราชการและติดตาม")]
    assert toc.count('<w:pStyle w:val="TOC1"/>') == 14  # filled before Word updates it
    # Each entry shows its page number (a PAGEREF field's result), so no field update is needed.
    assert toc.count("PAGEREF _TidtamItem") == 14
    assert "<w:updateFields" not in xml_part(exports.docx, "word/settings.xml")


def toc_entries(path) -> list[tuple[str, str]]:
    """(title, page number as printed) of each table of contents entry."""
    document = xml_part(path, "word/document.xml")
    toc = document[document.index("Table of Contents") : document.index("แบบตรวจราชการและติดตาม")]
    entries = []
    for para in toc.split('<w:pStyle w:val="TOC1"/>')[1:]:
        para = para[: para.index("</w:p>")]
        title, _, page = para.partition("PAGEREF")
        texts = lambda xml: "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))  # noqa: E731
        entries.append((texts(title), texts(page)))
    return entries


def test_table_of_contents_shows_page_numbers_in_order(exports):
    entries = toc_entries(exports.docx)
    pages = [int(page) for _, page in entries]
    assert len(pages) == 14
    assert entries[0][0].startswith("1. พัฒนาระบบการประเมินวิทยฐานะ")
    assert pages[0] == 3  # after the cover and the table of contents
    assert pages == sorted(pages) and len(set(pages)) == 14
    # With --thai-digits the page numbers are in Thai digits too.
    assert toc_entries(exports.docx_thai)[0][1] == "๓"


def test_footer_numbers_the_pages(exports):
    footer = xml_part(exports.docx, "word/footer1.xml")
    assert "PAGE" in footer
    assert "<w:titlePg/>" in xml_part(exports.docx, "word/document.xml")  # none on the cover


def test_each_results_table_has_a_native_chart_with_thai_labels(exports):
    with zipfile.ZipFile(exports.docx) as z:
        charts = [n for n in z.namelist() if re.match(r"word/charts/chart\d+\.xml$", n)]
        chart = z.read("word/charts/chart1.xml").decode("utf-8")
        embedded = [n for n in z.namelist() if n.startswith("word/embeddings/")]
    # 8 tables, one chart per unit: item 9 mixes schools, a score and baht (3 charts), item 14 schools
    # and pupils (2 charts).
    assert len(charts) == 11
    assert len(embedded) == len(charts)
    assert "<c:v>สพป.สค.</c:v>" in chart and "<c:v>ยื่นคำขอ DPA</c:v>" in chart
    assert 'typeface="Sarabun"' in chart


@pytest.mark.parametrize("text", ["รอบที่ ๒ ประจำปีงบประมาณ พ.ศ. ๒๕๖๗", "สพป.สค. | ๔๙๓ | ๔๕๕ | ๓๒ | ๕ | ๑"])
def test_thai_digits_option(exports, text):
    assert text in body_lines(exports.docx_thai)


def test_thai_digits_apply_to_numbering_not_to_what_people_wrote(exports):
    lines = body_lines(exports.docx_thai)
    assert "๑.๒ ปัญหาอุปสรรค แนวทางการแก้ไขปัญหา และผลที่คาดว่าจะได้รับ" in lines
    assert any("ว 9/2564" in line for line in lines)  # typed with Arabic digits, printed as typed
