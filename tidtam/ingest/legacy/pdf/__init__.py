"""Reading legacy reports from PDF: text layers (with Thai repair and table rebuilding) and scans (OCR)."""

from pathlib import Path

from ..document import Anomaly
from ..lines import SourceLine
from .limits import PdfRefused

__all__ = ["PdfLines", "PdfRefused", "read_pdf"]


class PdfLines(list[SourceLine]):
    """Source lines, plus what the reader itself has to report (an OCR'd source, unsure lines)."""

    def __init__(self, lines: list[SourceLine], anomalies: list[Anomaly] | None = None) -> None:
        super().__init__(lines)
        self.anomalies = anomalies or []


def read_pdf(path: Path) -> PdfLines:
    """A PDF with a text layer is read from it; a scan (no text layer) goes through OCR."""
    from .extract import has_text_layer, read_pdf_text

    if has_text_layer(path):
        return PdfLines(read_pdf_text(path))
    from .ocr import read_pdf_ocr

    return read_pdf_ocr(path)
