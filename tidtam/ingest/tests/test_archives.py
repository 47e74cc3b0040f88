"""Replacing a round safely: the old round is archived and restorable; an import that would drop most of
a round's content is refused (and changes nothing) unless forced."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from tidtam.common.models import AuditEvent
from tidtam.formdefs.models import Round
from tidtam.ingest.archives import round_archive_restore, round_content
from tidtam.ingest.models import ImportRun, RoundArchive
from tidtam.ingest.services import ContentDropped, RoundExists, report_import
from tidtam.reports.exporters.json import round_to_dict
from tidtam.submissions.models import Submission

from .conftest import SEED

pytestmark = pytest.mark.django_db
KEY = "TH-74/2567/2"


@pytest.fixture
def truncated(tmp_path, seed_text):
    path = tmp_path / "truncated.txt"
    path.write_text("\n".join(seed_text.splitlines()[:8]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def seeded(loaded):
    return report_import(path=SEED).round


def test_truncated_report_over_the_seed_is_refused_and_changes_nothing(seeded, truncated):
    before = round_to_dict(seeded)
    submissions = Submission.objects.filter(round__key=KEY).count()
    assert submissions == 58
    with pytest.raises(ContentDropped) as refused:
        report_import(path=truncated)
    message = str(refused.value)
    assert "รายงานของหน่วยงาน 58 → 0" in message and "ข้อที่มีข้อมูล 14 → 0" in message
    assert "ค่าในตาราง" in message and "ตัวอักษร" in message
    round_ = Round.objects.get(key=KEY)
    assert round_to_dict(round_) == before
    assert Submission.objects.filter(round__key=KEY).count() == 58
    assert not RoundArchive.objects.exists()  # rolled back with the refused import
    assert ImportRun.objects.filter(source_name="truncated.txt").count() == 0


def test_forced_replacement_keeps_the_old_round_as_an_archive_that_restores(seeded, truncated):
    exported = round_to_dict(seeded)
    outcome = report_import(path=truncated, force=True)
    assert outcome.replaced and Submission.objects.filter(round__key=KEY).count() == 0
    archive = RoundArchive.objects.get()
    assert archive.round_key == KEY and archive.reason == RoundArchive.Reason.REPLACED
    assert archive.data == exported
    assert archive.submissions == 58 and archive.items == 14 and archive.table_values > 0
    assert archive.original_source == SEED.name
    assert archive.replaced_by_source == "truncated.txt"
    assert archive.replaced_by_sha256 == hashlib.sha256(truncated.read_bytes()).hexdigest()
    assert f"#{archive.pk}" in outcome.run.anomalies.get(kind="replaced_round").message

    restored = round_archive_restore(archive=archive, by=None)
    assert round_to_dict(restored.round) == exported
    # The restore archived what it replaced, so it can be undone in turn.
    newest = RoundArchive.objects.first()
    assert newest.reason == RoundArchive.Reason.RESTORED_OVER and newest.submissions == 0
    assert AuditEvent.objects.filter(action="restore", object_id=str(restored.round.pk)).exists()
    assert AuditEvent.objects.filter(action="archive", model="ingest.roundarchive").count() == 2


def test_reimporting_the_same_seed_is_allowed_and_archived(seeded):
    before = round_content(round_=seeded)
    again = report_import(path=SEED)
    assert again.replaced and round_content(round_=again.round) == before
    assert RoundArchive.objects.count() == 1


def test_replace_false_refuses_an_existing_round(seeded):
    with pytest.raises(RoundExists, match="ยืนยัน"):
        report_import(path=SEED, replace=False)
    assert not RoundArchive.objects.exists()


def test_a_round_that_keeps_half_its_content_is_not_refused(seeded, tmp_path):
    data = round_to_dict(seeded)
    data["items"] = data["items"][: len(data["items"]) // 2 + 2]
    import json

    path = tmp_path / "most.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = round_content(round_=seeded)
    after = round_content(round_=report_import(path=path).round)
    assert after.items < before.items and not after.dropped_against(before)


def test_restore_by_a_user_needs_a_national_administrator(seeded, truncated, django_user_model):
    report_import(path=truncated, force=True)
    archive = RoundArchive.objects.get()
    clerk = django_user_model.objects.create_user("clerk")
    with pytest.raises(PermissionDenied):
        round_archive_restore(archive=archive, by=clerk)
    assert Submission.objects.filter(round__key=KEY).count() == 0
    boss = django_user_model.objects.create_superuser("boss")
    restored = round_archive_restore(archive=archive, by=boss)
    assert Submission.objects.filter(round=restored.round).count() == 58
    assert RoundArchive.objects.first().archived_by == boss


# --- the command line ---------------------------------------------------------------------------


def test_command_refuses_a_truncated_report_with_the_difference_in_thai(seeded, truncated):
    with pytest.raises(CommandError) as refused:
        call_command("import_report", str(truncated))
    assert "58 → 0" in str(refused.value) and "--force" in str(refused.value)
    assert Submission.objects.filter(round__key=KEY).count() == 58


def test_command_force_then_list_and_restore(seeded, truncated, capsys, django_user_model):
    django_user_model.objects.create_superuser("somchai")
    call_command("import_report", str(truncated), "--force", "--actor", "somchai")
    assert Submission.objects.filter(round__key=KEY).count() == 0
    run_audit = AuditEvent.objects.filter(action="import", model="formdefs.round").first()
    assert run_audit.actor.username == "somchai" and run_audit.actor_label.startswith("cli:")
    archive = RoundArchive.objects.get()
    capsys.readouterr()
    call_command("round_archives", KEY)
    listing = capsys.readouterr().out
    assert f"#{archive.pk}" in listing and "somchai" in listing and "รายงาน 58" in listing
    call_command("round_archives", KEY, "--restore", str(archive.pk))
    assert capsys.readouterr().out.strip().splitlines()[-1] == KEY
    assert Submission.objects.filter(round__key=KEY).count() == 58
    assert RoundArchive.objects.count() == 2


def test_command_restore_of_an_unknown_archive_fails_cleanly(seeded):
    with pytest.raises(CommandError, match="ไม่พบฉบับเก่า"):
        call_command("round_archives", KEY, "--restore", "999")


def test_command_refuses_an_unknown_actor(seeded):
    with pytest.raises(CommandError, match="ไม่พบผู้ใช้"):
        call_command("import_report", str(SEED), "--actor", "nobody")


def test_command_without_actor_records_the_os_user(loaded):
    call_command("import_report", str(SEED))
    event = AuditEvent.objects.get(action="import")
    assert event.actor is None and event.actor_label.startswith("cli:") and len(event.actor_label) > 4
