"""`tidtam backup` / `tidtam restore`: the seed round survives a round trip byte for byte (its JSON export),
with its media; a non-empty target, a damaged archive or a newer backup is refused in Thai."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tidtam.common.models import AuditEvent
from tidtam.formdefs.models import Round
from tidtam.orgs.models import User
from tidtam.reports.exporters.json import round_json_text
from tidtam.testing import SEED_KEY, load_seed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "attachments").mkdir(parents=True)
    (settings.MEDIA_ROOT / "attachments" / "หลักฐาน.txt").write_text("ภาพถ่ายกิจกรรม", encoding="utf-8")
    return settings.MEDIA_ROOT


@pytest.fixture
def seeded(media):
    load_seed()
    User.objects.create_user(username="coordinator74", password="a-long-secret-99")
    return {r.key: round_json_text(r) for r in Round.objects.all()}


def run(*args: str) -> str:
    err = io.StringIO()
    call_command(*args, stderr=err, stdout=io.StringIO())
    return err.getvalue()


def wipe(media: Path) -> None:
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def rewrite_archive(source: Path, target: Path, change) -> None:
    """Copy an archive member by member, letting `change(name, data)` alter a member's bytes."""
    with tarfile.open(source, "r:gz") as src, tarfile.open(target, "w:gz") as dst:
        for member in src.getmembers():
            data = change(member.name, src.extractfile(member).read())
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))


def test_round_trip_reproduces_every_round_export_and_the_media(seeded, media, tmp_path):
    archive = tmp_path / "tidtam.tar.gz"
    said = run("backup", "-o", str(archive), "--verify")
    assert "1 รอบการตรวจ" in said and "1 ไฟล์สื่อ" in said and "(ตรวจแล้ว)" in said
    audit_before = list(AuditEvent.objects.order_by("pk").values_list("pk", "action", "object_id"))

    wipe(media)
    assert not Round.objects.exists()
    said = run("restore", str(archive), "--verify")

    assert "ตรงกับตอนสำรองทุกไบต์" in said
    assert {r.key: round_json_text(r) for r in Round.objects.all()} == seeded
    assert list(AuditEvent.objects.order_by("pk").values_list("pk", "action", "object_id")) == audit_before
    assert User.objects.get(username="coordinator74").check_password("a-long-secret-99")
    assert (media / "attachments" / "หลักฐาน.txt").read_text(encoding="utf-8") == "ภาพถ่ายกิจกรรม"


def test_restore_refuses_a_non_empty_database_unless_forced(seeded, media, tmp_path):
    archive = tmp_path / "tidtam.tar.gz"
    run("backup", "-o", str(archive))
    User.objects.create_user(username="added-after-backup")

    with pytest.raises(CommandError, match="ไม่ว่าง.*--force"):
        run("restore", str(archive))
    assert User.objects.filter(username="added-after-backup").exists()

    run("restore", str(archive), "--force", "--verify")
    assert not User.objects.filter(username="added-after-backup").exists()
    assert (
        Round.objects.get(key=SEED_KEY)
        and round_json_text(Round.objects.get(key=SEED_KEY)) == seeded[SEED_KEY]
    )


def test_verify_names_a_round_whose_export_differs(seeded, media, tmp_path):
    archive, altered = tmp_path / "tidtam.tar.gz", tmp_path / "altered.tar.gz"
    run("backup", "-o", str(archive))

    def wrong_fingerprint(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["rounds"][SEED_KEY] = "0" * 64
        return json.dumps(manifest).encode()

    rewrite_archive(archive, altered, wrong_fingerprint)
    wipe(media)
    with pytest.raises(CommandError, match=f"รอบ {SEED_KEY} ไม่ตรงกับตอนสำรอง"):
        run("restore", str(altered), "--verify")


def test_a_damaged_member_is_refused_before_anything_is_loaded(seeded, media, tmp_path):
    archive, damaged = tmp_path / "tidtam.tar.gz", tmp_path / "damaged.tar.gz"
    run("backup", "-o", str(archive))
    rewrite_archive(archive, damaged, lambda name, data: b"x" + data if name.startswith("media/") else data)
    wipe(media)

    with pytest.raises(CommandError, match="ไม่ตรงกับค่าตรวจสอบ"):
        run("restore", str(damaged))
    assert not Round.objects.exists()


def test_not_an_archive_and_a_newer_backup_get_thai_messages(seeded, media, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_text("not an archive")
    with pytest.raises(CommandError, match="ไฟล์เสียหายหรือไม่ใช่ไฟล์สำรองของ Tidtam"):
        run("restore", str(junk))
    with pytest.raises(CommandError, match="ไม่พบไฟล์สำรอง"):
        run("restore", str(tmp_path / "absent.tar.gz"))

    archive, newer = tmp_path / "tidtam.tar.gz", tmp_path / "newer.tar.gz"
    run("backup", "-o", str(archive))

    def future_migration(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["formdefs"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    rewrite_archive(archive, newer, future_migration)
    with pytest.raises(CommandError, match="รุ่นที่ใหม่กว่า.*formdefs.9999_from_the_future"):
        run("restore", str(newer), "--force")
    assert User.objects.filter(username="coordinator74").exists()
