"""Where people work: the agency's home ("งานของฉัน": every report with its progress by part, the days
left, returned reports first with why) and the head's "ส่งทั้งหมดที่พร้อม"; the coordinator's inbox of
reports waiting for review, with bulk accept and return. Every bulk action shows what it will do on a
confirmation page (GET, changes nothing) and acts only on its POST, one service call per report."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ..forms import ReturnForm
from ..models import Submission, WorkflowEvent
from ..permissions import can_view_submission
from ..presenters import days_left_text, section_label
from ..progress import PartProgress, progress_of
from ..selectors import (
    head_agency_ids,
    last_returns,
    my_work,
    review_queue,
    review_queue_count,
    review_queue_with_comments,
    reviews_anything,
    sendable_by_head,
)
from ..services import (
    BulkOutcome,
    submissions_accept_many,
    submissions_return_many,
    submissions_submit_many,
    submit_problems,
)
from .common import page_view, signed_in_user


@dataclass
class WorkRow:
    submission: Submission
    parts: list[PartProgress]
    last_return: WorkflowEvent | None
    return_section: str
    days_left: str


@require_safe
@page_view
def my_work_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    today = timezone.localdate()
    submissions = list(my_work(user=user))
    progress = progress_of(submissions)
    returns = last_returns(submissions=submissions)
    rows = [
        WorkRow(
            submission=s,
            parts=progress.get(s.pk, []),
            last_return=returns.get(s.pk),
            return_section=section_label(returns[s.pk].section, s.item.number) if s.pk in returns else "",
            days_left=days_left_text(s.round.due_date, today),
        )
        for s in submissions
    ]
    rounds: dict = {}
    for row in rows:
        if row.submission.status != Submission.Status.RETURNED:
            rounds.setdefault(row.submission.round, []).append(row)
    return render(
        request,
        "submissions/my_work.html",
        {
            "returned": [r for r in rows if r.submission.status == Submission.Status.RETURNED],
            "rounds": [(round_, days_left_text(round_.due_date, today), rs) for round_, rs in rounds.items()],
            "today": today,
            "is_head": bool(head_agency_ids(user=user)),
            "review_count": review_queue_count(user=user),
            "reviews": reviews_anything(user=user),
        },
    )


# --- confirmations ---------------------------------------------------------------------------------


def _picks(values: list[str]) -> dict[int, int]:
    """{pk: version} from "pk:version" fields; anything else is ignored (a hand-made POST is no 500)."""
    out = {}
    for value in values:
        pk, _sep, version = value.partition(":")
        if pk.isdecimal() and version.isdecimal() and len(pk) < 12 and len(version) < 12:
            out[int(pk)] = int(version)
    return out


def _ids(values: list[str]) -> set[int]:
    return {int(v) for v in values if v.isdecimal() and len(v) < 12}


def _report_outcome(request: HttpRequest, outcome: BulkOutcome, done_message: str) -> None:
    if outcome.done:
        messages.success(request, done_message % {"count": len(outcome.done)})
    for submission, why in outcome.skipped:
        if submission is None or not can_view_submission(request.user, submission):
            # A hand-made POST naming a report the user may not open learns nothing about it.
            messages.error(request, _("ข้ามรายการหนึ่งฉบับ: ไม่พบรายงานนี้ หรือท่านไม่มีสิทธิ์เข้าถึง"))
            continue
        where = _("ข้อ %(item)s %(agency)s") % {"item": submission.item.number, "agency": submission.agency}
        messages.error(request, _("ข้ามรายการ %(where)s: %(why)s") % {"where": where, "why": why})
    if not outcome.done and not outcome.skipped:
        messages.error(request, _("ไม่ได้เลือกรายการใด"))


@require_http_methods(["GET", "HEAD", "POST"])
@page_view
def submit_ready_page(request: HttpRequest) -> HttpResponse:
    """The agency head's "ส่งทั้งหมดที่พร้อม": GET lists what would be sent and what is not ready (with
    the same checks a single submit runs); POST sends the reports listed, skipping any changed since."""
    user = signed_in_user(request)
    if not head_agency_ids(user=user):
        raise PermissionDenied(_("เฉพาะหัวหน้าหน่วยงานเท่านั้นที่ส่งรายงานของหน่วยงานได้"))
    if request.method == "POST":
        outcome = submissions_submit_many(picks=_picks(request.POST.getlist("pick")), by=user)
        _report_outcome(request, outcome, _("ส่งรายงานแล้ว %(count)s ฉบับ"))
        return redirect("submissions:my_work")
    ready: list[tuple[Submission, list[str]]] = []
    not_ready: list[tuple[Submission, list[str]]] = []
    for submission in sendable_by_head(user=user):
        problems = submit_problems(submission)
        (not_ready if problems else ready).append((submission, problems))
    return render(request, "submissions/submit_ready.html", {"ready": ready, "not_ready": not_ready})


def _ensure_reviewer(request: HttpRequest) -> None:
    if not reviews_anything(user=request.user):
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของจังหวัดเท่านั้นที่ตรวจรับรายงานได้"))


@require_safe
@page_view
def inbox_page(request: HttpRequest) -> HttpResponse:
    _ensure_reviewer(request)
    today = timezone.localdate()
    queue = [
        (s, (today - timezone.localdate(s.submitted_at)).days if s.submitted_at else None)
        for s in review_queue_with_comments(user=request.user)
    ]
    return render(
        request, "submissions/inbox.html", {"queue": queue, "return_form": ReturnForm(item_number=None)}
    )


BULK_ACTIONS = ("accept", "return")


@require_http_methods(["GET", "HEAD", "POST"])
@page_view
def inbox_bulk_page(request: HttpRequest) -> HttpResponse:
    """GET ?action=accept|return&pick=<id>…: the confirmation page (changes nothing). POST with
    confirm: each chosen report through the accept or return service; changed ones are skipped."""
    _ensure_reviewer(request)
    user = signed_in_user(request)
    data = request.POST if request.method == "POST" else request.GET
    action = data.get("action", "")
    if action not in BULK_ACTIONS:
        messages.error(request, _("กรุณาเลือกว่าจะรับรองหรือส่งกลับ"))
        return redirect("submissions:inbox")
    form = ReturnForm(data if action == "return" and request.method == "POST" else None, item_number=None)
    if request.method == "POST" and data.get("confirm"):
        picks = _picks(data.getlist("pick"))
        if action == "accept":
            outcome = submissions_accept_many(picks=picks, by=user)
            _report_outcome(request, outcome, _("รับรองรายงานแล้ว %(count)s ฉบับ"))
            return redirect("submissions:inbox")
        if form.is_valid():
            outcome = submissions_return_many(picks=picks, by=user, **form.cleaned_data)
            _report_outcome(request, outcome, _("ส่งกลับให้หน่วยงานแก้ไขแล้ว %(count)s ฉบับ"))
            return redirect("submissions:inbox")
        chosen = [s for s in review_queue(user=user) if s.pk in picks]
        errors = [str(e) for errs in form.errors.values() for e in errs]
        context = {"action": action, "chosen": chosen, "form": form, "errors": errors}
        return render(request, "submissions/inbox_confirm.html", context, status=400)
    wanted = _ids(data.getlist("pick"))
    chosen = [s for s in review_queue(user=user) if s.pk in wanted]
    if not chosen:
        messages.error(request, _("กรุณาเลือกรายงานอย่างน้อยหนึ่งฉบับ"))
        return redirect("submissions:inbox")
    return render(
        request, "submissions/inbox_confirm.html", {"action": action, "chosen": chosen, "form": form}
    )


def queue_position(request: HttpRequest, submission: Submission) -> dict | None:
    """ "รายการที่ n จาก N" with the previous and next report of the inbox, for a review page opened from
    the inbox (?from=inbox) by a reviewer; None otherwise."""
    if request.GET.get("from") != "inbox" or not reviews_anything(user=request.user):
        return None
    ids = list(review_queue(user=request.user).values_list("pk", flat=True))
    if submission.pk not in ids:
        return None
    index = ids.index(submission.pk)
    return {
        "n": index + 1,
        "total": len(ids),
        "previous": ids[index - 1] if index > 0 else None,
        "next": ids[index + 1] if index + 1 < len(ids) else None,
    }
