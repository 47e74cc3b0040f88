"""Whole journey in a real browser: an administrator copies FY 2567's form, edits an item with a live rule
check, and publishes the new version."""

import pytest
from django.core.management import call_command

from tidtam.common.chromium import chromium_executable
from tidtam.formdefs.models import FormTemplate
from tidtam.orgs.tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_executable() is None, reason="ต้องมี chromium สำหรับการทดสอบในเบราว์เซอร์"),
]


@pytest.mark.django_db(transaction=True)
def test_administrator_creates_and_publishes_a_version(live_server, page):
    call_command("load_template", "tidtam/formdefs/templates/moe-inspection-2567-2.yaml", verbosity=0)
    UserFactory(username="formadmin", password="a-long-secret-99", is_superuser=True, is_staff=True)

    page.goto(f"{live_server.url}/forms/")
    page.get_by_label("ชื่อผู้ใช้").fill("formadmin")
    page.get_by_label("รหัสผ่าน").fill("a-long-secret-99")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/forms/")

    copy = page.locator("form.copy-form").first
    copy.get_by_label("ชื่อรุ่นใหม่").fill("2568.1")
    copy.get_by_role("button", name="คัดลอก").click()
    page.wait_for_url("**/forms/*/")
    assert "ฉบับร่าง" in page.locator("#version-status").inner_text()

    page.get_by_role("link", name="จัดหนักการภารโรง").click()
    page.get_by_label("เลขข้อที่แสดง (เช่น 1.6)").fill("1.6")
    page.get_by_label("ชื่อข้อ", exact=True).fill("จัดหานักการภารโรงเพื่อช่วยลดภาระครูและบุคลากรทางการศึกษา")
    # The live check names a column that does not exist while the rule is being typed.
    expression = page.locator("input[name='rule-1-expression']")
    expression.fill("janitor_hird <= janitor_allotted")
    check = page.locator("input[name='rule-1-expression'] + .rule-check")
    check.get_by_text("ไม่มีคอลัมน์ชื่อ janitor_hird").wait_for()
    expression.fill("janitor_recruited <= janitor_allotted")
    check.get_by_text("เงื่อนไขใช้ได้").wait_for()
    page.get_by_role("button", name="บันทึกข้อ").click()
    page.wait_for_load_state()
    assert not page.locator("#page-errors").count(), page.locator("#page-errors").inner_text()
    page.wait_for_url("**/forms/*/")
    assert "บันทึกข้อ P1.I6 แล้ว" in page.content()

    page.get_by_role("button", name="เผยแพร่รุ่นนี้").click()
    page.wait_for_url("**/forms/*/")
    assert "เผยแพร่แล้ว" in page.locator("#version-status").inner_text()
    version = FormTemplate.objects.get(version="2568.1")
    assert version.status == FormTemplate.Status.PUBLISHED
    assert version.items.get(code="P1.I6").numbering == "1.6"
