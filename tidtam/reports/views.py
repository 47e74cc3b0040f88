"""Downloads of the consolidated report (DOCX, PDF, XLSX, JSON), scoped to what the user may see.

The fill-in workbook for agencies (download, upload, diff, apply) lives in views_workbook.py.
"""

import json
import logging

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from tidtam.formdefs.models import Round
from tidtam.formdefs.selectors import round_for_user
from tidtam.submissions.selectors import submissions_visible_to

from .assembly import round_report
from .exporters.layout import LayoutOptions

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


def download_name(round_: Round, ext: str) -> str:
    return f"tidtam-{round_.key.replace('/', '-')}.{ext}"


def attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _render(fmt: str, report, options: LayoutOptions) -> bytes:
    """The document bytes; the exporters are imported on use (python-docx and openpyxl are not small)."""
    if fmt == "docx":
        from .exporters.docx import docx_bytes

        return docx_bytes(report, options=options)
    if fmt == "pdf":
        import io

        from .exporters.pdf import write_pdf

        buf = io.BytesIO()
        write_pdf(report, buf, options=options)
        return buf.getvalue()
    if fmt == "xlsx":
        from .exporters.xlsx import xlsx_bytes

        return xlsx_bytes(report)
    from .exporters.json import round_to_dict

    return json.dumps(round_to_dict(report.round, report), ensure_ascii=False, indent=2).encode("utf-8")


@require_safe
@login_required
def report_download(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404(_("ไม่มีรูปแบบไฟล์นี้"))
    round_ = round_for_user(user=request.user, key=key)
    report = round_report(round_=round_, submissions=submissions_visible_to(user=request.user, round_=round_))
    options = LayoutOptions(
        thai_digits=request.GET.get("digits") == "thai", followups=request.GET.get("followups") != "0"
    )
    try:
        content = _render(fmt, report, options)
    except Exception as exc:
        from .exporters.pdf import PdfUnavailable

        if not isinstance(exc, PdfUnavailable):
            logger.exception("report export %s %s failed", key, fmt)
        message = str(exc) if isinstance(exc, PdfUnavailable) else _("สร้างไฟล์ไม่สำเร็จ กรุณาลองใหม่อีกครั้ง")
        return render(
            request,
            "reports/export_failed.html",
            {"round": round_, "message": message, "fmt": fmt},
            status=503,
        )
    return attachment(content, content_type=CONTENT_TYPES[fmt], filename=download_name(round_, fmt))
