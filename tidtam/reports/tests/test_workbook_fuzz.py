"""Fill-in workbook fuzz: a downloaded workbook, mutated (cells retyped with odd values, keys and rows
changed, sheets duplicated, the hidden sheet edited, XML and bytes damaged), is either refused with
the Thai `WorkbookRejected`, or read into a preview whose cell errors are Thai; a clean preview then
saves, or is refused as a whole (ValidationError, conflict) with nothing saved."""

import datetime as dt
import io
import os
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from tidtam.reports.selectors import workbook_submissions
from tidtam.reports.services import entry_workbook_apply
from tidtam.reports.workbook import (
    WorkbookRejected,
    arguments_from_json,
    arguments_to_json,
    entry_workbook_bytes,
    read_upload,
)
from tidtam.submissions.content import content_of
from tidtam.submissions.services import SubmissionConflict, submission_update

from .test_workbook import item1, open_round  # noqa: F401 - the fixture

EXPLORE = int(os.environ.get("TIDTAM_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXPLORE or 30,
    deadline=None,
    derandomize=not EXPLORE,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
idx = st.integers(0, 10_000)
PLAIN_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
ODD = st.one_of(
    PLAIN_TEXT,
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["๑,๒๐๐", "1,2,3", "=1/0", "=SUM(A1:A3)", "+66", "-5", "@x", "1e400", "", " ", True]),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
)
SHEET_OPS = st.one_of(
    st.tuples(st.just("cell"), idx, st.sampled_from([4, 5, 6]), ODD),
    st.tuples(
        st.just("key"), idx, st.sampled_from(["", "value:nope", "narrative:99", "problem", "item:1", "x"])
    ),
    st.tuples(st.just("delete_row"), idx),
    st.tuples(st.just("duplicate_sheet"), idx),
    st.tuples(st.just("meta"), idx, ODD),
)
BYTE_OPS = st.one_of(
    st.tuples(st.just("control_in_xml"), idx),
    st.tuples(st.just("truncate"), idx),
    st.tuples(st.just("noise"), idx, st.binary(min_size=1, max_size=30)),
)


def mutate_cells(content: bytes, ops: list[tuple]) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    items = [ws for ws in wb.worksheets if ws.title.startswith("ข้อ")]
    for op, at, *rest in ops:
        ws = items[at % len(items)]
        row = 2 + at % max(ws.max_row - 1, 1)
        if op == "cell":
            cell = ws.cell(row, rest[0])
            if not isinstance(cell, MergedCell):  # a merged text cell is typed into its first cell
                cell.value = rest[1]
        elif op == "key":
            ws.cell(row, 1).value = rest[0]
        elif op == "delete_row":
            ws.delete_rows(row)
        elif op == "duplicate_sheet":
            wb.copy_worksheet(ws)
        elif op == "meta":
            meta = wb["_tidtam"]
            meta.cell(1 + at % meta.max_row, 2).value = rest[0]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def mutate_bytes(content: bytes, ops: list[tuple]) -> bytes:
    for op, at, *rest in ops:
        if op == "control_in_xml":
            with zipfile.ZipFile(io.BytesIO(content)) as zf:
                parts = {name: zf.read(name) for name in zf.namelist()}
            name = sorted(parts)[at % len(parts)]
            parts[name] = parts[name].replace(b"</t>", b"\x01</t>", 1).replace(b"<v>", b"<v>\x0b", 1)
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
                for part, data in parts.items():
                    zf.writestr(part, data)
            content = out.getvalue()
        elif op == "truncate":
            content = content[: at % len(content)]
        elif op == "noise":
            middle = at % len(content)
            content = content[:middle] + rest[0] + content[middle:]
    return content


def state(round_, agency) -> list:
    return [(s.pk, s.version, content_of(s)) for s in workbook_submissions(round_=round_, agency=agency)]


def attempt(round_, agency, reporter, data: bytes) -> None:
    before = state(round_, agency)
    try:
        preview = read_upload(
            data=data,
            round_=round_,
            agency=agency,
            submissions=workbook_submissions(round_=round_, agency=agency),
        )
    except WorkbookRejected as exc:
        assert str(exc).strip()
        assert state(round_, agency) == before
        return
    assert all(str(e).startswith("แผ่นงาน «") for e in preview.errors)
    if preview.errors or not preview.has_changes:
        return
    planned = [
        (i.submission, i.expected_version, arguments_from_json(arguments_to_json(i.arguments)))
        for i in preview.items
        if i.changes
    ]
    try:
        entry_workbook_apply(round_=round_, agency=agency, by=reporter, planned=planned)
    except (ValidationError, SubmissionConflict, PermissionDenied):
        assert state(round_, agency) == before


@pytest.fixture
def filled(open_round) -> bytes:  # noqa: F811 - the fixture
    """The agency's pre-filled workbook, downloaded once (formula-looking text included)."""
    round_, first, _, reporter = open_round
    sub = item1(round_, first)
    submission_update(
        submission=sub,
        by=reporter,
        expected_version=sub.version,
        narratives={1: "=ชี้แจง", 2: "ส่งเสริม"},
        problems=[{"problem": "ครูไม่พอ", "solution": "-จัดสรร", "expected_result": "@ครบ"}],
        recommendations="ข้อเสนอ",
    )
    return entry_workbook_bytes(
        round_=round_,
        agency=first,
        submissions=workbook_submissions(round_=round_, agency=first),
        prefill=True,
    )


@FUZZ
@given(ops=st.lists(SHEET_OPS, min_size=1, max_size=4), damage=st.lists(BYTE_OPS, max_size=1))
def test_a_mutated_workbook_is_read_or_refused_in_thai_and_never_half_saved(open_round, filled, ops, damage):  # noqa: F811
    round_, first, _, reporter = open_round
    attempt(round_, first, reporter, mutate_bytes(mutate_cells(filled, ops), damage))
