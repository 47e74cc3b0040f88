"""PDFs of the seed report, made the ways offices make them (test fixture; built at test time, cached).

a  our own .docx export, printed to PDF by LibreOffice
b  a plain Word-style .docx with real tables (legacy layout), printed by LibreOffice
c  our PDF export (Chromium's print)
e  the same Word-style .docx with its table borders removed (tables only by the words' positions)
d  image-only: pages of (b) rendered by poppler and put back into a PDF without any text (a scan)
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from docx.oxml.ns import qn

from .docx_layout import write_legacy_docx

MISSING_IN_CI = "ในการทดสอบบนเครื่อง CI ต้องติดตั้งแพ็กเกจนี้ (scripts/system-deps.sh)"


def need(binary: str) -> None:
    """Skip where a Debian tool is missing, except in CI, where a missing package is a failure."""
    if shutil.which(binary) is None:
        if os.environ.get("CI"):
            pytest.fail(f"ไม่พบ {binary}: {MISSING_IN_CI}")
        pytest.skip(f"ไม่พบ {binary}")


def soffice_pdf(docx: Path, out_dir: Path) -> Path:
    need("soffice")
    profile = out_dir / "lo-profile"
    subprocess.run(  # noqa: S603
        [  # noqa: S607
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out_dir / f"{docx.stem}.pdf"


def gridded_legacy_docx(data: dict, path: Path) -> None:
    """The legacy layout with Word's ordinary grid tables."""
    from docx import Document

    write_legacy_docx(data, path)
    doc = Document(str(path))
    for table in doc.tables:
        table.style = "Table Grid"
    doc.save(str(path))


def borderless_legacy_docx(data: dict, path: Path) -> None:
    """The legacy layout with tables that print without any lines (Word's table, borders removed)."""
    from docx import Document

    write_legacy_docx(data, path)
    doc = Document(str(path))
    for table in doc.tables:
        table.style = "Normal Table"  # Word's base table style: no borders, no shading
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        if borders is not None:
            table._tbl.tblPr.remove(borders)
    doc.save(str(path))


def scan_of(pdf: Path, out: Path, first: int, last: int) -> Path:
    """An image-only PDF of some pages: what a scanner gives."""
    import img2pdf

    need("pdftoppm")
    prefix = out.parent / f"{out.stem}-page"
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-r", "200", "-gray", "-png", "-f", str(first), "-l", str(last), str(pdf), str(prefix)],  # noqa: S607
        check=True,
        timeout=120,
    )
    pages = sorted(out.parent.glob(f"{out.stem}-page*.png"))
    out.write_bytes(img2pdf.convert([str(p) for p in pages], rotation=img2pdf.Rotation.ifvalid))
    return out


def build(kind: str, cache: Path, data: dict, key: str) -> Path:
    target = cache / f"{kind}.pdf"
    if target.exists():
        return target
    if kind == "a":
        docx = cache / "a.docx"
        call_command("export", key, "--format", "docx", "--no-charts", "-o", str(docx))
        return soffice_pdf(docx, cache)
    if kind == "b":
        docx = cache / "b.docx"
        gridded_legacy_docx(data, docx)
        return soffice_pdf(docx, cache)
    if kind == "e":
        docx = cache / "e.docx"
        borderless_legacy_docx(data, docx)
        return soffice_pdf(docx, cache)
    if kind == "c":
        need("chromium")
        call_command("export", key, "--format", "pdf", "--no-charts", "-o", str(target))
        return target
    raise ValueError(kind)
