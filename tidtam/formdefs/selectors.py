"""Reads of rounds and form items, scoped to what a user may see.

Scope comes from `Membership`: a role held at an org unit covers that unit and what lies under it.
- any oversight role (admin, national/regional analyst, coordinator, inspector) at the ministry → all rounds;
  at a region → rounds of the provincial offices whose province lies in that region; at a province or a
  provincial office → that office's rounds;
- agency roles (reporter, head) at an agency → the rounds in which that agency is a participant.
Superusers see everything. Inactive or anonymous users see nothing.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tidtam.orgs.models import Membership, OrgUnit

from .models import Item, Round, RoundParticipant

AGENCY_ROLES = frozenset({Membership.Role.AGENCY_REPORTER, Membership.Role.AGENCY_HEAD})
OVERSIGHT_ROLES = frozenset(set(Membership.Role) - AGENCY_ROLES)
# Analysts read across provinces but only what the provinces have accepted.
ANALYST_ROLES = frozenset({Membership.Role.REGIONAL_ANALYST, Membership.Role.NATIONAL_ANALYST})


@dataclass(frozen=True)
class UserScope:
    """What one user's memberships cover. Built by `user_scope` with one query."""

    everything: bool = False
    # Oversight coverage by level: rounds of offices listed, of offices in the provinces listed,
    # and of offices in provinces of the regions listed.
    office_ids: frozenset[int] = field(default_factory=frozenset)
    province_ids: frozenset[int] = field(default_factory=frozenset)
    region_ids: frozenset[int] = field(default_factory=frozenset)
    # Agencies the user reports for (agency roles only).
    agency_ids: frozenset[int] = field(default_factory=frozenset)

    def oversight_q(self) -> Q:
        """Q over Round: the rounds that oversight roles cover (nothing when there are none)."""
        q = Q(pk__in=[])
        if self.office_ids:
            q |= Q(office_id__in=self.office_ids)
        if self.province_ids:
            q |= Q(office__parent_id__in=self.province_ids)
        if self.region_ids:
            q |= Q(office__parent__parent_id__in=self.region_ids)
        return q

    @property
    def has_oversight(self) -> bool:
        return self.everything or bool(self.office_ids or self.province_ids or self.region_ids)


MEMBERSHIPS_CACHE = "_tidtam_memberships"


def user_memberships(*, user) -> list[Membership]:
    """The user's memberships, read once per user object (one request) however many scopes are built."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, MEMBERSHIPS_CACHE, None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("org_unit"))
        setattr(user, MEMBERSHIPS_CACHE, cached)
    return cached


def user_scope(
    *, user, roles: frozenset[str] | None = None, memberships: list[Membership] | None = None
) -> UserScope:
    """What the user's memberships cover; with `roles`, only memberships of those roles count.
    Pass `memberships` (from `user_memberships`) to build several scopes from one query."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return UserScope()
    if user.is_superuser:
        return UserScope(everything=True)
    offices: set[int] = set()
    provinces: set[int] = set()
    regions: set[int] = set()
    agencies: set[int] = set()
    for m in memberships if memberships is not None else user_memberships(user=user):
        if roles is not None and m.role not in roles:
            continue
        unit = m.org_unit
        if m.role in AGENCY_ROLES:
            if unit.kind == OrgUnit.Kind.AGENCY:
                agencies.add(unit.pk)
            continue
        if unit.kind == OrgUnit.Kind.MINISTRY:
            return UserScope(everything=True)
        if unit.kind == OrgUnit.Kind.REGION:
            regions.add(unit.pk)
        elif unit.kind == OrgUnit.Kind.PROVINCE:
            provinces.add(unit.pk)
        elif unit.kind == OrgUnit.Kind.PROVINCIAL_OFFICE:
            offices.add(unit.pk)
        # An oversight role held at an agency grants nothing: it is not a place that oversees rounds.
    return UserScope(
        office_ids=frozenset(offices),
        province_ids=frozenset(provinces),
        region_ids=frozenset(regions),
        agency_ids=frozenset(agencies),
    )


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
