"""Reads of the search index, scoped to what the user may see.

`search(user=, q=, limit=, **filters)` is the public entry point (the dashboards benchmark calls it).
Selectors never write: they read the index as it is. Pages that search first bring it up to date
with `services.search_index_refresh` (see `search.views`); `search_index_is_stale` tells whether
anything is waiting to be indexed.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When, Window
from django.urls import reverse
from django.utils.safestring import SafeString

from tidtam.formdefs.models import Round
from tidtam.formdefs.selectors import rounds_visible_to
from tidtam.submissions.models import Submission
from tidtam.submissions.selectors import submissions_visible_in

from .backends import match, matching, with_rank
from .models import SearchDocument
from .query import ParsedQuery, parse_query
from .services import since_watermark, stale_submissions
from .snippets import highlight
from .suggestions import suggestion

FILTER_NAMES = frozenset({"round", "item", "province", "region", "fiscal_year", "field", "agency"})
# At most this many matches are ranked: the newest ones. A word found in tens of thousands of texts
# across the country would otherwise have every one of them read and ranked for a page of 20; nobody
# pages past a thousand, and the filters narrow a search to what one wants.
CANDIDATES = 1000
# Up to this many rounds in scope, documents are also narrowed by their round's index (see
# `_matching_documents`); beyond it (the whole country) the list would select nearly everything.
ROUND_FILTER_MAX = 200


def submissions_visible_across(*, user, rounds: QuerySet[Round]) -> QuerySet[Submission]:
    """`submissions_visible_to` over many rounds at once, as ONE queryset (one rule, in submissions)."""
    return submissions_visible_in(user=user, rounds=rounds)


def search_index_is_stale(*, submissions: QuerySet[Submission]) -> bool:
    """Whether some of `submissions` changed since they were indexed (a read: nothing is indexed here)."""
    return stale_submissions(submissions=submissions).exists()


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
    return _scope(user=user, **filters)[1]


def _scope(*, user, **filters) -> tuple[QuerySet[Round], QuerySet[Submission]]:
    """The rounds the filters leave, and the submissions in them that the user may read."""
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
    return rounds, subs


def index_stale_count(*, submissions: QuerySet[Submission] | None = None) -> int:
    """How many submissions (of `submissions`, or of all) the index does not hold at their current
    version: a read, for deciding to start `search_index_refresh` (a background job) or to say that
    results may miss the latest changes. Only those changed or created since the watermark are compared.
    """
    from .models import IndexWatermark

    since = since_watermark(IndexWatermark.objects.filter(pk=1).first())
    qs = Submission.objects.all() if submissions is None else submissions
    if since is not None:
        qs = qs.filter(since)
    return stale_submissions(submissions=qs).count()


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
    # The number of hits one can page through: all matches, or CANDIDATES when `capped`.
    total: int
    page: int
    per_page: int
    words: list[str] = field(default_factory=list)
    # More than CANDIDATES matched: the newest CANDIDATES were ranked and are shown.
    capped: bool = False
    # The query with a misspelt word corrected ("งบประมาน" → "งบประมาณ"), or "".
    suggestion: str = ""

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


def _matching_documents(*, user, query: ParsedQuery, **filters) -> QuerySet[SearchDocument]:
    """Documents the user may see that hold every word and quoted phrase (not ranked: `_candidates`)."""
    field_filter = filters.pop("field", "") or ""
    rounds, subs = _scope(user=user, **filters)
    # Who may see a document is decided here, in SQL, by its live submission.
    docs = SearchDocument.objects.filter(submission__in=subs.order_by().values("pk"))
    # A scope of a few rounds (a province, an agency, a region, a year) also narrows the documents by
    # their round: the database can then combine the round index with the full-text index instead of
    # visiting every match in the country. Redundant with the line above, which stays the rule.
    round_ids = list(rounds.order_by().values_list("pk", flat=True)[: ROUND_FILTER_MAX + 1])
    if len(round_ids) <= ROUND_FILTER_MAX:
        docs = docs.filter(round_id__in=round_ids)
    if field_filter:
        docs = docs.filter(field=field_filter)
    return _with_phrases(matching(docs, query.words), query)


def _with_phrases(docs: QuerySet[SearchDocument], query: ParsedQuery) -> QuerySet[SearchDocument]:
    # The index narrows by the phrases' words first; the text is then read for the exact phrase.
    for phrase in query.phrases:
        docs = docs.filter(text__contains=phrase)
    return docs


def _phrase_first(qs: QuerySet, query: ParsedQuery) -> QuerySet:
    """`phrase_first` = 1 where the text holds the query's words as typed together, else 0."""
    if not query.rank_phrases:
        return qs.annotate(phrase_first=Value(0, output_field=IntegerField()))
    together = Q()
    for form in query.rank_phrases:
        together |= Q(text__contains=form)
    return qs.annotate(
        phrase_first=Case(When(together, then=Value(1)), default=Value(0), output_field=IntegerField())
    )


def _candidates(docs: QuerySet[SearchDocument]) -> QuerySet[SearchDocument, int]:
    """The newest CANDIDATES + 1 matches (one more tells that there are more), as a subquery of ids."""
    return docs.order_by("-fiscal_year_be", "-round_number", "-id").values_list("id", flat=True)[
        : CANDIDATES + 1
    ]


