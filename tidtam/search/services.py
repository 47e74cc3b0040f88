"""Writes of the search index. The index is derived data: rebuilding it changes nothing a user
reported, so these services check no permission and record no audit event (the audit trail is for
people's changes; it would fill with machine bookkeeping)."""

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, models, transaction
from django.db.models import F, Max, Q, QuerySet, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from tidtam.submissions.models import Submission

from .models import IndexedSubmission, IndexWatermark, SearchDocument
from .segmentation import tokens

Field = SearchDocument.Field
BATCH_SIZE = 50
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


def documents_of(submission: Submission) -> Iterator[DocumentSpec]:
    """Every searchable text of a submission (narratives and problems must be prefetched)."""
    for n in submission.narratives.all():
        if is_reported(n.text):
            number = n.subtopic.number if n.subtopic is not None else 0
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


def _since(mark: IndexWatermark | None) -> Q | None:
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


def search_index_refresh(*, submissions: QuerySet[Submission] | None = None) -> int:
    """Index the stale submissions; the number indexed. The search pages call this before they read
    (with the user's scope as `submissions`); without `submissions`, every submission is in scope.

    Only the submissions changed or created since the watermark are compared with `IndexedSubmission`
    (ranges of the updated_at and primary-key indexes): when little changed, a few small queries
    instead of a join of every submission in scope. The stale ones found are indexed whoever's they
    are, and the watermark moves up to this check's start less WATERMARK_MARGIN. When more than
    GLOBAL_REFRESH_LIMIT are stale, only those among `submissions` (the user's scope) are indexed and
    the watermark stays, so that no one search pays for a whole bulk load.
    """
    mark = IndexWatermark.objects.filter(pk=1).first()
    since = _since(mark)
    # Read before the stale ones: whatever commits after this point was saved after `started` less
    # the margin, or has a higher id, and is looked at again next time.
    started = timezone.now()
    max_id = Submission.objects.aggregate(pk=Max("pk"))["pk"] or 0
    candidates = Submission.objects.all() if since is None else Submission.objects.filter(since)
    stale = list(
        stale_submissions(submissions=candidates).values_list("pk", flat=True)[: GLOBAL_REFRESH_LIMIT + 1]
    )
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
    subs = (
        Submission.objects.filter(pk__in=ids)
        .select_related("round")
        .prefetch_related("narratives__subtopic", "problems")
    )
    docs: list[SearchDocument] = []
    states: list[IndexedSubmission] = []
    for sub in subs:
        specs = list(documents_of(sub))
        docs.extend(
            SearchDocument(
                submission_id=sub.pk,
                round_id=sub.round_id,
                fiscal_year_be=sub.round.fiscal_year_be,
                round_number=sub.round.number,
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
