"""Dashboards and the regional / national consolidated reports. Thin: assembly lives in
`dashboard.py` and `consolidated.py`, scoping in `selectors.py`."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from tidtam.formdefs.selectors import user_scope
from tidtam.orgs.models import OrgUnit

from .consolidated import consolidated_report, consolidated_to_dict
from .dashboard import build_dashboard
from .exports import csv_response, json_response, rows_csv_response
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


def _report(request: HttpRequest, unit: OrgUnit, fy: int, number: int) -> HttpResponse:
    slot = Slot(fy, number)
    item = request.GET.get("item")
    numbers = None
    if item:
        try:
            numbers = [int(item)]
        except ValueError:
            raise Http404(_("ไม่พบข้อนี้ในแบบตรวจ")) from None
    with analytics_reads():
        report = consolidated_report(
            user=request.user,
            unit=unit,
            slot=slot,
            item_numbers=numbers,
            texts=True if request.GET.get("format") == "json" else None,
        )
    if numbers and not report.items:
        raise Http404(_("ไม่พบข้อนี้ในแบบตรวจ"))
    if request.GET.get("format") == "json":
        name = "national" if unit.kind == OrgUnit.Kind.MINISTRY else unit.code
        suffix = f"-item-{numbers[0]}" if numbers else ""
        return json_response(consolidated_to_dict(report), filename=f"{name}-{fy}-{number}{suffix}.json")
    return render(
        request, "dashboards/consolidated_report.html", {"report": report, "state_labels": STATE_LABELS}
    )


@require_safe
@login_required
def region_report(request: HttpRequest, code: str, fy: int, number: int) -> HttpResponse:
    region = OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION, code=code).select_related("parent").first()
    scope = user_scope(user=request.user)
    if region is None or not (scope.everything or region.pk in scope.region_ids):
        raise Http404(_("ไม่พบสำนักงานศึกษาธิการภาคนี้ หรือท่านไม่มีสิทธิ์ดูรายงานของภาคนี้"))
    return _report(request, region, fy, number)


@require_safe
@login_required
def national_report(request: HttpRequest, fy: int, number: int) -> HttpResponse:
    if not user_scope(user=request.user).everything:
        raise Http404(_("รายงานระดับประเทศเปิดได้เฉพาะผู้มีสิทธิ์ระดับกระทรวง"))
    ministry = OrgUnit.objects.filter(kind=OrgUnit.Kind.MINISTRY).first()
    if ministry is None:
        raise Http404(_("ยังไม่มีโครงสร้างหน่วยงาน"))
    return _report(request, ministry, fy, number)
