"""Report downloads on the web: who may download what; documents are made by a background job whose
page gives the file (or a clear Thai message when PDF cannot be made); one PDF per user at a time."""

import io
import json

import pytest
from django.urls import reverse
from docx import Document

from tidtam.common.models import AuditEvent, Job
from tidtam.orgs.models import Membership, OrgUnit
from tidtam.orgs.tests.factories import AgencyFactory, MembershipFactory, UserFactory

from .conftest import KEY, OFFICE


def url(fmt: str) -> str:
    return reverse("reports:download", kwargs={"key": KEY, "fmt": fmt})


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def reporter(seed_round):
    agency = OrgUnit.objects.get(code="TH-74-spp")
    return MembershipFactory(org_unit=agency, role=Membership.Role.AGENCY_REPORTER).user


def start(client, fmt: str, query: str = "") -> Job:
    """Press the download button: a job starts and the browser goes to its page."""
    response = client.post(url(fmt) + query)
    assert response.status_code == 302
    job = Job.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert response["Location"] == reverse("jobs:detail", kwargs={"pk": job.pk})
    return job


def download(client, job: Job):
    response = client.get(reverse("jobs:download", kwargs={"pk": job.pk}))
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_a_participating_agency_downloads_the_word_report(client, reporter):
    client.force_login(reporter)
    job = start(client, "docx")
    assert job.status == Job.Status.DONE and job.title == "รายงาน TH-74/2567/2 (DOCX)"
    response, content = download(client, job)
    assert response["Content-Disposition"] == 'attachment; filename="tidtam-TH-74-2567-2.docx"'
    doc = Document(io.BytesIO(content))
    assert OFFICE in [p.text for p in doc.paragraphs]
    assert AuditEvent.objects.filter(action="export_downloaded", actor=reporter).count() == 1


def test_json_is_made_in_the_request_and_excel_by_a_job(client, seed_round):
    client.force_login(UserFactory(is_superuser=True))
    data = json.loads(client.get(url("json")).content)
    assert data["office"]["name"] == OFFICE and len(data["items"]) == 14
    _response, xlsx = download(client, start(client, "xlsx"))
    assert xlsx[:2] == b"PK"


def test_following_a_document_link_only_offers_the_button(client, reporter):
    client.force_login(reporter)
    response = client.get(url("docx"))
    assert response.status_code == 200 and "สร้างไฟล์" in response.content.decode()
    assert not Job.objects.exists()


def test_the_round_page_buttons_start_jobs(client, reporter):
    client.force_login(reporter)
    html = client.get(reverse("web:round_detail", kwargs={"key": KEY})).content.decode()
    assert f'<form method="post" action="{url("pdf")}"' in html
    assert f'href="{url("json")}"' in html


def test_an_agency_outside_the_round_gets_not_found(client, seed_round):
    elsewhere = AgencyFactory(parent=OrgUnit.objects.get(code="TH-73-PEO"))  # an agency of Nakhon Pathom
    outsider = MembershipFactory(org_unit=elsewhere, role=Membership.Role.AGENCY_REPORTER).user
    client.force_login(outsider)
    assert client.post(url("docx")).status_code == 404
    assert not Job.objects.exists()


def test_anonymous_users_are_sent_to_log_in(client, seed_round):
    response = client.post(url("docx"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_unknown_format_is_not_found(client, reporter):
    client.force_login(reporter)
    assert client.post(url("odt")).status_code == 404


def test_pdf_without_chromium_explains_in_thai(client, reporter, monkeypatch):
    monkeypatch.setattr("tidtam.reports.exporters.pdf.chromium_binary", lambda: None)
    client.force_login(reporter)
    job = start(client, "pdf")
    assert job.status == Job.Status.FAILED and "ไม่พบโปรแกรม Chromium" in job.error
    page = client.get(reverse("jobs:detail", kwargs={"pk": job.pk})).content.decode()
    assert "ไม่พบโปรแกรม Chromium" in page


def test_a_second_pdf_while_one_runs_gets_a_thai_message_and_a_link(client, reporter, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # nothing runs
    client.force_login(reporter)
    first = start(client, "pdf")
    response = client.post(url("pdf"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "กรุณารอให้เสร็จก่อน" in html and reverse("jobs:detail", kwargs={"pk": first.pk}) in html
    assert start(client, "docx").status == Job.Status.QUEUED  # other formats are not held back
