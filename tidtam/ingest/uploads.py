"""Files uploaded for a bulk import: plain .txt/.docx/.pdf/.json files, or .zip archives of them.

A .zip is opened with bounds, never extracted to disk: at most MAX_FILES files and MAX_TOTAL_BYTES
uncompressed in all (counted as read, not trusted from the archive's own header), no entry naming a
path outside the archive, no archive inside the archive, no encrypted entry. Names are kept for display
only; nothing is ever written under a name that came from the upload."""

import posixpath
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.utils.translation import gettext as _

from tidtam.common.thai import format_number

IMPORTABLE = (".txt", ".docx", ".pdf", ".json")
ARCHIVES = (".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz")
MAX_FILES = 200
MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_TOTAL_BYTES = 300 * 1024 * 1024
# Operating systems add these to archives; they are not reports.
_NOISE = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")


class UploadRefused(Exception):
    """The whole upload is refused; the message is for the user (Thai)."""


@dataclass(frozen=True)
class UploadedReport:
    name: str
    content: bytes
    problem: str = ""  # set when this one file cannot be imported (the rest of the upload can)


def _suffix(name: str) -> str:
    return PurePosixPath(name.lower()).suffix


def _mb(n: int) -> str:
    return format_number(n // (1024 * 1024))


def _read_bounded(stream: IO[bytes], limit: int) -> bytes | None:
    """At most `limit` bytes; None when there is more (a size header that lies cannot get past this)."""
    data = stream.read(limit + 1)
    return None if len(data) > limit else data


class _Budget:
    def __init__(self) -> None:
        self.files = 0
        self.bytes = 0

    def take(self, size: int) -> None:
        self.files += 1
        self.bytes += size
        if self.files > MAX_FILES:
            raise UploadRefused(
                _("อัปโหลดได้ครั้งละไม่เกิน %(n)s ไฟล์ (รวมไฟล์ใน .zip)") % {"n": format_number(MAX_FILES)}
            )
        if self.bytes > MAX_TOTAL_BYTES:
            raise UploadRefused(
                _("ไฟล์ทั้งหมดรวมกันเกิน %(mb)s MB (นับขนาดหลังแตก .zip)") % {"mb": _mb(MAX_TOTAL_BYTES)}
            )


def _safe_member(name: str) -> bool:
    if name.startswith(("/", "\\")) or "\\" in name or ":" in name.split("/")[0]:
        return False
    normal = posixpath.normpath(name)
    return not (normal == ".." or normal.startswith("../"))


def _zip_reports(archive_name: str, stream: IO[bytes], budget: _Budget) -> list[UploadedReport]:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadRefused(_("เปิดไฟล์ %(name)s ไม่ได้: ไม่ใช่ไฟล์ .zip ที่สมบูรณ์") % {"name": archive_name}) from exc
    reports = []
    with archive:
        for info in archive.infolist():
            name = info.filename
            if (
                info.is_dir()
                or any(part in name for part in _NOISE)
                or PurePosixPath(name).name.startswith(".")
            ):
                continue
            if not _safe_member(name):
                raise UploadRefused(
                    _("ไฟล์ %(archive)s มีชื่อไฟล์ที่ชี้ออกนอกโฟลเดอร์ (%(name)s) จึงไม่รับทั้งไฟล์")
                    % {"archive": archive_name, "name": name}
                )
            if _suffix(name) in ARCHIVES:
                raise UploadRefused(
                    _("ไฟล์ %(archive)s มีไฟล์บีบอัดซ้อนอยู่ข้างใน (%(name)s) กรุณาแตกไฟล์ซ้อนออกก่อน")
                    % {"archive": archive_name, "name": name}
                )
            if info.flag_bits & 0x1:
                raise UploadRefused(_("ไฟล์ %(archive)s ตั้งรหัสผ่านไว้ จึงเปิดไม่ได้") % {"archive": archive_name})
            shown = f"{archive_name}/{name}"
            if _suffix(name) not in IMPORTABLE:
                budget.take(0)
                reports.append(UploadedReport(shown, b"", _unsupported()))
                continue
            try:
                with archive.open(info) as member:
                    content = _read_bounded(member, MAX_FILE_BYTES)
            except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
                raise UploadRefused(
                    _("อ่าน %(name)s ใน %(archive)s ไม่ได้: ไฟล์ .zip เสียหาย")
                    % {"name": name, "archive": archive_name}
                ) from exc
            if content is None:
                budget.take(MAX_FILE_BYTES)
                reports.append(UploadedReport(shown, b"", _too_big()))
                continue
            budget.take(len(content))
            reports.append(UploadedReport(shown, content))
    return reports


def _unsupported() -> str:
    return _("ไม่รองรับชนิดไฟล์นี้ (นำเข้าได้เฉพาะ .txt .docx .json หรือ .zip ของไฟล์เหล่านี้)")


def _too_big() -> str:
    return _("ไฟล์ใหญ่เกิน %(mb)s MB") % {"mb": _mb(MAX_FILE_BYTES)}


def expand_uploads(files: Iterable) -> list[UploadedReport]:
    """The reports in the uploaded files (Django UploadedFile objects), .zip archives opened."""
    budget = _Budget()
    reports: list[UploadedReport] = []
    for upload in files:
        name = PurePosixPath(str(upload.name).replace("\\", "/")).name or "file"
        suffix = _suffix(name)
        if suffix == ".zip":
            reports += _zip_reports(name, upload, budget)
            continue
        if suffix in ARCHIVES:
            budget.take(0)
            reports.append(UploadedReport(name, b"", _("รองรับเฉพาะไฟล์บีบอัดแบบ .zip")))
            continue
        if suffix not in IMPORTABLE:
            budget.take(0)
            reports.append(UploadedReport(name, b"", _unsupported()))
            continue
        if upload.size > MAX_FILE_BYTES:
            budget.take(0)
            reports.append(UploadedReport(name, b"", _too_big()))
            continue
        content = upload.read()
        budget.take(len(content))
        reports.append(UploadedReport(name, content))
    if not reports:
        raise UploadRefused(_("ไม่พบไฟล์รายงานในสิ่งที่อัปโหลด"))
    return reports
