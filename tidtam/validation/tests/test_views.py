"""The data-quality page of a round, on the imported seed."""

import json

import pytest
from django.urls import reverse

from tidtam.orgs.models import Membership, OrgUnit
from tidtam.orgs.tests.factories import MembershipFactory
from tidtam.validation.engine import check_round

from .conftest import SEED_KEY

pytestmark = pytest.mark.django_db
URL = reverse("validation:round_quality", kwargs={"key": SEED_KEY})


def coordinator_of(office_code: str):
    membership = MembershipFactory(
        org_unit=OrgUnit.objects.get(code=office_code), role=Membership.Role.COORDINATOR
    )
    return membership.user


def test_the_url_of_a_round_key_with_slashes():
    assert URL == "/rounds/TH-74/2567/2/quality/"


def test_anonymous_users_are_sent_to_log_in(client, seed_round):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_coordinator_of_another_province_gets_404(client, seed_round):
    client.force_login(coordinator_of("TH-10-PEO"))
    assert client.get(URL).status_code == 404
    assert client.get(URL + "?format=json").status_code == 404


def test_the_samut_sakhon_coordinator_sees_the_findings_per_item(client, seed_round):
    client.force_login(coordinator_of("TH-74-PEO"))
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    # Summary: 4 errors; 15 warnings about the text (2 letters of another script, 13 mistyped วิทยฐานะ).
    summary = page[page.index('id="quality-summary-title"') : page.index("quality-chart-title")]
    assert "<strong>4</strong>" in summary and "<strong>15</strong>" in summary
    # The item-1 finding, with its agency, rule (its Thai name; the code in a tooltip), message and numbers.
    item_1 = page[page.index('id="quality-item-1"') : page.index('id="quality-item-3"')]
    assert "สกร.สค." in item_1
    assert 'title="รหัสกฎ: outcomes_le_submitted">ผลการพิจารณา (ผ่าน + ไม่ผ่าน' in item_1
    assert "รอเสนอ ตั้ง คกก. 1 = 5 มากกว่า ยื่นคำขอ DPA 2" in item_1
    assert "ยื่นคำขอ DPA" in item_1  # numbers are named by their column
    assert "สพป.สค." not in item_1
    assert "ทั้งข้อ (แถวรวม)" in page and "แถวรวมนำค่าเฉลี่ยมาบวกกัน" in page
    assert reverse("web:round_detail", kwargs={"key": SEED_KEY}) in page


def test_findings_download_as_json(client, seed_round):
    client.force_login(coordinator_of("TH-74-PEO"))
    response = client.get(URL + "?format=json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert 'attachment; filename="TH-74-2567-2-findings.json"' == response["Content-Disposition"]
    assert json.loads(response.content) == [f.as_dict() for f in check_round(round_=seed_round)]


def test_only_safe_methods(client, seed_round):
    client.force_login(coordinator_of("TH-74-PEO"))
    assert client.post(URL).status_code == 405
