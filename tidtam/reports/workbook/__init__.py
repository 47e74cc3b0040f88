"""The agencies' Excel round trip: a fill-in workbook to download, and the upload read back, checked
and compared with what is saved (applied through the same service as web entry, on confirmation)."""

from .build import entry_workbook_bytes
from .read import UploadPreview, WorkbookRejected, arguments_from_json, arguments_to_json, read_upload

__all__ = [
    "UploadPreview",
    "WorkbookRejected",
    "arguments_from_json",
    "arguments_to_json",
    "entry_workbook_bytes",
    "read_upload",
]
