"""How far each report of "my work" has got, part by part (results table, narratives, X.2 rows, and
what other apps add, such as the follow-ups owed to earlier rounds).

Apps above submissions add a part without submissions importing them: their AppConfig.ready() calls
`register_part(...)` with a provider that answers for a whole list of reports at once, in a fixed number
of queries (the home page lists every report of the agency; a query per report would grow with it).
Whether a part is required comes from the item's required sections (validation's `required_sections`),
the same list that blocks submitting.
"""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Count, prefetch_related_objects
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tidtam.validation.engine import required_sections

from .models import NarrativeEntry, ProblemRow, Submission, TableValue


@dataclass(frozen=True)
class Part:
    """What one provider found for one report: `done` of `total` (total None: a count with no end,
    complete from one)."""

    done: int
    total: int | None = None


@dataclass(frozen=True)
class PartProgress:
    key: str
    label: str | Promise
    done: int
    total: int | None
    required: bool

    @property
    def complete(self) -> bool:
        return self.done >= self.total if self.total is not None else self.done > 0


# A provider: reports → {report pk: Part} (a report it has nothing to say about is left out).
Provider = Callable[[Sequence[Submission]], dict[int, Part]]


@dataclass(frozen=True)
class _Registered:
    key: str
    label: str | Promise
    requirement: str  # the name in the item's required sections that makes this part required
    order: int
    provider: Provider


_PARTS: dict[str, _Registered] = {}


def register_part(
    *, key: str, label: str | Promise, requirement: str, order: int, provider: Provider
) -> None:
    """Add (or replace: ready() may run more than once) a part shown for every report."""
    _PARTS[key] = _Registered(key=key, label=label, requirement=requirement, order=order, provider=provider)


def registered_parts() -> list[str]:
    return [p.key for p in sorted(_PARTS.values(), key=lambda p: p.order)]


def progress_of(submissions: Sequence[Submission]) -> dict[int, list[PartProgress]]:
    """{report pk: its parts in order}, for reports loaded with their item."""
    submissions = list(submissions)
    if not submissions:
        return {}
    prefetch_related_objects([s.item for s in submissions], "columns", "subtopics")
    required = {
        s.pk: set(required_sections(s.item, has_table=bool(s.item.columns.all()))) for s in submissions
    }
    out: dict[int, list[PartProgress]] = {s.pk: [] for s in submissions}
    for part in sorted(_PARTS.values(), key=lambda p: p.order):
        found = part.provider(submissions)
        for s in submissions:
            if s.pk in found:
                out[s.pk].append(
                    PartProgress(
                        key=part.key,
                        label=part.label,
                        done=found[s.pk].done,
                        total=found[s.pk].total,
                        required=part.requirement in required[s.pk],
                    )
                )
    return out


def _counts(model, submissions: Sequence[Submission], **filters) -> Counter:
    rows = (
        model.objects.filter(submission__in=[s.pk for s in submissions], **filters)
        .values("submission_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Counter({row["submission_id"]: row["n"] for row in rows})


def _table(submissions: Sequence[Submission]) -> dict[int, Part]:
    with_table = [s for s in submissions if s.item.columns.all()]
    if not with_table:
        return {}
    filled = _counts(TableValue, with_table, value__isnull=False)
    return {s.pk: Part(done=filled[s.pk], total=len(s.item.columns.all())) for s in with_table}


def _narratives(submissions: Sequence[Submission]) -> dict[int, Part]:
    written: dict[int, set] = {s.pk: set() for s in submissions}
    for submission_id, subtopic_id in (
        NarrativeEntry.objects.filter(submission__in=list(written))
        .exclude(text="")
        .values_list("submission_id", "subtopic_id")
    ):
        written[submission_id].add(subtopic_id)
    out = {}
    for s in submissions:
        subtopics = {t.pk for t in s.item.subtopics.all()}
        if subtopics:
            out[s.pk] = Part(done=len(written[s.pk] & subtopics), total=len(subtopics))
        else:  # one narrative for the whole item
            out[s.pk] = Part(done=1 if written[s.pk] else 0, total=1)
    return out


def _problems(submissions: Sequence[Submission]) -> dict[int, Part]:
    rows = _counts(ProblemRow, submissions)
    return {s.pk: Part(done=rows[s.pk]) for s in submissions}


register_part(key="table", label=_("ตารางผลการดำเนินงาน"), requirement="table", order=10, provider=_table)
register_part(
    key="narratives",
    label=_("ผลการดำเนินงาน (ประเด็นย่อย)"),
    requirement="narrative",
    order=20,
    provider=_narratives,
)
register_part(
    key="problems",
    label=_("ปัญหาอุปสรรคและแนวทางการแก้ไข"),
    requirement="problems",
    order=30,
    provider=_problems,
)
