"""Writes of the search index. The index is derived data: rebuilding it changes nothing a user
reported, so these services check no permission and record no audit event (the audit trail is for
people's changes; it would fill with machine bookkeeping)."""

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, Max, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from tidtam.submissions.models import NarrativeEntry, ProblemRow, Submission

from . import vectors
from .models import IndexedSubmission, IndexWatermark, SearchDocument, SearchWord
from .segmentation import SUBWORD_MAX, index_terms
from .vectors import Vector


class Progress(Protocol):
    """What a background job hands its function (tidtam.common.jobs.JobProgress has this method)."""

    def update(self, done: int, total: int, message: str = "") -> None: ...


Field = SearchDocument.Field
# Submissions per transaction: their documents, states and vocabulary go in a few multi-row statements.
BATCH_SIZE = 500
# A freshness check that starts at T vouches only for the submissions saved before T less this margin:
# a save whose transaction commits after the check (up to this long after it set updated_at), or one
# from an application server whose clock is behind, is still looked at next time. Only a transaction
# open longer than this, or a clock further behind, could leave a change unindexed (until that
# submission is saved again or `search_reindex` runs).
WATERMARK_MARGIN = timedelta(minutes=10)
# At most this many stale submissions are indexed for everyone in one search (~1.5 s of segmentation).
# Beyond that (a bulk load without `search_reindex`) a search indexes only the stale submissions in the
# user's own scope, as before the watermark, and leaves the watermark where it is.
GLOBAL_REFRESH_LIMIT = 200
# The watermark row is rewritten only when it moves at least this far (or new submissions appeared).
WATERMARK_STEP = timedelta(minutes=1)
# "-", "- ไม่มี -", "ไม่มี": the legacy form's way of saying that nothing was reported.
_NOTHING = re.compile(r"^[\s\-–—.]*(ไม่มี)?[\s\-–—.]*$")


def is_reported(text: str | None) -> bool:
    return text is not None and text != "" and not _NOTHING.match(text)


@dataclass(frozen=True)
class DocumentSpec:
    field: str
    position: int
    text: str
    subtopic_id: int | None = None


_OWN_FIELDS = (Field.SUCCESS_FACTORS, Field.RECOMMENDATIONS, Field.BEST_PRACTICES)


def documents_of(submission: Submission) -> Iterator[DocumentSpec]:
    """Every searchable text of a submission (narratives and problems must be prefetched)."""
    return _documents(
        narratives=(
            (n.subtopic.number if n.subtopic is not None else 0, n.subtopic_id, n.text)
            for n in submission.narratives.all()
        ),
        problems=((r.order, r.problem, r.solution, r.expected_result) for r in submission.problems.all()),
        own=[getattr(submission, field) for field in _OWN_FIELDS],
    )


def _documents(
    *,
    narratives: Iterable[tuple[int, int | None, str]],
    problems: Iterable[tuple[int, str, str, str]],
    own: list[str],
) -> Iterator[DocumentSpec]:
    """The searchable texts, given as narratives (sub-topic number, sub-topic id, text), X.2 rows
    (order, problem, solution, expected result) and the X.3–X.5 texts in _OWN_FIELDS' order."""
    for number, subtopic_id, text in narratives:
        if is_reported(text):
            yield DocumentSpec(Field.NARRATIVE, number, text, subtopic_id)
    for order, *texts in problems:
        for field, text in zip((Field.PROBLEM, Field.SOLUTION, Field.EXPECTED_RESULT), texts, strict=True):
            if is_reported(text):
                yield DocumentSpec(field, order, text)
    for field, text in zip(_OWN_FIELDS, own, strict=True):
        if is_reported(text):
            yield DocumentSpec(field, 0, text)


