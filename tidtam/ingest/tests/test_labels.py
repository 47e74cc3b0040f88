"""Every anomaly kind the importer can record has a Thai name (the page shows names, not codes)."""

import ast
from pathlib import Path

from tidtam.ingest.labels import ANOMALY_KIND_LABELS, anomaly_kind_label

INGEST = Path(__file__).resolve().parents[1]


def emitted_kinds() -> set[str]:
    """Kinds written in the importer's code: note(line, severity, KIND, ...) and kind="..." arguments."""
    kinds = set()
    for path in INGEST.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name == "note" and len(node.args) >= 3 and isinstance(node.args[2], ast.Constant):
                kinds.add(node.args[2].value)
            if name in ("Anomaly", "ImportAnomaly") and len(node.args) >= 3:
                if isinstance(node.args[2], ast.Constant):
                    kinds.add(node.args[2].value)
            for keyword in node.keywords:
                # kind= of job_enqueue names a job kind (labelled in common.jobs), not an anomaly.
                if (
                    keyword.arg == "kind"
                    and isinstance(keyword.value, ast.Constant)
                    and name != "job_enqueue"
                ):
                    kinds.add(keyword.value.value)
    return {k for k in kinds if isinstance(k, str)}


def test_every_kind_the_importer_records_has_a_thai_name():
    kinds = emitted_kinds()
    assert {"joined_line", "html_removed", "missing_agency_row"} <= kinds
    assert sorted(kinds - set(ANOMALY_KIND_LABELS)) == []


def test_an_unknown_kind_reads_as_thai_not_as_code():
    assert anomaly_kind_label("joined_line") == "ต่อบรรทัดที่ถูกตัด"
    assert "_" not in anomaly_kind_label("some_new_kind")
