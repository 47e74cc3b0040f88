"""Offline forms in a real browser (the service worker, static/js/offline.js and entry.js together):
a reporter who opened the work list once opens an assigned form with no connection, types, sees the
offline banner, and the change is saved when the connection returns; if someone saved the report
meanwhile, the conflict view opens instead of an overwrite. Logging out forgets the kept pages."""

import re
import time

import pytest
from django.utils import timezone

from tidtam.common.chromium import chromium_executable
from tidtam.common.thai import fiscal_year_be
from tidtam.submissions.models import Submission
from tidtam.testing import browser_login, load_demo

ROUND_KEY = f"TH-74/{fiscal_year_be(timezone.localdate())}/1"  # the demo's open round: this fiscal year
OFFLINE_BANNER = "ขณะนี้ออฟไลน์"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_executable() is None, reason="ต้องมี chromium สำหรับการทดสอบในเบราว์เซอร์"),
]


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "service_workers": "allow"}


@pytest.fixture(autouse=True)
def browser_closed_before_the_database_is_emptied(context):
    """The service worker can still be sending a kept change when a test ends. On SQLite a request in
    flight locks its tables, and emptying the database after the test then fails (and leaves this
    test's data to the next one): close the browser first and give the server a moment to answer."""
    yield
    context.close()
    time.sleep(1.0)


def login(page, base, username):
    browser_login(page, base, username)


def item_1():
    return Submission.objects.get(round__key=ROUND_KEY, item__number=1, agency__services__label="สพป.สค.")


def open_work_list_online(page, base):
    """The visit that keeps the assigned forms: /work/ asks the worker, which answers when done."""
    page.goto(f"{base}/work/")
    page.wait_for_selector("html[data-offline-ready]", timeout=30_000)
    return page.get_by_role("link", name=re.compile(r"^ข้อ 1 ")).get_attribute("href")


def edit_offline(page, context, base, href, text):
    from playwright.sync_api import expect

    context.set_offline(True)
    # A page that was never kept gets the Thai notice: the worker really has no network.
    page.goto(f"{base}/dashboards/")
    expect(page.locator("h1")).to_contain_text("ไม่มีการเชื่อมต่ออินเทอร์เน็ต")
    page.goto(f"{base}{href}")
    page.wait_for_selector("#entry-form")
    expect(page.locator("#offline-banner")).to_be_visible()
    expect(page.locator("#offline-banner")).to_contain_text(OFFLINE_BANNER)
    page.locator("textarea[name='narrative-1']").fill(text)
    expect(page.locator("#save-status")).to_contain_text("ติดต่อเซิร์ฟเวอร์ไม่ได้", timeout=10_000)


@pytest.mark.django_db(transaction=True)
def test_an_assigned_form_opens_and_is_edited_offline_and_saves_on_reconnect(
    demo, live_server, page, context
):
    from playwright.sync_api import expect

    base = live_server.url
    login(page, base, "reporter")
    href = open_work_list_online(page, base)
    version = item_1().version

    edit_offline(page, context, base, href, "พิมพ์ขณะออฟไลน์ทั้งหน้า")
    assert not item_1().narratives.exists()

    context.set_offline(False)
    expect(page.locator("#save-status")).to_contain_text("บันทึกร่างอัตโนมัติแล้ว", timeout=20_000)
    expect(page.locator("#offline-banner")).to_be_hidden()
    sub = item_1()
    assert sub.narratives.get().text == "พิมพ์ขณะออฟไลน์ทั้งหน้า"
    assert sub.version == version + 1  # saved through the same optimistic locking


@pytest.mark.django_db(transaction=True)
def test_a_report_changed_meanwhile_leads_to_the_conflict_view(demo, live_server, page, context):
    from django.contrib.auth import get_user_model
    from playwright.sync_api import expect

    from tidtam.submissions.services import submission_update

    base = live_server.url
    login(page, base, "reporter")
    href = open_work_list_online(page, base)
    edit_offline(page, context, base, href, "ฉบับที่พิมพ์ขณะออฟไลน์")

    # Meanwhile the head saves the same report.
    sub = item_1()
    head = get_user_model().objects.get(username="head")
    submission_update(submission=sub, by=head, expected_version=sub.version, success_factors="หัวหน้าแก้ไขก่อน")

    context.set_offline(False)
    expect(page.locator("h1")).to_contain_text("มีผู้อื่นบันทึกรายงานนี้ก่อนท่าน", timeout=20_000)
    expect(page.locator(".conflict-table")).to_contain_text("ฉบับที่พิมพ์ขณะออฟไลน์")
    sub = item_1()
    assert sub.success_factors == "หัวหน้าแก้ไขก่อน"
    assert not sub.narratives.exists()  # nothing overwritten before the reporter chooses


@pytest.mark.django_db(transaction=True)
def test_logging_out_forgets_the_kept_pages(demo, live_server, page, context):
    from playwright.sync_api import expect

    base = live_server.url
    login(page, base, "reporter")
    href = open_work_list_online(page, base)
    kept = (
        "caches.open('tidtam-pages-v1').then(c => c.keys()).then(ks => ks.map(r => new URL(r.url).pathname))"
    )
    assert href in page.evaluate(kept)

    page.get_by_role("button", name="ออกจากระบบ").click()
    page.wait_for_url("**/accounts/login/**")
    assert page.evaluate(kept) == []

    context.set_offline(True)
    page.goto(f"{base}{href}")
    expect(page.locator("h1")).to_contain_text("ไม่มีการเชื่อมต่ออินเทอร์เน็ต")
    context.set_offline(False)


@pytest.mark.django_db(transaction=True)
def test_changes_queued_for_a_form_no_longer_on_screen_are_sent_on_reconnect(
    demo, live_server, page, context
):
    from playwright.sync_api import expect

    base = live_server.url
    login(page, base, "reporter")
    href = open_work_list_online(page, base)
    edit_offline(page, context, base, href, "ส่งจากคิวเมื่อกลับมาออนไลน์")

    # Still offline, the reporter goes back to the work list (kept too); the change waits in the queue.
    page.goto(f"{base}/work/")
    expect(page.locator("#offline-banner")).to_be_visible()
    queued = "Object.keys(localStorage).filter(k => k.startsWith('tidtam:entry:')).length"
    assert page.evaluate(queued) == 1

    context.set_offline(False)
    page.wait_for_function(f"() => {queued} === 0", timeout=20_000)
    assert item_1().narratives.get().text == "ส่งจากคิวเมื่อกลับมาออนไลน์"
