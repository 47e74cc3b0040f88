"""Damaged, hand-edited and hostile files given to `tidtam import-report`: a Thai message (exit status
non-zero, message on stderr), never a traceback, and nothing written."""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tidtam.common.tests import hostile_files
from tidtam.formdefs.models import Round
from tidtam.ingest.services import ImportFailed, report_import
from tidtam.reports.exporters.json import round_to_dict
from tidtam.submissions.models import NarrativeEntry
from tidtam.testing import ROOT, SEED

GOOD = {
    "schema": "tidtam.round/1",
    "office": {"code": "TH-74", "name": "สำนักงานศึกษาธิการจังหวัดสมุทรสาคร"},
    "fiscal_year_be": 2567,
    "round": 2,
    "agencies": [{"abbreviation": "สพป.สค.", "name": "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสมุทรสาคร", "kind": "spp"}],
    "items": [
        {
            "number": 1,
            "results_table": {"rows": [{"agency": "สพป.สค.", "values": {"dpa_submitted": 4}}]},
            "narratives": [{"agency": "สพป.สค.", "text": "ชี้แจง"}],
        }
    ],
}


def write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def with_(**changes) -> dict:
    data = json.loads(json.dumps(GOOD))
    for dotted, value in changes.items():
        target = data
        *parents, last = dotted.split("__")
        for p in parents:
            target = target[int(p)] if isinstance(target, list) else target[p]
        if value is KeyError:
            del target[last]
        else:
            target[last] = value
    return data


def test_the_good_document_imports(loaded, tmp_path):
    assert report_import(path=write(tmp_path, "r.json", json.dumps(GOOD))).round.key == "TH-74/2567/2"


@pytest.mark.parametrize(
    "data,reason",
    [
        ("{ not json", "ไฟล์ JSON ไม่ถูกต้อง"),
        ('{"schema": "tidtam.round/1", "x": NaN}', "ไฟล์ JSON ไม่ถูกต้อง"),
        ("[]", "ไม่ใช่รูปแบบ tidtam.round/1"),
        (with_(office=KeyError), "office.code"),
        (with_(fiscal_year_be=9567), "พ.ศ. 9567 อยู่นอกช่วงที่ระบบรับ"),
        (with_(fiscal_year_be="๒๕๖๗"), "อยู่นอกช่วงที่ระบบรับ"),
        (with_(round=0), "รอบที่ 0 ไม่ถูกต้อง"),
        (with_(data_as_of="2024-13-45"), "data_as_of"),
        (with_(agencies__0__abbreviation=KeyError), "agencies[0].abbreviation"),
        (with_(agencies__0__name="ก" * 400), "ยาวเกิน 300"),
        (with_(items__0__number=KeyError), "items[0].number"),
        (with_(items__0__narratives__0__agency="ไม่มี"), "items[0].narratives[0].agency"),
        (with_(items__0__narratives__0__text=KeyError), "items[0].narratives[0].text"),
        (with_(items__0__results_table__rows__0__values={"dpa_submitted": 1e30}), "ใหญ่เกินกว่าที่ระบบเก็บได้"),
        (with_(items__0__results_table__rows__0__values={"dpa_submitted": "สี่"}), "ต้องเป็นตัวเลข"),
        (with_(items__0__results_table="ตาราง"), "results_table"),
        (with_(items=[GOOD["items"][0], GOOD["items"][0]]), "ข้อ 1 ซ้ำ"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 40 else None,
)
def test_a_bad_json_document_gets_a_thai_reason_and_writes_nothing(loaded, tmp_path, data, reason):
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    with pytest.raises(
        ImportFailed, match=reason.replace("[", r"\[").replace("]", r"\]").replace(".", r"\.")
    ):
        report_import(path=write(tmp_path, "bad.json", text))
    assert not Round.objects.exists()


def test_control_characters_in_a_json_document_are_stripped(loaded, tmp_path):
    data = with_(items__0__narratives=[{"agency": "สพป.สค.", "text": "ชี้\x00แจง\x0b"}])
    report_import(path=write(tmp_path, "r.json", json.dumps(data)))
    assert NarrativeEntry.objects.get().text == "ชี้แจง"


@pytest.mark.parametrize("year", ["9567", "๙๕๖๗", "1999", "0000"])
def test_an_impossible_header_year_is_refused(loaded, tmp_path, year):
    text = SEED.read_text(encoding="utf-8").replace("พ.ศ. 2567", f"พ.ศ. {year}", 1)
    with pytest.raises(ImportFailed, match="อยู่นอกช่วงที่ระบบรับ"):
        report_import(path=write(tmp_path, "r.txt", text))
    assert not Round.objects.exists()


def test_control_characters_in_a_text_report_are_stripped(loaded, tmp_path):
    text = SEED.read_text(encoding="utf-8").replace(
        "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาสมุทรสาคร ได้ม", "สำนักงาน\x00เขต\x01พื้นที่การศึกษาประถมศึกษาสมุทรสาคร ได้ม", 1
    )
    report_import(path=write(tmp_path, "r.txt", text))
    assert not any("\x00" in t or "\x01" in t for t in NarrativeEntry.objects.values_list("text", flat=True))


def _docx(document_xml: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", hostile_files.CONTENT_TYPES)
        zf.writestr("word/document.xml", document_xml)
    return out.getvalue()


@pytest.mark.parametrize(
    "content,reason",
    [
        (_docx(hostile_files.BILLION_LAUGHS + "<w:document/>"), "DTD/entity"),
        (_docx(hostile_files.EXTERNAL_ENTITY + "<w:document>&xxe;</w:document>"), "DTD/entity"),
        (hostile_files.ten_million_cells(), "มากเกินกว่าที่ระบบรับได้"),
        (b"PK\x03\x04 torn", "ไม่ใช่ไฟล์ Office|เสียหาย"),
        (_docx("<document>ไม่ใช่ Word</document>"), "ไฟล์เสียหายหรือไม่ใช่เอกสาร Word"),
    ],
    ids=["billion-laughs", "external-entity", "bomb", "torn", "not-word"],
)
def test_a_hostile_docx_is_refused_in_thai(loaded, tmp_path, content, reason):
    with pytest.raises(ImportFailed, match=reason):
        report_import(path=write(tmp_path, "r.docx", content))
    assert not Round.objects.exists()


def test_the_command_says_why_on_stderr_and_exits_non_zero(tmp_path):
    """The console script itself: no traceback, a Thai reason, a non-zero exit status."""
    bad = write(tmp_path, "bad.json", json.dumps(with_(fiscal_year_be=9567)))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = subprocess.run(  # noqa: S603 - the project's own manage.py
        [sys.executable, str(ROOT / "manage.py"), "import_report", str(bad)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode != 0
    assert "อยู่นอกช่วงที่ระบบรับ" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_an_exported_round_still_imports_unchanged(loaded, tmp_path):
    exported = round_to_dict(report_import(path=SEED).round)
    Round.objects.all().delete()
    again = report_import(path=write(tmp_path, "r.json", json.dumps(exported, ensure_ascii=False))).round
    assert round_to_dict(again) == exported
