"""In a real browser: the edit history fits a 390 px phone; the checks before submitting refresh after a save."""

from decimal import Decimal
from pathlib import Path

import pytest

from tidtam.common.chromium import chromium_executable
from tidtam.formdefs.models import Round
from tidtam.orgs.models import User
from tidtam.submissions.models import Submission
from tidtam.submissions.services import submission_update
from tidtam.testing import browser_login, load_demo

CSS = Path(__file__).resolve().parents[3] / "static" / "css" / "tidtam.css"


def test_difference_tables_let_row_labels_wrap():
    css = CSS.read_text(encoding="utf-8")
    rule = css[css.index('.diff-table tbody th[scope="row"]') :]
    assert "white-space: normal" in rule.split("}", 1)[0]


@pytest.mark.browser
@pytest.mark.skipif(chromium_executable() is None, reason="ต้องมี chromium สำหรับการทดสอบในเบราว์เซอร์")
@pytest.mark.django_db(transaction=True)
def test_history_page_fits_a_390_px_phone(live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    reporter = User.objects.get(username="reporter")
    round_ = Round.objects.exclude(origin=Round.Origin.LEGACY).get()
    sub = Submission.objects.get(round=round_, agency=reporter.memberships.get().org_unit, item__number=2)
    long_text = "การประชาสัมพันธ์การใช้ระบบย้ายสับเปลี่ยนครูผ่านระบบTMSให้ครูทุกโรงเรียนในสังกัดทราบอย่างทั่วถึง" * 4
    submission_update(
        submission=sub,
        by=reporter,
        expected_version=sub.version,
        values={"tms_submitted": Decimal(20), "tms_matched": Decimal(5)},
        narratives={None: long_text},
        problems=[{"problem": long_text, "solution": long_text, "expected_result": ""}],
    )

    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, live_server.url, "reporter")
    page.goto(f"{live_server.url}/submissions/{sub.pk}/history/")
    assert page.locator(".diff-table").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.browser
@pytest.mark.skipif(chromium_executable() is None, reason="ต้องมี chromium สำหรับการทดสอบในเบราว์เซอร์")
@pytest.mark.django_db(transaction=True)
def test_checks_before_submitting_refresh_after_a_narrative_is_autosaved(
    live_server, page, settings, tmp_path
):
    """Typing the narrative (no number changed) and letting it autosave clears «ยังไม่ได้เขียนผลการดำเนินงาน»."""
    from playwright.sync_api import expect

    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    reporter = User.objects.get(username="reporter")
    round_ = Round.objects.exclude(origin=Round.Origin.LEGACY).get()
    sub = Submission.objects.get(round=round_, agency=reporter.memberships.get().org_unit, item__number=1)

    browser_login(page, live_server.url, "reporter")
    page.goto(f"{live_server.url}/submissions/{sub.pk}/")
    checks = page.locator("#submission-checks")
    expect(checks).to_contain_text("ยังไม่ได้เขียนผลการดำเนินงาน")
    page.locator("textarea[name='narrative-1']").fill("ชี้แจงหลักเกณฑ์ ว PA ให้สถานศึกษาทุกแห่งในสังกัด")
    expect(page.locator("#save-status")).to_contain_text("บันทึกร่างอัตโนมัติแล้ว", timeout=10_000)
    expect(checks).not_to_contain_text("ยังไม่ได้เขียนผลการดำเนินงาน", timeout=10_000)
