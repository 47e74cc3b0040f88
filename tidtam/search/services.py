"""Writes of the search index. The index is derived data: rebuilding it changes nothing a user
reported, so these services check no permission and record no audit event (the audit trail is for
people's changes; it would fill with machine bookkeeping)."""

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from tidtam.submissions.models import Submission

from .models import IndexedSubmission, SearchDocument
from .segmentation import tokens

Field = SearchDocument.Field
BATCH_SIZE = 50
# "-", "- ไม่มี -", "ไม่มี": the legacy form's way of saying that nothing was reported.
_NOTHING = re.compile(r"^[\s\-–—.]*(ไม่มี)?[\s\-–—.]*$")


def is_reported(text: str | None) -> bool:
    return bool(text) and not _NOTHING.match(text)


@dataclass(frozen=True)
class DocumentSpec:
    field: str
    position: int
    text: str
    subtopic_id: int | None = None


def documents_of(submission: Submission) -> Iterator[DocumentSpec]:
    """Every searchable text of a submission (narratives and problems must be prefetched)."""
    for n in submission.narratives.all():
        if is_reported(n.text):
            number = n.subtopic.number if n.subtopic_id else 0
            yield DocumentSpec(Field.NARRATIVE, number, n.text, n.subtopic_id)
    for row in submission.problems.all():
        for field, text in (
            (Field.PROBLEM, row.problem),
            (Field.SOLUTION, row.solution),
            (Field.EXPECTED_RESULT, row.expected_result),
        ):
            if is_reported(text):
                yield DocumentSpec(field, row.order, text)
    for field in (Field.SUCCESS_FACTORS, Field.RECOMMENDATIONS, Field.BEST_PRACTICES):
        text = getattr(submission, field)
        if is_reported(text):
            yield DocumentSpec(field, 0, text)


def stale_submissions(*, submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    """Those of `submissions` never indexed or changed since (one query when read)."""
    return submissions.order_by().filter(
        Q(search_state__isnull=True) | Q(updated_at__gt=F("search_state__source_updated_at"))
    )


def search_index_refresh(*, submissions: QuerySet[Submission]) -> int:
    """Index the stale ones among `submissions`; the number indexed. Search calls this before it queries."""
    ids = list(stale_submissions(submissions=submissions).values_list("pk", flat=True))
    if ids:
        search_index_submissions(submission_ids=ids)
    return len(ids)


def search_index_submissions(
    *, submission_ids: Iterable[int], progress: Callable[[int], None] | None = None
) -> int:
    """(Re)build the documents of these submissions; the number of documents written.

    `progress` is called with the number of submissions done after each batch.
    """
    ids = list(submission_ids)
    written = 0
    for i in range(0, len(ids), BATCH_SIZE):
        batch = ids[i : i + BATCH_SIZE]
        try:
            written += _index_batch(batch)
        except IntegrityError:
            # Another request indexed some of these at the same moment; redo one by one and let
            # whichever finished first stand.
            for pk in batch:
                try:
                    written += _index_batch([pk])
                except IntegrityError:
                    continue
        if progress:
            progress(len(batch))
    return written


@transaction.atomic
def _index_batch(ids: list[int]) -> int:
    now = timezone.now()
    subs = Submission.objects.filter(pk__in=ids).prefetch_related("narratives__subtopic", "problems")
    docs: list[SearchDocument] = []
    states: list[IndexedSubmission] = []
    for sub in subs:
        specs = list(documents_of(sub))
        docs.extend(
            SearchDocument(
                submission_id=sub.pk,
                field=s.field,
                position=s.position,
                subtopic_id=s.subtopic_id,
                text=s.text,
                tokens=" ".join(tokens(s.text)),
                indexed_at=now,
            )
            for s in specs
        )
        states.append(
            IndexedSubmission(
                submission_id=sub.pk,
                source_updated_at=sub.updated_at,
                indexed_at=now,
                document_count=len(specs),
            )
        )
    SearchDocument.objects.filter(submission_id__in=ids).delete()
    IndexedSubmission.objects.filter(submission_id__in=ids).delete()
    SearchDocument.objects.bulk_create(docs, batch_size=500)
    IndexedSubmission.objects.bulk_create(states, batch_size=500)
    return len(docs)


def search_reindex(
    *, submissions: QuerySet[Submission], progress: Callable[[int], None] | None = None
) -> int:
    """Rebuild the index of `submissions` whether stale or not (the `search_reindex` command)."""
    ids = list(submissions.order_by("pk").values_list("pk", flat=True))
    return search_index_submissions(submission_ids=ids, progress=progress)
