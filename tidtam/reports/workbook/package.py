"""Opening an uploaded workbook: refused in well under a second when it is not a fill-in workbook.

The zip and every XML part are checked first (size, ratio, no DTD: common/ooxml), then the workbook
is opened once, read-only, with computed values; each sheet is streamed through `sheet_scan` (its
dimension, rows and cells bounded) before openpyxl reads a row of it. The bounds are generous for
the fill-in workbook (one sheet per item, a few dozen rows) and small for what an attacker needs.
"""

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from openpyxl import load_workbook

from tidtam.common.ooxml import (
    PackageLimits,
    SheetLimits,
    SheetScan,
    UnsafeDocument,
    element_count_check,
    package_check,
    sheet_scan,
)

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
PACKAGE_LIMITS = PackageLimits(max_total=16 * 1024 * 1024, max_members=400, max_ratio=100)
SHEET_LIMITS = SheetLimits(max_rows=3000, max_cols=26, max_cells=30_000)
MAX_SHEETS = 150
MAX_CELLS_TOTAL = 200_000
MAX_SHARED_STRINGS = 100_000
SHARED_STRINGS_TYPE = "sharedStrings+xml"
READ_AGAIN = "กรุณาอัปโหลดไฟล์ .xlsx ที่ดาวน์โหลดจากระบบ"


class WorkbookRejected(Exception):
    """The file as a whole cannot be read as this agency's workbook (message in Thai)."""


@dataclass
class Sheet:
    title: str
    rows: list[tuple[Any, ...]]  # values of columns A–F, row 1 first
    formulas_without_value: set[tuple[int, int]]


def _shared_string_parts(data: bytes) -> list[str]:
    """The parts [Content_Types].xml names as shared strings (openpyxl finds them the same way)."""
    import zipfile

    found: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition("}")[2] == "Override" and attrs.get("ContentType", "").endswith(
            SHARED_STRINGS_TYPE
        ):
            found.append(attrs.get("PartName", "").lstrip("/"))

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if "[Content_Types].xml" not in zf.NameToInfo:
            return []
        parser = expat.ParserCreate(namespace_separator="}")
        parser.StartElementHandler = start
        parser.Parse(zf.read("[Content_Types].xml"), True)  # DTD-free and bounded: package_check ran
    return found


def _check_package(data: bytes) -> None:
    if len(data) > MAX_UPLOAD_BYTES:
        raise WorkbookRejected("ไฟล์ใหญ่เกิน 5 MB")
    try:
        package_check(data, limits=PACKAGE_LIMITS)
        for part in _shared_string_parts(data):
            element_count_check(
                data, part, name="si", limit=MAX_SHARED_STRINGS, max_bytes=PACKAGE_LIMITS.max_total
            )
    except UnsafeDocument as exc:
        raise WorkbookRejected(f"{exc} {READ_AGAIN}") from exc


@contextmanager
def opened_workbook(data: bytes) -> Iterator[Any]:
    """The workbook, checked and opened once (read-only, computed values); closed afterwards."""
    _check_package(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged package fails in many ways inside openpyxl
        log.info("workbook upload unreadable: %r", exc)
        raise WorkbookRejected(f"อ่านไฟล์ไม่ได้ {READ_AGAIN}") from exc
    if len(wb.sheetnames) > MAX_SHEETS:
        wb.close()
        raise WorkbookRejected(f"ไฟล์มีแผ่นงานมากเกินกว่าแบบกรอกข้อมูลปกติ {READ_AGAIN}")
    try:
        yield wb
    finally:
        wb.close()


class SheetReader:
    """Reads sheets of an opened workbook one at a time, each bounded before it is read."""

    def __init__(self, wb: Any, data: bytes) -> None:
        self.wb = wb
        self.data = data
        self.cells = 0

    def read(self, ws: Any, *, width: int) -> Sheet:
        path = getattr(ws, "_worksheet_path", "")
        try:
            scan: SheetScan = sheet_scan(
                self.data, path, limits=SHEET_LIMITS, max_bytes=PACKAGE_LIMITS.max_total
            )
            self.cells += scan.cells
            if self.cells > MAX_CELLS_TOTAL:
                raise UnsafeDocument("ไฟล์มีข้อมูลมากเกินกว่าแบบกรอกข้อมูลปกติ")
        except UnsafeDocument as exc:
            raise WorkbookRejected(f"แผ่นงาน «{ws.title}»: {exc} {READ_AGAIN}") from exc
        try:
            rows = list(ws.iter_rows(min_row=1, max_col=width, values_only=True))
        except Exception as exc:  # a damaged sheet (bad shared-string index, bad number, ...)
            log.info("workbook sheet unreadable: %r", exc)
            raise WorkbookRejected(f"แผ่นงาน «{ws.title}» อ่านไม่ได้ {READ_AGAIN}") from exc
        return Sheet(ws.title, rows, scan.formulas_without_value)
