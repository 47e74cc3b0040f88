"""The coordinator's and inspector's actions on one report (return, accept, reopen, comment), its
history page, and its attachments. Each action calls one service; views never set a status."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ..forms import AttachmentForm, CommentForm, ReopenForm, ReturnForm
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


@require_POST
@page_view
def return_view(request: HttpRequest, pk: int) -> HttpResponse:
    submission = submission_for_user(user=request.user, pk=pk)
    form = ReturnForm(request.POST, item_number=submission.item.number)
    if not form.is_valid():
        return _render_entry(request, submission, status=400, errors=_form_errors(form))
    try:
        submission_return(
            submission=submission,
            by=signed_in_user(request),
            section=form.cleaned_data["section"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        return _render_entry(request, submission, status=400, errors=error_messages(exc))
    messages.success(request, _("ส่งกลับให้หน่วยงานแก้ไขแล้ว"))
    return _back(submission)


@require_POST
@page_view
def accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    submission = submission_for_user(user=request.user, pk=pk)
    try:
        submission_accept(
            submission=submission, by=signed_in_user(request), note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        return _render_entry(request, submission, status=400, errors=error_messages(exc))
    messages.success(request, _("รับรองรายงานแล้ว"))
    return _back(submission)


@require_POST
@page_view
def reopen_view(request: HttpRequest, pk: int) -> HttpResponse:
    submission = submission_for_user(user=request.user, pk=pk)
    form = ReopenForm(request.POST, item_number=submission.item.number)
    if not form.is_valid():
        return _render_entry(request, submission, status=400, errors=_form_errors(form))
    try:
        submission_reopen(
            submission=submission,
            by=signed_in_user(request),
            reason=form.cleaned_data["reason"],
            section=form.cleaned_data["section"],
        )
    except ValidationError as exc:
        return _render_entry(request, submission, status=400, errors=error_messages(exc))
    messages.success(request, _("เปิดให้หน่วยงานแก้ไขอีกครั้งแล้ว"))
    return _back(submission)


@require_POST
@page_view
def comment_view(request: HttpRequest, pk: int) -> HttpResponse:
    submission = submission_for_user(user=request.user, pk=pk)
    form = CommentForm(request.POST, item_number=submission.item.number)
    if not form.is_valid():
        return _render_entry(request, submission, status=400, errors=_form_errors(form))
    try:
        comment_add(
            submission=submission,
            by=signed_in_user(request),
            text=form.cleaned_data["text"],
            section=form.cleaned_data["section"],
        )
    except ValidationError as exc:
        return _render_entry(request, submission, status=400, errors=error_messages(exc))
    messages.success(request, _("บันทึกความเห็นแล้ว"))
    return _back(submission, "#comments")


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
