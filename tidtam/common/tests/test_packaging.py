"""Packaging: pyproject.toml declares what requirements*.txt list, and a wheel built from this tree
carries templates, static files and data, and runs installed away from the checkout."""

import os
import re
import subprocess  # noqa: S404 - runs pip and the installed package
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def requirement_lines(name: str) -> list[str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith(("#", "-r"))]


def test_pyproject_dependencies_mirror_requirements_txt():
    assert PYPROJECT["project"]["dependencies"] == requirement_lines("requirements.txt")
    assert PYPROJECT["project"]["optional-dependencies"]["dev"] == requirement_lines("requirements-dev.txt")


def test_every_dependency_is_pinned_in_constraints_txt():
    pinned = {
        re.split(r"==", line)[0].lower().replace("_", "-") for line in requirement_lines("constraints.txt")
    }
    for requirement in (
        PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["dev"]
    ):
        name = re.split(r"[<>=\[ ;]", requirement)[0].lower().replace("_", "-")
        assert name in pinned, f"{name} has no pinned version in constraints.txt"


def test_license_is_an_spdx_expression_with_a_setuptools_that_reads_it():
    assert PYPROJECT["project"]["license"] == "AGPL-3.0-or-later"
    assert "setuptools>=77" in PYPROJECT["build-system"]["requires"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0 and "No matching distribution found for setuptools" in done.stdout + done.stderr:
        pytest.skip("no package index to fetch the build backend from")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Deprecat" not in done.stdout + done.stderr
    [path] = out.glob("tidtam-*.whl")
    return path


def test_the_wheel_carries_templates_static_files_data_and_metadata(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "config/settings/production.py",
        "tidtam/web/templates/web/base.html",
        "tidtam/orgs/data/provinces.yaml",
        "tidtam/search/data/themes.yaml",
        "tidtam/formdefs/templates/moe-inspection-2567-2.yaml",
        "tidtam/bundled/static/css/tidtam.css",
        "tidtam/bundled/static/vendor/swagger-ui/swagger-ui.css",
        "tidtam/bundled/static/vendor/htmx/htmx.min.js",
        "tidtam/bundled/data/seeds/th74-2567-r2.txt",
        "tidtam/backups/management/commands/restore.py",
    ):
        assert expected in names, expected
    assert any(n.startswith("tidtam/orgs/migrations/0001") for n in names)
    metadata = (
        zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    )
    assert "License-Expression: AGPL-3.0-or-later" in metadata
    assert "Requires-Dist: Django<5.3,>=5.2" in metadata


def test_the_installed_package_finds_its_static_files_and_seed_away_from_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TIDTAM_", "DATABASE_"))},
        "PYTHONPATH": str(site),
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    def tidtam(*args: str) -> str:
        run = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "tidtam.cli", *args], cwd=tmp_path, env=env, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        return run.stdout

    assert (
        tidtam("findstatic", "vendor/swagger-ui/swagger-ui.css")
        .strip()
        .endswith(str(site / "tidtam/bundled/static/vendor/swagger-ui/swagger-ui.css"))
    )
    tidtam("check")
    assert (tmp_path / "var").is_dir(), "runtime files go to ./var, not into the installed package"
    probe = "from tidtam.testing import SEED; print(SEED.is_file(), SEED)"
    seed = subprocess.run(  # noqa: S603
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True
    ).stdout
    assert seed.startswith(f"True {site}")
