"""The DOCX on a computer other than the author's: fonts embedded, pages as in the PDF, a table of
contents with the right page numbers, and document properties of our own (no template leftovers)."""

import re
import shutil
import subprocess
import zipfile

import pytest
from django.contrib.staticfiles import finders

from tidtam.reports.exporters.docx_package import obfuscate_font

from .test_docx import toc_entries, xml_part

# The exports are made once per session against the test database (see conftest.py).
pytestmark = pytest.mark.django_db

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
    reason="ต้องมี LibreOffice (libreoffice-writer-nogui) และ poppler-utils เพื่อนับหน้าเอกสาร Word",
)


def test_document_properties_are_ours_without_template_leftovers(exports):
    core = xml_part(exports.docx, "docProps/core.xml")
    app = xml_part(exports.docx, "docProps/app.xml")
    assert "<dc:creator>Tidtam</dc:creator>" in core
    assert "<dc:title>รายงานผลการตรวจราชการ" in core and "รอบที่ 2 ประจำปีงบประมาณ พ.ศ. 2567</dc:title>" in core
    assert "python-docx" not in core
    assert "<Application>Tidtam</Application>" in app
    assert "Macintosh" not in app and "Normal.dotm" not in app
    with zipfile.ZipFile(exports.docx) as z:
        names = z.namelist()
        rels = z.read("word/_rels/document.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
    assert not [
        n for n in names if n.startswith("customXml/") or "thumbnail" in n or "stylesWithEffects" in n
    ]
    assert "stylesWithEffects" not in rels and "customXml" not in rels
    assert "stylesWithEffects" not in types and "customXml" not in types
    # Every relationship points at a part that exists.
    assert "thumbnail" not in xml_part(exports.docx, "_rels/.rels")


def test_sarabun_is_embedded_obfuscated_as_ecma_376_describes(exports):
    fonts = xml_part(exports.docx, "word/fontTable.xml")
    assert '<w:font w:name="Sarabun">' in fonts
    assert "<w:embedTrueTypeFonts/>" in xml_part(exports.docx, "word/settings.xml")
    embeds = dict(re.findall(r'<w:embed(Regular|Bold) r:id="[^"]+" w:fontKey="(\{[0-9A-F-]+\})"/>', fonts))
    assert set(embeds) == {"Regular", "Bold"}
    rels = xml_part(exports.docx, "word/_rels/fontTable.xml.rels")
    with zipfile.ZipFile(exports.docx) as z:
        regular = z.read("word/fonts/font1.odttf")
        types = z.read("[Content_Types].xml").decode()
    assert (
        'Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"'
        in types
    )
    assert 'Target="fonts/font1.odttf"' in rels
    vendored = open(finders.find("fonts/sarabun/Sarabun_400Regular.ttf"), "rb").read()  # noqa: SIM115
    assert regular != vendored  # obfuscated…
    assert obfuscate_font(regular, embeds["Regular"]) == vendored  # …and XOR undoes it with the key


def _run(*cmd: str) -> str:
    # Only poppler and LibreOffice binaries, by their full path, with our own arguments.
    binary = shutil.which(cmd[0]) or cmd[0]
    proc = subprocess.run([binary, *cmd[1:]], capture_output=True, timeout=180, check=True)  # noqa: S603
    return proc.stdout.decode("utf-8", "replace")


def _pdf_pages(path) -> int:
    out = _run("pdfinfo", str(path))
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


@pytest.fixture(scope="module")
def libreoffice_pdf(exports, tmp_path_factory):
    out = tmp_path_factory.mktemp("lo")
    profile = (out / "profile").as_uri()
    _run(
        "soffice",
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        str(exports.docx),
    )
    return out / "report.pdf"


@needs_soffice
def test_docx_keeps_the_page_count_of_the_pdf_without_thai_fonts_installed(exports, libreoffice_pdf):
    # The PDF of the same layout has 67 pages; naming TH Sarabun New gave 131 where it is not installed.
    pdf_pages = _pdf_pages(exports.pdf) if exports.pdf else 67
    assert _pdf_pages(libreoffice_pdf) <= pdf_pages * 1.1
    assert "Sarabun-Regular" in _run("pdffonts", str(libreoffice_pdf))  # from the document itself


@needs_soffice
def test_table_of_contents_page_numbers_match_where_the_items_are_printed(exports, libreoffice_pdf):
    text = _run("pdftotext", "-enc", "UTF-8", str(libreoffice_pdf), "-")
    pages = ["".join(p.split()) for p in text.split("\f")]
    form_header = "แบบตรวจราชการและติดตามประเมินผล"
    starts = [i + 1 for i, p in enumerate(pages) if p.startswith(form_header)]
    printed = [int(page) for _, page in toc_entries(exports.docx)]
    assert len(starts) == len(printed) == 14
    # Computed without a word processor: each within a page of where LibreOffice prints the item.
    assert all(abs(a - b) <= 1 for a, b in zip(printed, starts, strict=True)), (printed, starts)
