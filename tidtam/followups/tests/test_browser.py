"""In a real browser with the demo data: the reporter of สพป.สค. opens an item of the open round, sees last
round's problems under "ผลการติดตามจากรอบก่อน", resolves one with a reason and leaves another open."""

import pytest
from django.utils import timezone

from tidtam.common.chromium import chromium_executable
from tidtam.common.thai import fiscal_year_be
from tidtam.followups.models import FollowUp
from tidtam.submissions.models import Submission
from tidtam.testing import browser_login, load_demo

DEMO_ROUND = f"TH-74/{fiscal_year_be(timezone.localdate())}/1"  # the demo's open round: this fiscal year

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_executable() is None, reason="ต้องมี chromium สำหรับการทดสอบในเบราว์เซอร์"),
]


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()


@pytest.mark.django_db(transaction=True)
def test_reporter_resolves_one_followup_and_leaves_another_open(demo, live_server, page):
    agency_followups = FollowUp.objects.filter(agency__short_name="สพป.สค.")
    number = next(n for n in range(1, 15) if agency_followups.filter(item_number=n).count() >= 2)
    followups = list(agency_followups.filter(item_number=number).order_by("kind", "order"))
    # The open round uses the next form version: the item is found by its series, not its number.
    sub = Submission.objects.get(
        round__key=DEMO_ROUND, item__lineage=followups[0].item_lineage, agency__short_name="สพป.สค."
    )
    first, second = followups[0], followups[1]

    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, live_server.url, "reporter")
    page.goto(f"{live_server.url}/submissions/{sub.pk}/")
    panel = page.locator("#followups")
    assert "ผลการติดตามจากรอบก่อน" in panel.inner_text()

    card = page.locator(f"#followup-{first.pk}")
    card.get_by_label("สถานะ").select_option("resolved")
    card.get_by_label("สิ่งที่ได้ดำเนินการ / เหตุผล", exact=False).fill("จัดอบรมการยื่นคำขอผ่านระบบ DPA ครบทุกโรงเรียนแล้ว")
    card.get_by_role("button", name="บันทึกผลการติดตาม").click()
    page.wait_for_load_state()

    assert "บันทึกผลการติดตามแล้ว" in page.content()
    answered = page.locator(f"#followup-{first.pk}").inner_text()
    assert "รายงานในรอบนี้" in answered and "แก้ไขแล้ว" in answered
    assert "ยังไม่ได้รายงานในรอบนี้" in page.locator(f"#followup-{second.pk}").inner_text()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("resolved", "open")
    assert first.closed_in_round.key == DEMO_ROUND
