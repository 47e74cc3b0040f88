"""Fixtures: the seed report (Samut Sakhon, round 2/2567) imported once, and its exports made once.

`exports` imports the seed inside a transaction that is rolled back after the files are written, so
the documents are made once per session and no data leaks into other tests."""

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import transaction

from tidtam.common.chromium import chromium_executable
from tidtam.testing import SEED, SEED_OFFICE, TEMPLATE, load_seed  # noqa: F401
from tidtam.testing import SEED_KEY as KEY  # noqa: F401 - imported by the test modules

OFFICE = SEED_OFFICE

needs_chromium = pytest.mark.skipif(chromium_executable() is None, reason="ต้องมี chromium เพื่อพิมพ์ PDF")
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="ต้องมี poppler-utils (pdftotext, pdftoppm) เพื่อตรวจ PDF",
)


@dataclass
class Exports:
    data: dict
    docx: Path
    docx_thai: Path
    xlsx: Path
    pdf: Path | None = None
    item_titles: dict[int, str] = field(default_factory=dict)


@pytest.fixture(scope="session")
def exports(django_db_setup, django_db_blocker, tmp_path_factory) -> Exports:
    from tidtam.reports.assembly import round_report
    from tidtam.reports.exporters.docx import write_docx
    from tidtam.reports.exporters.json import round_to_dict
    from tidtam.reports.exporters.layout import LayoutOptions
    from tidtam.reports.exporters.pdf import pdf_available, write_pdf
    from tidtam.reports.exporters.xlsx import write_xlsx

    out = tmp_path_factory.mktemp("exports")
    with django_db_blocker.unblock(), transaction.atomic():
        round_ = load_seed()
        report = round_report(round_=round_)
        files = Exports(
            data=round_to_dict(round_, report),
            docx=out / "report.docx",
            docx_thai=out / "report-thai.docx",
            xlsx=out / "report.xlsx",
            item_titles={b.item.number: b.item.title for b in report.items},
        )
        write_docx(report, files.docx)
        write_docx(report, files.docx_thai, options=LayoutOptions(thai_digits=True))
        write_xlsx(report, files.xlsx)
        if pdf_available():
            files.pdf = out / "report.pdf"
            write_pdf(report, files.pdf)
        transaction.set_rollback(True)
    return files


@pytest.fixture
def seed_round(db):
    return load_seed()
