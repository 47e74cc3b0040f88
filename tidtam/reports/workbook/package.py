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

from openpyxl import load_workbook

from tidtam.common.ooxml import PackageLimits, SheetLimits, SheetScan, UnsafeDocument, package_check

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
PACKAGE_LIMITS = PackageLimits(max_total=16 * 1024 * 1024, max_members=400, max_ratio=100)
SHEET_LIMITS = SheetLimits(max_rows=3000, max_cols=26, max_cells=30_000)
MAX_SHEETS = 150
MAX_CELLS_TOTAL = 200_000
MAX_ELEMENTS = 400_000  # every XML element of every part; a large fill-in workbook has ~50,000
READ_AGAIN = "กรุณาอัปโหลดไฟล์ .xlsx ที่ดาวน์โหลดจากระบบ"


class WorkbookRejected(Exception):
    """The file as a whole cannot be read as this agency's workbook (message in Thai)."""


@dataclass
class Sheet:
    title: str
    rows: list[tuple[Any, ...]]  # values of columns A–F, row 1 first
    formulas_without_value: set[tuple[int, int]]


def _check_package(data: bytes) -> dict[str, SheetScan]:
    if len(data) > MAX_UPLOAD_BYTES:
        raise WorkbookRejected("ไฟล์ใหญ่เกิน 5 MB")
    try:
        scans = package_check(data, limits=PACKAGE_LIMITS, sheets=SHEET_LIMITS, max_elements=MAX_ELEMENTS)
    except UnsafeDocument as exc:
        raise WorkbookRejected(f"{exc} {READ_AGAIN}") from exc
    if sum(scan.cells for scan in scans.values()) > MAX_CELLS_TOTAL:
        raise WorkbookRejected(f"ไฟล์มีข้อมูลมากเกินกว่าแบบกรอกข้อมูลปกติ {READ_AGAIN}")
    return scans


@contextmanager
def opened_workbook(data: bytes) -> Iterator["SheetReader"]:
    """The workbook, checked, then opened once (read-only, computed values); closed afterwards."""
    scans = _check_package(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged package fails in many ways inside openpyxl
        log.info("workbook upload unreadable: %r", exc)
        raise WorkbookRejected(f"อ่านไฟล์ไม่ได้ {READ_AGAIN}") from exc
    if len(wb.sheetnames) > MAX_SHEETS:
        wb.close()
        raise WorkbookRejected(f"ไฟล์มีแผ่นงานมากเกินกว่าแบบกรอกข้อมูลปกติ {READ_AGAIN}")
    try:
        yield SheetReader(wb, scans)
    finally:
        wb.close()


class SheetReader:
    """An opened workbook whose every part is already bounded; sheets read one at a time."""

    def __init__(self, wb: Any, scans: dict[str, SheetScan]) -> None:
        self.wb = wb
        self.scans = scans

    @property
    def sheetnames(self) -> list[str]:
        return list(self.wb.sheetnames)

    def worksheets(self) -> list[Any]:
        return list(self.wb.worksheets)

    def read(self, ws: Any, *, width: int) -> Sheet:
        scan = self.scans.get(str(getattr(ws, "_worksheet_path", "")).lstrip("/"))
        if scan is None:  # openpyxl found a sheet outside the scanned parts: nothing of ours
            raise WorkbookRejected(f"แผ่นงาน «{ws.title}» อ่านไม่ได้ {READ_AGAIN}")
        try:
            rows = list(ws.iter_rows(min_row=1, max_col=width, values_only=True))
        except Exception as exc:  # a damaged sheet (bad shared-string index, bad number, ...)
            log.info("workbook sheet unreadable: %r", exc)
            raise WorkbookRejected(f"แผ่นงาน «{ws.title}» อ่านไม่ได้ {READ_AGAIN}") from exc
        return Sheet(ws.title, rows, scan.formulas_without_value)
