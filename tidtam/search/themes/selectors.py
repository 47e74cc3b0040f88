"""The statements a user may see, gathered for theme analysis."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max, QuerySet

from tidtam.submissions.models import ProblemRow, Submission

from ..services import is_reported
from .analysis import Theme, analyse
from .statements import Statement, make_statements

KIND_PROBLEMS = "problems"
KIND_RECOMMENDATIONS = "recommendations"
KINDS = (KIND_PROBLEMS, KIND_RECOMMENDATIONS)


@dataclass
class ThemeReport:
    kind: str
    themes: list[Theme]
    statement_count: int
    rounds: list[str] = field(default_factory=list)

    @property
    def grouped_count(self) -> int:
        return sum(t.count for t in self.themes if t.source != "other")

    @property
    def group_count(self) -> int:
        """Themes found, leaving out the "อื่น ๆ" bucket of statements that fit none."""
        return sum(1 for t in self.themes if t.source != "other")

    @property
    def recurring(self) -> list[Theme]:
        """Themes that recur: reported by more than one agency or in more than one item."""
        return [t for t in self.themes if len(t.agencies) > 1 or len(t.items) > 1]


def _context(sub: Submission) -> dict:
    province = sub.round.office.parent
    return {
        "round_key": sub.round.key,
        "item_number": sub.item.number,
        "item_title": sub.item.title,
        "agency_code": sub.agency.code,
        "agency_label": sub.agency.short_name or sub.agency.name,
        "province_name": province.name if province else "",
    }


def statements_of(*, submissions: QuerySet[Submission], kind: str) -> list[Statement]:
    """The problem (X.2) or recommendation (X.4) statements of these submissions, in report order."""
    subs = submissions.select_related("round__office__parent", "item", "agency").order_by(
        "round__key", "item__number", "agency__code", "pk"
    )
    out: list[Statement] = []
    if kind == KIND_PROBLEMS:
        rows = (
            ProblemRow.objects.filter(submission__in=subs.order_by().values("pk"))
            .select_related("submission__round__office__parent", "submission__item", "submission__agency")
            .order_by(
                "submission__round__key", "submission__item__number", "submission__agency__code", "order"
            )
        )
        for row in rows:
            if is_reported(row.problem):
                out.extend(make_statements(row.problem, **_context(row.submission)))
        return out
    for sub in subs.exclude(recommendations=""):
        if is_reported(sub.recommendations):
            out.extend(make_statements(sub.recommendations, **_context(sub)))
    return out


def theme_report(*, submissions: QuerySet[Submission], kind: str = KIND_PROBLEMS) -> ThemeReport:
    """Themes of the problems or recommendations in `submissions` (already scoped to the user)."""
    if kind not in KINDS:
        raise ValueError(f"unknown theme kind {kind!r}")
    statements = statements_of(submissions=submissions, kind=kind)
    return ThemeReport(
        kind=kind,
        themes=analyse(statements),
        statement_count=len(statements),
        rounds=sorted({s.round_key for s in statements}),
    )


@dataclass
class StoredThemes:
    """A stored theme report of a scope, when it was computed, and whether a submission changed since."""

    report: ThemeReport
    computed_at: datetime
    outdated: bool


def stored_themes(*, submissions: QuerySet[Submission], kind: str) -> StoredThemes | None:
    """The stored report of exactly these submissions (already scoped to the user), or None."""
    from ..models import ThemeResult
    from .store import report_from_dict, scope_key

    ids = list(submissions.order_by().values_list("pk", flat=True))
    row = ThemeResult.objects.filter(scope_key=scope_key(submission_ids=ids, kind=kind)).first()
    if row is None:
        return None
    newest = submissions.order_by().aggregate(newest=Max("updated_at"))["newest"]
    outdated = newest is not None and (row.source_updated_at is None or newest > row.source_updated_at)
    return StoredThemes(report=report_from_dict(row.report), computed_at=row.computed_at, outdated=outdated)
