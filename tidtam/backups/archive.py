"""The backup archive: one .tar.gz holding the database as Django fixtures, the media files, and a manifest.

Layout:
    manifest.json     format, creation time, database vendor, applied migrations, object counts,
                      each round's export fingerprint, and the SHA-256 of every other member
    database.jsonl    `dumpdata --natural-foreign` (one object a line; loads on SQLite and PostgreSQL)
    media/...         the files under MEDIA_ROOT

Why fixtures and not pg_dump: one format for both databases (a PostgreSQL backup can be checked by
restoring it into a scratch SQLite file, and a SQLite pilot can move to PostgreSQL), no client binaries of
the server's exact version, and primary keys kept, so audit records that name objects by id stay true.
The price is speed on very large databases; docs/operations.md says when to add pg_dump.
"""

import hashlib
import json
import shutil
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = "tidtam.backup/1"
MANIFEST = "manifest.json"
DATABASE = "database.jsonl"
MEDIA = "media"
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator, in Thai."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def fixture_counts(path: Path) -> dict[str, int]:
    """Objects per model in a .jsonl fixture, read a line at a time."""
    counts: Counter[str] = Counter()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                counts[json.loads(line)["model"]] += 1
    return dict(counts)


def write_archive(
    *, output: Path, database: Path, media_root: Path, manifest: dict[str, Any]
) -> dict[str, Any]:
    """Write the archive next to `output`, move it into place only when complete; returns the manifest."""
    files = {DATABASE: sha256_of(database)}
    media = media_files(media_root)
    for path in media:
        files[f"{MEDIA}/{path.relative_to(media_root).as_posix()}"] = sha256_of(path)
    manifest = {"format": FORMAT, **manifest, "files": files}
    partial = output.with_name(output.name + ".part")
    with tempfile.TemporaryDirectory() as tmp:
        manifest_path = Path(tmp) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(manifest_path, arcname=MANIFEST)
            tar.add(database, arcname=DATABASE)
            for path in media:
                tar.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
    partial.replace(output)
    return manifest


@dataclass
class OpenedArchive:
    root: Path
    manifest: dict[str, Any]

    @property
    def database(self) -> Path:
        return self.root / DATABASE

    @property
    def media(self) -> Path:
        return self.root / MEDIA


@contextmanager
def opened_archive(path: Path) -> Iterator[OpenedArchive]:
    """Unpack into a temporary folder and check it against its manifest; raise BackupError otherwise."""
    if not path.is_file():
        raise BackupError(f"ไม่พบไฟล์สำรอง {path}")
    with tempfile.TemporaryDirectory(prefix="tidtam-restore-") as tmp:
        root = Path(tmp)
        try:
            with tarfile.open(path, "r:gz") as tar:
                tar.extractall(root, filter="data")  # refuses absolute paths, links out, devices
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"เปิดไฟล์สำรอง {path} ไม่ได้: ไฟล์เสียหายหรือไม่ใช่ไฟล์สำรองของ Tidtam") from exc
        manifest = _read_manifest(root)
        _check_members(root, manifest)
        yield OpenedArchive(root=root, manifest=manifest)


def _read_manifest(root: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError("ไฟล์สำรองไม่มีบัญชีรายการ (manifest.json) ที่อ่านได้") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"ไม่รู้จักรูปแบบไฟล์สำรองนี้ (ต้องเป็น {FORMAT})")
    return manifest


def _check_members(root: Path, manifest: dict[str, Any]) -> None:
    expected: dict[str, str] = manifest.get("files", {})
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} - {MANIFEST}
    if DATABASE not in expected:
        raise BackupError("ไฟล์สำรองไม่มีข้อมูลฐานข้อมูล (database.jsonl)")
    missing = sorted(set(expected) - present)
    extra = sorted(present - set(expected))
    damaged = sorted(name for name in set(expected) & present if sha256_of(root / name) != expected[name])
    problems = [
        *(f"ขาดไฟล์ {name}" for name in missing),
        *(f"มีไฟล์ที่ไม่อยู่ในบัญชีรายการ {name}" for name in extra),
        *(f"ไฟล์ {name} ไม่ตรงกับค่าตรวจสอบ (SHA-256)" for name in damaged),
    ]
    if problems:
        raise BackupError("ไฟล์สำรองไม่สมบูรณ์: " + "; ".join(problems[:10]))


def copy_media(source: Path, target: Path) -> int:
    count = 0
    for path in media_files(source):
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
        count += 1
    return count
