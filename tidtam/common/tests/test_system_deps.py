"""scripts/system-deps.sh: a machine without Chromium that cannot install it fails in CI, warns elsewhere.

Runs the script with a PATH holding only grep and stand-ins (a non-root `id`, fonts and poppler present,
no chromium, no sudo)."""

import os
import shutil
import subprocess  # noqa: S404 - runs the project's own script
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "system-deps.sh"


@pytest.fixture
def bare_path(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    os.symlink(shutil.which("grep"), bin_dir / "grep")
    for name, body in {"id": "echo 1000", "fc-list": "echo Garuda.ttf", "pdftotext": "true"}.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    return str(bin_dir)


def run(path: str, ci: str | None) -> subprocess.CompletedProcess:
    env = {"PATH": path, **({"CI": ci} if ci else {})}
    return subprocess.run(  # noqa: S603
        [shutil.which("bash") or "/bin/bash", str(SCRIPT)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_in_ci_a_missing_chromium_that_cannot_be_installed_fails(bare_path):
    done = run(bare_path, "true")
    assert done.returncode == 1
    assert "chromium" in done.stderr and "CI" in done.stderr


def test_outside_ci_it_only_warns(bare_path):
    done = run(bare_path, None)
    assert done.returncode == 0
    assert "Missing Debian packages: chromium" in done.stderr
