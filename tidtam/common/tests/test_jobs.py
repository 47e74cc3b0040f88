"""The job core: enqueue, run, progress, result file, Thai errors, one job at a time, queue health."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tidtam.common.jobs import ConsoleProgress, JobRefused, job_enqueue
from tidtam.common.jobs.health import queue_health
from tidtam.common.models import Job
from tidtam.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
FUNCS = "tidtam.common.tests.jobfuncs"


def enqueue(func="make_file", user=None, **kwargs):
    return job_enqueue(
        kind="report_pdf", title="รายงานทดสอบ", func=f"{FUNCS}.{func}", kwargs=kwargs, user=user
    )


def test_a_job_runs_and_keeps_its_progress_result_and_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory()
    job = enqueue(user=user, name="a.txt")
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.percent == 100
    assert job.result == {"name": "a.txt"}
    assert job.filename == "a.txt" and job.file.read() == b"hello a.txt"
    assert job.done == job.total == 3 and job.message == "ขั้นที่ 3"
    assert job.started_at and job.finished_at and job.user == user


def test_a_job_function_may_fail_with_a_thai_message():
    job = Job.objects.get(pk=enqueue("refuse").pk)
    assert job.status == Job.Status.FAILED and job.error == "ไม่พบรอบนี้แล้ว"


def test_an_unexpected_error_shows_a_thai_message_not_the_exception(caplog):
    job = Job.objects.get(pk=enqueue("crash").pk)
    assert job.status == Job.Status.FAILED
    assert "internal detail" not in job.error and "ลองใหม่" in job.error
    assert "internal detail" in caplog.text  # the traceback goes to the log


def test_unknown_kinds_and_functions_are_refused_at_once():
    with pytest.raises(ValueError):
        job_enqueue(kind="nonsense", title="x", func=f"{FUNCS}.make_file")
    with pytest.raises(ImportError):
        job_enqueue(kind="mail", title="x", func=f"{FUNCS}.no_such_function")


def test_one_at_a_time_refuses_a_second_live_job_with_a_link_to_the_first(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # stays queued
    user = UserFactory()
    first = job_enqueue(
        kind="report_pdf", title="PDF แรก", func=f"{FUNCS}.make_file", user=user, one_at_a_time=True
    )
    with pytest.raises(JobRefused) as refused:
        job_enqueue(
            kind="report_pdf", title="PDF สอง", func=f"{FUNCS}.make_file", user=user, one_at_a_time=True
        )
    assert refused.value.running == first and "PDF แรก" in refused.value.message
    # another user, another kind, or an abandoned job do not block
    job_enqueue(
        kind="report_pdf", title="x", func=f"{FUNCS}.make_file", user=UserFactory(), one_at_a_time=True
    )
    job_enqueue(kind="report_docx", title="x", func=f"{FUNCS}.make_file", user=user, one_at_a_time=True)
    Job.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=1))
    job_enqueue(kind="report_pdf", title="x", func=f"{FUNCS}.make_file", user=user, one_at_a_time=True)


def test_queue_health_fails_when_a_job_waits_too_long(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.TIDTAM_TASK_BACKEND = "database"
    assert queue_health()[0] is True
    job = enqueue(name="x")
    ok, detail = queue_health()
    assert ok and "1 queued" in detail
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=30))
    ok, detail = queue_health()
    assert not ok and "tidtam worker" in detail


def test_console_progress_writes_the_file_and_reports_on_stderr(tmp_path):
    import io

    from tidtam.common.tests.jobfuncs import make_file

    stream = io.StringIO()
    out = tmp_path / "out.txt"
    make_file(progress=ConsoleProgress(output=out, stream=stream), name="b.txt")
    assert out.read_bytes() == b"hello b.txt"
    assert "[2/3] ขั้นที่ 3" in stream.getvalue()


def test_mail_is_sent_by_a_job_not_in_the_request(mailoutbox, settings):
    from tidtam.common.jobs.mail import mail_enqueue

    job = mail_enqueue(messages=[("เรื่อง", "เนื้อความ", ["a@example.org"]), ("ไม่มีผู้รับ", "x", [])])
    job.refresh_from_db()
    assert job.kind == "mail" and job.status == Job.Status.DONE and job.result == {"sent": 1}
    assert [m.to for m in mailoutbox] == [["a@example.org"]]
    # With a real queue the request only records the job; a worker sends the mail later.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    queued = mail_enqueue(messages=[("เรื่อง", "เนื้อความ", ["b@example.org"])])
    assert queued.status == Job.Status.QUEUED and len(mailoutbox) == 1
    assert mail_enqueue(messages=[("x", "y", [])]) is None


def test_a_mail_server_that_is_down_fails_the_job_not_the_caller(monkeypatch):
    from tidtam.common.jobs.mail import mail_enqueue

    def down(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("tidtam.common.jobs.mail.send_mass_mail", down)
    job = Job.objects.get(pk=mail_enqueue(messages=[("s", "b", ["a@example.org"])]).pk)
    assert job.status == Job.Status.FAILED and "smtp" not in job.error


def test_prune_jobs_deletes_old_finished_jobs_and_their_files(settings, tmp_path):
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    old, recent = enqueue(name="old.txt"), enqueue(name="new.txt")
    old_path = Job.objects.get(pk=old.pk).file.path
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=40))
    call_command("prune_jobs", "--days", "30")
    assert list(Job.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not (tmp_path / old_path).exists()


def test_a_result_that_is_not_json_does_not_undo_a_finished_job():
    job = Job.objects.get(pk=enqueue("odd_result").pk)
    assert job.status == Job.Status.DONE and "object" in job.result["text"]
