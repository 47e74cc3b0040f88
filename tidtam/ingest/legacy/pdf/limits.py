"""Bounds on the work one PDF may cost, so a hostile or huge file is refused fast with a Thai message."""

import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

MAX_BYTES = 80 * 1024 * 1024
MAX_PAGES = 400
SECONDS_PER_PAGE = 20.0
MAX_PIXELS = 40_000_000  # one rendered page (OCR)
OCR_MAX_PAGES = 120


class PdfRefused(Exception):
    """The PDF cannot be read within the limits; the message is for the user (Thai)."""


def limit(name: str, default: float) -> float:
    return float(getattr(settings, f"TIDTAM_PDF_{name}", default))


def check_file(path: Path) -> None:
    head = path.open("rb").read(1024)
    if b"%PDF-" not in head:
        raise PdfRefused("ไฟล์นี้ไม่ใช่ PDF (ไม่พบส่วนหัว %PDF-)")
    size = path.stat().st_size
    if size > limit("MAX_BYTES", MAX_BYTES):
        raise PdfRefused(f"ไฟล์ PDF ใหญ่เกินกำหนด ({size // (1024 * 1024)} MB)")


def deadline(pages: int) -> Callable[[], None]:
    """A check to call before each page: refuses too many pages, or a file that takes too long."""
    if pages > limit("MAX_PAGES", MAX_PAGES):
        raise PdfRefused(f"PDF มี {pages} หน้า เกินที่รับได้ ({int(limit('MAX_PAGES', MAX_PAGES))} หน้า)")
    if pages == 0:
        raise PdfRefused("PDF ไม่มีหน้าใดเลย")
    budget = limit("SECONDS_PER_PAGE", SECONDS_PER_PAGE)
    started = time.monotonic()
    done = [0]

    def check() -> None:
        if time.monotonic() - started > budget * (done[0] + 1):
            raise PdfRefused("อ่าน PDF นานเกินกำหนด ไฟล์อาจเสียหายหรือซับซ้อนผิดปกติ")
        done[0] += 1

    return check
