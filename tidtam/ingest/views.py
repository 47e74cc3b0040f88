"""Bulk import of legacy reports on the web, for administrators of the whole country. Thin: the work
is in bulk.py (batch and jobs) and uploads.py (the .zip rules)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tidtam.formdefs.models import Round
from tidtam.submissions.views.common import forbidden, page_view

from .archives import round_archive_restore, round_archives
from .bulk import import_batch_confirm, import_batch_create
from .errors import ImportFailed
from .forms import BulkImportForm
from .models import ImportBatch, ImportBatchFile, RoundArchive
from .permissions import can_import
from .uploads import MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES, UploadRefused, expand_uploads

Status = ImportBatchFile.Status


def _refused(request: HttpRequest) -> HttpResponse:
    return forbidden(request, _("หน้านำเข้ารายงานสำหรับผู้ดูแลระบบระดับกระทรวงเท่านั้น"))


@require_http_methods(["GET", "HEAD", "POST"])
@page_view
def bulk_import(request: HttpRequest) -> HttpResponse:
    if not can_import(request.user):
        return _refused(request)
    form = BulkImportForm(request.POST, request.FILES) if request.method == "POST" else BulkImportForm()
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            reports = expand_uploads(form.cleaned_data["uploads"])
            batch = import_batch_create(reports=reports, by=request.user)
        except UploadRefused as exc:
            errors = [str(exc)]
        except PermissionDenied:
            return _refused(request)
        else:
            return redirect("ingest:bulk_batch", pk=batch.pk)
    context = {
        "form": form,
        "errors": errors,
        "max_files": MAX_FILES,
        "max_file_mb": MAX_FILE_BYTES // (1024 * 1024),
        "max_total_mb": MAX_TOTAL_BYTES // (1024 * 1024),
        "recent": ImportBatch.objects.select_related("created_by")[:10],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "ingest/bulk_import.html", context, status=status)


def _batch_context(batch: ImportBatch) -> dict:
    files = list(batch.files.defer("content").select_related("job"))
    return {
        "batch": batch,
        "files": files,
        "pending": any(f.status == Status.QUEUED for f in files),
        "to_confirm": [f for f in files if f.status == Status.CONFIRM],
        "dropped": [f for f in files if f.status == Status.DROPPED],
        "done_count": sum(f.status == Status.DONE for f in files),
    }


@require_safe
@page_view
def bulk_batch(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_import(request.user):
        return _refused(request)
    batch = get_object_or_404(ImportBatch, pk=pk)
    context = _batch_context(batch)
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        response = render(request, "ingest/_batch_files.html", context)
        if not context["pending"]:
            # Every job has finished: reload once so the confirmation forms show what is left to decide.
            response["HX-Refresh"] = "true"
        return response
    return render(request, "ingest/bulk_batch.html", context)


def _ids(request: HttpRequest, name: str) -> set[int]:
    return {int(v) for v in request.POST.getlist(name) if v.isdigit()}


@require_POST
@page_view
def bulk_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_import(request.user):
        return _refused(request)
    batch = get_object_or_404(ImportBatch, pk=pk)
    count = import_batch_confirm(
        batch=batch, replace_ids=_ids(request, "replace"), force_ids=_ids(request, "force"), by=request.user
    )
    if count:
        messages.success(request, _("เริ่มนำเข้าอีก %(n)s ไฟล์") % {"n": count})
    else:
        messages.error(request, _("ยังไม่ได้เลือกไฟล์ใดเลย ไม่มีรอบใดถูกแทนที่"))
    return redirect("ingest:bulk_batch", pk=batch.pk)


@require_safe
@page_view
def round_archive_list(request: HttpRequest, key: str) -> HttpResponse:
    if not can_import(request.user):
        return _refused(request)
    archives = list(round_archives(round_key=key))
    if not archives and not Round.objects.filter(key=key).exists():
        raise Http404(_("ไม่พบรอบนี้"))
    return render(request, "ingest/round_archives.html", {"key": key, "archives": archives})


@require_POST
@page_view
def round_archive_restore_view(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    if not can_import(request.user):
        return _refused(request)
    archive = get_object_or_404(RoundArchive, pk=pk, round_key=key)
    try:
        round_archive_restore(archive=archive, by=request.user)
    except ImportFailed as exc:
        messages.error(request, str(exc))
        return redirect("ingest:round_archives", key=key)
    messages.success(
        request,
        _("กู้คืนฉบับเก่า #%(n)s ของรอบ %(key)s แล้ว รอบก่อนกู้คืนเก็บเป็นฉบับเก่าไว้ด้วย") % {"n": archive.pk, "key": key},
    )
    return redirect("ingest:round_archives", key=key)
