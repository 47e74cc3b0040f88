"""Reads of submissions, scoped to what a user may see."""

from collections import defaultdict

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tidtam.common.models import AuditEvent
from tidtam.formdefs.models import Round, RoundParticipant
from tidtam.formdefs.scope import AGENCY_ROLES, ANALYST_ROLES, EVERY_STATUS_ROLES, user_scope
from tidtam.orgs.models import Membership
from tidtam.orgs.selectors import user_memberships

from .completeness import completeness_of
from .models import Attachment, Comment, Submission, WorkflowEvent
from .permissions import PUBLISHED_STATUSES, can_view_submission


def submissions_visible_to(*, user, round_: Round) -> QuerySet[Submission]:
    """The submissions of `round_` that `user` may read (see `submissions_visible_in` for the rule)."""
    return _visible(user=user, qs=Submission.objects.filter(round=round_))


def submissions_visible_in(*, user, rounds: QuerySet[Round]) -> QuerySet[Submission]:
    """The submissions of several rounds that `user` may read, as one queryset."""
    return _visible(user=user, qs=Submission.objects.filter(round__in=rounds.order_by().values("pk")))


def _visible(*, user, qs: QuerySet[Submission]) -> QuerySet[Submission]:
    """Coordinators, inspectors and administrators whose scope covers the round see every submission in
    any status; regional and national analysts see accepted and locked ones only. Agency roles see
    their own agency's submissions in any status and the other agencies' only once accepted or locked,
    and only in rounds where their agency takes part. Lazy: no query runs until the queryset is read.
    `permissions.can_read_submission` is this rule for one submission (a property test keeps them equal).
    """
    qs = qs.select_related("agency", "item")
    memberships = user_memberships(user=user)
    full = user_scope(user=user, roles=EVERY_STATUS_ROLES, memberships=memberships)
    if full.everything:
        return qs
    q = Q(round_id__in=Round.objects.filter(full.oversight_q()).values("pk"))
    analysts = user_scope(user=user, roles=ANALYST_ROLES, memberships=memberships)
    if analysts.everything:
        q |= Q(status__in=list(PUBLISHED_STATUSES))
    elif analysts.has_oversight:
        q |= Q(round_id__in=Round.objects.filter(analysts.oversight_q()).values("pk")) & Q(
            status__in=PUBLISHED_STATUSES
        )
    scope = user_scope(user=user, roles=AGENCY_ROLES, memberships=memberships)
    if scope.agency_ids:
        participates = Q(
            round_id__in=RoundParticipant.objects.filter(agency_id__in=scope.agency_ids).values("round_id")
        )
        q |= participates & (Q(agency_id__in=scope.agency_ids) | Q(status__in=list(PUBLISHED_STATUSES)))
    return qs.filter(q)


# --- data entry and review (added by the entry workflow) -----------------------------------------------


def submission_for_user(*, user, pk: int) -> Submission:
    """One submission with what its pages need, if the user may open it; otherwise 404 (another
    agency's draft looks exactly like one that does not exist)."""

    submission = (
        Submission.objects.select_related(
            "round",
            "round__office",
            "round__office__parent",
            "round__template",
            "item",
            "agency",
            "updated_by",
        )
        .filter(pk=pk)
        .first()
    )
    return _viewable(user, submission)


def submission_to_save(*, user, pk: int) -> Submission:
    """`submission_for_user` for autosave, which answers a few fields of JSON every few seconds for
    every reporter typing: the round, item and agency only (a join of four tables, not eight: the
    database plans it in a fraction of the time). Anything else is read when asked for."""
    submission = Submission.objects.select_related("round", "item", "agency").filter(pk=pk).order_by().first()
    return _viewable(user, submission)


def _viewable(user, submission: Submission | None) -> Submission:
    if submission is None or not can_view_submission(user, submission):
        raise Http404(_("ไม่พบรายงานนี้ หรือท่านไม่มีสิทธิ์เข้าถึง"))
    return submission


def attachment_for_user(*, user, pk: int):

    attachment = Attachment.objects.select_related("submission", "submission__round").filter(pk=pk).first()
    if attachment is None or not can_view_submission(user, attachment.submission):
        raise Http404(_("ไม่พบไฟล์แนบนี้ หรือท่านไม่มีสิทธิ์เข้าถึง"))
    return attachment


