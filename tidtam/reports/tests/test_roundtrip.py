"""A DOCX we export imports back (`tidtam import-report`) to the same round.

Compared: every item of the canonical JSON, printed totals included: the export prints the computed
total in the "รวม" row and, where a legacy source printed another total (27 where the rows add up to
32), that one after it as "* ยอดรวมในต้นฉบับ: 27", which the importer reads back."""

import copy

import pytest

from tidtam.ingest.services import report_import
from tidtam.reports.assembly import round_report
from tidtam.reports.exporters.docx import write_docx
from tidtam.reports.exporters.json import round_to_dict
from tidtam.reports.exporters.layout import LayoutOptions
from tidtam.validation.engine import check_round
from tidtam.validation.engine.fidelity import FIDELITY_RULE_LABELS


def comparable(data: dict) -> list[dict]:
    items = copy.deepcopy(data["items"])
    for item in items:
        table = item["results_table"]
        if table:
            # Where the source printed no total, a re-import records the computed one it reads.
            printed = table["printed_total"]
            table["printed_total"] = {
                k: printed[k] if printed.get(k) is not None else v for k, v in table["total"].items()
            }
            table.pop("total_label")
    return items


def findings(round_) -> list[tuple]:
    """The numeric findings (the text-fidelity warnings are about wording, not about the tables)."""
    return sorted(
        (f.item, f.agency or "", f.rule)
        for f in check_round(round_=round_)
        if f.rule not in FIDELITY_RULE_LABELS
    )


@pytest.mark.parametrize("thai_digits", [False, True], ids=["arabic-digits", "thai-digits"])
def test_exported_docx_imports_to_the_same_round(seed_round, tmp_path, thai_digits):
    before = round_to_dict(seed_round)
    path = tmp_path / "report.docx"
    write_docx(round_report(round_=seed_round), path, options=LayoutOptions(thai_digits=thai_digits))

    outcome = report_import(path=path)
    after = round_to_dict(outcome.round)

    assert outcome.round.key == seed_round.key
    assert after["agencies"] == before["agencies"]
    assert after["data_as_of"] == before["data_as_of"]
    for a, b in zip(comparable(after), comparable(before), strict=True):
        assert a == b, f"ข้อ {a['number']}"
    assert outcome.run.coverage == 1.0
    # Nothing about our own layout is a doubt: no warning or error (the round replacing the one
    # imported before is the only one, and is about the database, not the document).
    doubts = [a for a in outcome.anomalies if a.severity != "info" and a.kind != "replaced_round"]
    assert [(a.kind, a.message) for a in doubts] == []


def test_reimport_keeps_every_known_finding(seed_round, tmp_path):
    before = findings(seed_round)
    assert len(before) == 4  # the seed's four known inconsistencies
    path = tmp_path / "report.docx"
    write_docx(round_report(round_=seed_round), path)
    after = findings(report_import(path=path).round)
    assert after == before


def test_reimported_round_keeps_the_printed_totals(seed_round, tmp_path):
    path = tmp_path / "report.docx"
    write_docx(round_report(round_=seed_round), path)
    after = round_to_dict(report_import(path=path).round)
    item3 = next(i for i in after["items"] if i["number"] == 3)["results_table"]
    assert item3["printed_total"]["debt_restructuring_registered"] == 27  # the rows add up to 32
    assert item3["total"]["debt_restructuring_registered"] == 32
    assert item3["total_label"] == "รวมจำนวน(ราย)"


def test_a_footnote_returns_to_its_own_cell(seed_round, tmp_path):
    from docx import Document

    path = tmp_path / "report.docx"
    write_docx(round_report(round_=seed_round), path)
    rows = [[c.text for c in r.cells] for t in Document(str(path)).tables for r in t.rows]
    row = next(r for r in rows if r[0] == "สพป.สค." and r[1].startswith("4,111"))
    assert "ข้าราชการประจำ 2,022 คน" in row[1] and "ยกเลิก" not in row[1]
    assert row[2] == "16 * ยกเลิกเข้าร่วมโครงการ 11 คน"
    total = next(r for r in rows if r[0] == "รวมจำนวน(ราย)" and r[1] == "5,558")
    assert total[2] == "32 * ยอดรวมในต้นฉบับ: 27"
