"""Report downloads on the web: who may download what, and a clear Thai page when PDF cannot be made."""

import io
import json

import pytest
from django.urls import reverse
from docx import Document

from tidtam.orgs.models import Membership, OrgUnit
from tidtam.orgs.tests.factories import AgencyFactory, MembershipFactory, UserFactory

from .conftest import KEY, OFFICE


def url(fmt: str) -> str:
    return reverse("reports:download", kwargs={"key": KEY, "fmt": fmt})


@pytest.fixture
def reporter(seed_round):
    agency = OrgUnit.objects.get(code="TH-74-spp")
    return MembershipFactory(org_unit=agency, role=Membership.Role.AGENCY_REPORTER).user


def test_a_participating_agency_downloads_the_word_report(client, reporter):
    client.force_login(reporter)
    response = client.get(url("docx"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tidtam-TH-74-2567-2.docx"'
    doc = Document(io.BytesIO(response.content))
    assert OFFICE in [p.text for p in doc.paragraphs]


def test_json_and_excel_downloads(client, seed_round):
    client.force_login(UserFactory(is_superuser=True))
    data = json.loads(client.get(url("json")).content)
    assert data["office"]["name"] == OFFICE and len(data["items"]) == 14
    xlsx = client.get(url("xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_an_agency_outside_the_round_gets_not_found(client, seed_round):
    elsewhere = AgencyFactory(parent=OrgUnit.objects.get(code="TH-73-PEO"))  # an agency of Nakhon Pathom
    outsider = MembershipFactory(org_unit=elsewhere, role=Membership.Role.AGENCY_REPORTER).user
    client.force_login(outsider)
    assert client.get(url("docx")).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, seed_round):
    response = client.get(url("docx"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_unknown_format_is_not_found(client, reporter):
    client.force_login(reporter)
    assert client.get(url("odt")).status_code == 404


def test_pdf_without_chromium_explains_in_thai(client, reporter, monkeypatch):
    monkeypatch.setattr("tidtam.reports.exporters.pdf.chromium_binary", lambda: None)
    client.force_login(reporter)
    response = client.get(url("pdf"))
    assert response.status_code == 503
    assert "ไม่พบโปรแกรม Chromium" in response.content.decode()
