"""The whole entry loop in a real browser, on a phone-sized screen, with the demo data:
the reporter fills item 1, meets a validation error and fixes it; the head submits; the coordinator
returns it with a reason; the agency fixes and resubmits; the coordinator accepts; the completeness
page shows it accepted."""

import re
from pathlib import Path

import pytest
from django.utils import timezone

from tidtam.common.chromium import chromium_executable
from tidtam.common.thai import fiscal_year_be
from tidtam.demo.management.commands.seed_demo import DEMO_PASSWORD
from tidtam.submissions.models import Submission
from tidtam.testing import browser_login, load_demo

ROUND_KEY = f"TH-74/{fiscal_year_be(timezone.localdate())}/1"  # the demo's open round: this fiscal year
SCREENSHOT = Path("/tmp/tidtam-entry-phone.png")  # noqa: S108 - a fixed place to look at the phone rendering

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_executable() is None, reason="ต้องมี chromium สำหรับการทดสอบในเบราว์เซอร์"),
]


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    # Last round's follow-ups of item 1 are answered already (their own journey: followups/tests), so
    # that this journey is about the review loop.
    from tidtam.followups.selectors import followups_to_answer
    from tidtam.followups.services import followup_update
    from tidtam.orgs.models import User

    reporter = User.objects.get(username="reporter")
    for sub in Submission.objects.filter(round__key=ROUND_KEY, item__number=1, agency__short_name="สพป.สค."):
        for t in followups_to_answer(submission=sub):
            followup_update(
                followup=t.followup, by=reporter, status="in_progress", note="ดำเนินการแล้ว", round_=sub.round
            )


def login(page, base, username):
    browser_login(page, base, username)


def logout(page):
    page.get_by_role("button", name="ออกจากระบบ").click()
    page.wait_for_url("**/accounts/login/**")


def open_item_1(page, base):
    page.goto(f"{base}/work/")
    page.get_by_role("link", name=re.compile(r"^ข้อ 1 ")).click()
    page.wait_for_selector("#entry-form")


def value(page, label):
    return page.get_by_label(label, exact=True)


@pytest.mark.django_db(transaction=True)
def test_agency_enters_coordinator_returns_agency_fixes_coordinator_accepts(demo, live_server, page):
    from playwright.sync_api import expect

    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})

    # The reporter fills item 1; passed > submitted is caught while typing.
    login(page, base, "reporter")
    open_item_1(page, base)
    value(page, "ยื่นคำขอ DPA").fill("500")
    value(page, "ผ่านเกณฑ์").fill("๖๐๐")  # Thai digits are accepted
    value(page, "ไม่ผ่านเกณฑ์").fill("35")
    value(page, "รอผลจาก คกก.").fill("3")
    value(page, "รอเสนอ ตั้ง คกก.").fill("2")
    checks = page.locator("#value-checks")
    expect(checks).to_contain_text("ต้องไม่เกินจำนวนที่ยื่นคำขอ DPA", timeout=10_000)
    expect(page.locator("#msg-dpa_passed")).to_contain_text("ต้องไม่เกิน")
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    value(page, "ผ่านเกณฑ์").fill("460")
    expect(checks).not_to_contain_text("ต้องไม่เกินจำนวนที่ยื่นคำขอ DPA", timeout=10_000)
    page.locator("textarea[name='narrative-1']").fill("ชี้แจงหลักเกณฑ์ ว PA ให้สถานศึกษาทุกแห่งในสังกัด")
    expect(page.locator("#save-status")).to_contain_text("บันทึกร่างอัตโนมัติแล้ว", timeout=15_000)
    # Nothing is pending in the browser's local copy once the server has it.
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('tidtam:entry:')).length") == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # usable on a phone
    logout(page)

    # The head submits.
    login(page, base, "head")
    open_item_1(page, base)
    expect(value(page, "ผ่านเกณฑ์")).to_have_value("460")
    page.get_by_role("button", name="ส่งรายงาน").click()
    expect(page.locator("#entry-status")).to_have_text("ส่งแล้ว")
    logout(page)

    # The coordinator returns it with a reason pointing at 1.2.
    login(page, base, "coordinator")
    page.goto(f"{base}/rounds/{ROUND_KEY}/completeness/")
    page.locator("table.completeness-table tbody tr").first.get_by_role("link", name="ส่งแล้ว").click()
    page.get_by_label("ส่วนที่ต้องแก้ไข").select_option("X.2")
    page.get_by_label("เหตุผลในการส่งกลับ").fill("ยังไม่ได้ระบุปัญหาอุปสรรค")
    page.get_by_role("button", name="ส่งกลับให้แก้ไข").click()
    expect(page.locator("#entry-status")).to_have_text("ส่งกลับแก้ไข")
    logout(page)

    # The agency sees why, fixes it and submits again.
    login(page, base, "head")
    open_item_1(page, base)
    expect(page.locator(".return-banner")).to_contain_text("ยังไม่ได้ระบุปัญหาอุปสรรค")
    expect(page.locator(".return-banner")).to_contain_text("1.2")
    page.locator("textarea[name='problems-0-problem']").fill("ครูบางส่วนยังไม่คุ้นเคยกับระบบ DPA")
    page.locator("textarea[name='problems-0-solution']").fill("จัดอบรมเชิงปฏิบัติการ")
    page.get_by_role("button", name="ส่งรายงาน").click()
    expect(page.locator("#entry-status")).to_have_text("ส่งแล้ว")
    logout(page)

    # The coordinator accepts; the completeness page shows it.
    login(page, base, "coordinator")
    page.goto(f"{base}/rounds/{ROUND_KEY}/completeness/")
    page.locator("table.completeness-table tbody tr").first.get_by_role("link", name="ส่งแล้ว").click()
    page.get_by_role("button", name="รับรองรายงาน").click()
    expect(page.locator("#entry-status")).to_have_text("ส่งแล้ว")  # not without the confirmation ticked
    page.locator("input[name='confirm']").check()
    page.get_by_role("button", name="รับรองรายงาน").click()
    expect(page.locator("#entry-status")).to_have_text("รับรองแล้ว")
    page.goto(f"{base}/rounds/{ROUND_KEY}/completeness/")
    first_cell = page.locator("table.completeness-table tbody tr").first.locator("td").first
    expect(first_cell).to_contain_text("รับรองแล้ว")
    page.screenshot(path=str(SCREENSHOT.with_name("tidtam-completeness-phone.png")), full_page=True)
    expect(page.locator(".progress-card")).to_contain_text("รับรองแล้ว 1 ฉบับ")

    sub = Submission.objects.get(round__key=ROUND_KEY, item__number=1, agency__services__label="สพป.สค.")
    assert sub.status == Submission.Status.ACCEPTED
    assert list(sub.workflow_events.values_list("action", flat=True)) == [
        "submit",
        "return",
        "submit",
        "accept",
    ]
    assert list(sub.problems.values_list("problem", flat=True)) == ["ครูบางส่วนยังไม่คุ้นเคยกับระบบ DPA"]


