"""Importing into the database: atomic, idempotent, round-trips through the canonical JSON."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from tidtam.formdefs.models import Round
from tidtam.ingest import build
from tidtam.ingest.models import ImportRun
from tidtam.ingest.services import ImportFailed, report_import
from tidtam.orgs.models import AgencyService, OrgUnit
from tidtam.reports.exporters.json import round_to_dict
from tidtam.submissions.models import ProblemRow, Submission, TableValue

from .conftest import SEED

pytestmark = pytest.mark.django_db


def test_seed_import_builds_the_round(loaded):
    outcome = report_import(path=SEED)
    r = outcome.round
    assert r.key == "TH-74/2567/2"
    assert r.data_as_of.isoformat() == "2024-07-15"
    assert r.origin == Round.Origin.LEGACY and r.status == Round.Status.CLOSED
    assert Submission.objects.filter(round=r).values("item").distinct().count() == 14
    value = TableValue.objects.get(
        submission__round=r,
        submission__item__number=1,
        submission__agency__short_name="สพป.สค.",
        column__key="dpa_submitted",
    )
    assert value.value == Decimal(493)
    assert outcome.run.coverage >= 0.99
    assert outcome.run.anomalies.filter(kind="misnumbered_heading").exists()


def test_two_province_agency_reports_to_both_offices(loaded):
    report_import(path=SEED)
    spm = OrgUnit.objects.get(kind=OrgUnit.Kind.AGENCY, agency_kind="spm")
    offices = set(AgencyService.objects.filter(agency=spm).values_list("office__code", flat=True))
    assert offices == {"TH-74-PEO", "TH-75-PEO"}


def test_reimport_replaces_with_a_warning(loaded):
    first = report_import(path=SEED)
    second = report_import(path=SEED)
    assert second.replaced and not first.replaced
    assert Round.objects.filter(key="TH-74/2567/2").count() == 1
    assert ImportRun.objects.count() == 1
    assert second.run.anomalies.filter(kind="replaced_round", severity="warning").exists()
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.AGENCY).count() == 6


def test_a_failing_import_leaves_no_partial_round(loaded, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(build, "_build_item", boom)
    with pytest.raises(RuntimeError):
        report_import(path=SEED)
    assert not Round.objects.exists()
    assert not OrgUnit.objects.filter(kind=OrgUnit.Kind.AGENCY).exists()


def test_a_failing_reimport_keeps_the_previous_round(loaded, monkeypatch):
    report_import(path=SEED)
    monkeypatch.setattr(build, "_build_item", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        report_import(path=SEED)
    assert ProblemRow.objects.filter(submission__round__key="TH-74/2567/2").exists()


def test_export_then_import_gives_the_same_round(loaded, tmp_path):
    r = report_import(path=SEED).round
    exported = round_to_dict(r)
    path = tmp_path / "round.json"
    path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    Round.objects.all().delete()
    again = report_import(path=path).round
    assert round_to_dict(again) == exported


def test_totals_in_the_export_are_computed_not_copied(loaded):
    data = round_to_dict(report_import(path=SEED).round)
    item3 = next(i for i in data["items"] if i["number"] == 3)["results_table"]
    assert item3["total"]["debt_restructuring_registered"] == 32  # rows add to 32; the source printed 27
    assert item3["printed_total"]["debt_restructuring_registered"] == 27
    item9 = next(i for i in data["items"] if i["number"] == 9)["results_table"]
    assert item9["total"]["readiness_score_avg"] == pytest.approx(97.01)  # weighted mean, not 194.02


def test_docx_of_the_same_layout_imports_to_the_same_data(loaded, tmp_path):
    from .docx_layout import write_legacy_docx

    from_text = round_to_dict(report_import(path=SEED).round)
    path = tmp_path / "report.docx"
    write_legacy_docx(from_text, path)
    outcome = report_import(path=path)
    from_docx = round_to_dict(outcome.round)
    for a, b in zip(from_docx["items"], from_text["items"], strict=True):
        assert a == b, a["number"]
    assert outcome.run.coverage >= 0.99


def test_unknown_file_gets_a_clear_message(loaded, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("สวัสดี\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="รอบที่"):
        report_import(path=path)


def test_command_prints_anomalies_coverage_and_ends_with_the_key(loaded, capsys):
    call_command("import_report", str(SEED))
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "TH-74/2567/2"
    assert any("ความครอบคลุม" in line and "%" in line for line in out)
    assert any("บรรทัด" in line and "misnumbered_heading" in line for line in out)


def test_command_fails_cleanly_on_a_missing_file(loaded):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ไม่พบไฟล์"):
        call_command("import_report", "/nonexistent/report.txt")


def test_another_round_imports_against_the_nearest_template(loaded, tmp_path, seed_text):
    path = tmp_path / "next-round.txt"
    path.write_text(
        seed_text.replace("รอบที่ 2 ประจำปีงบประมาณ พ.ศ. 2567", "รอบที่ ๑ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"),
        encoding="utf-8",
    )
    outcome = report_import(path=path)
    assert outcome.round.key == "TH-74/2568/1"
    assert outcome.run.template_version == "2567.2"
    nearest = outcome.run.anomalies.get(kind="nearest_template")
    assert "2567.2" in nearest.message and nearest.severity == "warning"
