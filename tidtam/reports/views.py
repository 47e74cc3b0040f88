"""Downloads of the provincial round report, scoped to what the user may see.

JSON is small and made in the request (tens of milliseconds). DOCX, PDF and XLSX take seconds, so a
POST starts a background job (`jobs.export_round`) and redirects to its progress page; a GET of the
same URL shows a button that does so. One PDF per user at a time.
The fill-in workbook for agencies (download, upload, diff, apply) lives in views_workbook.py.
"""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tidtam.common.jobs.web import job_start_page, job_start_response
from tidtam.formdefs.models import Round
from tidtam.formdefs.selectors import round_for_user
from tidtam.submissions.selectors import submissions_visible_to

from .assembly import round_report
from .jobs import CONTENT_TYPES, DOCUMENT_FORMATS, FUNC, download_name, job_title


def attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _json(request: HttpRequest, round_: Round) -> HttpResponse:
    from .exporters.json import round_to_dict

    report = round_report(round_=round_, submissions=submissions_visible_to(user=request.user, round_=round_))
    content = json.dumps(round_to_dict(report.round, report), ensure_ascii=False, indent=2).encode("utf-8")
    return attachment(content, content_type=CONTENT_TYPES["json"], filename=download_name(round_.key, "json"))


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def report_download(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404(_("ไม่มีรูปแบบไฟล์นี้"))
    round_ = round_for_user(user=request.user, key=key)
    if fmt == "json":
        return _json(request, round_)
    assert fmt in DOCUMENT_FORMATS
    title = job_title(round_.key, fmt)
    if request.method != "POST":
        return job_start_page(request, title=title)
    return job_start_response(
        request,
        kind=f"report_{fmt}",
        title=title,
        func=FUNC,
        kwargs={
            "round_key": round_.key,
            "fmt": fmt,
            "thai_digits": request.GET.get("digits") == "thai",
            "followups": request.GET.get("followups") != "0",
        },
        one_at_a_time=fmt == "pdf",
    )
