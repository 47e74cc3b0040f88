"""One rule for finding Chromium: tidtam.common.chromium.chromium_executable, used by PDF export and the
browser tests alike. A second lookup (a hard-coded path, another shutil.which) would let the two drift."""

import re
from pathlib import Path

from tidtam.common.chromium import chromium_executable

ROOT = Path(__file__).resolve().parents[3]
THE_ONE_PLACE = ROOT / "tidtam" / "common" / "chromium.py"
LOOKUP = re.compile(
    r"""/usr/bin/chromium|which\(\s*["'](chromium|chromium-browser|google-chrome|chrome)["']"""
)


def python_files():
    for folder in (ROOT / "tidtam", ROOT / "config", ROOT / "bench"):
        yield from folder.rglob("*.py")
    yield ROOT / "conftest.py"


def test_no_second_chromium_lookup_in_the_tree():
    copies = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in python_files()
        if path != THE_ONE_PLACE and path != Path(__file__).resolve()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if LOOKUP.search(line)
    ]
    assert copies == [], "use tidtam.common.chromium.chromium_executable() instead"


def test_a_configured_path_wins_and_a_missing_one_means_none(settings, tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("")
    settings.TIDTAM_CHROMIUM = str(fake)
    assert chromium_executable() == str(fake)
    settings.TIDTAM_CHROMIUM = str(tmp_path / "absent")
    assert chromium_executable() is None


def test_pdf_export_and_browser_tests_use_it():
    from tidtam.reports.exporters import pdf

    assert "chromium_executable" in (ROOT / "conftest.py").read_text(encoding="utf-8")
    assert pdf.chromium_binary.__code__.co_names == ("chromium_executable",)
