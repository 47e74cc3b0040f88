"""Reads of the search index, scoped to what the user may see.

`search(user=, q=, limit=, **filters)` is the public entry point (the dashboards benchmark calls it).
Before it queries, it (re)indexes the stale submissions among those the user may see, so the index
needs no signals and nobody else has to call the search app.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString

from tidtam.formdefs.models import Round
from tidtam.formdefs.selectors import rounds_visible_to
from tidtam.submissions.models import Submission
from tidtam.submissions.selectors import submissions_visible_in

from .backends import match
from .models import SearchDocument
from .segmentation import query_tokens
from .services import search_index_refresh
from .snippets import highlight

FILTER_NAMES = frozenset({"round", "item", "province", "region", "fiscal_year", "field", "agency"})


def submissions_visible_across(*, user, rounds: QuerySet[Round]) -> QuerySet[Submission]:
    """`submissions_visible_to` over many rounds at once, as ONE queryset (one rule, in submissions)."""
    return submissions_visible_in(user=user, rounds=rounds)


def rounds_filtered(
    *, user, round: str = "", province: str = "", region: str = "", fiscal_year: int | None = None
) -> QuerySet[Round]:
    """Rounds the user may see, narrowed by round key, province code, region code and fiscal year."""
    qs = rounds_visible_to(user=user)
    if round:
        qs = qs.filter(key=round)
    if province:
        qs = qs.filter(office__parent__code=province)
    if region:
        qs = qs.filter(office__parent__parent__code=region)
    if fiscal_year:
        qs = qs.filter(fiscal_year_be=fiscal_year)
    return qs


def searchable_submissions(*, user, **filters) -> QuerySet[Submission]:
    unknown = set(filters) - FILTER_NAMES
    if unknown:
        raise TypeError(f"unknown search filters: {sorted(unknown)}")
    rounds = rounds_filtered(
        user=user,
        round=filters.get("round") or "",
        province=filters.get("province") or "",
        region=filters.get("region") or "",
        fiscal_year=filters.get("fiscal_year") or None,
    )
    subs = submissions_visible_across(user=user, rounds=rounds)
    if filters.get("item"):
        subs = subs.filter(item__number=filters["item"])
    if filters.get("agency"):
        subs = subs.filter(agency__code=filters["agency"])
    return subs


@dataclass
class SearchHit:
    document_id: int
    submission_id: int
    round_key: str
    fiscal_year_be: int
    item_number: int
    item_title: str
    agency_name: str
    agency_label: str
    province_code: str
    province_name: str
    field: str
    field_label: str
    subtopic_number: int | None
    subtopic_title: str
    text: str
    snippet: SafeString
    rank: float
    url: str = ""

    @property
    def title(self) -> str:
        return f"{self.item_number}. {self.item_title}"


@dataclass
class SearchPage:
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int
    words: list[str] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


def _matching_documents(*, user, words: list[str], **filters) -> QuerySet[SearchDocument]:
    field_filter = filters.pop("field", "") or ""
    subs = searchable_submissions(user=user, **filters)
    search_index_refresh(submissions=subs)
    docs = SearchDocument.objects.filter(submission__in=subs.order_by().values("pk"))
    if field_filter:
        docs = docs.filter(field=field_filter)
    return match(docs, words)


def _hit(doc: SearchDocument, words: set[str]) -> SearchHit:
    sub = doc.submission
    round_ = sub.round
    province = round_.office.parent
    return SearchHit(
        document_id=doc.pk,
        submission_id=sub.pk,
        round_key=round_.key,
        fiscal_year_be=round_.fiscal_year_be,
        item_number=sub.item.number,
        item_title=sub.item.title,
        agency_name=sub.agency.name,
        agency_label=sub.agency.short_name or sub.agency.name,
        province_code=province.code if province else "",
        province_name=province.name if province else "",
        field=doc.field,
        field_label=str(SearchDocument.Field(doc.field).label),
        subtopic_number=doc.subtopic.number if doc.subtopic_id else None,
        subtopic_title=doc.subtopic.title if doc.subtopic_id else "",
        text=doc.text,
        snippet=highlight(doc.text, words),
        rank=float(doc.rank or 0),
        url=reverse("web:item_detail", kwargs={"key": round_.key, "number": sub.item.number}),
    )


def _ordered(docs: QuerySet[SearchDocument]) -> QuerySet[SearchDocument]:
    return docs.select_related(
        "submission__round__office__parent", "submission__item", "submission__agency", "subtopic"
    ).order_by(
        "-rank", "submission__round__key", "submission__item__number", "submission__agency__code", "id"
    )


def search(*, user, q: str, limit: int = 20, offset: int = 0, **filters) -> list[SearchHit]:
    """Documents the user may see that hold every word of `q`, best first.

    Filters: round (key), item (number), province (ISO code), region (REG-NN), fiscal_year (BE),
    field (SearchDocument.Field), agency (org unit code).
    """
    words = query_tokens(q)
    if not words or limit <= 0:
        return []
    docs = _ordered(_matching_documents(user=user, words=words, **filters))
    wordset = set(words)
    return [_hit(d, wordset) for d in docs[offset : offset + limit]]


def search_page(*, user, q: str, page: int = 1, per_page: int = 20, **filters) -> SearchPage:
    """One page of results with the total count, for the search page and the API."""
    words = query_tokens(q)
    if not words:
        return SearchPage(hits=[], total=0, page=1, per_page=per_page, words=[])
    docs = _matching_documents(user=user, words=words, **filters)
    total = docs.count()
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    start = (page - 1) * per_page
    wordset = set(words)
    hits = [_hit(d, wordset) for d in _ordered(docs)[start : start + per_page]]
    return SearchPage(hits=hits, total=total, page=page, per_page=per_page, words=words)


@dataclass
class BestPractice:
    submission: Submission
    text: str
    snippet: SafeString | str

    @property
    def round(self) -> Round:
        return self.submission.round


def best_practices(*, user, q: str = "", **filters) -> QuerySet[Submission]:
    """Submissions with a reported X.5 (best practice) that the user may see, filtered and searched.

    With `q`, only those whose best practice holds every word of it (through the search index).
    """
    subs = searchable_submissions(user=user, **filters)
    search_index_refresh(submissions=subs)
    # The index holds a best-practice document exactly when one was reported ("-", "ไม่มี" are not).
    docs = SearchDocument.objects.filter(field=SearchDocument.Field.BEST_PRACTICES)
    if q.strip():
        docs = match(docs, query_tokens(q))
    subs = subs.filter(pk__in=docs.values("submission_id"))
    return subs.select_related("round__office__parent", "item", "agency").order_by(
        "-round__fiscal_year_be", "round__key", "item__number", "agency__code"
    )


def best_practice_entries(submissions, *, q: str = "") -> list[BestPractice]:
    """The best practices of these submissions, the words of `q` marked."""
    words = set(query_tokens(q)) if q else set()
    return [
        BestPractice(
            submission=s,
            text=s.best_practices,
            snippet=highlight(s.best_practices, words, width=max(1, len(s.best_practices))),
        )
        for s in submissions
    ]
