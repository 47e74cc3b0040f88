"""In a real browser: the job page's progress bar follows the job by itself (htmx, no inline script)
and offers the download once the job is done."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tidtam.common.chromium import chromium_executable
from tidtam.common.jobs import JobRowProgress
from tidtam.common.models import Job
from tidtam.orgs.tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_executable() is None, reason="ต้องมี chromium สำหรับการทดสอบในเบราว์เซอร์"),
]


@pytest.mark.django_db(transaction=True)
def test_the_progress_bar_moves_and_the_download_appears(live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory()
    job = Job.objects.create(
        kind="report_pdf",
        title="รายงานทดสอบ (PDF)",
        func="x.y",
        user=user,
        status=Job.Status.RUNNING,
        total=4,
    )
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    assert page.locator("progress").get_attribute("value") == "0"

    progress = JobRowProgress(job)
    progress.update(done=2, message="กำลังจัดหน้า")
    # A locator wait, not a JavaScript predicate: the page's CSP forbids evaluating strings.
    expect(page.locator("progress")).to_have_attribute("value", "50", timeout=5000)
    assert "เสร็จแล้ว 50%" in page.locator("#job-progress").inner_text()
    assert "กำลังจัดหน้า" in page.locator("#job-progress").inner_text()

    progress.attach_file(filename="report.pdf", content=b"%PDF-1.4", content_type="application/pdf")
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, done=4)
    link = page.get_by_role("link", name="ดาวน์โหลด report.pdf")
    link.wait_for(timeout=5000)
    assert page.locator("progress").get_attribute("value") == "100"
    assert errors == []
