"""Matching segmented words against the index, per database vendor.

Every backend keeps the documents that hold ALL the query words and annotates `rank` (higher is better):
- PostgreSQL: to_tsvector('simple', tokens) @@ plainto_tsquery('simple', words), ranked by ts_rank,
  served by the GIN index of migration 0002;
- SQLite with FTS5: the FTS table of migration 0002, ranked by bm25;
- SQLite without FTS5 (or any other vendor): one LIKE per word over the space-padded tokens, shorter
  documents first (the words make up more of them).
Words come from tidtam.search.segmentation and hold only letters and digits, so they need no quoting
beyond what each query syntax asks for.
"""

from django.db import connection
from django.db.models import F, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Length

FTS_TABLE = "search_document_fts"
_FTS_MATCH_SQL = "SELECT rowid FROM search_document_fts WHERE search_document_fts MATCH %s"
_FTS_RANK_SQL = (
    "(SELECT -bm25(search_document_fts) FROM search_document_fts"
    " WHERE search_document_fts MATCH %s AND rowid = search_searchdocument.id)"
)


def _has_fts_table() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE])
        return cursor.fetchone() is not None


def backend_name() -> str:
    if connection.vendor == "postgresql":
        return "postgresql"
    if connection.vendor == "sqlite" and _has_fts_table():
        return "fts5"
    return "like"


def match(qs: QuerySet, words: list[str]) -> QuerySet:
    """`qs` (SearchDocument) narrowed to documents holding every word, annotated with `rank`."""
    if not words:
        return qs.none()
    name = backend_name()
    if name == "postgresql":
        return _match_postgresql(qs, words)
    if name == "fts5":
        return _match_fts5(qs, words)
    return _match_like(qs, words)


def _match_postgresql(qs: QuerySet, words: list[str]) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector("tokens", config="simple")
    query = SearchQuery(" ".join(words), config="simple", search_type="plain")
    return (
        qs.annotate(search_vector=vector).filter(search_vector=query).annotate(rank=SearchRank(vector, query))
    )


def _fts5_expression(words: list[str]) -> str:
    # Each word a quoted string; FTS5 joins juxtaposed strings with AND.
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _match_fts5(qs: QuerySet, words: list[str]) -> QuerySet:
    expr = _fts5_expression(words)
    # Constant SQL; the only input, the match expression, is a bound parameter.
    matching = RawSQL(_FTS_MATCH_SQL, [expr])  # noqa: S611
    rank = RawSQL(_FTS_RANK_SQL, [expr])  # noqa: S611
    return qs.filter(id__in=matching).annotate(rank=rank)


def _match_like(qs: QuerySet, words: list[str]) -> QuerySet:
    qs = qs.annotate(padded_tokens=Concat(Value(" "), F("tokens"), Value(" ")))
    for w in words:
        qs = qs.filter(padded_tokens__contains=f" {w} ")
    return qs.annotate(rank=Value(0.0) - Length("tokens"))
