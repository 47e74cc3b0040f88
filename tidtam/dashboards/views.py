"""Dashboards and the regional / national consolidated reports. Thin: assembly lives in
`dashboard.py` and `consolidated.py`, scoping in `selectors.py`."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from tidtam.common.jobs.web import job_start_page, job_start_response
from tidtam.formdefs.selectors import user_scope
from tidtam.orgs.models import OrgUnit

from .consolidated import consolidated_report, consolidated_to_dict
from .dashboard import build_dashboard
from .exporters import DOCUMENT_FORMATS
from .exports import csv_response, json_response, rows_csv_response
from .jobs import FUNC, job_title
from .rollup import Slot
from .routers import analytics_reads
from .selectors import STATE_LABELS


@require_safe
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    with analytics_reads():
        board = build_dashboard(user=request.user, data=request.GET)
    if request.GET.get("format") == "csv":
        return _dashboard_csv(request, board)
    return render(request, "dashboards/dashboard.html", {"board": board, "state_labels": STATE_LABELS})


def _dashboard_csv(request: HttpRequest, board) -> HttpResponse:
    which = request.GET.get("table") or "breakdown"
    slot = board.slot.code if board.slot else "none"
    number = board.item.number if board.item else 0
    if which == "breakdown" and board.breakdown_table is not None:
        return csv_response(board.breakdown_table, filename=f"item-{number}-{board.level}-{slot}.csv")
    if which == "trend" and board.trend_table is not None:
        return csv_response(board.trend_table, filename=f"item-{number}-trend.csv")
    if which == "completeness" and board.slot is not None:
        header = [_("จังหวัด"), _("สถานะรอบ"), *(_("ข้อ %(n)s") % {"n": it.number} for it in board.items)]
        rows = [
            [
                row.province.name,
                str(STATE_LABELS[row.state]),
                *(f"{c.counted}/{c.expected}" if row.round else "" for c in row.cells),
            ]
            for row in board.completeness
        ]
        return rows_csv_response(header, rows, filename=f"completeness-{slot}.csv")
    raise Http404(_("ไม่มีตารางนี้ให้ดาวน์โหลดตามตัวกรองที่เลือก"))


def _texts_for(request: HttpRequest, unit: OrgUnit, fmt: str, numbers: list[int] | None) -> bool | None:
    """JSON always carries the texts; a document of a region too. A national document only with
    `?texts=1` or for one item (as the page shows it): 77 provinces' texts run to thousands of pages."""
    if fmt == "json":
        return True
    if fmt in DOCUMENT_FORMATS:
        return unit.kind != OrgUnit.Kind.MINISTRY or request.GET.get("texts") == "1" or bool(numbers)
    return None


def _report(request: HttpRequest, unit: OrgUnit, fy: int, number: int) -> HttpResponse:
    slot = Slot(fy, number)
    fmt = request.GET.get("format", "")
    if fmt and fmt != "json" and fmt not in DOCUMENT_FORMATS:
        raise Http404(_("ไม่มีรูปแบบไฟล์นี้"))
    item = request.GET.get("item")
    numbers = None
    if item:
        try:
            numbers = [int(item)]
        except ValueError:
            raise Http404(_("ไม่พบข้อนี้ในแบบตรวจ")) from None
    texts = _texts_for(request, unit, fmt, numbers)
    if fmt == "pdf" and unit.kind == OrgUnit.Kind.MINISTRY and texts and not numbers:
        # Thousands of pages and minutes of Chromium: not for a web request.
        message = _(
            "PDF ระดับประเทศพร้อมข้อความรายจังหวัดยาวหลายพันหน้า จึงไม่สร้างผ่านเว็บ "
            "กรุณาดาวน์โหลดเป็น Word หรือ Excel หรือเลือกทีละข้อ หรือใช้คำสั่ง tidtam export-consolidated"
        )
        return _failed(request, unit, message, status=400)
    if request.method == "POST" and fmt not in DOCUMENT_FORMATS:
        return HttpResponseNotAllowed(["GET", "HEAD"])
    name = "national" if unit.kind == OrgUnit.Kind.MINISTRY else unit.code
    suffix = f"-item-{numbers[0]}" if numbers else ""
    if fmt in DOCUMENT_FORMATS:
        return _start_document(request, unit, slot, fmt, numbers, texts, f"{name}-{fy}-{number}{suffix}")
    with analytics_reads():
        report = consolidated_report(
            user=request.user,
            unit=unit,
            slot=slot,
            item_numbers=numbers,
            texts=texts,
            bases=False,
            region_totals=False,
        )
    if numbers and not report.items:
        raise Http404(_("ไม่พบข้อนี้ในแบบตรวจ"))
    if fmt == "json":
        return json_response(consolidated_to_dict(report), filename=f"{name}-{fy}-{number}{suffix}.json")
    return render(
        request, "dashboards/consolidated_report.html", {"report": report, "state_labels": STATE_LABELS}
    )


def _start_document(
    request: HttpRequest,
    unit: OrgUnit,
    slot: Slot,
    fmt: str,
    numbers: list[int] | None,
    texts: bool | None,
    stem: str,
) -> HttpResponse:
    """DOCX, PDF and XLSX take seconds to minutes: a POST starts a background job and redirects to
    its page; a GET (a followed link) shows the button. One PDF per user at a time."""
    title = job_title(unit, slot.fiscal_year_be, slot.number, fmt, numbers[0] if numbers else None)
    if request.method != "POST":
        return job_start_page(request, title=title)
    kwargs = {
        "unit_id": unit.pk,
        "fy": slot.fiscal_year_be,
        "number": slot.number,
        "fmt": fmt,
        # The name a browser saves: ASCII (codes like "REG-04"), as Thai does not survive every browser.
        "filename": f"{slugify(stem) or 'tidtam'}.{fmt}",
        "item_numbers": numbers,
        "texts": bool(texts),
        "thai_digits": request.GET.get("digits") == "thai",
    }
    return job_start_response(
        request, kind=f"report_{fmt}", title=title, func=FUNC, kwargs=kwargs, one_at_a_time=fmt == "pdf"
    )


def _failed(request: HttpRequest, unit: OrgUnit, message: str, *, status: int) -> HttpResponse:
    context = {"unit": unit, "message": message, "back": request.path}
    return render(request, "dashboards/export_failed.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def region_report(request: HttpRequest, code: str, fy: int, number: int) -> HttpResponse:
    region = OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION, code=code).select_related("parent").first()
    scope = user_scope(user=request.user)
    if region is None or not (scope.everything or region.pk in scope.region_ids):
        raise Http404(_("ไม่พบสำนักงานศึกษาธิการภาคนี้ หรือท่านไม่มีสิทธิ์ดูรายงานของภาคนี้"))
    return _report(request, region, fy, number)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def national_report(request: HttpRequest, fy: int, number: int) -> HttpResponse:
    if not user_scope(user=request.user).everything:
        raise Http404(_("รายงานระดับประเทศเปิดได้เฉพาะผู้มีสิทธิ์ระดับกระทรวง"))
    ministry = OrgUnit.objects.filter(kind=OrgUnit.Kind.MINISTRY).first()
    if ministry is None:
        raise Http404(_("ยังไม่มีโครงสร้างหน่วยงาน"))
    return _report(request, ministry, fy, number)
