"""`tidtam template export|import|diff|publish`: the command-line contract."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tidtam.formdefs.models import FormTemplate
from tidtam.formdefs.services import template_files, template_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    for path in template_files():
        template_load(path=path)


def run(*args) -> str:
    out = io.StringIO()
    call_command("template", *args, stdout=out)
    return out.getvalue()


def sheets(path: Path) -> dict[str, list[tuple]]:
    wb = load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


@pytest.mark.parametrize("suffix", [".xlsx", ".yaml"])
def test_export_import_export_differs_only_in_the_version(loaded, tmp_path, suffix):
    first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    run("export", "moe-inspection", "2568.1", "-o", str(first))
    assert "2568.1-test" in run("import", str(first), "--version", "2568.1-test")
    imported = FormTemplate.objects.get(version="2568.1-test")
    assert imported.status == FormTemplate.Status.DRAFT and imported.previous.version == "2567.2"
    run("export", "moe-inspection", "2568.1-test", "-o", str(second))
    if suffix == ".xlsx":
        a, b = sheets(first), sheets(second)
        assert a["settings"][2] == ("version", "2568.1") and b["settings"][2] == ("version", "2568.1-test")
        a["settings"].pop(2), b["settings"].pop(2)
        assert a == b
    else:
        a = first.read_text(encoding="utf-8").replace("version: '2568.1'", "")
        assert a == second.read_text(encoding="utf-8").replace("version: 2568.1-test", "")
    assert run("diff", "moe-inspection", "2568.1", "2568.1-test").strip() == "ไม่มีความแตกต่าง"


def test_import_of_an_invalid_workbook_fails_with_thai_errors(loaded, tmp_path):
    path = tmp_path / "bad.xlsx"
    run("export", "moe-inspection", "2567.2", "-o", str(path))
    wb = load_workbook(path)
    wb["columns"].cell(row=2, column=6, value="average")
    wb.save(path)
    with pytest.raises(CommandError) as exc:
        run("import", str(path), "--version", "x")
    assert "แผ่นงาน columns แถว 2 ช่อง F2" in str(exc.value)
    assert not FormTemplate.objects.filter(version="x").exists()


def test_import_of_an_existing_version_is_refused(loaded, tmp_path):
    path = tmp_path / "same.yaml"
    run("export", "moe-inspection", "2567.2", "-o", str(path))
    with pytest.raises(CommandError, match="มีอยู่แล้ว"):
        run("import", str(path))


def test_diff_and_publish(loaded, tmp_path):
    text = run("diff", "moe-inspection", "2567.2", "2568.1")
    assert "ข้อ 6 [P1.I6] นโยบาย 1 → ข้อ 1.6 [P1.I6] นโยบาย 1" in text
    path = tmp_path / "v.xlsx"
    run("export", "moe-inspection", "2568.1", "-o", str(path))
    run("import", str(path), "--version", "2568.9")
    assert "เผยแพร่" in run("publish", "moe-inspection", "2568.9")
    with pytest.raises(CommandError, match="แก้ไขไม่ได้"):
        run("publish", "moe-inspection", "2568.9")


def test_the_console_script_exits_non_zero_with_errors_on_stderr(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "bad.yaml"
    bad.write_text("code: x\n", encoding="utf-8")
    db = tmp_path / "db.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{db}", "PATH": "/usr/bin:/bin"}
    root = Path(__file__).resolve().parents[3]
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=root, env=env, check=True)  # noqa: S603
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "template", "import", str(bad)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "ขาดข้อมูล version" in result.stderr and not result.stdout


def test_the_latest_workbook_edited_into_the_next_version_keeps_every_series(loaded, tmp_path):
    """Download FY 2568's workbook, set version 2569.1, previous 2568.1 and the year, upload: the renamed and
    year-relative columns (which name FY 2567's keys in continues_from) still continue their series."""
    path = tmp_path / "next.xlsx"
    run("export", "moe-inspection", "2568.1", "-o", str(path))
    wb = load_workbook(path)
    for row in wb["settings"].iter_rows(min_row=2):
        new = {"version": "2569.1", "previous_version": "2568.1", "fiscal_year_be": 2569}.get(row[0].value)
        if new is not None:
            row[1].value = new
    wb.save(path)
    run("import", str(path))
    assert (
        run("diff", "moe-inspection", "2568.1", "2569.1").split()
        == "อื่น ๆ (1) - ปีงบประมาณ: 2568 → 2569".split()
    )
    before = FormTemplate.objects.get(version="2568.1").items.get(code="P1.I6")
    after = FormTemplate.objects.get(version="2569.1").items.get(code="P1.I6")
    assert after.lineage == before.lineage
    hired = after.columns.get(key="janitor_hired")
    assert hired.continues_from == "janitor_hired" and hired.lineage == "janitor_recruited"
