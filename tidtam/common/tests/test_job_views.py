"""The job pages: progress with htmx polling, the download for its owner only, every download audited."""

import pytest
from django.urls import reverse

from tidtam.common.jobs import job_enqueue
from tidtam.common.models import AuditEvent, Job
from tidtam.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
FUNCS = "tidtam.common.tests.jobfuncs"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def finished_job(user, name="รายงาน.pdf"):
    return job_enqueue(
        kind="report_pdf",
        title="รายงานทดสอบ (PDF)",
        func=f"{FUNCS}.make_file",
        kwargs={"name": name},
        user=user,
    )


def queued_job(user, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return job_enqueue(
        kind="report_pdf", title="กำลังรอ", func=f"{FUNCS}.make_file", kwargs={"name": "x"}, user=user
    )


def test_a_finished_job_shows_a_full_bar_and_its_download_link(client):
    user = UserFactory()
    job = finished_job(user)
    client.force_login(user)
    html = client.get(reverse("jobs:detail", kwargs={"pk": job.pk})).content.decode()
    assert '<progress max="100" value="100"' in html and "เสร็จแล้ว 100%" in html
    assert reverse("jobs:download", kwargs={"pk": job.pk}) in html
    assert "hx-trigger" not in html  # finished: no more polling
    assert "<script>" not in html and "onclick" not in html


def test_a_running_job_polls_its_fragment_every_second(client, settings):
    user = UserFactory()
    job = queued_job(user, settings)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, done=1, total=4, message="กำลังจัดหน้า")
    client.force_login(user)
    page = client.get(reverse("jobs:detail", kwargs={"pk": job.pk})).content.decode()
    assert 'hx-trigger="every 1s"' in page and '<progress max="100" value="25"' in page
    assert "กำลังจัดหน้า" in page and "เสร็จแล้ว 25%" in page
    fragment = client.get(reverse("jobs:detail", kwargs={"pk": job.pk}), headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert body.lstrip().startswith('<section id="job-progress"') and "<html" not in body


def test_a_failed_job_shows_its_thai_error(client):
    user = UserFactory()
    job = job_enqueue(kind="report_pdf", title="x", func=f"{FUNCS}.refuse", user=user)
    client.force_login(user)
    html = client.get(reverse("jobs:detail", kwargs={"pk": job.pk})).content.decode()
    assert "ไม่สำเร็จ" in html and "ไม่พบรอบนี้แล้ว" in html


def test_the_owner_downloads_and_the_download_is_audited(client):
    user = UserFactory()
    job = finished_job(user)
    client.force_login(user)
    response = client.get(reverse("jobs:download", kwargs={"pk": job.pk}))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"hello")
    assert "attachment" in response["Content-Disposition"]
    event = AuditEvent.objects.get(action="export_downloaded")
    assert event.actor == user and event.object_id == str(job.pk)


def test_others_get_not_found_but_a_superuser_may_help(client):
    job = finished_job(UserFactory())
    client.force_login(UserFactory())
    assert client.get(reverse("jobs:detail", kwargs={"pk": job.pk})).status_code == 404
    assert client.get(reverse("jobs:download", kwargs={"pk": job.pk})).status_code == 404
    assert not AuditEvent.objects.filter(action="export_downloaded").exists()
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(reverse("jobs:download", kwargs={"pk": job.pk})).status_code == 200


def test_a_file_not_ready_is_not_found(client, settings):
    user = UserFactory()
    job = queued_job(user, settings)
    client.force_login(user)
    assert client.get(reverse("jobs:download", kwargs={"pk": job.pk})).status_code == 404


def test_my_jobs_lists_only_mine(client):
    me, other = UserFactory(), UserFactory()
    finished_job(me, name="mine.pdf")
    job_enqueue(
        kind="report_pdf", title="ของคนอื่น", func=f"{FUNCS}.make_file", kwargs={"name": "o"}, user=other
    )
    client.force_login(me)
    html = client.get(reverse("jobs:list")).content.decode()
    assert "รายงานทดสอบ (PDF)" in html and "ของคนอื่น" not in html


def test_anonymous_users_are_sent_to_log_in(client):
    job = finished_job(UserFactory())
    response = client.get(reverse("jobs:detail", kwargs={"pk": job.pk}))
    assert response.status_code == 302 and "login" in response["Location"]
