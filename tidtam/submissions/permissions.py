"""Who may do what with rounds and submissions: the one place services and views ask.

Roles come from `Membership` and cover the unit they are held at and what lies beneath it:
- agency_reporter: edits its own agency's submissions while they are draft or returned;
- agency_head: the same, and submits them for the agency;
- coordinator (at a provincial office or its province): runs the office's rounds — opens them, sets due
  dates, reviews (return with a reason, accept, reopen with a reason), sends reminders, closes them;
- inspector: reads every submission of the rounds it covers, in any status, and comments;
- regional/national analyst: read accepted and locked submissions of the rounds they cover;
- admin (and superusers): everything, at the level held.

`can_*` answer yes/no (for showing buttons); `ensure_*` raise PermissionDenied with a Thai message
(for services). Visibility that must look like "not found" (another agency's draft) is decided by
`can_view_submission`, which views turn into a 404.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tidtam.formdefs.models import Round
from tidtam.formdefs.scope import ANALYST_ROLES, EVERY_STATUS_ROLES, roles_over
from tidtam.orgs.models import Membership, OrgUnit
from tidtam.orgs.selectors import user_memberships

from .models import Submission

Role = Membership.Role
Status = Submission.Status

EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})
# Statuses in which an agency's report is visible to analysts and to the other agencies of the round.
PUBLISHED_STATUSES = frozenset({Status.ACCEPTED, Status.LOCKED})


@dataclass(frozen=True)
class RoundAccess:
    """The roles one user holds over one round. `agency_ids`: agencies of the round they report for."""

    roles: frozenset[str] = field(default_factory=frozenset)
    agency_ids: frozenset[int] = field(default_factory=frozenset)
    head_agency_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def is_coordinator(self) -> bool:
        return Role.COORDINATOR in self.roles or self.is_admin

    @property
    def is_inspector(self) -> bool:
        return Role.INSPECTOR in self.roles

    @property
    def is_analyst(self) -> bool:
        return bool(self.roles & ANALYST_ROLES)

    @property
    def sees_every_status(self) -> bool:
        return bool(self.roles & EVERY_STATUS_ROLES)

    @property
    def any(self) -> bool:
        return bool(self.roles or self.agency_ids)


def round_access(*, user, round_: Round) -> RoundAccess:
    """The roles the user holds over the round, by the rule of `formdefs.scope` (the same rule that
    `rounds_visible_to` and `submissions_visible_to` read as queries)."""
    roles, agencies, heads = roles_over(user=user, round_=round_)
    return RoundAccess(
        roles=frozenset(roles), agency_ids=frozenset(agencies), head_agency_ids=frozenset(heads)
    )


def _access(user, round_: Round) -> RoundAccess:
    # Views ask several questions about the same round: compute the answer once per request.
    cache = getattr(user, "_tidtam_round_access", None)
    if cache is None:
        cache = {}
        if user is not None:
            try:
                user._tidtam_round_access = cache
            except AttributeError:  # AnonymousUser is a plain object too, but be safe
                pass
    if round_.pk not in cache:
        cache[round_.pk] = round_access(user=user, round_=round_)
    return cache[round_.pk]


# --- rounds ---------------------------------------------------------------------------------------


def can_view_round(user, round_: Round) -> bool:
    return _access(user, round_).any


def can_manage_round(user, round_: Round) -> bool:
    """Open, set due dates, send reminders, close: the province's coordinator (or an admin)."""
    return _access(user, round_).is_coordinator


def can_view_completeness(user, round_: Round) -> bool:
    access = _access(user, round_)
    return access.is_coordinator or access.is_inspector


def offices_user_can_open_rounds_for(user) -> list[OrgUnit]:
    """Provincial offices where the user may open a round."""
    if not getattr(user, "is_authenticated", False):
        return []
    offices = OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCIAL_OFFICE).select_related("parent")
    if user.is_superuser:
        return list(offices)
    result: dict[int, OrgUnit] = {}
    for m in user_memberships(user=user):
        if m.role not in (Role.COORDINATOR, Role.ADMIN):
            continue
        unit = m.org_unit
        if unit.kind == OrgUnit.Kind.MINISTRY and m.role == Role.ADMIN:
            return list(offices)
        if unit.kind == OrgUnit.Kind.PROVINCIAL_OFFICE:
            result[unit.pk] = unit
        elif unit.kind == OrgUnit.Kind.PROVINCE:
            for office in offices.filter(parent=unit):
                result[office.pk] = office
        elif unit.kind == OrgUnit.Kind.REGION and m.role == Role.ADMIN:
            for office in offices.filter(parent__parent=unit):
                result[office.pk] = office
    return sorted(result.values(), key=lambda o: o.code)


