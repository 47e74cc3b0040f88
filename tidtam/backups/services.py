"""`tidtam backup` and `tidtam restore`: the database and media files in one archive (archive.py).

Backup reads one consistent snapshot (a repeatable-read transaction on PostgreSQL, one read transaction on
SQLite). Restore loads into an empty database only, unless forced, and can prove the result: with
`verify`, every round's JSON export must match the fingerprint taken at backup time.
"""

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from .archive import BackupError, copy_media, fixture_counts, media_files, opened_archive, write_archive
from .rounds import fingerprint_differences, round_fingerprints

# Recreated by `migrate` itself (content types, permissions) or worthless after a restore (sessions).
NOT_BACKED_UP = ["contenttypes", "auth.permission", "sessions"]
Say = Callable[[str], None]


@dataclass
class RestoreResult:
    objects: int
    media_files: int
    rounds: int
    verified: bool
    differences: list[str] = field(default_factory=list)


def _quiet(_message: str) -> None:
    pass


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def backup_create(*, output: Path, verify: bool = False, say: Say = _quiet) -> dict[str, Any]:
    """Write the archive to `output`; returns its manifest. With `verify`, read it back and check it."""
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="tidtam-backup-") as tmp:
        database = Path(tmp) / "database.jsonl"
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            say("กำลังส่งออกฐานข้อมูล")
            call_command(
                "dumpdata",
                natural_foreign=True,
                use_base_manager=True,
                exclude=NOT_BACKED_UP,
                format="jsonl",
                output=str(database),
                verbosity=0,
            )
            say("กำลังคำนวณค่าตรวจสอบข้อมูลส่งออกของทุกรอบ")
            fingerprints = round_fingerprints()
            migrations = _applied_migrations()
        manifest = {
            "created_at": timezone.now().isoformat(),
            "database_vendor": connection.vendor,
            "migrations": migrations,
            "counts": fixture_counts(database),
            "rounds": fingerprints,
        }
        say(f"กำลังเขียนไฟล์สำรอง ({len(media_files(media_root))} ไฟล์สื่อ)")
        output.parent.mkdir(parents=True, exist_ok=True)
        try:
            manifest = write_archive(
                output=output, database=database, media_root=media_root, manifest=manifest
            )
        except OSError as exc:
            raise BackupError(f"เขียนไฟล์สำรอง {output} ไม่ได้: {exc.strerror or exc}") from exc
    if verify:
        say("กำลังตรวจไฟล์สำรองที่เขียนแล้ว")
        with opened_archive(output) as archive:
            if fixture_counts(archive.database) != manifest["counts"]:
                raise BackupError("ไฟล์สำรองที่เขียนแล้วมีจำนวนรายการไม่ตรงกับฐานข้อมูล")
    return manifest


def database_rows() -> dict[str, int]:
    """Rows per model, leaving out what `migrate` creates by itself: all zero means an empty database."""
    skipped = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in skipped or not model._meta.managed:
            continue
        if n := model._base_manager.count():
            counts[label] = n
    return counts


def _check_migrations(manifest: dict[str, Any]) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            "ไฟล์สำรองนี้มาจาก Tidtam รุ่นที่ใหม่กว่า (มี migration ที่รุ่นนี้ไม่รู้จัก: "
            + ", ".join(unknown[:5])
            + "): ติดตั้งรุ่นเดียวกับที่สำรองไว้หรือใหม่กว่า แล้วกู้คืนอีกครั้ง"
        )


def backup_restore(
    *, path: Path, force: bool = False, verify: bool = False, say: Say = _quiet
) -> RestoreResult:
    """Load the archive at `path` into this database and MEDIA_ROOT (both empty, unless `force`)."""
    media_root = Path(settings.MEDIA_ROOT)
    with opened_archive(path) as archive:
        _check_migrations(archive.manifest)
        say("กำลังเตรียมโครงสร้างฐานข้อมูล (migrate)")
        call_command("migrate", interactive=False, verbosity=0)
        rows, files = database_rows(), media_files(media_root)
        if (rows or files) and not force:
            found = ", ".join(f"{label} {n} แถว" for label, n in sorted(rows.items())[:5])
            raise BackupError(
                "ฐานข้อมูลหรือโฟลเดอร์สื่อปลายทางไม่ว่าง "
                + (f"({found}) " if found else f"({len(files)} ไฟล์ใน {media_root}) ")
                + "จึงไม่กู้คืนทับ: ใช้ฐานข้อมูลใหม่ที่ว่าง หรือสั่ง --force เพื่อลบข้อมูลเดิมทั้งหมดแล้วกู้คืน"
            )
        with transaction.atomic():
            if rows:
                say("ลบข้อมูลเดิมทั้งหมด (--force)")
                call_command("flush", interactive=False, verbosity=0)
            say("กำลังนำเข้าข้อมูล")
            call_command("loaddata", str(archive.database), verbosity=0)
        if files:
            shutil.rmtree(media_root)
        say("กำลังคัดลอกไฟล์สื่อ")
        media_count = copy_media(archive.media, media_root)
        result = RestoreResult(
            objects=sum(archive.manifest.get("counts", {}).values()),
            media_files=media_count,
            rounds=len(archive.manifest.get("rounds", {})),
            verified=False,
        )
        if verify:
            say("กำลังเทียบข้อมูลส่งออก (JSON) ของทุกรอบกับตอนสำรอง")
            result.differences = fingerprint_differences(
                archive.manifest.get("rounds", {}), round_fingerprints()
            )
            result.verified = not result.differences
    return result
