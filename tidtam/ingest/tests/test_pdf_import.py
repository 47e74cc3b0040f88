"""PDFs of the seed import to the same round as its text: tables exact, X.2 text nearly so."""

import re
import time
from difflib import SequenceMatcher

import pytest

from tidtam.ingest.services import report_import
from tidtam.reports.exporters.json import round_to_dict

from .pdf_corpus import build

# The corpus is read the same way on every database: `make test-postgres` leaves it to the SQLite run.
pytestmark = [pytest.mark.django_db, pytest.mark.corpus]


@pytest.fixture(scope="module")
def from_text(seed_round):
    return round_to_dict(seed_round)


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory):
    return tmp_path_factory.getbasetemp() / "pdf-corpus"


def tables(data: dict, numbers=None) -> dict:
    out = {}
    for item in data["items"]:
        if numbers and item["number"] not in numbers:
            continue
        t = item["results_table"] or {}
        out[item["number"]] = (
            [(r["agency"], r["values"]) for r in t.get("rows", [])],
            t.get("printed_total"),
        )
    return out


def problems_text(item: dict) -> str:
    text = "".join(p["problem"] + p["solution"] + p["expected_result"] for p in item["problems"])
    return re.sub(r"\s+", "", text)


def x2_similarity(a: dict, b: dict, numbers=None) -> float:
    left = "".join(problems_text(i) for i in a["items"] if not numbers or i["number"] in numbers)
    right = "".join(problems_text(i) for i in b["items"] if not numbers or i["number"] in numbers)
    return SequenceMatcher(None, left, right, autojunk=False).ratio() if left or right else 1.0


@pytest.mark.parametrize("kind", ["b", "e", "c", "a"])
def test_pdf_imports_like_the_text(kind, from_text, pdf_dir, capsys):
    pdf_dir.mkdir(exist_ok=True)
    path = build(kind, pdf_dir, from_text, "TH-74/2567/2")
    started = time.monotonic()
    outcome = report_import(path=path)
    data = round_to_dict(outcome.round)
    assert outcome.round.key == "TH-74/2567/2"
    got, want = tables(data), tables(from_text)
    assert {n: rows for n, (rows, _) in got.items()} == {n: rows for n, (rows, _) in want.items()}
    if kind in ("b", "e"):  # our own exports print the computed total, not the one the source printed
        assert got == want
    similarity = x2_similarity(data, from_text)
    with capsys.disabled():
        print(
            f"\n[{kind}] ความครอบคลุม {outcome.coverage:.1%}, X.2 {similarity:.2%}, "
            f"{time.monotonic() - started:.1f} วินาที"
        )
    assert similarity >= 0.98
    unplaced = {a.line for a in outcome.anomalies if a.kind == "unplaced"}
    assert outcome.run.coverage >= 0.9 and len(unplaced) < 60


DAMAGE = {
    "\u0e48": "\uf70a",
    "\u0e49": "\uf70b",
    "\u0e4c": "\uf70e",
    "\u0e34": "\uf701",
    "\u0e33": "\u0e4d\u0e32",
}


def test_damaged_text_layer_is_repaired(from_text, pdf_dir, monkeypatch):
    """The text layer of old Thai fonts: tone marks as private-use glyphs, ำ split into ํ + า."""
    from tidtam.ingest.legacy.pdf import extract

    real = extract._page_chars

    def damaged(page):
        chars = real(page)
        for c in chars:
            c["text"] = DAMAGE.get(c["text"], c["text"])
        return chars

    monkeypatch.setattr(extract, "_page_chars", damaged)
    pdf_dir.mkdir(exist_ok=True)
    outcome = report_import(path=build("b", pdf_dir, from_text, "TH-74/2567/2"))
    data = round_to_dict(outcome.round)
    assert tables(data) == tables(from_text)
    assert x2_similarity(data, from_text) >= 0.98


def test_scanned_pdf_is_read_by_ocr(from_text, pdf_dir, capsys):
    """The scanned pages of item 1: numbers exact where the printed totals agree, the X.2 table read
    by its columns nearly as the text route reads it, the OCR reported."""
    from .pdf_corpus import need, scan_of

    need("tesseract")
    pdf_dir.mkdir(exist_ok=True)
    scan = scan_of(build("b", pdf_dir, from_text, "TH-74/2567/2"), pdf_dir / "d.pdf", 1, 5)
    started = time.monotonic()
    # Only item 1's pages are scanned (time): replacing the whole round with them is forced.
    outcome = report_import(path=scan, force=True)
    assert outcome.round.key == "TH-74/2567/2"
    kinds = {a.kind for a in outcome.anomalies}
    assert "ocr_source" in kinds
    assert all(a.line for a in outcome.anomalies if a.kind == "ocr_low_confidence")
    data = round_to_dict(outcome.round)
    items = {1}
    similarity = x2_similarity(data, from_text, items)
    with capsys.disabled():
        print(
            f"\n[d, OCR, item 1] ความครอบคลุม {outcome.coverage:.1%}, X.2 {similarity:.2%}, "
            f"{time.monotonic() - started:.1f} วินาที"
        )
    got, want = tables(data, items), tables(from_text, items)
    mismatched = {a.line for a in outcome.anomalies if a.kind == "ocr_total_mismatch"}
    for number in items:
        if not mismatched:
            # The numbers are exact; an agency label may come back misread (Tesseract reads "สส."
            # as "aa."), which the agency matching then has to resolve.
            assert [v for _, v in got[number][0]] == [v for _, v in want[number][0]], number
            assert got[number][1] == want[number][1], number
    # The X.2 table is found from its rules and read cell by cell, each cell's wrapped lines joined.
    assert similarity >= 0.98
