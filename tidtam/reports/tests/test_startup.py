"""`tidtam export … --format docx` starts like a small script: no system checks (they import every view)
and none of the heavy libraries other commands need (spreadsheets, machine learning, REST framework)."""

import subprocess
import sys

from django.conf import settings

from tidtam.reports.management.commands.export import Command

HEAVY = ("openpyxl", "pythainlp", "nlpo3", "sklearn", "matplotlib", "numpy", "rest_framework.serializers")
PROBE = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
import django
django.setup()
from tidtam.reports.management.commands import export
from tidtam.reports.exporters import docx
print(",".join(m for m in sys.argv[1:] if m in sys.modules))
"""


def test_export_command_skips_the_system_checks():
    assert Command.requires_system_checks == []


def test_docx_export_imports_no_heavy_library():
    proc = subprocess.run(  # noqa: S603 - this interpreter, our own probe
        [sys.executable, "-c", PROBE, *HEAVY],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    assert proc.stdout.strip() == ""