def ensure_can_open_round(user, office: OrgUnit) -> None:
    if office.pk not in {o.pk for o in offices_user_can_open_rounds_for(user)}:
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของสำนักงานศึกษาธิการจังหวัดนี้เท่านั้นที่เปิดรอบได้"))


def ensure_can_manage_round(user, round_: Round) -> None:
    if not can_manage_round(user, round_):
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของจังหวัดนี้เท่านั้นที่จัดการรอบนี้ได้"))


# --- submissions ----------------------------------------------------------------------------------


def can_read_submission(user, submission: Submission) -> bool:
    """Whether the submission is among `selectors.submissions_visible_to(user)` (reports, exports, the
    API): the same rule checked on one submission. Coordinators, inspectors and admins read every
    status; analysts and the round's other agencies read accepted and locked ones; an agency reads
    its own in any status."""
    access = _access(user, submission.round)
    if access.sees_every_status or submission.agency_id in access.agency_ids:
        return True
    return submission.status in PUBLISHED_STATUSES and (access.is_analyst or bool(access.agency_ids))


def can_view_submission(user, submission: Submission) -> bool:
    """Whether the user may open this submission's own pages (entry, history, attachments): what
    they may read, except that an agency opens only its own; other agencies read accepted work in
    the consolidated report."""
    if not can_read_submission(user, submission):
        return False
    access = _access(user, submission.round)
    return access.sees_every_status or access.is_analyst or submission.agency_id in access.agency_ids


def is_editable_state(submission: Submission) -> bool:
    return submission.status in EDITABLE_STATUSES and submission.round.status == Round.Status.OPEN


def can_edit(user, submission: Submission) -> bool:
    """Type into the form: the agency's reporter or head (or an admin), while draft or returned."""
    if not is_editable_state(submission):
        return False
    access = _access(user, submission.round)
    return access.is_admin or submission.agency_id in access.agency_ids


def can_submit(user, submission: Submission) -> bool:
    if not is_editable_state(submission):
        return False
    access = _access(user, submission.round)
    return access.is_admin or submission.agency_id in access.head_agency_ids


def can_review(user, submission: Submission) -> bool:
    """Return or accept a submitted report."""
    return submission.status == Status.SUBMITTED and _access(user, submission.round).is_coordinator


def can_reopen(user, submission: Submission) -> bool:
    return submission.status in PUBLISHED_STATUSES and _access(user, submission.round).is_coordinator


def can_comment(user, submission: Submission) -> bool:
    access = _access(user, submission.round)
    return access.is_coordinator or access.is_inspector or submission.agency_id in access.agency_ids


def ensure_can_view(user, submission: Submission) -> None:
    if not can_view_submission(user, submission):
        raise PermissionDenied(_("ท่านไม่มีสิทธิ์ดูรายงานนี้"))


def ensure_can_edit(user, submission: Submission) -> None:
    access = _access(user, submission.round)
    if not (access.is_admin or submission.agency_id in access.agency_ids):
        raise PermissionDenied(_("เฉพาะผู้รายงานของหน่วยงานนี้เท่านั้นที่แก้ไขรายงานนี้ได้"))


def ensure_can_submit(user, submission: Submission) -> None:
    access = _access(user, submission.round)
    if not (access.is_admin or submission.agency_id in access.head_agency_ids):
        raise PermissionDenied(_("เฉพาะหัวหน้าหน่วยงานเท่านั้นที่ส่งรายงานของหน่วยงานได้"))


def ensure_can_review(user, submission: Submission) -> None:
    if not _access(user, submission.round).is_coordinator:
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของจังหวัดเท่านั้นที่ตรวจรับรายงานได้"))


def ensure_can_comment(user, submission: Submission) -> None:
    if not can_comment(user, submission):
        raise PermissionDenied(_("ท่านไม่มีสิทธิ์แสดงความเห็นในรายงานนี้"))
