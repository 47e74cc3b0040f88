"""Reads of follow-ups, scoped like everything else: oversight roles see the follow-ups of the rounds
they cover; an agency sees only its own."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from tidtam.formdefs.models import Round
from tidtam.formdefs.selectors import AGENCY_ROLES, OVERSIGHT_ROLES, user_memberships, user_scope
from tidtam.orgs.models import Membership
from tidtam.submissions.models import Submission

from .lineage import item_series
from .models import FollowUp, FollowUpUpdate

OPEN_STATUSES = (FollowUp.Status.OPEN, FollowUp.Status.IN_PROGRESS)
# Who may change a follow-up besides its own agency: those who run the office's rounds.
MANAGING_ROLES = frozenset({Membership.Role.COORDINATOR, Membership.Role.ADMIN})


def followups_visible_to(*, user) -> QuerySet[FollowUp]:
    qs = FollowUp.objects.select_related(
        "origin_round", "origin_round__office", "origin_round__office__parent", "agency", "item"
    )
    memberships = user_memberships(user=user)
    oversight = user_scope(user=user, roles=OVERSIGHT_ROLES, memberships=memberships)
    if oversight.everything:
        return qs
    q = Q(origin_round_id__in=Round.objects.filter(oversight.oversight_q()).values("pk"))
    agencies = user_scope(user=user, roles=AGENCY_ROLES, memberships=memberships)
    if agencies.agency_ids:
        q |= Q(agency_id__in=agencies.agency_ids)
    return qs.filter(q)


def can_update_followup(user, followup: FollowUp) -> bool:
    """The follow-up's own agency (reporter, head), or a coordinator/administrator over its office."""
    memberships = user_memberships(user=user)
    managers = user_scope(user=user, roles=MANAGING_ROLES, memberships=memberships)
    if managers.everything:
        return True
    if Round.objects.filter(managers.oversight_q(), pk=followup.origin_round_id).exists():
        return True
    agencies = user_scope(user=user, roles=AGENCY_ROLES, memberships=memberships)
    return followup.agency_id in agencies.agency_ids


def _earlier_rounds_q(round_: Round) -> Q:
    return Q(origin_round__office_id=round_.office_id) & (
        Q(origin_round__fiscal_year_be__lt=round_.fiscal_year_be)
        | Q(origin_round__fiscal_year_be=round_.fiscal_year_be, origin_round__number__lt=round_.number)
    )


def open_followups_before(*, round_: Round, agency_id: int, series: str, kind: str | None = None):
    """Open follow-ups of earlier rounds of the same office, for one agency and item series."""
    qs = FollowUp.objects.filter(
        _earlier_rounds_q(round_), agency_id=agency_id, item_lineage=series, status__in=OPEN_STATUSES
    )
    return qs.filter(kind=kind) if kind else qs


@dataclass(frozen=True)
class ToAnswer:
    followup: FollowUp
    answer: FollowUpUpdate | None  # the update given in this submission's round, if any


def followups_to_answer(*, submission: Submission) -> list[ToAnswer]:
    """What this report must follow up: earlier rounds' follow-ups of its agency and item that were open
    when the round started — still open, or answered (perhaps resolved) in this very round."""
    round_ = submission.round
    answered_here = FollowUpUpdate.objects.filter(round=round_, kind=FollowUpUpdate.Kind.UPDATE)
    qs = (
        FollowUp.objects.filter(
            _earlier_rounds_q(round_),
            agency_id=submission.agency_id,
            item_lineage=item_series(submission.item),
        )
        .filter(Q(status__in=OPEN_STATUSES) | Q(updates__in=answered_here))
        .distinct()
        .select_related("origin_round")
        .order_by("origin_round__fiscal_year_be", "origin_round__number", "kind", "order")
    )
    followups = list(qs)
    answers: dict[int, FollowUpUpdate] = {}
    for update in (
        answered_here.filter(followup__in=followups)
        .select_related("by")
        .prefetch_related("evidence")
        .order_by("at", "id")
    ):
        answers[update.followup_id] = update  # the latest answer of this round wins
    return [ToAnswer(f, answers.get(f.pk)) for f in followups]


def unanswered_count(*, submission: Submission) -> int:
    return sum(1 for t in followups_to_answer(submission=submission) if t.answer is None)


def rounds_open(followups: Iterable[FollowUp]) -> dict[int, int]:
    """Age in rounds: 1 for a follow-up of the office's latest round, +1 for each later round of the same
    office (counted up to the round that closed it)."""
    items = list(followups)
    office_ids = {f.origin_round.office_id for f in items}
    rounds: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for pk, office_id, year, number in Round.objects.filter(office_id__in=office_ids).values_list(
        "pk", "office_id", "fiscal_year_be", "number"
    ):
        rounds[office_id].append((year, number, pk))
    ages: dict[int, int] = {}
    for f in items:
        timeline = sorted(rounds[f.origin_round.office_id])
        origin = (f.origin_round.fiscal_year_be, f.origin_round.number)
        later = [r for r in timeline if (r[0], r[1]) > origin]
        if f.closed_in_round_id is not None:
            # Closed in a later round: counted up to it. Closed in its own round (before any later one):
            # one round. A closing round of another office (a bad record) leaves the age as it was.
            closing = next((r for r in timeline if r[2] == f.closed_in_round_id), None)
            if closing is not None:
                later = [r for r in later if (r[0], r[1]) <= (closing[0], closing[1])]
        ages[f.pk] = 1 + len(later)
    return ages


def followups_owed(*, submissions: Iterable[Submission]) -> dict[int, tuple[int, int]]:
    """{report pk: (follow-ups it must answer, those answered in its round)} for many reports at once, in
    two queries: the same rule as `followups_to_answer`, for the home page's progress of every report."""
    reports = list(submissions)
    if not reports:
        return {}
    candidates = list(
        FollowUp.objects.filter(
            origin_round__office_id__in={s.round.office_id for s in reports},
            agency_id__in={s.agency_id for s in reports},
            item_lineage__in={item_series(s.item) for s in reports},
        )
        .select_related("origin_round")
        .order_by()
    )
    answered = set(
        FollowUpUpdate.objects.filter(
            followup__in=[f.pk for f in candidates],
            round_id__in={s.round_id for s in reports},
            kind=FollowUpUpdate.Kind.UPDATE,
        ).values_list("followup_id", "round_id")
    )
    out = {}
    for s in reports:
        key = (s.round.office_id, s.agency_id, item_series(s.item))
        now = (s.round.fiscal_year_be, s.round.number)
        owed = [
            f
            for f in candidates
            if (f.origin_round.office_id, f.agency_id, f.item_lineage) == key
            and (f.origin_round.fiscal_year_be, f.origin_round.number) < now
            and (f.status in OPEN_STATUSES or (f.pk, s.round_id) in answered)
        ]
        out[s.pk] = (len(owed), sum(1 for f in owed if (f.pk, s.round_id) in answered))
    return out
