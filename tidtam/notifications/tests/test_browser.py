"""The bell and the list on a 390 px phone: the count shows, opening a notification reads it, nothing
scrolls sideways."""

import pytest

from tidtam.common.chromium import chromium_executable
from tidtam.notifications.models import Notification

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_executable() is None, reason="ต้องมี chromium สำหรับการทดสอบในเบราว์เซอร์"),
]
PASSWORD = "a-long-secret-99"


@pytest.mark.django_db(transaction=True)
def test_the_bell_on_a_phone(world, live_server, page):
    reporter = world.users["reporter"]
    reporter.set_password(PASSWORD)
    reporter.save()
    sub = world.sub()
    Notification.objects.create(
        recipient=reporter,
        round=world.round,
        submission=sub,
        kind="returned",
        title="รายงานข้อ 1 รอบ " + world.round.key + " ถูกส่งกลับแก้ไข" + " ยาวมาก" * 20,
        body="เหตุผล: " + "ตัวเลขไม่ตรงกับเอกสารแนบ" * 10,
        link=f"/submissions/{sub.pk}/",
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(reporter.username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_load_state("load")

    bell = page.get_by_role("link", name="การแจ้งเตือน: ยังไม่ได้อ่าน 1 รายการ")
    assert bell.is_visible() and bell.locator(".nav-bell-count").inner_text() == "1"
    box = bell.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24  # a tap target
    bell.click()
    page.wait_for_url("**/notifications/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator(".notification.is-unread a.notification-title").click()
    page.wait_for_url(f"**/submissions/{sub.pk}/")
    assert Notification.objects.get().read_at is not None
    assert page.locator(".nav-bell-count").count() == 0