@pytest.mark.django_db(transaction=True)
def test_nothing_typed_is_lost_offline_or_when_the_session_expires(demo, live_server, page, context):
    from django.contrib.sessions.models import Session
    from playwright.sync_api import expect

    base = live_server.url
    login(page, base, "reporter")
    open_item_1(page, base)
    status = page.locator("#save-status")
    narrative = page.locator("textarea[name='narrative-1']")
    sub = Submission.objects.get(round__key=ROUND_KEY, item__number=1, agency__services__label="สพป.สค.")

    # The connection drops while typing: the text waits in the browser and goes when it comes back.
    context.set_offline(True)
    narrative.fill("พิมพ์ขณะไม่มีสัญญาณ")
    expect(status).to_contain_text("ติดต่อเซิร์ฟเวอร์ไม่ได้", timeout=10_000)
    context.set_offline(False)
    expect(status).to_contain_text("บันทึกร่างอัตโนมัติแล้ว", timeout=20_000)
    assert sub.narratives.get().text == "พิมพ์ขณะไม่มีสัญญาณ"

    # The session expires: autosave says so in Thai, and the text survives a new login.
    _expire_sessions(Session)
    page.locator("textarea[name='success_factors']").fill("ผู้บริหารให้การสนับสนุน")
    expect(status).to_contain_text("หมดเวลาการเข้าสู่ระบบ", timeout=10_000)
    assert "/accounts/login/" not in page.url
    page.reload()  # the page itself now asks to log in
    page.get_by_label("ชื่อผู้ใช้").fill("reporter")
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_selector("#entry-form")
    expect(page.locator("#local-notice")).to_contain_text("ยังไม่ได้บันทึก")
    expect(page.locator("textarea[name='success_factors']")).to_have_value("ผู้บริหารให้การสนับสนุน")
    expect(status).to_contain_text("บันทึกร่างอัตโนมัติแล้ว", timeout=15_000)
    sub.refresh_from_db()
    assert sub.success_factors == "ผู้บริหารให้การสนับสนุน"


def _expire_sessions(session_model) -> None:
    """Delete every session. On SQLite the live server's thread may hold the table for a moment (the
    page still talks to it), so the delete is tried again briefly rather than failing the journey."""
    import time

    from django.db import OperationalError

    for attempt in range(20):
        try:
            session_model.objects.all().delete()
            return
        except OperationalError:
            if attempt == 19:
                raise
            time.sleep(0.25)
