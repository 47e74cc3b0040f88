"""The PDF: a text layer that gives Thai back exactly (search and copy work), and pages that render."""

import shutil
import subprocess

import pytest

from .conftest import OFFICE, needs_chromium, needs_poppler

pytestmark = [pytest.mark.django_db, pytest.mark.pdf, needs_chromium, needs_poppler]


def poppler(tool: str, *args: str) -> bytes:
    return subprocess.run([shutil.which(tool), *args], capture_output=True, check=True).stdout  # noqa: S603


def pdf_text(path, *args: str) -> str:
    return poppler("pdftotext", "-enc", "UTF-8", *args, str(path), "-").decode("utf-8")


def compact(text: str) -> str:
    return "".join(text.split())


def test_text_layer_keeps_sara_am_and_every_item_title(exports):
    text = pdf_text(exports.pdf)
    assert OFFICE in text  # "สำนักงาน", not "สานักงาน"
    assert "สานักงาน" not in text
    flat = compact(text)
    for number, title in exports.item_titles.items():
        assert compact(f"{number}. {title}") in flat, number


def test_table_of_contents_has_page_numbers(exports):
    toc = pdf_text(exports.pdf, "-f", "2", "-l", "2")
    assert "สารบัญ" in toc
    first_item_page = pdf_text(exports.pdf, "-f", "3", "-l", "3")
    assert "1. พัฒนาระบบการประเมินวิทยฐานะครู" in first_item_page
    assert "\n3\n" in toc  # item 1 starts on page 3


def test_a_rendered_page_is_not_blank(exports, tmp_path):
    poppler("pdftoppm", "-r", "40", "-png", "-f", "3", "-l", "3", str(exports.pdf), str(tmp_path / "p"))
    assert next(tmp_path.glob("p*.png")).stat().st_size > 1000
    # The same page as 8-bit grey pixels (PGM): dark text on white, not an empty page.
    pgm = poppler("pdftoppm", "-r", "40", "-gray", "-f", "3", "-l", "3", str(exports.pdf))
    magic, size, depth, pixels = pgm.split(b"\n", 3)
    assert magic == b"P5" and depth == b"255"
    width, height = (int(x) for x in size.split())
    assert len(pixels) == width * height
    assert min(pixels) < 100 and max(pixels) == 255
    assert sum(1 for p in pixels if p < 128) > 500


def test_pages_are_a4_and_numbered(exports):
    info = poppler("pdfinfo", str(exports.pdf)).decode()
    assert "(A4)" in info
    page3 = pdf_text(exports.pdf, "-f", "3", "-l", "3").strip()
    assert page3.endswith("3")
