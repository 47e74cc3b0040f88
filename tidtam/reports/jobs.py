"""The provincial round report (DOCX, PDF, XLSX) as a background job, and from `tidtam export`.

Web: the view checks the user may see the round, then enqueues `export_round`; the job re-reads the
round and scopes the submissions to the same user (`progress.user`). Command line: `progress.user`
is None and the whole round is exported, as `tidtam export` always did."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tidtam.common.jobs import JobFailed, JobProgress
from tidtam.formdefs.models import Round

from .assembly import round_report
from .exporters.layout import LayoutOptions

DOCUMENT_FORMATS = ("docx", "pdf", "xlsx")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}
FUNC = "tidtam.reports.jobs.export_round"


def download_name(round_key: str, ext: str) -> str:
    return f"tidtam-{round_key.replace('/', '-')}.{ext}"


def job_title(round_key: str, fmt: str) -> str:
    return _("รายงาน %(key)s (%(fmt)s)") % {"key": round_key, "fmt": fmt.upper()}


def render_document(fmt: str, report, options: LayoutOptions) -> bytes:
    """The document bytes; the exporters are imported on use (python-docx and openpyxl are not small).
    PDF raises `exporters.pdf.PdfUnavailable` (a Thai message)."""
    import io

    buf = io.BytesIO()
    if fmt == "docx":
        from .exporters.docx import write_docx

        write_docx(report, buf, options=options)
    elif fmt == "pdf":
        from .exporters.pdf import write_pdf

        write_pdf(report, buf, options=options)
    elif fmt == "xlsx":
        from .exporters.xlsx import write_xlsx

        write_xlsx(report, buf)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return buf.getvalue()


STEP_MESSAGES = {
    "docx": gettext_lazy("เขียนเอกสาร Word"),
    "pdf": gettext_lazy("พิมพ์ PDF ด้วย Chromium (ราว 2–5 วินาที)"),
    "xlsx": gettext_lazy("เขียนสมุดงาน Excel"),
}


def export_round(
    *,
    progress: JobProgress,
    round_key: str,
    fmt: str,
    thai_digits: bool = False,
    charts: bool = True,
    followups: bool = True,
) -> dict[str, Any]:
    from tidtam.submissions.selectors import submissions_visible_to

    from .exporters.pdf import PdfUnavailable

    if fmt not in DOCUMENT_FORMATS:
        raise JobFailed(_("ไม่รองรับรูปแบบไฟล์ %(fmt)s") % {"fmt": fmt})
    progress.update(done=0, total=3, message=_("รวบรวมข้อมูลรายงาน"))
    round_ = Round.objects.select_related("office__parent", "template").filter(key=round_key).first()
    if round_ is None:
        raise JobFailed(_("ไม่พบรอบการตรวจ %(key)s แล้ว") % {"key": round_key})
    user = progress.user
    submissions = submissions_visible_to(user=user, round_=round_) if user is not None else None
    report = round_report(round_=round_, submissions=submissions)
    progress.update(done=1, message=str(STEP_MESSAGES[fmt]))
    try:
        content = render_document(
            fmt, report, LayoutOptions(thai_digits=thai_digits, charts=charts, followups=followups)
        )
    except PdfUnavailable as exc:
        raise JobFailed(str(exc)) from exc
    progress.update(done=2, message=_("บันทึกไฟล์"))
    progress.attach_file(
        filename=download_name(round_key, fmt), content=content, content_type=CONTENT_TYPES[fmt]
    )
    progress.update(done=3)
    return {"round_key": round_key, "format": fmt, "bytes": len(content)}
