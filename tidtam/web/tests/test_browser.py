"""Whole journey in a real browser: log in, open the seed round, read item 1's computed totals."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tidtam.common.chromium import chromium_executable
from tidtam.orgs.models import Membership, OrgUnit
from tidtam.orgs.tests.factories import MembershipFactory, UserFactory

SCREENSHOT = Path("/tmp/tidtam-phone.png")  # noqa: S108 - a fixed place to look at the phone rendering

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_executable() is None, reason="ต้องมี chromium สำหรับการทดสอบในเบราว์เซอร์"),
]


@pytest.fixture
def seed_imported_by_commands():
    call_command("load_orgs")
    call_command("load_template", "tidtam/formdefs/templates/moe-inspection-2567-2.yaml")
    call_command("import_report", "data/seeds/th74-2567-r2.txt")


@pytest.mark.django_db(transaction=True)
def test_coordinator_reads_item_1_totals_of_the_seed_round(seed_imported_by_commands, live_server, page):
    office = OrgUnit.objects.get(code="TH-74-PEO")
    user = UserFactory(username="coordinator74", password="a-long-secret-99", first_name="ผู้ประสาน")
    MembershipFactory(user=user, org_unit=office, role=Membership.Role.COORDINATOR)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("ชื่อผู้ใช้").fill("coordinator74")
    page.get_by_label("รหัสผ่าน").fill("a-long-secret-99")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    page.get_by_role("link", name="TH-74/2567/2").click()
    page.wait_for_url("**/rounds/TH-74/2567/2/")

    item1 = page.locator("#item-1")
    assert "ยื่นคำขอ DPA" in item1.locator("table.results-table thead").inner_text()
    totals = item1.locator("table.results-table tr.total-row .total-value").all_inner_texts()
    assert totals == ["543", "496", "37", "10", "5"]

    # Readable on a phone: the page itself does not scroll sideways; wide tables scroll in their wrapper.
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 390
    item1.locator("table.results-table").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOT))
