"""Build hook only (metadata lives in pyproject.toml): bundle static/ and data/ into the wheel.

They sit outside the `tidtam` package in a checkout; an installed package finds them under
`tidtam/bundled/` (tidtam.common.paths). Editable installs read the checkout directly.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("static", "data")


class BuildWithSharedFiles(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in BUNDLED:
            target = Path(self.build_lib) / "tidtam" / "bundled" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(ROOT / name, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithSharedFiles})
