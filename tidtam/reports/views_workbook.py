"""The agencies' Excel round trip on the web: download the fill-in workbook, upload it, see what would
change, confirm. Reading and checking live in reports/workbook, the write in reports/services."""

import secrets
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tidtam.formdefs.selectors import round_for_user
from tidtam.orgs.models import User
from tidtam.submissions.models import Submission
from tidtam.submissions.services import SubmissionConflict

from .selectors import workbook_agency_for_user, workbook_submissions
from .services import entry_workbook_apply
from .views import attachment
from .workbook import (
    WorkbookRejected,
    arguments_from_json,
    arguments_to_json,
    entry_workbook_bytes,
    read_upload,
)
from .workbook.read import MAX_UPLOAD_BYTES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(request: HttpRequest, key: str, code: str):
    round_ = round_for_user(user=request.user, key=key)
    agency = workbook_agency_for_user(user=request.user, round_=round_, code=code)
    return round_, agency


def _session_key(round_, agency) -> str:
    return f"tidtam-workbook-upload:{round_.pk}:{agency.pk}"


@require_safe
@login_required
def workbook_download(request: HttpRequest, key: str, code: str) -> HttpResponse:
    round_, agency = _context(request, key, code)
    prefill = request.GET.get("blank") != "1"
    content = entry_workbook_bytes(
        round_=round_,
        agency=agency,
        submissions=workbook_submissions(round_=round_, agency=agency),
        prefill=prefill,
    )
    name = f"tidtam-{round_.key.replace('/', '-')}-{agency.code}-{'filled' if prefill else 'blank'}.xlsx"
    return attachment(content, content_type=XLSX, filename=name)


def _display(value) -> str:
    if value is None or value == "" or value == []:
        return _("(ว่าง)")
    if isinstance(value, list):
        return "\n".join(" / ".join(cell or "-" for cell in row) for row in value)
    return str(value)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def workbook_upload(request: HttpRequest, key: str, code: str) -> HttpResponse:
    round_, agency = _context(request, key, code)
    context = {"round": round_, "agency": agency}
    if request.method != "POST":
        return render(request, "reports/workbook_upload.html", context)
    upload = request.FILES.get("workbook")
    if upload is None:
        context["rejected"] = _("กรุณาเลือกไฟล์ .xlsx ที่กรอกแล้ว")
        return render(request, "reports/workbook_upload.html", context, status=400)
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        context["rejected"] = _("ไฟล์ใหญ่เกิน 5 MB แบบกรอกข้อมูลปกติมีขนาดไม่ถึง 1 MB")
        return render(request, "reports/workbook_upload.html", context, status=400)
    try:
        preview = read_upload(
            data=upload.read(),
            round_=round_,
            agency=agency,
            submissions=workbook_submissions(round_=round_, agency=agency),
        )
    except WorkbookRejected as exc:
        context["rejected"] = str(exc)
        return render(request, "reports/workbook_upload.html", context, status=400)
    if preview.errors:
        context["errors"] = [str(e) for e in preview.errors]
        return render(request, "reports/workbook_upload.html", context, status=400)
    changed = [i for i in preview.items if i.changes]
    context["error_count"] = sum(1 for i in changed for f in i.findings if f.severity == "error")
    token = secrets.token_urlsafe(16)
    request.session[_session_key(round_, agency)] = {
        "token": token,
        "items": [
            {
                "submission": i.submission.pk,
                "version": i.expected_version,
                "arguments": arguments_to_json(i.arguments),
            }
            for i in changed
        ],
    }
    context |= {
        "token": token,
        "uploaded_name": upload.name,
        "items": [
            {
                "number": i.submission.item.number,
                "title": i.submission.item.title,
                "changed_since_download": i.changed_since_download,
                "findings": i.findings,
                "changes": [
                    {"label": c.label, "old": _display(c.old), "new": _display(c.new)} for c in i.changes
                ],
            }
            for i in changed
        ],
    }
    return render(request, "reports/workbook_upload.html", context)


@require_POST
@login_required
def workbook_apply(request: HttpRequest, key: str, code: str) -> HttpResponse:
    round_, agency = _context(request, key, code)
    stored = request.session.get(_session_key(round_, agency))
    context = {"round": round_, "agency": agency}
    if not stored or not secrets.compare_digest(stored.get("token", ""), request.POST.get("token", "")):
        context["rejected"] = _("ไม่พบรายการที่รอยืนยัน (อาจยืนยันไปแล้วหรือหมดเวลา) กรุณาอัปโหลดไฟล์อีกครั้ง")
        return render(request, "reports/workbook_upload.html", context, status=400)
    subs = {s.pk: s for s in Submission.objects.filter(round=round_, agency=agency).select_related("item")}
    planned = []
    for entry in stored["items"]:
        sub = subs.get(entry["submission"])
        if sub is None:
            continue
        planned.append((sub, entry["version"], arguments_from_json(entry["arguments"])))
    try:
        saved = entry_workbook_apply(
            round_=round_, agency=agency, by=cast(User, request.user), planned=planned
        )
    except SubmissionConflict as exc:
        context["rejected"] = _(
            "ข้อ %(item)s มีผู้บันทึกหลังจากท่านตรวจรายการเปลี่ยนแปลง จึงยังไม่บันทึกข้อใดเลย "
            "กรุณาดาวน์โหลดแบบกรอกฉบับล่าสุดหรืออัปโหลดไฟล์อีกครั้งเพื่อดูรายการเปลี่ยนแปลงใหม่"
        ) % {"item": exc.submission.item.number}
        return render(request, "reports/workbook_upload.html", context, status=409)
    except PermissionDenied as exc:
        context["rejected"] = str(exc) or _("ท่านไม่มีสิทธิ์บันทึกข้อมูลนี้")
        return render(request, "reports/workbook_upload.html", context, status=403)
    except ValidationError as exc:
        context["rejected"] = " ".join(exc.messages)
        return render(request, "reports/workbook_upload.html", context, status=400)
    request.session.pop(_session_key(round_, agency), None)
    messages.success(
        request,
        _("บันทึกข้อมูลจากไฟล์ Excel แล้ว %(count)s ข้อ (%(items)s)")
        % {"count": len(saved), "items": ", ".join(str(s.item.number) for s in saved) or "-"},
    )
    return redirect("web:round_detail", key=round_.key)
