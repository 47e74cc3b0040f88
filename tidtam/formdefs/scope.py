"""What a user's roles cover: the one rule, read both as a query and as a check of one round.

A role held at an org unit covers that unit and what lies under it:
- an oversight role (admin, national/regional analyst, coordinator, inspector) at the ministry covers
  every round; at a region, the rounds of the provincial offices whose province lies in that region;
  at a province or a provincial office, that office's rounds; at an agency, nothing;
- an agency role (reporter, head) at an agency covers the rounds in which that agency takes part.
Superusers cover everything; inactive or anonymous users nothing.

`membership_scope` is the only place where a membership becomes coverage. A `UserScope` answers
both `round_q()` (SQL, for lists) and `covers()` (Python, for one round already loaded) from the
same sets, so a list and a check cannot disagree (see submissions/tests/test_scope_agreement.py).
"""

from dataclasses import dataclass, field

from django.db.models import Q

from tidtam.orgs.models import Membership, OrgUnit
from tidtam.orgs.selectors import user_memberships

from .models import Round

Role = Membership.Role
AGENCY_ROLES = frozenset({Role.AGENCY_REPORTER, Role.AGENCY_HEAD})
OVERSIGHT_ROLES = frozenset(set(Role) - AGENCY_ROLES)
# Analysts read across provinces but only what the provinces have accepted.
ANALYST_ROLES = frozenset({Role.REGIONAL_ANALYST, Role.NATIONAL_ANALYST})
# Oversight roles that read every submission of the rounds they cover, in any status.
EVERY_STATUS_ROLES = OVERSIGHT_ROLES - ANALYST_ROLES


@dataclass(frozen=True)
class UserScope:
    """What some memberships cover."""

    everything: bool = False
    # Oversight coverage by level: rounds of offices listed, of offices in the provinces listed,
    # and of offices in provinces of the regions listed.
    office_ids: frozenset[int] = field(default_factory=frozenset)
    province_ids: frozenset[int] = field(default_factory=frozenset)
    region_ids: frozenset[int] = field(default_factory=frozenset)
    # Agencies the user reports for (agency roles only): rounds they take part in.
    agency_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def has_oversight(self) -> bool:
        return self.everything or bool(self.office_ids or self.province_ids or self.region_ids)

    def oversight_q(self, prefix: str = "") -> Q:
        """Q over Round (or over a model whose round is reached by `prefix`, e.g. "round__"): the
        rounds that oversight covers; nothing when there is none, everything for `everything`."""
        if self.everything:
            return Q()
        q = Q(**{f"{prefix}pk__in": []})
        if self.office_ids:
            q |= Q(**{f"{prefix}office_id__in": self.office_ids})
        if self.province_ids:
            q |= Q(**{f"{prefix}office__parent_id__in": self.province_ids})
        if self.region_ids:
            q |= Q(**{f"{prefix}office__parent__parent_id__in": self.region_ids})
        return q

    def oversees(self, round_: Round) -> bool:
        """`oversight_q` for one round (its office and the office's parent loaded or loadable)."""
        if self.everything:
            return True
        office = round_.office
        if office.pk in self.office_ids or office.parent_id in self.province_ids:
            return True
        return (
            bool(self.region_ids) and office.parent is not None and office.parent.parent_id in self.region_ids
        )

    def __or__(self, other: "UserScope") -> "UserScope":
        return UserScope(
            everything=self.everything or other.everything,
            office_ids=self.office_ids | other.office_ids,
            province_ids=self.province_ids | other.province_ids,
            region_ids=self.region_ids | other.region_ids,
            agency_ids=self.agency_ids | other.agency_ids,
        )


NOTHING = UserScope()
EVERYTHING = UserScope(everything=True)


def membership_scope(membership: Membership) -> UserScope:
    """What one role held at one unit covers."""
    unit = membership.org_unit
    if membership.role in AGENCY_ROLES:
        return UserScope(agency_ids=frozenset({unit.pk})) if unit.kind == OrgUnit.Kind.AGENCY else NOTHING
    if unit.kind == OrgUnit.Kind.MINISTRY:
        return EVERYTHING
    if unit.kind == OrgUnit.Kind.REGION:
        return UserScope(region_ids=frozenset({unit.pk}))
    if unit.kind == OrgUnit.Kind.PROVINCE:
        return UserScope(province_ids=frozenset({unit.pk}))
    if unit.kind == OrgUnit.Kind.PROVINCIAL_OFFICE:
        return UserScope(office_ids=frozenset({unit.pk}))
    return NOTHING  # an oversight role at an agency: not a place that oversees rounds


def is_active_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def user_scope(
    *, user, roles: frozenset[str] | None = None, memberships: list[Membership] | None = None
) -> UserScope:
    """What the user's memberships cover; with `roles`, only memberships of those roles count.
    Superusers cover everything (as an admin would at the ministry)."""
    if not is_active_user(user):
        return NOTHING
    if user.is_superuser:
        return EVERYTHING
    scope = NOTHING
    for m in memberships if memberships is not None else user_memberships(user=user):
        if roles is None or m.role in roles:
            scope |= membership_scope(m)
    return scope


def roles_over(
    *, user, round_: Round, participant_ids: set[int] | None = None
) -> tuple[set[str], set[int], set[int]]:
    """(oversight roles whose scope covers the round, agencies of the user taking part in it, those of
    them the user heads). `participant_ids`: the round's participating agencies, read when needed."""
    roles: set[str] = set()
    agencies: set[int] = set()
    heads: set[int] = set()
    if not is_active_user(user):
        return roles, agencies, heads
    if user.is_superuser:
        roles.add(Role.ADMIN)
    for m in user_memberships(user=user):
        scope = membership_scope(m)
        if m.role in AGENCY_ROLES:
            if not scope.agency_ids:
                continue
            if participant_ids is None:
                # Unordered: the default ordering joins the round, which every permission check paid for.
                participant_ids = set(round_.participants.order_by().values_list("agency_id", flat=True))
            for agency_id in scope.agency_ids & participant_ids:
                agencies.add(agency_id)
                if m.role == Role.AGENCY_HEAD:
                    heads.add(agency_id)
        elif scope.oversees(round_):
            roles.add(m.role)
    return roles, agencies, heads
