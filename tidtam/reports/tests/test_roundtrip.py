"""A DOCX we export imports back (`tidtam import-report`) to the same round.

Compared: every item of the canonical JSON, except the printed total and its label. The export prints
the computed total in the "รวม" row, so a re-import records it as the printed total (a legacy import
recorded what the source printed, e.g. 27 where the rows add up to 32): that difference is by design."""

import copy

import pytest

from tidtam.ingest.services import report_import
from tidtam.reports.assembly import round_report
from tidtam.reports.exporters.docx import write_docx
from tidtam.reports.exporters.json import round_to_dict
from tidtam.reports.exporters.layout import LayoutOptions


def comparable(data: dict) -> list[dict]:
    items = copy.deepcopy(data["items"])
    for item in items:
        if item["results_table"]:
            item["results_table"].pop("printed_total")
            item["results_table"].pop("total_label")
    return items


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
    # Cover page, table of contents and units are not read as content.
    assert not [a for a in outcome.anomalies if a.kind in ("unplaced", "renamed_column", "unknown_column")]


def test_reimported_round_records_the_computed_totals(seed_round, tmp_path):
    path = tmp_path / "report.docx"
    write_docx(round_report(round_=seed_round), path)
    after = round_to_dict(report_import(path=path).round)
    item3 = next(i for i in after["items"] if i["number"] == 3)["results_table"]
    assert item3["printed_total"]["debt_restructuring_registered"] == 32  # the legacy source printed 27
    assert item3["total_label"] == "รวมจำนวน(ราย)"