def my_work(*, user) -> QuerySet[Submission]:
    """The submissions the user enters for their agencies, in rounds still open."""
    scope = user_scope(user=user)
    if not scope.agency_ids:
        return Submission.objects.none()
    return (
        Submission.objects.filter(agency_id__in=scope.agency_ids, round__status=Round.Status.OPEN)
        .filter(
            round_id__in=RoundParticipant.objects.filter(agency_id__in=scope.agency_ids).values("round_id")
        )
        .select_related("round", "round__office", "item", "agency", "updated_by")
        .order_by("round__due_date", "round__key", "item__number", "agency__code")
    )


def late_submissions(*, round_: Round, today=None) -> dict:
    """{agency: [its reports still to send]} once the round's due date has passed (draft or returned)."""

    today = today or timezone.localdate()
    if round_.due_date is None or today <= round_.due_date or round_.status != Round.Status.OPEN:
        return {}
    late: dict = defaultdict(list)
    rows = (
        Submission.objects.filter(
            round=round_, status__in=(Submission.Status.DRAFT, Submission.Status.RETURNED)
        )
        .select_related("agency", "item")
        .order_by("agency__code", "item__number")
    )
    for submission in rows:
        late[submission.agency].append(submission)
    return dict(late)


def submission_history(*, submission: Submission):
    """Audit events of the submission, newest first, with their actors."""

    return (
        AuditEvent.objects.filter(model=Submission._meta.label_lower, object_id=str(submission.pk))
        .select_related("actor")
        .order_by("-at", "-id")
    )


def workflow_events_of(*, submission: Submission):

    return WorkflowEvent.objects.filter(submission=submission).select_related("by").order_by("at", "id")


def round_completeness(*, round_: Round, today=None):
    """The completeness matrix of a round (see `completeness.Completeness`), in a fixed number of queries."""

    return completeness_of(round_=round_, today=today)


# --- the coordinator's inbox and the head's "send all ready" ------------------------------------------

# Who reviews (returns, accepts): the same roles as `permissions.RoundAccess.is_coordinator`.
REVIEW_ROLES = frozenset({Membership.Role.COORDINATOR, Membership.Role.ADMIN})


def reviews_anything(*, user) -> bool:
    """Whether the user holds a reviewing role over some rounds (no query beyond their memberships)."""
    return user_scope(user=user, roles=REVIEW_ROLES).has_oversight


def review_queue(*, user) -> QuerySet[Submission]:
    """The submitted reports waiting for this reviewer, in open rounds of their scope, oldest sent first
    (the order the inbox lists them and the review page steps through them)."""
    scope = user_scope(user=user, roles=REVIEW_ROLES)
    if not scope.has_oversight:
        return Submission.objects.none()
    return (
        Submission.objects.filter(
            scope.oversight_q("round__"), status=Submission.Status.SUBMITTED, round__status=Round.Status.OPEN
        )
        .select_related("round", "round__office", "item", "agency")
        .order_by("submitted_at", "id")
    )


def review_queue_with_comments(*, user) -> QuerySet[Submission]:
    return review_queue(user=user).prefetch_related(
        Prefetch("comments", queryset=Comment.objects.select_related("author").order_by("created_at", "id"))
    )


def review_queue_count(*, user) -> int:
    """One COUNT query for a reviewer; none at all for anyone else."""
    if not reviews_anything(user=user):
        return 0
    return review_queue(user=user).order_by().count()


def head_agency_ids(*, user) -> frozenset[int]:
    return user_scope(user=user, roles=frozenset({Membership.Role.AGENCY_HEAD})).agency_ids


def sendable_by_head(*, user) -> list[Submission]:
    """The head's reports that could still be sent (draft or returned, open rounds): the candidates of
    "ส่งทั้งหมดที่พร้อม", whatever their checks say."""
    agencies = head_agency_ids(user=user)
    return [
        s
        for s in my_work(user=user)
        if s.agency_id in agencies and s.status in (Submission.Status.DRAFT, Submission.Status.RETURNED)
    ]


def last_returns(*, submissions) -> dict[int, WorkflowEvent]:
    """{report pk: the latest return (or reopen) event} of the returned reports given, in one query."""
    returned = [s.pk for s in submissions if s.status == Submission.Status.RETURNED]
    out: dict[int, WorkflowEvent] = {}
    if not returned:
        return out
    for event in WorkflowEvent.objects.filter(
        submission_id__in=returned, action__in=(WorkflowEvent.Action.RETURN, WorkflowEvent.Action.REOPEN)
    ).order_by("at", "id"):
        if event.submission_id is not None:
            out[event.submission_id] = event  # the latest wins
    return out
