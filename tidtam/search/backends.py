"""Matching segmented words against the index, per database vendor.

A query word matches a document when the document's text holds it: as a word, inside a compound
("งบประมาณ" in "ปีงบประมาณ"), or running from one word into the next ("โครงการ" in "โครง|การอบรม").
The index holds the words (`tokens`) and their tails running on into the next word (`subwords`,
tidtam.search.segmentation.subwords); a query word matches as a PREFIX of any of them. Every backend
keeps the documents that hold ALL the query words and annotates `rank` (higher is better):
- PostgreSQL: search_vector @@ to_tsquery('simple', 'w1':* & 'w2':*), ranked by ts_rank over the same
  stored vector (to_tsvector('simple', tokens || ' ' || subwords), written by the indexer, GIN index);
- SQLite with FTS5: the FTS table (columns tokens and subwords), prefix queries "w" *, ranked by bm25;
- SQLite without FTS5 (or any other vendor): one LIKE per word over the space-padded tokens and
  sub-words, shorter documents first (the words make up more of them).
Words come from tidtam.search.segmentation and hold only letters and digits, so they need no quoting
beyond what each query syntax asks for.
"""

from django.db import connection
from django.db.models import F, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat, Length

from .segmentation import SUBWORD_MAX

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


def _prefixes(words: list[str]) -> list[str]:
    # A sub-word is stored cut at SUBWORD_MAX characters: a longer word is looked up by its start.
    return [w[:SUBWORD_MAX] for w in words]


def match(qs: QuerySet, words: list[str]) -> QuerySet:
    """`qs` (SearchDocument) narrowed to documents holding every word, annotated with `rank`."""
    return with_rank(matching(qs, words), words)


def matching(qs: QuerySet, words: list[str]) -> QuerySet:
    """`qs` (SearchDocument) narrowed to documents holding every word."""
    if not words:
        return qs.none()
    name = backend_name()
    if name == "postgresql":
        return qs.filter(search_vector=_pg_query(words))
    if name == "fts5":
        # Constant SQL; the only input, the match expression, is a bound parameter.
        return qs.filter(id__in=RawSQL(_FTS_MATCH_SQL, [_fts5_expression(words)]))  # noqa: S611
    qs = qs.annotate(padded_terms=Concat(Value(" "), F("tokens"), Value(" "), F("subwords"), Value(" ")))
    for w in _prefixes(words):
        qs = qs.filter(padded_terms__contains=f" {w}")
    return qs


def with_rank(qs: QuerySet, words: list[str]) -> QuerySet:
    """`qs` (SearchDocument, already matching `words`) annotated with `rank`."""
    if not words:
        return qs.none()
    name = backend_name()
    if name == "postgresql":
        from django.contrib.postgres.search import SearchRank

        return qs.annotate(rank=SearchRank(F("search_vector"), _pg_query(words)))
    if name == "fts5":
        rank = RawSQL(_FTS_RANK_SQL, [_fts5_expression(words)], output_field=FloatField())  # noqa: S611
        return qs.annotate(rank=Coalesce(rank, Value(0.0)))
    return qs.annotate(rank=Value(0.0) - Length("tokens"))


def _pg_query(words: list[str]):
    from django.contrib.postgres.search import SearchQuery

    # Each word quoted (it holds only letters and digits) and matched as a prefix.
    expression = " & ".join(f"'{w}':*" for w in _prefixes(words))
    return SearchQuery(expression, config="simple", search_type="raw")


def _fts5_expression(words: list[str]) -> str:
    # Each word a quoted prefix query; FTS5 joins juxtaposed ones with AND, over both columns.
    return " ".join('"' + w.replace('"', '""') + '" *' for w in _prefixes(words))
