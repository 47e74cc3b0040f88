"""Compare PDF text extractors on Thai reports: how many lines of the reference text each gets right.

    python scripts/pdf_extractors_compare.py REFERENCE.txt FILE.pdf [FILE.pdf ...]

A reference line (running text, 20+ characters, tables left out) counts as right when it appears in
the extractor's text once spaces and line breaks are removed; "+repair" applies tidtam's Thai repair
to the extractor's output first."""

import re
import subprocess
import sys
from pathlib import Path


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdfplumber_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join("".join(c["text"] for c in p.chars) for p in pdf.pages)


def pypdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)


def pdftotext_text(path: Path, *flags: str) -> str:
    return subprocess.run(["pdftotext", *flags, str(path), "-"], capture_output=True, text=True).stdout  # noqa: S603, S607


def pymupdf_text(path: Path) -> str:
    import fitz

    with fitz.open(str(path)) as doc:
        return "\n".join(p.get_text() for p in doc)


def pdfium_text(path: Path) -> str:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(path))
    return "\n".join(p.get_textpage().get_text_range() for p in doc)


def tidtam_text(path: Path) -> str:
    from tidtam.ingest.legacy.pdf.extract import read_pdf_text

    return "\n".join(line.raw for line in read_pdf_text(path))


EXTRACTORS = {
    "pdfplumber (pdfminer.six), drawing order": pdfplumber_text,
    "pypdf": pypdf_text,
    "pdftotext": lambda p: pdftotext_text(p),
    "pdftotext -layout": lambda p: pdftotext_text(p, "-layout"),
    "pymupdf": pymupdf_text,
    "pypdfium2": pdfium_text,
    "tidtam (pymupdf characters, positions, repair)": tidtam_text,
}


def main() -> None:
    import os

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from tidtam.ingest.legacy.pdf.repair import repair_thai

    reference = [
        line
        for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines()
        if len(line) >= 20 and "\t" not in line and "<" not in line
    ]
    for pdf in map(Path, sys.argv[2:]):
        print(f"== {pdf.name}: {len(reference)} reference lines")
        for name, extract in EXTRACTORS.items():
            try:
                text = extract(pdf)
            except Exception as exc:  # an extractor that fails is a result too
                print(f"{name:45} failed: {exc.__class__.__name__}")
                continue
            variants = [(name, text)]
            if not name.startswith("tidtam"):
                variants.append((f"{name} +repair", repair_thai(text)))
            for label, body in variants:
                flat = squash(body)
                right = sum(1 for line in reference if squash(line) in flat)
                print(f"{label:55} {right:5d}")


if __name__ == "__main__":
    main()
