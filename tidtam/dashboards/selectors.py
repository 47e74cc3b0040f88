"""Reads behind the dashboards and consolidated reports, scoped to the user.

Scope follows `formdefs.selectors.rounds_visible_to`: analysts see their region or the nation, a
coordinator their province, and an agency user only their own agency's data. Only submissions that
count (accepted, locked, or imported from a legacy report) enter an aggregate.
"""

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tidtam.formdefs.models import Item, Round, RoundParticipant
from tidtam.formdefs.selectors import rounds_visible_to, user_scope
from tidtam.orgs.models import AgencyService, OrgUnit
from tidtam.orgs.services import agency_kinds
from tidtam.submissions.models import Submission

from .rollup import COUNTED_Q, Slot

OFFICE_KIND = "office"  # the agency-kind filter value for a provincial office reporting as an agency


@dataclass(frozen=True)
class Filters:
    """What the user narrowed the view to. Every field is optional."""

    region: OrgUnit | None = None
    province: OrgUnit | None = None
    agency_kind: str = ""
    fiscal_year_be: int | None = None

    def submission_q(self) -> Q:
        q = Q()
        if self.province is not None:
            q &= Q(round__office__parent=self.province)
        elif self.region is not None:
            q &= Q(round__office__parent__parent=self.region)
        if self.agency_kind == OFFICE_KIND:
            q &= Q(agency__kind=OrgUnit.Kind.PROVINCIAL_OFFICE)
        elif self.agency_kind:
            q &= Q(agency__agency_kind=self.agency_kind)
        return q


def submissions_counted_for(*, user) -> QuerySet[Submission]:
    """Submissions that count in aggregates and that the user may aggregate over. Lazy."""
    return submissions_in_scope_for(user=user).filter(COUNTED_Q)


def submissions_in_scope_for(*, user) -> QuerySet[Submission]:
    """Every submission (whatever its status) the user may aggregate over: what a complete round would
    count. Lazy."""
    qs = Submission.objects.all()
    scope = user_scope(user=user)
    if scope.everything:
        return qs
    qs = qs.filter(round_id__in=rounds_visible_to(user=user).values("pk"))
    if scope.agency_ids:
        # An agency role shows the agency's own data; an oversight role also held shows its whole area.
        qs = qs.filter(
            Q(agency_id__in=scope.agency_ids)
            | Q(round_id__in=Round.objects.filter(scope.oversight_q()).values("pk"))
        )
    return qs


def submissions_for_slot(
    *, user, filters: Filters, slot: Slot | None = None, item_numbers: list[int] | None = None
) -> QuerySet[Submission]:
    qs = submissions_counted_for(user=user).filter(filters.submission_q())
    if slot is not None:
        qs = qs.filter(round__fiscal_year_be=slot.fiscal_year_be, round__number=slot.number)
    elif filters.fiscal_year_be:
        qs = qs.filter(round__fiscal_year_be=filters.fiscal_year_be)
    if item_numbers is not None:
        # The numbers are the reference version's; other versions' items join by series (continuity).
        from .rollup import reference_template

        series = Item.objects.filter(template=reference_template(), number__in=item_numbers).values("lineage")
        qs = qs.filter(item__lineage__in=series)
    return qs


def provinces_in_scope(*, user, region: OrgUnit | None = None) -> QuerySet[OrgUnit]:
    """Provinces the user oversees (every province for the ministry), ordered by region then code.
    For an agency user: the provinces their agency reports for."""
    scope = user_scope(user=user)
    qs = OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE).select_related("parent")
    if not scope.everything:
        q = Q(pk__in=scope.province_ids) | Q(parent_id__in=scope.region_ids)
        q |= Q(pk__in=OrgUnit.objects.filter(pk__in=scope.office_ids).values("parent_id"))
        q |= Q(
            pk__in=AgencyService.objects.filter(agency_id__in=scope.agency_ids).values("office__parent_id")
        )
        qs = qs.filter(q)
    if region is not None:
        qs = qs.filter(parent=region)
    return qs.order_by("parent__code", "code")


def regions_in_scope(*, user) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(
        kind=OrgUnit.Kind.REGION, pk__in=provinces_in_scope(user=user).values("parent_id")
    ).order_by("code")


def slots_visible_to(*, user) -> list[Slot]:
    """Rounds across provinces (fiscal year, round number) the user can see, oldest first."""
    pairs = rounds_visible_to(user=user).order_by().values_list("fiscal_year_be", "number").distinct()
    return sorted(Slot(fy, n) for fy, n in pairs)


def slots_with_data(*, user) -> set[Slot]:
    """The visible slots that hold counted data (a round only just opened has none yet)."""
    rounds = rounds_visible_to(user=user).order_by()
    pairs = (
        Submission.objects.filter(COUNTED_Q, round__in=rounds.values("pk"))
        .order_by()
        .values_list("round__fiscal_year_be", "round__number")
        .distinct()
    )
    return {Slot(fy, n) for fy, n in pairs}


@functools.cache
def _agency_kinds() -> tuple[dict, ...]:
    """The agency kinds file, read once per process (it is data shipped with the code)."""
    return tuple(agency_kinds())