def stale_submissions(*, submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    """Those of `submissions` never indexed or changed since (one query when read)."""
    return submissions.order_by().filter(
        Q(search_state__isnull=True) | Q(updated_at__gt=F("search_state__source_updated_at"))
    )


def since_watermark(mark: IndexWatermark | None) -> Q | None:
    """Submissions that may have changed since the watermark; None: all of them (no watermark yet)."""
    if mark is None:
        return None
    return Q(updated_at__gt=mark.complete_through) | Q(pk__gt=mark.max_submission_id)


def _advance_watermark(
    mark: IndexWatermark | None, *, complete_through: datetime, max_submission_id: int
) -> None:
    if (
        mark is not None
        and complete_through - mark.complete_through < WATERMARK_STEP
        and max_submission_id <= mark.max_submission_id
    ):
        return  # not worth a write on every search
    now = timezone.now()
    # GREATEST: a concurrent search that got further keeps its higher marks.
    moved = IndexWatermark.objects.filter(pk=1).update(
        complete_through=Greatest(
            F("complete_through"), Value(complete_through, output_field=models.DateTimeField())
        ),
        max_submission_id=Greatest(
            F("max_submission_id"), Value(max_submission_id, output_field=models.BigIntegerField())
        ),
        checked_at=now,
    )
    if not moved:
        # Two first searches at once: whichever inserts first stands; a later search moves it on.
        IndexWatermark.objects.bulk_create(
            [
                IndexWatermark(
                    pk=1,
                    complete_through=complete_through,
                    max_submission_id=max_submission_id,
                    checked_at=now,
                )
            ],
            ignore_conflicts=True,
        )


def search_index_refresh(
    *, submissions: QuerySet[Submission] | None = None, progress: Progress | None = None
) -> int:
    """Index the stale submissions (never indexed, or changed since); the number indexed.

    Without `submissions` (a background job, `tidtam search_reindex --stale`): every stale submission,
    in batches, reporting to `progress`; then the watermark moves up to this check's start less
    WATERMARK_MARGIN, so that the next check only compares what changed since.

    With `submissions` (a user's scope, checked before a query): only the submissions changed or created
    since the watermark are compared with `IndexedSubmission` (ranges of the updated_at and primary-key
    indexes). The stale ones found are indexed whoever's they are and the watermark moves; when more
    than GLOBAL_REFRESH_LIMIT are stale, only those among `submissions` are indexed and the watermark
    stays, so that no one search pays for a whole bulk load.
    """
    mark = IndexWatermark.objects.filter(pk=1).first()
    since = since_watermark(mark)
    # Read before the stale ones: whatever commits after this point was saved after `started` less
    # the margin, or has a higher id, and is looked at again next time.
    started = timezone.now()
    max_id = Submission.objects.aggregate(pk=Max("pk"))["pk"] or 0
    candidates = Submission.objects.all() if since is None else Submission.objects.filter(since)
    stale_all = stale_submissions(submissions=candidates).values_list("pk", flat=True)
    if submissions is None:
        ids = sorted(stale_all)
        search_index_submissions(submission_ids=ids, progress=progress)
        _advance_watermark(mark, complete_through=started - WATERMARK_MARGIN, max_submission_id=max_id)
        return len(ids)
    stale = list(stale_all[: GLOBAL_REFRESH_LIMIT + 1])
    if len(stale) <= GLOBAL_REFRESH_LIMIT:
        if stale:
            search_index_submissions(submission_ids=stale)
        _advance_watermark(mark, complete_through=started - WATERMARK_MARGIN, max_submission_id=max_id)
        return len(stale)
    if submissions is None:
        submissions = Submission.objects.all()
    scoped = submissions if since is None else submissions.filter(since)
    ids = list(stale_submissions(submissions=scoped).values_list("pk", flat=True))
    if ids:
        search_index_submissions(submission_ids=ids)
    return len(ids)


def search_index_submissions(*, submission_ids: Iterable[int], progress: Progress | None = None) -> int:
    """(Re)build the documents of these submissions; the number of documents written.

    One transaction per BATCH_SIZE submissions; `progress.update(done, total)` after each.
    """
    ids = list(submission_ids)
    if connection.vendor == "postgresql" and not connection.in_atomic_block and len(ids) > BATCH_SIZE:
        return _index_pipelined(ids, progress)
    return _index_sequential(ids, progress)


def _index_sequential(ids: list[int], progress: Progress | None) -> int:
    written = 0
    for i in range(0, len(ids), BATCH_SIZE):
        batch = ids[i : i + BATCH_SIZE]
        written += _index_batch_or_one_by_one(batch)
        if progress is not None:
            progress.update(done=i + len(batch), total=len(ids), message=_("กำลังสร้างดัชนีค้นหา"))
    return written


def _index_batch_or_one_by_one(batch: list[int], prepared: "PreparedBatch | None" = None) -> int:
    try:
        return _write_batch(prepared) if prepared is not None else _index_batch(batch)
    except IntegrityError:
        # Another request indexed some of these at the same moment; redo one by one and let
        # whichever finished first stand.
        written = 0
        for pk in batch:
            try:
                written += _index_batch([pk])
            except IntegrityError:
                continue
        return written


def _index_pipelined(ids: list[int], progress: Progress | None) -> int:
    """Batches segmented here while the previous one is written on a second connection.

    Segmentation (Python) and writing (PostgreSQL: COPY, the vector, its GIN index) cost about the same;
    overlapping them nearly halves a rebuild. Used on PostgreSQL outside a transaction only: the writer's
    connection must see committed submissions, and each batch commits on its own anyway.
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    written = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-index-writer") as writer:
        pending: tuple[Future[int], int] | None = None
        try:
            for i in range(0, len(ids), BATCH_SIZE):
                batch = ids[i : i + BATCH_SIZE]
                prepared = _prepare_batch(batch)
                if pending is not None:
                    written += pending[0].result()
                    if progress is not None:
                        progress.update(done=pending[1], total=len(ids), message=_("กำลังสร้างดัชนีค้นหา"))
                pending = (writer.submit(_index_batch_or_one_by_one, batch, prepared), i + len(batch))
            if pending is not None:
                written += pending[0].result()
                if progress is not None:
                    progress.update(done=pending[1], total=len(ids), message=_("กำลังสร้างดัชนีค้นหา"))
        finally:
            # The writer thread's own connection: `connection` is looked up in that thread.
            writer.submit(lambda: connection.close()).result()
    return written


@dataclass
class PreparedBatch:
    """A batch segmented and ready to write: document rows, states, the vocabulary's counts."""

    ids: list[int]
    docs: list[tuple]
    states: list[IndexedSubmission]
    words: Counter[str]


@transaction.atomic
def _index_batch(ids: list[int]) -> int:
    return _write_batch(_prepare_batch(ids))


def _prepare_batch(ids: list[int]) -> PreparedBatch:
    now = timezone.now()
    docs: list[tuple] = []
    states: list[IndexedSubmission] = []
    words: Counter[str] = Counter()
    vector = _vector_builder()
    for sub, specs in _batch_documents(ids):
        pk, round_id, fiscal_year_be, round_number, updated_at = sub
        for spec in specs:
            doc_tokens, doc_subwords = index_terms(spec.text)
            # The vocabulary holds whole words only: tails ("บประมาณ") are no word to suggest.
            # Counted per document; words too short or too long are dropped once per batch, below.
            words.update(set(doc_tokens))
            docs.append(
                (
                    pk,
                    round_id,
                    fiscal_year_be,
                    round_number,
                    str(spec.field),
                    spec.position,
                    spec.subtopic_id,
                    spec.text,
                    " ".join(doc_tokens),
                    " ".join(doc_subwords),
                    now,
                    vector(doc_tokens + doc_subwords),
                )
            )
        states.append(
            IndexedSubmission(
                submission_id=pk, source_updated_at=updated_at, indexed_at=now, document_count=len(specs)
            )
        )
    for word in [w for w in words if not 1 < len(w) <= SUBWORD_MAX]:
        del words[word]
    return PreparedBatch(ids=ids, docs=docs, states=states, words=words)


def _batch_documents(ids: list[int]) -> Iterator[tuple[tuple, list[DocumentSpec]]]:
    """((id, round id, fiscal year, round number, updated_at), its documents) for each submission.

    Plain rows rather than model instances (three queries, in the models' own orders, as a prefetch
    would read them): building ~8 instances per submission cost about 0.4 s of a 6,468-submission
    rebuild's Python time.
    """
    narratives: dict[int, list[tuple[int, int | None, str]]] = {}
    rows = NarrativeEntry.objects.filter(submission_id__in=ids).values_list(
        "submission_id", "subtopic__number", "subtopic_id", "text"
    )
    for sub_id, number, subtopic_id, text in rows:
        narratives.setdefault(sub_id, []).append((number or 0, subtopic_id, text))
    problems: dict[int, list[tuple[int, str, str, str]]] = {}
    x2 = ProblemRow.objects.filter(submission_id__in=ids).values_list(
        "submission_id", "order", "problem", "solution", "expected_result"
    )
    for sub_id, *row in x2:
        problems.setdefault(sub_id, []).append(tuple(row))  # type: ignore[arg-type]
    subs = Submission.objects.filter(pk__in=ids).values_list(
        "pk", "round_id", "round__fiscal_year_be", "round__number", "updated_at", *_OWN_FIELDS
    )
    for pk, round_id, year, number, updated_at, *own in subs:
        specs = list(_documents(narratives=narratives.get(pk, ()), problems=problems.get(pk, ()), own=own))
        yield (pk, round_id, year, number, updated_at), specs


@transaction.atomic
def _write_batch(batch: PreparedBatch) -> int:
    SearchDocument.objects.filter(submission_id__in=batch.ids).delete()
    IndexedSubmission.objects.filter(submission_id__in=batch.ids).delete()
    _insert_documents(batch.docs)
    IndexedSubmission.objects.bulk_create(batch.states, batch_size=1000)
    _count_words(batch.words)
    return len(batch.docs)


_DOCUMENT_COLUMNS = (
    "submission_id",
    "round_id",
    "fiscal_year_be",
    "round_number",
    "field",
    "position",
    "subtopic_id",
    "text",
    "tokens",
    "subwords",
    "indexed_at",
    "search_vector",
)
# The columns' types for PostgreSQL's binary COPY, in the same order.
_DOCUMENT_TYPES = (
    "int8", "int8", "int2", "int2", "text", "int4", "int8", "text", "text", "text", "timestamptz", "tsvector"
)  # fmt: skip


def _vector_builder() -> Callable[[list[str]], Vector | None]:
    """How a batch gets its documents' vectors: built here on a PostgreSQL that gives the same (see
    tidtam.search.vectors), otherwise left to the database (None)."""
    if connection.vendor == "postgresql" and vectors.matches_database():

        def build(words: list[str]) -> Vector | None:
            built = vectors.tsvector_binary(words)
            return None if built is None else Vector(built)

        return build
    return lambda words: None


def _insert_documents(rows: list[tuple]) -> None:
    """Insert documents given as rows of _DOCUMENT_COLUMNS.

    PostgreSQL: one binary COPY (no SQL literal quoted in Python, no text for the server to parse:
    several times faster than INSERT for long texts), then the vectors not built in Python are
    computed by the database; elsewhere bulk_create (the vector is PostgreSQL's only).
    """
    if not rows:
        return
    if connection.vendor == "postgresql":
        table = SearchDocument._meta.db_table
        with connection.cursor() as wrapper:
            cursor = wrapper.cursor
            vectors.send_vectors_binary(cursor)
            sql = f"COPY {table} ({', '.join(_DOCUMENT_COLUMNS)}) FROM STDIN (FORMAT BINARY)"
            with cursor.copy(sql) as copy:
                copy.set_types(_DOCUMENT_TYPES)
                for row in rows:
                    copy.write_row(row)
            missing = sorted({row[0] for row in rows if row[-1] is None})
            if missing:
                cursor.execute(
                    f"UPDATE {table} SET search_vector = {vectors.SQL_VECTOR} "  # noqa: S608 (constants only)
                    "WHERE submission_id = ANY(%s) AND search_vector IS NULL",
                    [missing],
                )
        return
    SearchDocument.objects.bulk_create(
        [SearchDocument(**dict(zip(_DOCUMENT_COLUMNS, row, strict=True))) for row in rows], batch_size=1000
    )


def _count_words(words: Counter[str]) -> None:
    """Add these document counts to the vocabulary (one read and one upsert per 2,000 words)."""
    items = sorted(words.items())
    for i in range(0, len(items), 2000):
        chunk = dict(items[i : i + 2000])
        known = dict(SearchWord.objects.filter(word__in=list(chunk)).values_list("word", "documents"))
        SearchWord.objects.bulk_create(
            [SearchWord(word=w, documents=n + known.get(w, 0)) for w, n in chunk.items()],
            update_conflicts=True,
            unique_fields=["word"],
            update_fields=["documents"],
            batch_size=1000,
        )


def search_reindex(
    *,
    round_key: str | None = None,
    progress: Progress | None = None,
    submissions: QuerySet[Submission] | None = None,
) -> dict:
    """Rebuild the index of every submission, or of one round's, whether stale or not.

    A whole rebuild (no round, no `submissions`) also recounts the vocabulary from scratch. Returns
    {"submissions": n, "documents": m} (a job's result). An unknown round raises Round.DoesNotExist.
    """
    from tidtam.formdefs.models import Round

    whole = round_key is None and submissions is None
    qs = Submission.objects.all() if submissions is None else submissions
    if round_key is not None:
        qs = qs.filter(round=Round.objects.get(key=round_key))
    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    if whole:
        SearchWord.objects.all().delete()
    documents = search_index_submissions(submission_ids=ids, progress=progress)
    return {"submissions": len(ids), "documents": documents}
