"""The regional and national consolidated reports (DOCX, PDF, XLSX) as a background job, and from
`tidtam export-consolidated`.

Web: the view checks the user may see the unit, then enqueues `export_consolidated`; the job assembles
the report as that same user sees it (`progress.user`). Command line: `progress.user` is None and the
reader is `CommandLineReader` (the whole nation, as a superuser)."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tidtam.common.jobs import JobFailed, JobProgress
from tidtam.orgs.models import OrgUnit
from tidtam.reports.exporters.layout import LayoutOptions

from .consolidated import consolidated_report
from .exporters import CONTENT_TYPES, DOCUMENT_FORMATS, consolidated_bytes
from .rollup import Slot
from .routers import analytics_reads

FUNC = "tidtam.dashboards.jobs.export_consolidated"
STEP_MESSAGES = {
    "docx": gettext_lazy("เขียนเอกสาร Word"),
    "pdf": gettext_lazy("พิมพ์ PDF ด้วย Chromium (หลายวินาที)"),
    "xlsx": gettext_lazy("เขียนสมุดงาน Excel"),
}


@dataclass(frozen=True)
class CommandLineReader:
    """Whoever runs a management command reads the whole nation (as the superuser scope does)."""

    is_authenticated: bool = True
    is_active: bool = True
    is_superuser: bool = True


def job_title(unit: OrgUnit, fy: int, number: int, fmt: str, item: int | None) -> str:
    context = {"unit": unit.name, "n": number, "fy": fy, "fmt": fmt.upper(), "item": item}
    if item:
        return _("รายงานสรุป %(unit)s รอบที่ %(n)s/%(fy)s ข้อ %(item)s (%(fmt)s)") % context
    return _("รายงานสรุป %(unit)s รอบที่ %(n)s/%(fy)s (%(fmt)s)") % context


def export_consolidated(
    *,
    progress: JobProgress,
    unit_id: int,
    fy: int,
    number: int,
    fmt: str,
    filename: str,
    item_numbers: list[int] | None = None,
    texts: bool = False,
    thai_digits: bool = False,
    charts: bool = True,
) -> dict[str, Any]:
    from tidtam.reports.exporters.pdf import PdfUnavailable

    if fmt not in DOCUMENT_FORMATS:
        raise JobFailed(_("ไม่รองรับรูปแบบไฟล์ %(fmt)s") % {"fmt": fmt})
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise JobFailed(_("ไม่พบหน่วยงานของรายงานนี้แล้ว"))
    progress.update(done=0, total=3, message=_("รวบรวมข้อมูล %(unit)s") % {"unit": unit.name})
    with analytics_reads():
        report = consolidated_report(
            user=progress.user if progress.user is not None else CommandLineReader(),
            unit=unit,
            slot=Slot(fy, number),
            item_numbers=item_numbers,
            texts=texts,
            bases=fmt == "xlsx",
            region_totals=True,
        )
    if item_numbers and not report.items:
        raise JobFailed(_("ไม่พบข้อนี้ในแบบตรวจ"))
    progress.update(done=1, message=str(STEP_MESSAGES[fmt]))
    try:
        content = consolidated_bytes(
            report, fmt, options=LayoutOptions(thai_digits=thai_digits, charts=charts)
        )
    except PdfUnavailable as exc:
        raise JobFailed(str(exc)) from exc
    progress.update(done=2, message=_("บันทึกไฟล์"))
    progress.attach_file(filename=filename, content=content, content_type=CONTENT_TYPES[fmt])
    progress.update(done=3)
    return {
        "unit": unit.code,
        "fiscal_year_be": fy,
        "round": number,
        "format": fmt,
        "bytes": len(content),
        "provinces_reported": report.reported_count,
    }