def agency_kind_choices() -> list[tuple[str, str]]:
    """(code, label) of the agency kinds, in the order of the official report, plus the provincial office."""
    kinds = [(k["code"], f"{k['abbreviation']} {k['name']}") for k in _agency_kinds()]
    return [(OFFICE_KIND, _("ศธจ. สำนักงานศึกษาธิการจังหวัด")), *kinds]


def agency_kind_labels() -> dict[str, str]:
    labels = {k["code"]: k["abbreviation"] for k in _agency_kinds()}
    labels[""] = _("ศธจ.")
    return labels


# --- completeness ---------------------------------------------------------------------------------


@dataclass
class CompletenessCell:
    item_number: int
    counted: int = 0  # accepted, locked or imported
    pending: int = 0  # drafts, submitted, returned: entered but not yet counted
    expected: int = 0  # agencies taking part in the province's round

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def text(self) -> str:
        return f"{self.counted}/{self.expected}"

    @property
    def title(self) -> str:
        """The cell's tooltip: its state, and how many reports still wait for acceptance."""
        if not self.pending:
            return self.label
        return _("%(state)s · รอรับรอง %(n)s รายการ") % {"state": self.label, "n": self.pending}

    @functools.cached_property
    def state(self) -> str:
        if self.expected == 0 and self.counted == 0:
            return "none"
        if self.counted == 0:
            return "pending" if self.pending else "missing"
        if self.counted >= self.expected:
            return "complete"
        return "partial"


@dataclass
class CompletenessRow:
    province: OrgUnit
    round: Round | None
    cells: list[CompletenessCell] = field(default_factory=list)

    @property
    def state(self) -> str:
        """The round's overall state: no round, imported from a legacy report, or entry progress."""
        if self.round is None:
            return "no_round"
        if self.round.origin == Round.Origin.LEGACY:
            return "imported"
        states = {c.state for c in self.cells}
        if states <= {"complete", "none"} and "complete" in states:
            return "complete"
        if states & {"complete", "partial"}:
            return "partial"
        return "pending" if "pending" in states else "missing"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def counted_items(self) -> int:
        return sum(1 for c in self.cells if c.counted)


STATE_LABELS = {
    "no_round": gettext_lazy("ยังไม่เปิดรอบ"),
    "imported": gettext_lazy("นำเข้าจากรายงานเดิม"),
    "complete": gettext_lazy("ครบถ้วน"),
    "partial": gettext_lazy("ส่งบางส่วน"),
    "pending": gettext_lazy("รอรับรอง"),
    "missing": gettext_lazy("ยังไม่ส่ง"),
    "none": gettext_lazy("ไม่มีผู้รายงาน"),
}


def completeness(*, user, filters: Filters, slot: Slot, items: list[Item]) -> list[CompletenessRow]:
    """Provinces × items for one slot: how many agencies' reports count, are pending, are expected.
    Three queries whatever the number of provinces."""
    provinces = list(provinces_in_scope(user=user, region=filters.region))
    if filters.province is not None:
        provinces = [p for p in provinces if p.pk == filters.province.pk]
    visible_rounds = rounds_visible_to(user=user).filter(
        fiscal_year_be=slot.fiscal_year_be, number=slot.number, office__parent__in=[p.pk for p in provinces]
    )
    participants = RoundParticipant.objects.filter(round__in=visible_rounds.values("pk"))
    kind_q = Filters(agency_kind=filters.agency_kind).submission_q()
    if filters.agency_kind:
        participants = participants.filter(
            Q(agency__kind=OrgUnit.Kind.PROVINCIAL_OFFICE)
            if filters.agency_kind == OFFICE_KIND
            else Q(agency__agency_kind=filters.agency_kind)
        )
    scope = user_scope(user=user)
    if not scope.has_oversight:
        participants = participants.filter(agency_id__in=scope.agency_ids)
    expected = dict(participants.order_by().values_list("round_id").annotate(n=Count("id")))
    rounds = {r.office.parent_id: r for r in visible_rounds}

    counted_q = COUNTED_Q
    subs = (
        Submission.objects.filter(round__in=visible_rounds.values("pk"))
        .filter(kind_q)
        .order_by()
        .values("round_id", "item__lineage")
        .annotate(counted=Count("id", filter=counted_q), total=Count("id"))
    )
    if not scope.everything and scope.agency_ids and not scope.has_oversight:
        subs = subs.filter(agency_id__in=scope.agency_ids)
    by_round: dict[tuple[int, str], Mapping[str, Any]] = {
        (r["round_id"], r["item__lineage"]): r for r in subs
    }

    rows = []
    for province in provinces:
        round_ = rounds.get(province.pk)
        cells = []
        for item in items:
            cell = CompletenessCell(item_number=item.number)
            if round_ is not None:
                found = by_round.get((round_.pk, item.lineage))
                cell.expected = expected.get(round_.pk, 0)
                if found:
                    cell.counted = found["counted"]
                    cell.pending = found["total"] - found["counted"]
            cells.append(cell)
        rows.append(CompletenessRow(province=province, round=round_, cells=cells))
    return rows
