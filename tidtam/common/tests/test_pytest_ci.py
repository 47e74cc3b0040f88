"""Under CI a skipped browser/PDF test fails the run; locally it stays a skip. Runs pytest in a subprocess
on a throwaway test file with only the plugin loaded."""

import subprocess  # noqa: S404 - runs pytest itself
import sys
from pathlib import Path

import pytest

TESTS = """
import pytest

@pytest.mark.browser
@pytest.mark.skipif(True, reason="no chromium here")
def test_browser_skipped_by_marker():
    pass

@pytest.mark.pdf
def test_pdf_skipped_at_run_time():
    pytest.skip("no pdftotext here")

@pytest.mark.skipif(True, reason="unrelated")
def test_ordinary_skip():
    pass
"""


def run_pytest(tmp_path, ci: str | None) -> subprocess.CompletedProcess:
    (tmp_path / "test_sample.py").write_text(TESTS)
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    browser: b\n    pdf: p\n")
    root = Path(__file__).resolve().parents[3]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root), **({"CI": ci} if ci is not None else {})}
    return subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tidtam.common.pytest_ci",
            "-p",
            "no:django",
            "-p",
            "no:cacheprovider",
            "-rA",
            "-c",
            str(tmp_path / "pytest.ini"),
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("ci", ["true", "1"])
def test_in_ci_skipped_browser_and_pdf_tests_fail(tmp_path, ci):
    done = run_pytest(tmp_path, ci)
    assert done.returncode == 1, done.stdout
    # a skipif mark skips at setup, so that one is reported as an error; pytest.skip() in the test as a failure
    assert "1 failed, 1 skipped, 1 error" in done.stdout
    assert "skipped in CI (browser test): no chromium here" in done.stdout
    assert "skipped in CI (pdf test): no pdftotext here" in done.stdout


@pytest.mark.parametrize("ci", [None, "false"])
def test_outside_ci_they_stay_skips(tmp_path, ci):
    done = run_pytest(tmp_path, ci)
    assert done.returncode == 0, done.stdout
    assert "3 skipped" in done.stdout
