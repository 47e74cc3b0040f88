"""`tidtam export KEY --format docx|pdf|xlsx -o FILE`."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from openpyxl import load_workbook

from .conftest import KEY, OFFICE


def test_export_writes_word_and_excel_files(seed_round, tmp_path):
    call_command("export", KEY, "--format", "docx", "-o", str(tmp_path / "r.docx"))
    call_command("export", KEY, "--format", "xlsx", "-o", str(tmp_path / "r.xlsx"))
    assert OFFICE in [p.text for p in Document(str(tmp_path / "r.docx")).paragraphs]
    assert "ข้อ 1" in load_workbook(tmp_path / "r.xlsx").sheetnames


def test_documents_need_an_output_file(seed_round):
    with pytest.raises(CommandError, match="-o FILE"):
        call_command("export", KEY, "--format", "docx")


def test_unknown_round_fails_with_a_thai_message(db):
    with pytest.raises(CommandError, match="ไม่พบรอบ"):
        call_command("export", "TH-74/2500/1", "--format", "docx", "-o", "x.docx")
