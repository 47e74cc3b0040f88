"""In a real browser on a 390 px phone: my work (returned report with a long reason, progress by part), the
coordinator's inbox (a long remark) and its confirmation page fit without sideways scrolling, and a bulk
accept goes through the confirmation page without any script of ours."""

import pytest
from django.utils import timezone

from tidtam.common.chromium import chromium_executable
from tidtam.formdefs.models import Round
from tidtam.orgs.models import User
from tidtam.submissions.models import Comment, Submission, WorkflowEvent
from tidtam.testing import browser_login, load_demo

LONG = "การประชาสัมพันธ์การใช้ระบบย้ายสับเปลี่ยนครูผ่านระบบTMSให้ครูทุกโรงเรียนในสังกัดทราบอย่างทั่วถึง" * 3


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.browser
@pytest.mark.skipif(chromium_executable() is None, reason="ต้องมี chromium สำหรับการทดสอบในเบราว์เซอร์")
@pytest.mark.django_db(transaction=True)
def test_work_pages_fit_a_390_px_phone_and_bulk_accept_works_without_script(
    live_server, page, settings, tmp_path
):
    from playwright.sync_api import expect

    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    reporter = User.objects.get(username="reporter")
    round_ = Round.objects.exclude(origin=Round.Origin.LEGACY).get()
    mine = Submission.objects.filter(round=round_, agency=reporter.memberships.get().org_unit).order_by(
        "item__number"
    )
    waiting, returned = mine[1], mine[2]
    Submission.objects.filter(pk=waiting.pk).update(
        status=Submission.Status.SUBMITTED, submitted_at=timezone.now()
    )
    Comment.objects.create(submission=waiting, author=User.objects.get(username="coordinator"), text=LONG)
    Submission.objects.filter(pk=returned.pk).update(status=Submission.Status.RETURNED)
    WorkflowEvent.objects.create(
        round=round_,
        submission=returned,
        action="return",
        from_status="submitted",
        to_status="returned",
        reason=LONG,
        section="X.2",
    )

    page.set_viewport_size({"width": 390, "height": 844})
    page.route("**/*.js", lambda route: route.abort())  # no script: plain forms must do it all
    browser_login(page, live_server.url, "reporter")
    page.goto(f"{live_server.url}/work/")
    expect(page.locator(".work-returned")).to_contain_text("ส่งกลับให้แก้ไข")
    expect(page.locator(".work-parts").first).to_be_visible()
    assert fits(page)

    page.context.clear_cookies()
    browser_login(page, live_server.url, "coordinator")
    page.goto(f"{live_server.url}/inbox/")
    expect(page.locator("#nav-inbox-count")).to_have_text("1")
    assert fits(page)
    page.locator(f"#pick-{waiting.pk}").check()
    page.get_by_role("button", name="รับรองรายการที่เลือก…").click()
    expect(page.locator("h1")).to_have_text("ยืนยันการรับรองรายงาน")
    assert fits(page)
    assert Submission.objects.get(pk=waiting.pk).status == Submission.Status.SUBMITTED
    page.get_by_role("button", name="ยืนยันรับรอง").click()
    expect(page.locator(".flash-list")).to_contain_text("รับรองรายงานแล้ว 1 ฉบับ")
    assert Submission.objects.get(pk=waiting.pk).status == Submission.Status.ACCEPTED