def _hit(doc: SearchDocument, words: set[str], rank: float) -> SearchHit:
    sub = doc.submission
    subtopic = doc.subtopic
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
        subtopic_number=subtopic.number if subtopic is not None else None,
        subtopic_title=subtopic.title if subtopic is not None else "",
        text=doc.text,
        snippet=highlight(doc.text, words),
        rank=float(rank or 0),
        url=reverse("web:item_detail", kwargs={"key": round_.key, "number": sub.item.number}),
    )


# Texts holding the query's words together first; then best first; equal ranks (every match of a
# one-word query ranks the same) newest first, then by province (round key), item and agency.
RESULT_ORDER = (
    "-phrase_first",
    "-rank",
    "-fiscal_year_be",
    "-round_number",
    "round__key",
    "submission__item__number",
    "submission__agency__code",
    "id",
)
RELATED = ("submission__round__office__parent", "submission__item", "submission__agency", "subtopic")


def _ranked_ids(
    docs: QuerySet[SearchDocument], query: ParsedQuery, *, start: int, stop: int, with_total: bool = False
) -> tuple[list[tuple[int, float]], int]:
    """(document id, rank) of hits start..stop, and how many candidates there are when `with_total`.

    Two steps in one query. The inner one takes the newest CANDIDATES + 1 matches: on a national
    scope the database walks the newest-first index and stops there instead of reading all (tens of
    thousands of) matches. The outer one ranks those and sorts them; the total is a window count over
    the same few rows. Only ids and ranks come back; `_hits` loads the page's texts.
    """
    stop = min(stop, CANDIDATES)
    if start >= stop:
        return [], 0
    qs = with_rank(SearchDocument.objects.filter(id__in=_candidates(docs)), query.words)
    qs = _phrase_first(qs, query).order_by(*RESULT_ORDER)
    if with_total:
        rows = list(qs.annotate(total=Window(Count("id"))).values_list("id", "rank", "total")[start:stop])
        return [(pk, rank) for pk, rank, _ in rows], (rows[0][2] if rows else 0)
    return list(qs.values_list("id", "rank")[start:stop]), 0


def _hits(ranked: list[tuple[int, float]], words: set[str]) -> list[SearchHit]:
    """Stage two: the page's documents with what a hit shows, in the order of `ranked`."""
    docs = SearchDocument.objects.filter(pk__in=[pk for pk, _ in ranked]).select_related(*RELATED)
    by_id = {d.pk: d for d in docs.defer("tokens", "search_vector").order_by()}
    hits = []
    for pk, rank in ranked:
        doc = by_id.get(pk)
        if doc is not None:  # re-indexed in between: gone from this page, back at the next search
            hits.append(_hit(doc, words, rank))
    return hits


def search(*, user, q: str, limit: int = 20, offset: int = 0, **filters) -> list[SearchHit]:
    """Documents the user may see that hold every word of `q`, best first, newest first among equals.

    Filters: round (key), item (number), province (ISO code), region (REG-NN), fiscal_year (BE),
    field (SearchDocument.Field), agency (org unit code). Only the newest CANDIDATES matches are
    ranked (see `search_page`): an offset at or past CANDIDATES finds nothing.
    """
    query = parse_query(q)
    if not query or limit <= 0:
        return []
    docs = _matching_documents(user=user, query=query, **filters)
    offset = max(0, offset)
    ranked, _ = _ranked_ids(docs, query, start=offset, stop=offset + limit)
    return _hits(ranked, set(query.words))


def search_page(*, user, q: str, page: int = 1, per_page: int = 20, **filters) -> SearchPage:
    """One page of results with the total count, for the search page and the API.

    When more than CANDIDATES documents match, the newest CANDIDATES are ranked and paged through,
    `total` is CANDIDATES and `capped` is set (the page says "more than 1,000"; filters narrow it).
    """
    query = parse_query(q)
    if not query:
        return SearchPage(hits=[], total=0, page=1, per_page=per_page, words=[])
    docs = _matching_documents(user=user, query=query, **filters)
    page = max(1, page)
    start = (page - 1) * per_page
    ranked, total = _ranked_ids(docs, query, start=start, stop=start + per_page, with_total=True)
    if not ranked and page > 1:
        # Past the last page (an old link, a hand-typed number): count, then show the last page.
        total = _candidates(docs).count()
        page = max(1, -(-min(total, CANDIDATES) // per_page))
        start = (page - 1) * per_page
        ranked, _ = _ranked_ids(docs, query, start=start, stop=start + per_page)
    capped = total > CANDIDATES
    return SearchPage(
        hits=_hits(ranked, set(query.words)),
        total=min(total, CANDIDATES),
        page=page,
        per_page=per_page,
        words=query.words,
        capped=capped,
        suggestion=suggestion(q),
    )


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
    # The index holds a best-practice document exactly when one was reported ("-", "ไม่มี" are not).
    docs = SearchDocument.objects.filter(field=SearchDocument.Field.BEST_PRACTICES)
    query = parse_query(q)
    if query:
        docs = _with_phrases(match(docs, query.words), query)
    subs = subs.filter(pk__in=docs.values("submission_id"))
    return subs.select_related("round__office__parent", "item", "agency").order_by(
        "-round__fiscal_year_be", "round__key", "item__number", "agency__code"
    )


def best_practice_entries(submissions, *, q: str = "") -> list[BestPractice]:
    """The best practices of these submissions, the words of `q` marked."""
    words = set(parse_query(q).words) if q else set()
    return [
        BestPractice(
            submission=s,
            text=s.best_practices,
            snippet=highlight(s.best_practices, words, width=max(1, len(s.best_practices))),
        )
        for s in submissions
    ]
