"""/jobs/: a user's recent jobs; /jobs/<id>/: one job's progress (htmx refreshes a fragment every
second until it ends); /jobs/<id>/download/: its file, for its owner or a superuser only."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..models import AuditEvent
from ..services import audit_record
from .core import kind_label
from .selectors import job_for_user, recent_jobs_for_user


def _job_or_404(request: HttpRequest, pk):
    job = job_for_user(user=request.user, pk=pk)
    if job is None:
        raise Http404(_("ไม่พบงานนี้ หรือท่านไม่มีสิทธิ์ดูงานนี้"))
    return job


@require_safe
@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = recent_jobs_for_user(user=request.user)
    return render(request, "jobs/job_list.html", {"jobs": [(job, kind_label(job.kind)) for job in jobs]})


@require_safe
@login_required
def job_detail(request: HttpRequest, pk) -> HttpResponse:
    job = _job_or_404(request, pk)
    context = {"job": job, "kind_label": kind_label(job.kind)}
    if getattr(request, "htmx", False):
        response = render(request, "jobs/_progress.html", context)
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "jobs/job_detail.html", context)


@require_safe
@login_required
def job_download(request: HttpRequest, pk) -> FileResponse:
    job = _job_or_404(request, pk)
    if job.status != job.Status.DONE or not job.file:
        raise Http404(_("ไฟล์ของงานนี้ยังไม่พร้อม"))
    try:
        handle = job.file.open("rb")
    except OSError:
        raise Http404(_("ไฟล์ของงานนี้ถูกลบไปแล้ว กรุณาสร้างใหม่")) from None
    audit_record(
        actor=request.user,
        obj=job,
        action="export_downloaded",
        changes={"kind": job.kind, "filename": job.filename, "owner": job.user_id},
        source=AuditEvent.Source.WEB,
    )
    response = FileResponse(
        handle, as_attachment=True, filename=job.filename or "tidtam", content_type=job.content_type or None
    )
    response["Cache-Control"] = "private, no-store"
    return response
