"""Pages of follow-ups: the register (province, region, nation by scope), one follow-up with its history,
the agency's answer from its report of a later round, and evidence downloads."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from tidtam.common.services import audit_record
from tidtam.submissions.permissions import can_edit
from tidtam.submissions.selectors import submission_for_user
from tidtam.submissions.views.common import error_messages, page_view, signed_in_user

from .exports import followup_records, followups_csv, followups_xlsx
from .forms import UpdateForm
from .models import FollowUp, FollowUpEvidence
from .register import Filters, build_register
from .selectors import can_update_followup, followups_visible_to

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _followup_for(request: HttpRequest, pk: int) -> FollowUp:
    followup = followups_visible_to(user=request.user).filter(pk=pk).first()
    if followup is None:
        raise Http404(_("ไม่พบเรื่องที่ติดตามนี้ หรือท่านไม่มีสิทธิ์เข้าถึง"))
    return followup


@require_safe
@page_view
def register_page(request: HttpRequest) -> HttpResponse:
    qs = followups_visible_to(user=request.user)
    filters = Filters.from_query(request.GET)
    register = build_register(qs, filters)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        records = followup_records(f for f, _age in register.rows)
        audit_record(
            actor=request.user,
            obj=signed_in_user(request),
            action="export_followups",
            changes={"format": [None, fmt], "count": [None, len(records)]},
        )
        if fmt == "csv":
            response = HttpResponse("\ufeff" + followups_csv(records), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(followups_xlsx(records), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="followups.{fmt}"'
        return response
    page = Paginator(register.rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "followups/register.html",
        {
            "register": register,
            "page": page,
            "filters": filters,
            "kinds": FollowUp.Kind.choices,
            "statuses": FollowUp.Status.choices,
        },
    )


@require_safe
@page_view
def detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    followup = _followup_for(request, pk)
    updates = followup.updates.select_related("round", "by").prefetch_related("evidence")
    return render(
        request,
        "followups/detail.html",
        {
            "followup": followup,
            "updates": updates,
            "form": UpdateForm(initial={"status": followup.status}),
            "can_update": can_update_followup(request.user, followup),
        },
    )


@require_POST
@page_view
def update_view(request: HttpRequest, pk: int) -> HttpResponse:
    """An update, either from the agency's report of a later round (`submission` posted: the answer
    belongs to that round and the page goes back to the report) or from the follow-up's own page."""
    from .services import followup_update

    followup = _followup_for(request, pk)
    submission = None
    if request.POST.get("submission", "").isdigit():
        submission = submission_for_user(user=request.user, pk=int(request.POST["submission"]))
        if not can_edit(request.user, submission):
            raise PermissionDenied(_("รายงานนี้ไม่อยู่ในสถานะที่แก้ไขได้"))
    back = (
        reverse("submissions:entry", kwargs={"pk": submission.pk}) + "#followups"
        if submission
        else reverse("followups:detail", kwargs={"pk": followup.pk})
    )
    form = UpdateForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    try:
        followup_update(
            followup=followup,
            by=signed_in_user(request),
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
            round_=submission.round if submission else None,
            evidence=form.cleaned_data.get("evidence"),
        )
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
        return redirect(back)
    messages.success(request, _("บันทึกผลการติดตามแล้ว"))
    return redirect(back)


@require_safe
@page_view
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = FollowUpEvidence.objects.select_related("update__followup").filter(pk=pk).first()
    if (
        evidence is None
        or not followups_visible_to(user=request.user).filter(pk=evidence.update.followup_id).exists()
    ):
        raise Http404(_("ไม่พบไฟล์นี้"))
    audit_record(
        actor=request.user,
        obj=evidence.update.followup,
        action="download_evidence",
        changes={"file": [None, evidence.original_name]},
    )
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
