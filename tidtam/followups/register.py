"""The register of follow-ups: filters from the query string, counts by status and age, the chart of
status by item. Reads only."""

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tidtam.orgs.models import OrgUnit

from .models import FollowUp
from .selectors import OPEN_STATUSES, rounds_open
from .themes import ThemeCount, long_open_themes

AGE_BUCKETS = ((1, _("1 รอบ")), (2, _("2 รอบ")), (3, _("3 รอบขึ้นไป")))


@dataclass
class Filters:
    item: int | None = None
    agency: int | None = None
    kind: str = ""
    status: str = ""
    min_age: int | None = None
    province: int | None = None

    @classmethod
    def from_query(cls, query: Any) -> "Filters":
        def number(name: str) -> int | None:
            value = (query.get(name) or "").strip()
            return int(value) if value.isdigit() and len(value) < 9 else None

        kind = query.get("kind", "")
        status = query.get("status", "")
        return cls(
            item=number("item"),
            agency=number("agency"),
            kind=kind if kind in FollowUp.Kind.values else "",
            status=status if status in FollowUp.Status.values or status == "unresolved" else "",
            min_age=number("age"),
            province=number("province"),
        )

    def apply(self, qs: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
        if self.item is not None:
            qs = qs.filter(item_number=self.item)
        if self.agency is not None:
            qs = qs.filter(agency_id=self.agency)
        if self.kind:
            qs = qs.filter(kind=self.kind)
        if self.status == "unresolved":
            qs = qs.filter(status__in=OPEN_STATUSES)
        elif self.status:
            qs = qs.filter(status=self.status)
        if self.province is not None:
            qs = qs.filter(origin_round__office__parent_id=self.province)
        return qs


@dataclass
class Register:
    rows: list[tuple[FollowUp, int]]  # (follow-up, rounds open), oldest first
    by_status: list[tuple[str, str, int]] = field(default_factory=list)
    by_age: list[tuple[str, int]] = field(default_factory=list)
    long_open_problems: int = 0
    chart: dict[str, Any] = field(default_factory=dict)
    agencies: list[OrgUnit] = field(default_factory=list)
    items: list[int] = field(default_factory=list)
    # For a scope over several provinces (regional and national analysts): one row per province with
    # counts by status and the problems open two rounds or more.
    by_province: list[dict[str, Any]] = field(default_factory=list)
    provinces: list[OrgUnit] = field(default_factory=list)
    # The chart's data as a table (its accessible view): (item number, count per status in chart order).
    by_item: list[tuple[int, list[int]]] = field(default_factory=list)
    long_open: list[FollowUp] = field(default_factory=list)  # problems open two rounds or more

    @cached_property
    def long_open_themes(self) -> list[ThemeCount]:
        """The long-open problems by recurring-problem theme (the themes page's names); computed only
        when a page shows them, never for the downloads or the API."""
        return long_open_themes(self.long_open)


def build_register(qs: QuerySet[FollowUp], filters: Filters) -> Register:
    everything = list(qs.order_by())
    ages = rounds_open(everything)
    chosen = [f for f in filters.apply(qs) if filters.min_age is None or ages[f.pk] >= filters.min_age]
    chosen.sort(
        key=lambda f: (
            -ages[f.pk],
            f.origin_round.fiscal_year_be,
            f.origin_round.number,
            f.item_number,
            f.agency_id,
            f.kind,
            f.order,
        )
    )
    status_counts = Counter(f.status for f in chosen)
    age_counts = Counter(min(ages[f.pk], 3) for f in chosen if f.is_open)
    items = sorted({f.item_number for f in chosen})
    shown = [(code, label) for code, label in FollowUp.Status.choices if status_counts.get(code)]
    counts = {
        code: [sum(1 for f in chosen if f.item_number == n and f.status == code) for n in items]
        for code, _label in shown  # a status nobody is in would only draw zeros
    }
    series = [{"name": str(label), "data": counts[code]} for code, label in shown]
    long_open = [f for f in chosen if f.kind == FollowUp.Kind.PROBLEM and f.is_open and ages[f.pk] >= 2]
    long_open_ids = {f.pk for f in long_open}
    provinces: dict[int, dict[str, Any]] = {}
    for f in chosen:
        province = f.origin_round.office.parent
        if province is None:  # a provincial office always has its province; this keeps types honest
            continue
        row = provinces.setdefault(
            province.pk,
            {"province": province, "long_open": 0, **{code: 0 for code in FollowUp.Status.values}},
        )
        row[f.status] += 1
        if f.pk in long_open_ids:
            row["long_open"] += 1
    all_provinces = {p for f in everything if (p := f.origin_round.office.parent) is not None}
    return Register(
        by_province=sorted(provinces.values(), key=lambda r: r["province"].name)
        if len(all_provinces) > 1
        else [],
        provinces=sorted(all_provinces, key=lambda p: p.name),
        rows=[(f, ages[f.pk]) for f in chosen],
        by_status=[(code, str(label), status_counts.get(code, 0)) for code, label in FollowUp.Status.choices],
        by_age=[(str(label), age_counts.get(n, 0)) for n, label in AGE_BUCKETS],
        long_open_problems=len(long_open),
        by_item=[(n, [counts[code][i] for code, _label in shown]) for i, n in enumerate(items)],
        long_open=long_open,
        chart={
            "kind": "bar",
            "title": _("สถานะเรื่องที่ติดตาม รายข้อ"),
            "categories": [_("ข้อ %(n)s") % {"n": n} for n in items],
            "series": series,
        },
        agencies=sorted({f.agency for f in everything}, key=lambda a: a.pk),
        items=sorted({f.item_number for f in everything}),
    )
