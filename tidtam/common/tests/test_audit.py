"""Audit: downloads and exports are logged (web, command line); commands name their actor."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from tidtam.common.commands import cli_actor_label
from tidtam.common.models import AuditEvent
from tidtam.common.services import audit_context, audit_record
from tidtam.orgs.tests.factories import UserFactory
from tidtam.testing import SEED_KEY as KEY

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def downloads():
    return AuditEvent.objects.filter(action="download")


def test_json_report_download_is_audited_with_user_file_and_url(client, seed_round):
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    url = reverse("reports:download", kwargs={"key": KEY, "fmt": "json"})
    response = client.get(url)
    assert response.status_code == 200
    event = downloads().get()
    assert event.actor == user and event.source == AuditEvent.Source.WEB
    assert event.changes["file"] == [None, "tidtam-TH-74-2567-2.json"]
    assert event.changes["target"] == [None, url]
    assert event.changes["what"] == [None, "reports:download"]


def test_dashboard_csv_download_is_audited(client, seed_round):
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    response = client.get(
        reverse("dashboards:dashboard"),
        {"item": 1, "fy": 2567, "round": 2, "format": "csv", "table": "breakdown"},
    )
    assert response.status_code == 200
    event = downloads().get()
    assert event.actor == user and event.changes["file"][1].endswith(".csv")
    assert "format=csv" in event.changes["target"][1]


def test_pages_refusals_and_head_requests_are_not_downloads(client, seed_round):
    client.force_login(UserFactory(is_superuser=True))
    client.get(reverse("web:round_detail", kwargs={"key": KEY}))
    client.head(reverse("reports:download", kwargs={"key": KEY, "fmt": "json"}))
    client.get(reverse("reports:download", kwargs={"key": "TH-74/2500/1", "fmt": "json"}))
    assert not downloads().exists()


def test_a_job_download_is_audited_once(client, seed_round):
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    response = client.post(reverse("reports:download", kwargs={"key": KEY, "fmt": "xlsx"}))
    job_url = response["Location"]
    client.get(job_url + "download/")
    assert AuditEvent.objects.filter(action="export_downloaded", actor=user).count() == 1
    assert not downloads().exists()


def test_cli_export_is_audited_with_the_actor_and_os_user(seed_round, tmp_path, capsys):
    UserFactory(username="somchai")
    out = tmp_path / "round.json"
    call_command("export", KEY, "--format", "json", "-o", str(out), "--actor", "somchai")
    call_command("export", KEY, "--format", "json")
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "tidtam.round/1"
    first, second = AuditEvent.objects.filter(action="export").order_by("id")
    assert first.actor.username == "somchai" and first.actor_label == cli_actor_label()
    assert first.source == AuditEvent.Source.CLI and first.model == "formdefs.round"
    assert first.changes["file"] == [None, "round.json"]
    assert second.actor is None and second.changes["target"] == [None, "stdout"]


def test_cli_export_with_an_unknown_actor_fails_before_writing(seed_round, tmp_path):
    with pytest.raises(CommandError, match="ไม่พบผู้ใช้"):
        call_command("export", KEY, "-o", str(tmp_path / "x.json"), "--actor", "ghost")
    assert not (tmp_path / "x.json").exists()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_audit_context_labels_events_and_ends_with_the_block(db):
    user = UserFactory()
    with audit_context(actor_label="cli:somchai"):
        inside = audit_record(actor=None, obj=user, action="x")
    outside = audit_record(actor=None, obj=user, action="y")
    assert inside.actor_label == "cli:somchai" and outside.actor_label == ""


def test_other_writing_commands_record_the_cli_actor(db, capsys):
    operator = UserFactory(username="operator")
    clerk = UserFactory(username="clerk")
    call_command("api_token", "clerk", "--actor", "operator")
    event = AuditEvent.objects.get(action="token_issue", object_id=str(clerk.pk))
    assert event.actor == operator and event.actor_label == cli_actor_label()


def test_truncated_reimport_from_the_shell_exits_non_zero_with_thai_on_stderr(tmp_path):
    """The real console script, against its own database file: the tester's report, replayed."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        "TIDTAM_SECRET_KEY": "test",
    }
    seed = ROOT / "data" / "seeds" / "th74-2567-r2.txt"
    truncated = tmp_path / "truncated.txt"
    truncated.write_text(
        "\n".join(seed.read_text(encoding="utf-8").splitlines()[:8]) + "\n", encoding="utf-8"
    )

    def tidtam(*args):
        return subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-c", "from tidtam.cli import main; main()", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    for args in (
        ("migrate", "-v0"),
        ("load-orgs",),
        ("load-template", "tidtam/formdefs/templates/moe-inspection-2567-2.yaml"),
        ("import-report", str(seed), "--quiet-anomalies"),
    ):
        done = tidtam(*args)
        assert done.returncode == 0, done.stderr
    refused = tidtam("import-report", str(truncated))
    assert refused.returncode != 0
    assert "58 → 0" in refused.stderr and "--force" in refused.stderr
    again = tidtam("import-report", str(seed), "--quiet-anomalies")
    assert again.returncode == 0 and again.stdout.strip().splitlines()[-1] == KEY
    listing = tidtam("round-archives", KEY)
    assert listing.returncode == 0 and "รายงาน 58" in listing.stdout
