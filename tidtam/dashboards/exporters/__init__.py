"""DOCX, PDF and XLSX of the regional and national consolidated reports.

DOCX and PDF come from the provincial report's writers (`reports.exporters.docx.DocxWriter`,
`reports.exporters.pdf.write_layout_pdf`) fed with the consolidated layout (`layout.py`); XLSX from
`xlsx.py`, built on the provincial workbook's helpers. The heavy libraries are imported on use.
"""

import io
from pathlib import Path
from typing import BinaryIO

from tidtam.reports.exporters.layout import LayoutOptions

from ..consolidated import ConsolidatedReport

DOCUMENT_FORMATS = ("docx", "pdf", "xlsx")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def write_consolidated(
    report: ConsolidatedReport,
    fmt: str,
    target: str | Path | BinaryIO,
    *,
    options: LayoutOptions | None = None,
) -> None:
    """Write the report as `fmt`. PDF raises `reports.exporters.pdf.PdfUnavailable` (a Thai message)
    when Chromium is missing or fails. XLSX totals of mean columns are live formulas when the report
    was assembled with `bases=True`."""
    if fmt == "docx":
        from tidtam.reports.exporters.docx import DocxWriter

        from .layout import consolidated_layout

        writer = DocxWriter(consolidated_layout(report, options))
        writer.build()
        writer.save(target)
    elif fmt == "pdf":
        from tidtam.reports.exporters.pdf import write_layout_pdf

        from .layout import consolidated_layout

        write_layout_pdf(consolidated_layout(report, options), target)
    elif fmt == "xlsx":
        from .xlsx import write_consolidated_xlsx

        write_consolidated_xlsx(report, target)
    else:
        raise ValueError(f"unknown format {fmt!r}")


def consolidated_bytes(
    report: ConsolidatedReport, fmt: str, *, options: LayoutOptions | None = None
) -> bytes:
    buf = io.BytesIO()
    write_consolidated(report, fmt, buf, options=options)
    return buf.getvalue()
