"""Fixtures: the seed report (Samut Sakhon, round 2/2567) imported once, and its exports made once.

`exports` imports the seed inside a transaction that is rolled back after the files are written, so
the documents are made once per session and no data leaks into other tests."""

import shutil
from contextlib import contextmanager
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
    texts: list[str] = field(default_factory=list)  # every paragraph and X.2 cell of the layout
    body_texts: list[str] = field(default_factory=list)  # the body paragraphs only
    print_html_thai: str = ""  # the print page with --thai-digits
    chart_specs_thai: list[dict] = field(default_factory=list)
    browser_calls: list[str] = field(default_factory=list)  # Chromium starts and prints of the PDF export


@pytest.fixture(scope="session")
def exports(django_db_setup, django_db_blocker, tmp_path_factory) -> Exports:
    from tidtam.reports.assembly import round_report
    from tidtam.reports.exporters.docx import write_docx
    from tidtam.reports.exporters.json import round_to_dict
    from tidtam.reports.exporters.layout import LayoutOptions, report_layout
    from tidtam.reports.exporters.pdf import chart_specs, pdf_available, print_html, write_pdf
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
        layout = report_layout(report)
        files.texts = layout_texts(layout)
        files.body_texts = [b.text for item in layout.items for b in item.blocks if b.kind == "paragraph"]
        thai_layout = report_layout(report, LayoutOptions(thai_digits=True))
        files.print_html_thai = print_html(thai_layout)
        files.chart_specs_thai = chart_specs(thai_layout)
        write_docx(report, files.docx_thai, options=LayoutOptions(thai_digits=True))
        write_xlsx(report, files.xlsx)
        if pdf_available():
            files.pdf = out / "report.pdf"
            with count_browser_calls(files.browser_calls):
                write_pdf(report, files.pdf)
        transaction.set_rollback(True)
    return files


@contextmanager
def count_browser_calls(calls: list[str]):
    """Record each Chromium start ("start") and each print ("print") made inside the block."""
    from tidtam.common.chromium import Browser

    init, print_pdf = Browser.__init__, Browser.print_pdf

    def counted_init(self, *args, **kwargs):
        calls.append("start")
        init(self, *args, **kwargs)

    def counted_print(self, *args, **kwargs):
        calls.append("print")
        return print_pdf(self, *args, **kwargs)

    Browser.__init__, Browser.print_pdf = counted_init, counted_print
    try:
        yield calls
    finally:
        Browser.__init__, Browser.print_pdf = init, print_pdf


def layout_texts(layout) -> list[str]:
    texts = []
    for item in layout.items:
        for block in item.blocks:
            if hasattr(block, "text"):
                texts.append(block.text)
            for group in getattr(block, "groups", None) or []:
                texts += [cell for row in getattr(group, "rows", []) for cell in row]
    return texts


@pytest.fixture
def seed_round(db):
    return load_seed()
