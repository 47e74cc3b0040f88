"""Reads of rounds and form items, scoped to what a user may see (the rule: `formdefs.scope`)."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tidtam.orgs.models import OrgUnit
from tidtam.orgs.selectors import user_memberships

from .models import Item, Round, RoundParticipant
from .scope import AGENCY_ROLES, ANALYST_ROLES, OVERSIGHT_ROLES, UserScope, user_scope

__all__ = [
    "AGENCY_ROLES",
    "ANALYST_ROLES",
    "OVERSIGHT_ROLES",
    "UserScope",
    "item_numbers_of",
    "org_units_in_scope",
    "round_for_user",
    "rounds_visible_to",
    "user_memberships",
    "user_scope",
]


def _participating_round_ids(agency_ids: frozenset[int]) -> QuerySet:
    return RoundParticipant.objects.filter(agency_id__in=agency_ids).values("round_id")


def rounds_visible_to(*, user) -> QuerySet[Round]:
    """Rounds the user may open, newest first, with office and template loaded."""
    qs = Round.objects.select_related("office", "office__parent", "template")
    scope = user_scope(user=user)
    if scope.everything:
        return qs.all()
    q = scope.oversight_q()
    if scope.agency_ids:
        # A subquery, not a join: callers may annotate counts over participants without distortion.
        q |= Q(pk__in=_participating_round_ids(scope.agency_ids))
    return qs.filter(q)


def round_for_user(*, user, key: str) -> Round:
    """The round with this key if the user may see it; otherwise 404 (unknown and forbidden look alike)."""
    round_ = rounds_visible_to(user=user).filter(key=key).first()
    if round_ is None:
        raise Http404(_("ไม่พบรอบการตรวจนี้ หรือท่านไม่มีสิทธิ์เข้าถึง"))
    return round_


def item_numbers_of(*, round_: Round) -> list[int]:
    """The item numbers of the round's form, in order."""
    return list(
        Item.objects.filter(template_id=round_.template_id)
        .order_by("number")
        .values_list("number", flat=True)
    )


def org_units_in_scope(*, user) -> QuerySet[OrgUnit]:
    """Org units the user's memberships cover: their units and everything beneath them."""
    scope = user_scope(user=user)
    if scope.everything:
        return OrgUnit.objects.all()
    q = Q(pk__in=scope.agency_ids)
    regions, provinces, offices = scope.region_ids, scope.province_ids, scope.office_ids
    if regions:
        q |= Q(pk__in=regions) | Q(parent_id__in=regions) | Q(parent__parent_id__in=regions)
        q |= Q(parent__parent__parent_id__in=regions) | Q(services__office__parent__parent_id__in=regions)
    if provinces:
        q |= Q(pk__in=provinces) | Q(parent_id__in=provinces) | Q(parent__parent_id__in=provinces)
        q |= Q(services__office__parent_id__in=provinces)
    if offices:
        q |= Q(pk__in=offices) | Q(parent_id__in=offices) | Q(services__office_id__in=offices)
    return OrgUnit.objects.filter(pk__in=OrgUnit.objects.filter(q).values("pk"))
