"""Bulk import on the web: administrators only; one job per file; replacing a round needs a
confirmation; a content-dropping file needs "force"; .zip uploads are bounded and safe."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tidtam.common.models import AuditEvent, Job
from tidtam.formdefs.models import Round
from tidtam.ingest.models import ImportBatch, ImportBatchFile, RoundArchive
from tidtam.ingest.services import report_import
from tidtam.orgs.models import Membership, OrgUnit
from tidtam.submissions.models import Submission

from .conftest import SEED

pytestmark = pytest.mark.django_db
KEY = "TH-74/2567/2"
URL = "/imports/bulk/"
Status = ImportBatchFile.Status


@pytest.fixture
def admin_client(client, loaded, django_user_model):
    user = django_user_model.objects.create_user("national_admin", password="x")
    Membership.objects.create(
        user=user, org_unit=OrgUnit.objects.get(kind=OrgUnit.Kind.MINISTRY), role=Membership.Role.ADMIN
    )
    client.force_login(user)
    client.user = user
    return client


def seed_upload(name="th74.txt", content=None):
    return SimpleUploadedFile(name, content if content is not None else SEED.read_bytes(), "text/plain")


def truncated_bytes() -> bytes:
    return ("\n".join(SEED.read_text(encoding="utf-8").splitlines()[:8]) + "\n").encode("utf-8")


def zip_of(entries: dict[str, bytes]) -> SimpleUploadedFile:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content in entries.items():
            z.writestr(name, content)
    return SimpleUploadedFile("reports.zip", buf.getvalue(), "application/zip")


def upload(client, *files):
    return client.post(URL, {"uploads": list(files)})


def test_page_uses_reverse_name():
    assert reverse("ingest:bulk_import") == URL


def test_new_round_imports_in_a_job_and_shows_its_result(admin_client):
    response = upload(admin_client, seed_upload())
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    file = batch.files.get()
    assert file.status == Status.DONE and file.round_key == KEY
    assert file.result["counts"]["info"] > 0 and file.result["coverage"] >= 0.99
    assert file.content == b""  # not kept once imported
    job = file.job
    assert job.kind == "legacy_import" and job.status == Job.Status.DONE and job.user == admin_client.user
    page = admin_client.get(response["Location"])
    text = page.content.decode()
    assert KEY in text and "ครอบคลุม" in text and f"/rounds/{KEY}/imports/" in text
    event = AuditEvent.objects.get(action="import", model="formdefs.round")
    assert event.actor == admin_client.user


def test_replacing_a_round_asks_first_and_changes_nothing_until_confirmed(admin_client):
    report_import(path=SEED)
    round_pk = Round.objects.get(key=KEY).pk
    upload(admin_client, seed_upload())
    file = ImportBatchFile.objects.get()
    assert file.status == Status.CONFIRM and file.job is None
    page = admin_client.get(f"{URL}{file.batch_id}/").content.decode()
    assert "ยืนยันการแทนที่" in page and KEY in page
    assert Round.objects.get(key=KEY).pk == round_pk
    # Confirming without ticking anything replaces nothing.
    admin_client.post(f"{URL}{file.batch_id}/confirm/", {})
    assert Round.objects.get(key=KEY).pk == round_pk
    admin_client.post(f"{URL}{file.batch_id}/confirm/", {"replace": [file.pk]})
    file.refresh_from_db()
    assert file.status == Status.DONE and file.result["replaced"]
    assert file.result["archive_id"] == RoundArchive.objects.get().pk
    assert Round.objects.get(key=KEY).pk != round_pk


def test_a_truncated_file_is_refused_until_forced_after_seeing_the_difference(admin_client):
    report_import(path=SEED)
    upload(admin_client, seed_upload("short.txt", truncated_bytes()))
    file = ImportBatchFile.objects.get()
    admin_client.post(f"{URL}{file.batch_id}/confirm/", {"replace": [file.pk]})
    file.refresh_from_db()
    assert file.status == Status.DROPPED and "58 → 0" in file.error
    assert file.job.status == Job.Status.FAILED and "58 → 0" in file.job.error
    assert Submission.objects.filter(round__key=KEY).count() == 58
    assert not RoundArchive.objects.exists()
    page = admin_client.get(f"{URL}{file.batch_id}/").content.decode()
    assert "บังคับนำเข้า" in page and "รายงานของหน่วยงาน 58 → 0" in page
    admin_client.post(f"{URL}{file.batch_id}/confirm/", {"force": [file.pk]})
    file.refresh_from_db()
    assert file.status == Status.DONE and file.forced
    assert Submission.objects.filter(round__key=KEY).count() == 0
    assert RoundArchive.objects.get().submissions == 58


def test_zip_of_reports_gives_one_job_per_file(admin_client, tmp_path):
    other = SEED.read_text(encoding="utf-8").replace(
        "รอบที่ 2 ประจำปีงบประมาณ พ.ศ. 2567", "รอบที่ 1 ประจำปีงบประมาณ พ.ศ. 2568"
    )
    archive = zip_of(
        {
            "folder/a.txt": SEED.read_bytes(),
            "folder/b.txt": other.encode("utf-8"),
            "notes.rtf": b"{\\rtf1}",
            "__MACOSX/._a.txt": b"junk",
        }
    )
    upload(admin_client, archive)
    files = {f.name: f for f in ImportBatchFile.objects.all()}
    assert set(files) == {"reports.zip/folder/a.txt", "reports.zip/folder/b.txt", "reports.zip/notes.rtf"}
    assert files["reports.zip/folder/a.txt"].status == Status.DONE
    assert files["reports.zip/folder/b.txt"].round_key == "TH-74/2568/1"
    assert files["reports.zip/notes.rtf"].status == Status.FAILED
    assert "ไม่รองรับชนิดไฟล์" in files["reports.zip/notes.rtf"].error
    assert Job.objects.filter(kind="legacy_import").count() == 2


@pytest.mark.parametrize(
    "entries, message",
    [
        ({"../evil.txt": b"x"}, "ชี้ออกนอกโฟลเดอร์"),
        ({"/etc/passwd.txt": b"x"}, "ชี้ออกนอกโฟลเดอร์"),
        ({"inner.zip": b"PK"}, "ไฟล์บีบอัดซ้อน"),
    ],
)
def test_unsafe_zip_is_refused_whole_with_a_thai_message(admin_client, entries, message):
    response = upload(admin_client, zip_of(entries))
    assert response.status_code == 400 and message in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_zip_bombs_and_too_many_files_are_refused(admin_client, monkeypatch):
    from tidtam.ingest import uploads

    monkeypatch.setattr(uploads, "MAX_FILES", 2)
    response = upload(admin_client, zip_of({f"{i}.txt": b"x" for i in range(3)}))
    assert response.status_code == 400 and "ไม่เกิน 2 ไฟล์" in response.content.decode()
    monkeypatch.setattr(uploads, "MAX_FILES", 200)
    monkeypatch.setattr(uploads, "MAX_TOTAL_BYTES", 1000)
    response = upload(admin_client, zip_of({"a.txt": b"0" * 600, "b.txt": b"0" * 600}))
    assert response.status_code == 400 and "รวมกันเกิน" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_damaged_zip_and_a_file_without_a_header_get_thai_messages(admin_client):
    response = upload(admin_client, SimpleUploadedFile("broken.zip", b"not a zip"))
    assert response.status_code == 400 and "ไม่ใช่ไฟล์ .zip" in response.content.decode()
    upload(admin_client, seed_upload("hello.txt", "สวัสดี\n".encode()))
    file = ImportBatchFile.objects.get()
    assert file.status == Status.FAILED and "รอบที่" in file.error


def test_json_export_imports_through_the_bulk_page(admin_client):
    from tidtam.reports.exporters.json import round_to_dict

    data = round_to_dict(report_import(path=SEED).round)
    Round.objects.all().delete()
    upload(admin_client, SimpleUploadedFile("round.json", json.dumps(data, ensure_ascii=False).encode()))
    assert ImportBatchFile.objects.get().status == Status.DONE


def test_polling_returns_the_fragment_and_reloads_when_all_finished(admin_client):
    upload(admin_client, seed_upload())
    batch = ImportBatch.objects.get()
    response = admin_client.get(f"{URL}{batch.pk}/", headers={"HX-Request": "true"})
    assert response.status_code == 200 and response["HX-Refresh"] == "true"
    assert "<html" not in response.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "coordinator", "provincial_admin", "national_analyst"])
def test_non_administrators_cannot_use_the_bulk_import(client, loaded, django_user_model, role):
    report_import(path=SEED)
    batch = ImportBatch.objects.create()
    waiting = ImportBatchFile.objects.create(
        batch=batch, name="a.txt", content=SEED.read_bytes(), sha256="0", round_key=KEY, status=Status.CONFIRM
    )
    if role != "anonymous":
        user = django_user_model.objects.create_user(role)
        units = {
            "coordinator": ("TH-74-PEO", Membership.Role.COORDINATOR),
            "provincial_admin": ("TH-74-PEO", Membership.Role.ADMIN),
            "national_analyst": (None, Membership.Role.NATIONAL_ANALYST),
        }
        code, r = units[role]
        unit = OrgUnit.objects.get(code=code) if code else OrgUnit.objects.get(kind=OrgUnit.Kind.MINISTRY)
        Membership.objects.create(user=user, org_unit=unit, role=r)
        client.force_login(user)
    expected = 302 if role == "anonymous" else 403
    assert client.get(URL).status_code == expected
    assert client.post(URL, {"uploads": [seed_upload()]}).status_code == expected
    assert client.get(f"{URL}{batch.pk}/").status_code == expected
    assert client.post(f"{URL}{batch.pk}/confirm/", {"replace": [waiting.pk]}).status_code == expected
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRM and ImportBatch.objects.count() == 1
    assert not RoundArchive.objects.exists()


def test_superuser_may_import(client, loaded, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root"))
    assert client.get(URL).status_code == 200


# --- archived versions on the web ---------------------------------------------------------------


def test_administrator_lists_and_restores_an_archive(admin_client):
    report_import(path=SEED)
    upload(admin_client, seed_upload("short.txt", truncated_bytes()))
    file = ImportBatchFile.objects.get()
    admin_client.post(f"{URL}{file.batch_id}/confirm/", {"replace": [file.pk]})
    admin_client.post(f"{URL}{file.batch_id}/confirm/", {"force": [file.pk]})
    archive = RoundArchive.objects.get()
    page = admin_client.get(f"/rounds/{KEY}/archives/").content.decode()
    assert f"#{archive.pk}" in page and "รายงาน 58" in page and "short.txt" in page
    response = admin_client.post(f"/rounds/{KEY}/archives/{archive.pk}/restore/")
    assert response.status_code == 302
    assert Submission.objects.filter(round__key=KEY).count() == 58
    assert RoundArchive.objects.count() == 2
    assert "กู้คืนฉบับเก่า" in admin_client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("role", ["anonymous", "coordinator"])
def test_others_cannot_see_or_restore_archives(client, loaded, django_user_model, role):
    report_import(path=SEED)
    report_import(path=SEED)
    archive = RoundArchive.objects.get()
    if role == "coordinator":
        user = django_user_model.objects.create_user("coord")
        Membership.objects.create(
            user=user, org_unit=OrgUnit.objects.get(code="TH-74-PEO"), role=Membership.Role.COORDINATOR
        )
        client.force_login(user)
    expected = 302 if role == "anonymous" else 403
    round_pk = Round.objects.get(key=KEY).pk
    assert client.get(f"/rounds/{KEY}/archives/").status_code == expected
    assert client.post(f"/rounds/{KEY}/archives/{archive.pk}/restore/").status_code == expected
    assert Round.objects.get(key=KEY).pk == round_pk and RoundArchive.objects.count() == 1


def test_the_anomalies_page_links_archives_for_administrators_only(admin_client, client, django_user_model):
    report_import(path=SEED)
    link = f"/rounds/{KEY}/archives/"
    assert link in admin_client.get(f"/rounds/{KEY}/imports/").content.decode()
    reader = django_user_model.objects.create_user("reader")
    Membership.objects.create(
        user=reader, org_unit=OrgUnit.objects.get(code="TH-74-PEO"), role=Membership.Role.COORDINATOR
    )
    client.force_login(reader)
    page = client.get(f"/rounds/{KEY}/imports/")
    assert page.status_code == 200 and link not in page.content.decode()


def test_posting_no_file_asks_for_one_in_thai(admin_client):
    response = admin_client.post(URL, {})
    assert response.status_code == 400 and "กรุณาเลือกไฟล์อย่างน้อยหนึ่งไฟล์" in response.content.decode()
    assert not ImportBatch.objects.exists()
