"""Pages people read show Thai names, never internal codes (rule ids, anomaly kinds): a code may stay in
a tooltip (title attribute), but not in the text of the page. Checked on the seed report."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tidtam.formdefs.models import RoundParticipant
from tidtam.orgs.models import Membership, OrgUnit
from tidtam.orgs.tests.factories import MembershipFactory
from tidtam.submissions.models import Submission
from tidtam.testing import SEED_KEY

pytestmark = pytest.mark.django_db

# snake_case words: outcomes_le_submitted, joined_line, outlier_vs_previous:dpa_failed.
CODE = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?::[a-z0-9_]+)?(?![\w/.-])")


class VisibleText(HTMLParser):
    """The text a person sees: no attributes, no script or style contents."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def codes_in(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return sorted(set(CODE.findall(" ".join(parser.parts))))


def test_the_code_pattern_finds_what_it_must():
    assert codes_in("<p>กฎ <code>outcomes_le_submitted</code> · joined_line</p>") == [
        "joined_line",
        "outcomes_le_submitted",
    ]
    assert codes_in('<span title="outlier_vs_previous:dpa_failed">เปลี่ยนจากรอบก่อน</span>') == []


@pytest.fixture
def coordinator(seed_round):
    office = OrgUnit.objects.get(code="TH-74-PEO")
    return MembershipFactory(org_unit=office, role=Membership.Role.COORDINATOR).user


def test_data_quality_page_shows_rule_names_not_codes(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("validation:round_quality", kwargs={"key": SEED_KEY})).content.decode()
    assert "ผลการพิจารณา" in html and "คำสำคัญอาจพิมพ์ผิด" in html
    assert codes_in(html) == []


def test_import_anomalies_page_shows_kind_names_not_codes(client, coordinator, seed_round):
    client.force_login(coordinator)
    html = client.get(reverse("web:round_imports", kwargs={"key": SEED_KEY})).content.decode()
    assert "ต่อบรรทัดที่ถูกตัด" in html
    assert codes_in(html) == []


def test_entry_page_checks_show_no_codes(client, coordinator, seed_round):
    client.force_login(coordinator)
    label = RoundParticipant.objects.get(round=seed_round, label="สกร.สค.")
    sub = Submission.objects.get(round=seed_round, item__number=1, agency_id=label.agency_id)
    response = client.get(reverse("submissions:entry", kwargs={"pk": sub.pk}))
    html = response.content.decode()
    assert response.status_code == 200 and "ต้องไม่เกินจำนวนที่ยื่นคำขอ DPA" in html
    assert codes_in(html) == []
