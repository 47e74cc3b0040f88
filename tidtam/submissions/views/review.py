"""The coordinator's and inspector's actions on one report (return, accept, reopen, comment), its
history page, and its attachments. Each action calls one service; views never set a status."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ..forms import AttachmentForm, CommentForm, ReopenForm, ReturnForm
from ..permissions import ensure_can_review
from ..presenters import changes_of, field_labels
from ..selectors import attachment_for_user, submission_for_user, submission_history
from ..services import (
    attachment_add,
    attachment_remove,
    comment_add,
    submission_accept,
    submission_reopen,
    submission_return,
)
from .common import error_messages, page_view, signed_in_user
from .entry import _render_entry


def _back(submission, anchor: str = ""):
    return redirect(reverse("submissions:entry", kwargs={"pk": submission.pk}) + anchor)


def _form_errors(form) -> list[str]:
    return [str(e) for errors in form.errors.values() for e in errors]


def _transition(
    request: HttpRequest,
    pk: int,
    *,
    form_class: Any = None,
    action: Callable[..., Any],
    done: str,
    anchor: str = "",
) -> HttpResponse:
    """The shape of every review action: the submission the user may open, the form (if any), the
    service (which checks permission and validates), a Thai message, back to the entry page."""
    submission = submission_for_user(user=request.user, pk=pk)
    data: dict[str, Any] = {}
    if form_class is not None:
        form = form_class(request.POST, item_number=submission.item.number)
        if not form.is_valid():
            return _render_entry(request, submission, status=400, errors=_form_errors(form))
        data = form.cleaned_data
    try:
        action(submission=submission, by=signed_in_user(request), **data)
    except ValidationError as exc:
        return _render_entry(request, submission, status=400, errors=error_messages(exc))
    messages.success(request, done)
    if request.POST.get("from") == "inbox":
        # Reviewing from the inbox: back to the queue for the next report.
        return redirect("submissions:inbox")
    return _back(submission, anchor)


@require_POST
@page_view
def return_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, form_class=ReturnForm, action=submission_return, done=_("ส่งกลับให้หน่วยงานแก้ไขแล้ว")
    )


@require_POST
@page_view
def accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    note = request.POST.get("note", "")
    submission = submission_for_user(user=request.user, pk=pk)
    # Accepting publishes the report: it takes a ticked confirmation (the page works without script).
    ensure_can_review(request.user, submission)
    if not request.POST.get("confirm"):
        errors = [_("กรุณาทำเครื่องหมาย «ยืนยันการรับรอง» ก่อนกดรับรองรายงาน")]
        return _render_entry(request, submission, status=400, errors=errors)
    return _transition(
        request, pk, action=lambda **kw: submission_accept(**kw, note=note), done=_("รับรองรายงานแล้ว")
    )


@require_POST
@page_view
def reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, form_class=ReopenForm, action=submission_reopen, done=_("เปิดให้หน่วยงานแก้ไขอีกครั้งแล้ว")
    )


@require_POST
@page_view
def comment_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, form_class=CommentForm, action=comment_add, done=_("บันทึกความเห็นแล้ว"), anchor="#comments"
    )


@require_safe
@page_view
def history_page(request: HttpRequest, pk: int) -> HttpResponse:
    submission = submission_for_user(user=request.user, pk=pk)
    labels = field_labels(submission)
    events = [
        {"event": e, "changes": changes_of(e.changes or {}, labels, submission.item.number)}
        for e in submission_history(submission=submission)
    ]
    return render(
        request,
        "submissions/history.html",
        {"submission": submission, "item": submission.item, "round": submission.round, "events": events},
    )


# --- attachments ------------------------------------------------------------------------------------


@require_POST
@page_view
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    submission = submission_for_user(user=request.user, pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_entry(request, submission, status=400, errors=_form_errors(form))
    try:
        attachment = attachment_add(
            submission=submission, by=signed_in_user(request), upload=form.cleaned_data["file"]
        )
    except ValidationError as exc:
        return _render_entry(request, submission, status=400, errors=error_messages(exc))
    messages.success(request, _("แนบไฟล์ %(name)s แล้ว") % {"name": attachment.original_name})
    return _back(submission, "#attachments")


@require_safe
@page_view
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = attachment_for_user(user=request.user, pk=pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@require_POST
@page_view
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = attachment_for_user(user=request.user, pk=pk)
    submission = attachment.submission
    try:
        attachment_remove(attachment=attachment, by=signed_in_user(request))
    except ValidationError as exc:
        return _render_entry(request, submission, status=400, errors=error_messages(exc))
    messages.success(request, _("ลบไฟล์แนบแล้ว"))
    return _back(submission, "#attachments")
