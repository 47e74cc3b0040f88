"""Hostile or broken PDFs are refused fast, with a Thai message, before any real work."""

import time

import pytest

from tidtam.ingest.services import ImportFailed, report_import

pytestmark = pytest.mark.django_db


def _pdf(path, pages: int, **save) -> None:
    import pymupdf

    doc = pymupdf.open()
    for _ in range(pages):
        doc.new_page().insert_text((72, 72), "hello")
    doc.save(str(path), **save)


def test_a_file_that_is_not_a_pdf_is_refused(loaded, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"PK\x03\x04 not a pdf")
    with pytest.raises(ImportFailed, match="ไม่ใช่ PDF"):
        report_import(path=path)


def test_a_damaged_pdf_is_refused(loaded, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    with pytest.raises(ImportFailed) as exc:
        report_import(path=path)
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in str(exc.value))


def test_too_many_pages_is_refused_before_reading(loaded, tmp_path, settings):
    settings.TIDTAM_PDF_MAX_PAGES = 3
    path = tmp_path / "long.pdf"
    _pdf(path, 5)
    started = time.monotonic()
    with pytest.raises(ImportFailed, match="5 หน้า เกินที่รับได้"):
        report_import(path=path)
    assert time.monotonic() - started < 2


def test_a_password_protected_pdf_is_refused(loaded, tmp_path):
    import pymupdf

    path = tmp_path / "locked.pdf"
    _pdf(path, 1, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y")
    with pytest.raises(ImportFailed, match="รหัสผ่าน"):
        report_import(path=path)


def test_a_scan_with_too_many_pages_for_ocr_is_refused(loaded, tmp_path, settings):
    import pymupdf

    settings.TIDTAM_PDF_OCR_MAX_PAGES = 1
    path = tmp_path / "scan.pdf"
    doc = pymupdf.open()
    for _ in range(2):
        doc.new_page().draw_rect(pymupdf.Rect(10, 10, 100, 100))  # no text: a scan
    doc.save(str(path))
    with pytest.raises(ImportFailed, match="OCR"):
        report_import(path=path)
