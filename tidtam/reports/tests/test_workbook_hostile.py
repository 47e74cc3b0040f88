"""Hostile uploads in place of the fill-in workbook: refused with a Thai message, in well under a
second and well under 100 MB, before openpyxl reads a row."""

import os
import subprocess
import sys
import time
import tracemalloc
from types import SimpleNamespace

import pytest

from tidtam.common.tests import hostile_files
from tidtam.reports.workbook import WorkbookRejected, read_upload
from tidtam.testing import ROOT

ROUND = SimpleNamespace(key="TH-74/2568/1")
AGENCY = SimpleNamespace(code="TH-74-spp", name="สพป.สค.")


def refusal(data: bytes) -> tuple[str, float, int]:
    """The Thai message, the seconds and the peak bytes Python allocated while refusing."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(WorkbookRejected) as caught:
            read_upload(data=data, round_=ROUND, agency=AGENCY, submissions=[])
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return str(caught.value), seconds, peak


@pytest.fixture(scope="module")
def million_rows() -> bytes:
    return hostile_files.million_rows()


def test_a_million_row_sheet_is_refused_while_streaming(million_rows):
    assert len(million_rows) < 5 * 1024 * 1024  # passes the upload size check: the rows are what matter
    message, seconds, peak = refusal(million_rows)
    assert "เกินกว่า" in message and "กรุณาอัปโหลดไฟล์ .xlsx" in message
    assert seconds < 1.0
    assert peak < 100 * 1024 * 1024


def test_rows_past_the_bound_are_refused_while_streaming_the_sheet():
    data = hostile_files.million_rows(300_000)  # small enough, uncompressed, to pass the package check
    message, seconds, peak = refusal(data)
    assert "แผ่นงานมีขนาดใหญ่เกินกว่าแบบกรอกข้อมูลปกติ" in message
    assert seconds < 1.0
    assert peak < 100 * 1024 * 1024


def test_a_zip_that_understates_its_sizes_is_refused_while_reading(million_rows):
    lying = hostile_files.understated(million_rows)
    message, seconds, peak = refusal(lying)
    assert "กรุณาอัปโหลดไฟล์ .xlsx" in message
    assert seconds < 1.0
    assert peak < 100 * 1024 * 1024


def test_ten_million_cells_are_refused_from_the_zip_directory():
    data = hostile_files.ten_million_cells()
    message, seconds, peak = refusal(data)
    assert "มากเกินกว่าที่ระบบรับได้" in message
    assert seconds < 1.0
    assert peak < 100 * 1024 * 1024


def test_a_dimension_claiming_a_million_rows_is_refused_before_openpyxl_pads_to_it():
    message, seconds, peak = refusal(hostile_files.claims_a_million_rows())
    assert "แผ่นงาน" in message and "ใหญ่เกิน" in message
    assert seconds < 1.0
    assert peak < 100 * 1024 * 1024


@pytest.mark.parametrize(
    "data",
    [
        hostile_files.with_dtd(hostile_files.BILLION_LAUGHS),
        hostile_files.with_dtd(hostile_files.EXTERNAL_ENTITY),
        hostile_files.utf16_dtd(),
    ],
    ids=["billion-laughs", "external-entity", "utf16"],
)
def test_entity_tricks_get_the_thai_refusal(data):
    message, seconds, _peak = refusal(data)
    assert "DTD/entity" in message and "กรุณาอัปโหลดไฟล์ .xlsx ที่ดาวน์โหลดจากระบบ" in message
    assert seconds < 1.0


@pytest.mark.parametrize(
    "data", [b"", b"not a zip", b"PK\x03\x04" + b"\x00" * 40], ids=["empty", "text", "torn"]
)
def test_what_is_not_a_workbook_is_refused_in_thai(data):
    message, _seconds, _peak = refusal(data)
    assert "ไม่ใช่ไฟล์ Office" in message or "เสียหาย" in message


RSS_PROBE = """
import resource, sys, time, django
django.setup()
from types import SimpleNamespace
from tidtam.reports.workbook import WorkbookRejected, read_upload
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    read_upload(data=data, round_=SimpleNamespace(key="x"), agency=SimpleNamespace(code="x", name="x"), submissions=[])
except WorkbookRejected:
    pass
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


@pytest.mark.parametrize("rows", [1_000_000, 300_000])
def test_the_process_itself_stays_small_while_refusing(tmp_path, rows):
    """Resident memory, not only Python's allocations: the refusal measured in a fresh process."""
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(hostile_files.million_rows(rows))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(  # noqa: S603 - the running interpreter, a fixed script
        [sys.executable, "-c", RSS_PROBE, str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seconds, grown_kb = result.stdout.split()
    assert float(seconds) < 1.0
    assert int(grown_kb) < 100 * 1024  # ru_maxrss is in KB on Linux
