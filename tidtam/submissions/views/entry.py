"""The agency's pages: the entry page of one report (table row, narratives, X.2 rows,
X.3–X.5, attachments), its autosave and inline checks, and the conflict view.

Nothing typed is lost: a save that cannot go through (stale version, unreadable number, refused
submit) shows the page again with what was typed; autosave answers JSON so that the page keeps its
local copy (static/js/entry.js) whatever happens.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tidtam.formdefs.itemforms import item_form_load
from tidtam.formdefs.labels import render_items
from tidtam.formdefs.models import Column

from .. import permissions
from ..checks import agency_label, justification_key, submission_findings, value_findings
from ..content import PROBLEM_KEYS, SubmissionContent, content_of
from ..forms import (
    AttachmentForm,
    CommentForm,
    PostedEntry,
    ReopenForm,
    ReturnForm,
    apply_row_action,
    display_value,
    parse_entry,
)
from ..models import Submission, WorkflowEvent
from ..presenters import section_label
from ..selectors import submission_for_user, submission_to_save, workflow_events_of
from ..services import SubmissionConflict, submission_submit, submission_update
from .common import background_view, error_messages, page_view, signed_in_user
from .conflicts import apply_choices, conflict_page
from .work import queue_position

MAX_BLANK_ROWS = 20


# --- the entry page ---------------------------------------------------------------------------------


@dataclass
class ValueField:
    column: Column
    name: str
    text: str
    error: str = ""
    findings: list = field(default_factory=list)

    @property
    def inputmode(self) -> str:
        return "numeric" if self.column.value_type == Column.ValueType.COUNT else "decimal"


def _values_of(content: SubmissionContent, posted: PostedEntry | None) -> dict[str, Decimal | None]:
    values = dict(content.values)
    if posted is not None:
        values.update(posted.content.values)
    return values


def _shown_content(submission: Submission, posted: PostedEntry | None) -> SubmissionContent:
    saved = content_of(submission)
    return saved if posted is None else posted.over(saved)


def _value_fields(
    submission: Submission, content: SubmissionContent, posted: PostedEntry | None, findings: list
) -> list[ValueField]:
    rows = []
    for column in submission.item.columns.all():
        name = f"value-{column.key}"
        raw = posted.raw_values.get(column.key) if posted else None
        rows.append(
            ValueField(
                column=column,
                name=name,
                text=raw if raw is not None else display_value(content.values.get(column.key)),
                error=(posted.errors.get(name, "") if posted else ""),
                findings=[f for f in findings if getattr(f, "column", None) == column.key],
            )
        )
    return rows


def _findings_with_keys(findings: list) -> list[dict]:
    return [{"finding": f, "key": justification_key(f)} for f in findings]


def entry_context(
    request: HttpRequest,
    submission: Submission,
    *,
    posted: PostedEntry | None = None,
    blank_rows: int = 1,
    errors: list[str] | None = None,
) -> dict:
    user = request.user
    content = _shown_content(submission, posted)
    can_edit = permissions.can_edit(user, submission)
    # One run of every check: table findings go next to the table, the rest above the buttons.
    keys = {c.key for c in submission.item.columns.all()}
    findings = submission_findings(
        submission=submission, values=content.values if posted is not None else None
    )
    values_found = [f for f in findings if getattr(f, "column", None) in keys]
    other_found = [f for f in findings if getattr(f, "column", None) not in keys]
    problems = [dict(row) for row in content.problems] + [
        {k: "" for k in PROBLEM_KEYS} for _i in range(blank_rows)
    ]
    events = list(workflow_events_of(submission=submission))
    last_return = next(
        (
            e
            for e in reversed(events)
            if e.action in (WorkflowEvent.Action.RETURN, WorkflowEvent.Action.REOPEN)
        ),
        None,
    )
    render_items([submission.item], submission.round.fiscal_year_be)
    number = submission.item.number
    subtopics = list(submission.item.subtopics.all())
    return {
        "submission": submission,
        "round": submission.round,
        "item": submission.item,
        "agency_label": agency_label(submission),
        "content": content,
        "value_fields": _value_fields(submission, content, posted, values_found),
        "value_findings": _findings_with_keys(values_found),
        "other_findings": _findings_with_keys(other_found),
        "justifications": content.justifications,
        "subtopics": [(s, content.narratives.get(s.number, "")) for s in subtopics],
        "general_narrative": content.narratives.get(None, ""),
        "show_general_narrative": not subtopics or bool(content.narratives.get(None)),
        "problems": problems,
        "events": events,
        "last_return": last_return if submission.status == Submission.Status.RETURNED else None,
        "last_return_section": section_label(last_return.section, number) if last_return else "",
        "comments": list(submission.comments.select_related("author")),
        "attachments": list(submission.attachments.select_related("uploaded_by")),
        "can_edit": can_edit,
        "can_submit": permissions.can_submit(user, submission),
        "can_review": permissions.can_review(user, submission),
        "can_reopen": permissions.can_reopen(user, submission),
        "can_comment": permissions.can_comment(user, submission),
        "can_manage_round": permissions.can_manage_round(user, submission.round),
        "return_form": ReturnForm(item_number=number),
        "reopen_form": ReopenForm(item_number=number),
        "comment_form": CommentForm(item_number=number),
        "attachment_form": AttachmentForm(),
        "errors": errors or [],
        "queue": queue_position(request, submission),
        "entry_strings": entry_strings(),
        "sections": {key: section_label(key, number) for key in ("X.1", "X.2", "X.3", "X.4", "X.5")},
    }


def entry_strings() -> dict[str, str]:
    """Messages of static/js/entry.js, in Thai."""
    return {
        "saving": _("กำลังบันทึก…"),
        "unsaved": _("มีการแก้ไขที่ยังไม่ได้บันทึก (เก็บสำเนาไว้ในเครื่องนี้แล้ว)"),
        "session": _("หมดเวลาการเข้าสู่ระบบ ข้อมูลที่พิมพ์ยังเก็บไว้ในเครื่องนี้"),
        "conflict": _("มีผู้อื่นบันทึกรายงานนี้ก่อนท่าน"),
        "failed": _("บันทึกไม่สำเร็จ (รหัส %s) ข้อมูลยังเก็บไว้ในเครื่องนี้ ระบบจะลองใหม่"),
        "offline": _("ติดต่อเซิร์ฟเวอร์ไม่ได้ ข้อมูลเก็บไว้ในเครื่องนี้ ระบบจะบันทึกให้เมื่อกลับมาออนไลน์"),
        "restored": _("พบข้อมูลที่พิมพ์ไว้แต่ยังไม่ได้บันทึก (เมื่อ %s) ระบบนำกลับมาใส่ในแบบฟอร์มแล้ว และกำลังบันทึกให้"),
    }


def _render_entry(
    request: HttpRequest, submission: Submission, *, status: int = 200, **kwargs
) -> HttpResponse:
    response = render(request, "submissions/entry.html", entry_context(request, submission, **kwargs))
    response.status_code = status
    return response


def _save(request: HttpRequest, submission: Submission, posted: PostedEntry) -> Submission:
    saved_justifications = dict(submission.warning_justifications or {})
    kwargs = posted.update_kwargs()
    if "justifications" in posted.present:
        kwargs["justifications"] = {**saved_justifications, **posted.content.justifications}
    return submission_update(
        submission=submission,
        by=signed_in_user(request),
        # A post without a version cannot prove it saw the saved data: it can only go through the conflict view.
        expected_version=posted.version or 0,
        source="web",
        just_read=True,  # both callers read the submission at the start of this request
        **kwargs,
    )


def _count(text: str) -> int:
    """A row count from a URL or a hidden field; 1 when it is not one (a hand-edited URL is no 500)."""
    # isdecimal, not isdigit: int() refuses digits such as "²" that isdigit accepts.
    return int(text) if text.isdecimal() else 1


@require_http_methods(["GET", "HEAD", "POST"])
@page_view
def entry_page(request: HttpRequest, pk: int) -> HttpResponse:
    submission = submission_for_user(user=request.user, pk=pk)
    if request.method != "POST":
        blank_rows = min(_count(request.GET.get("blank", "1")), MAX_BLANK_ROWS)
        return _render_entry(request, submission, blank_rows=max(blank_rows, 1))

    posted = parse_entry(request.POST, submission)
    if request.POST.get("resolve"):
        apply_choices(request, submission, posted)
    row_action = request.POST.get("row_action", "")
    if row_action and "problems" in posted.present:
        posted.content.problems = apply_row_action(posted.content.problems, row_action)
    try:
        submission = _save(request, submission, posted)
    except SubmissionConflict as conflict:
        return conflict_page(request, conflict.submission, posted)
    except ValidationError as exc:
        return _render_entry(request, submission, posted=posted, status=400, errors=error_messages(exc))
    if posted.errors:
        return _render_entry(
            request, submission, posted=posted, status=400, errors=list(posted.errors.values())
        )

    if request.POST.get("action") == "submit":
        try:
            submission_submit(submission=submission, by=signed_in_user(request))
        except ValidationError as exc:
            return _render_entry(request, submission, status=400, errors=error_messages(exc))
        messages.success(request, _("ส่งรายงานข้อ %(item)s เรียบร้อยแล้ว") % {"item": submission.item.number})
        return redirect("submissions:entry", pk=submission.pk)

    messages.success(request, _("บันทึกร่างแล้ว"))
    url = reverse("submissions:entry", kwargs={"pk": submission.pk})
    if row_action == "add":
        # Without JavaScript a new row is a blank row shown under the saved ones.
        blank_rows = min(_count(request.POST.get("blank_rows", "1")) + 1, MAX_BLANK_ROWS)
        return redirect(f"{url}?blank={blank_rows}#problems")
    return redirect(f"{url}#problems" if row_action else url)


# --- autosave and inline checks -----------------------------------------------------------------------


@require_POST
@background_view
def autosave(request: HttpRequest, pk: int) -> HttpResponse:
    # Every few seconds for every reporter typing: the form's columns and subtopics are loaded once
    # (kept per process, formdefs/itemforms.py), for the parsing here and the save in the service;
    # the answer is a few fields of JSON.
    submission = submission_to_save(user=request.user, pk=pk)
    item_form_load(submission.item)
    posted = parse_entry(request.POST, submission)
    try:
        submission = _save(request, submission, posted)
    except SubmissionConflict as conflict:
        return JsonResponse(
            {
                "ok": False,
                "error": "conflict",
                "current_version": conflict.current_version,
                "message": _(
                    "มีผู้อื่นบันทึกรายงานนี้ก่อนท่าน ข้อมูลของท่านยังไม่ถูกบันทึกทับ "
                    "กด «เปรียบเทียบและเลือก» เพื่อดูความแตกต่างและเลือกฉบับที่ถูกต้อง"
                ),
            },
            status=409,
        )
    except ValidationError as exc:
        return JsonResponse(
            {"ok": False, "error": "invalid", "message": " ".join(error_messages(exc))}, status=400
        )
    message = _("บันทึกร่างอัตโนมัติแล้ว เวลา %(time)s น.") % {"time": timezone.localtime().strftime("%H:%M")}
    if posted.errors:
        message += " " + _("ยกเว้นช่องที่ไม่ใช่ตัวเลข: %(fields)s") % {"fields": " ".join(posted.errors.values())}
    return JsonResponse(
        {"ok": True, "version": submission.version, "errors": posted.errors, "message": message}
    )


@require_POST
@background_view
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """Inline validation while typing: the row as typed, checked by the engine, as an htmx fragment."""
    submission = submission_for_user(user=request.user, pk=pk)
    posted = parse_entry(request.POST, submission)
    saved = content_of(submission)
    values = _values_of(saved, posted)
    findings = value_findings(submission=submission, values=values) if submission.item.columns.all() else []
    # The checks before submitting are refreshed too: the page calls this after every save, narratives
    # included, so "ยังไม่ได้เขียนผลการดำเนินงาน" goes away as soon as the text is saved.
    keys = {c.key for c in submission.item.columns.all()}
    other = [
        f
        for f in submission_findings(submission=submission, values=values)
        if getattr(f, "column", None) not in keys
    ]
    justifications = {**saved.justifications, **posted.content.justifications}
    fields = _value_fields(submission, saved, posted, findings)
    return render(
        request,
        "submissions/_checks_fragment.html",
        {
            "submission": submission,
            "value_findings": _findings_with_keys(findings),
            "other_findings": _findings_with_keys(other),
            "justifications": justifications,
            "value_fields": fields,
            "can_edit": permissions.can_edit(request.user, submission),
        },
    )
