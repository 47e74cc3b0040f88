"""The coordinator's round pages: open a round for entry, the completeness matrix with reminders,
due date, closing and reopening."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tidtam.formdefs.models import FormTemplate
from tidtam.formdefs.selectors import round_for_user
from tidtam.orgs.models import OrgUnit

from .. import permissions
from ..forms import DueDateForm, RoundOpenForm
from ..selectors import late_submissions, round_completeness
from ..services import round_close, round_open, round_remind, round_reopen, round_set_due_date
from .common import error_messages, forbidden, page_view, signed_in_user


@require_http_methods(["GET", "HEAD", "POST"])
@page_view
def round_create(request: HttpRequest) -> HttpResponse:
    offices = permissions.offices_user_can_open_rounds_for(request.user)
    if not offices:
        return forbidden(request, _("เฉพาะผู้ประสานงานของสำนักงานศึกษาธิการจังหวัดเท่านั้นที่เปิดรอบได้"))
    office_qs = OrgUnit.objects.filter(pk__in=[o.pk for o in offices]).order_by("code")
    published = FormTemplate.objects.filter(status=FormTemplate.Status.PUBLISHED)
    initial = {"template": published.order_by("-fiscal_year_be", "-round_number", "-pk").first()}
    form = RoundOpenForm(request.POST or None, offices=office_qs, initial=initial)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            round_ = round_open(by=signed_in_user(request), **form.cleaned_data)
        except ValidationError as exc:
            errors = error_messages(exc)
        else:
            messages.success(request, _("เปิดรอบ %(key)s แล้ว หน่วยงานเริ่มกรอกข้อมูลได้") % {"key": round_.key})
            return redirect("submissions:completeness", key=round_.key)
    status = 400 if request.method == "POST" else 200
    return render(request, "submissions/round_create.html", {"form": form, "errors": errors}, status=status)


def _managed_round(request: HttpRequest, key: str):
    round_ = round_for_user(user=request.user, key=key)
    if not permissions.can_view_completeness(request.user, round_):
        return round_, forbidden(request, _("หน้านี้สำหรับผู้ประสานงานและผู้ตรวจราชการของจังหวัด"))
    return round_, None


@require_safe
@page_view
def completeness_page(request: HttpRequest, key: str) -> HttpResponse:
    round_, refused = _managed_round(request, key)
    if refused:
        return refused
    data = round_completeness(round_=round_)
    return render(
        request,
        "submissions/completeness.html",
        {
            "round": round_,
            "data": data,
            "can_manage": permissions.can_manage_round(request.user, round_),
            "late": late_submissions(round_=round_),
            "due_form": DueDateForm(initial={"due_date": round_.due_date}),
        },
    )


def _to_completeness(round_) -> HttpResponse:
    return redirect(reverse("submissions:completeness", kwargs={"key": round_.key}))


def _round_action(request: HttpRequest, round_, action: Callable[[], object], done: str) -> HttpResponse:
    """Run a round service; its Thai refusal or the success message goes back to the completeness page."""
    try:
        action()
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, done)
    return _to_completeness(round_)


@require_POST
@page_view
def remind_view(request: HttpRequest, key: str) -> HttpResponse:
    round_ = round_for_user(user=request.user, key=key)
    agencies = round_remind(round_=round_, by=signed_in_user(request))
    if agencies:
        messages.success(
            request,
            _("ส่งแจ้งเตือนถึง %(n)s หน่วยงานแล้ว (เห็นได้ที่กระดิ่งแจ้งเตือน และรวมในอีเมลสรุปประจำวัน): %(names)s")
            % {"n": len(agencies), "names": ", ".join(str(a) for a in agencies)},
        )
    else:
        messages.info(request, _("ไม่มีหน่วยงานที่ส่งล่าช้า จึงไม่ได้ส่งแจ้งเตือน"))
    return _to_completeness(round_)


@require_POST
@page_view
def due_date_view(request: HttpRequest, key: str) -> HttpResponse:
    round_ = round_for_user(user=request.user, key=key)
    form = DueDateForm(request.POST)
    permissions.ensure_can_manage_round(request.user, round_)
    if not form.is_valid():
        # Iterating an ErrorList yields its messages as text (ErrorList.__getitem__).
        for error in form.errors.get("due_date", []):
            messages.error(request, str(error))
        return _to_completeness(round_)
    due_date, by = form.cleaned_data["due_date"], signed_in_user(request)
    return _round_action(
        request,
        round_,
        lambda: round_set_due_date(round_=round_, due_date=due_date, by=by),
        _("เปลี่ยนกำหนดส่งแล้ว"),
    )


@require_POST
@page_view
def close_view(request: HttpRequest, key: str) -> HttpResponse:
    round_ = round_for_user(user=request.user, key=key)
    permissions.ensure_can_manage_round(request.user, round_)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("กรุณายืนยันการปิดรอบ"))
        return _to_completeness(round_)
    by = signed_in_user(request)
    return _round_action(
        request, round_, lambda: round_close(round_=round_, by=by), _("ปิดรอบแล้ว รายงานที่รับรองแล้วถูกล็อก")
    )


@require_POST
@page_view
def reopen_round_view(request: HttpRequest, key: str) -> HttpResponse:
    round_ = round_for_user(user=request.user, key=key)
    by, reason = signed_in_user(request), request.POST.get("reason", "")
    return _round_action(
        request, round_, lambda: round_reopen(round_=round_, by=by, reason=reason), _("เปิดรอบอีกครั้งแล้ว")
    )
