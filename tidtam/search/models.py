"""The search index: one row per searchable text, holding the text segmented into Thai words.

The index is derived data. It is rebuilt for a submission whenever the submission's `updated_at` is newer
than the time recorded in `IndexedSubmission` (checked at query time), so no other code has to call
the search app when it changes a submission.
"""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from tidtam.formdefs.models import Round, Subtopic
from tidtam.submissions.models import Submission


class TokensVector(SearchVector):
    """to_tsvector('simple', tokens) on PostgreSQL; NULL elsewhere (SQLite has no tsvector).

    The expression of the generated column of migrations 0003 and 0004, which import it from here."""

    def as_sqlite(self, compiler, connection, **extra_context):
        return "NULL", []


class SearchDocument(models.Model):
    class Field(models.TextChoices):
        NARRATIVE = "narrative", _("ผลการดำเนินงาน")
        PROBLEM = "problem", _("ปัญหาอุปสรรค")
        SOLUTION = "solution", _("แนวทางการแก้ไขปัญหา")
        EXPECTED_RESULT = "expected_result", _("ผลที่คาดว่าจะได้รับ")
        SUCCESS_FACTORS = "success_factors", _("ปัจจัยแห่งความสำเร็จ")
        RECOMMENDATIONS = "recommendations", _("ข้อเสนอแนะ")
        BEST_PRACTICES = "best_practices", _("รูปแบบ แนวทาง หรือนวัตกรรมที่เป็นแบบอย่างที่ดี")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="search_documents")
    # Copied from the submission's round when indexed (a submission never changes round): the round
    # lets a scope of a few rounds narrow the full-text match by index, the fiscal year and round
    # number order the matches newest first by index. Who may see a document is still decided by the
    # live submission (tidtam.search.selectors), never by these copies.
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    fiscal_year_be = models.PositiveSmallIntegerField()
    round_number = models.PositiveSmallIntegerField()
    field = models.CharField(max_length=24, choices=Field.choices)
    # Which text of that field: the sub-topic number of a narrative, the order of an X.2 row; 0 otherwise.
    position = models.PositiveIntegerField(default=0)
    subtopic = models.ForeignKey(Subtopic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    # The text segmented by tidtam.search.segmentation, normalised words separated by single spaces.
    tokens = models.TextField()
    # The words' tails running on into the next word (segmentation.subwords), separated by spaces: a
    # word is found inside a compound ("งบประมาณ" inside "ปีงบประมาณ") by a prefix match on these.
    subwords = models.TextField(default="", blank=True)
    # PostgreSQL: to_tsvector('simple', tokens || ' ' || subwords), served by a GIN index (migration
    # 0003): matching and ranking read it instead of parsing every candidate's tokens again. Written by
    # the indexer (tidtam.search.services), which builds it in Python where that gives exactly what the
    # database would (tidtam.search.vectors) and has the database compute it otherwise; until migration
    # 0005 the database computed it on every insert (a generated column). SQLite searches through its
    # FTS5 table; there the column exists only so that the model is the same on both, and stays NULL.
    search_vector = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField()

    class Meta:
        ordering = ["submission", "field", "position"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "field", "position"], name="searchdocument_unique"),
        ]
        indexes = [
            # The newest matches, walked in this order until enough are found (selectors.CANDIDATES).
            models.Index(fields=["-fiscal_year_be", "-round_number", "-id"], name="searchdoc_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} {self.field} {self.position}"


class IndexedSubmission(models.Model):
    """When a submission was last indexed, and which version of it (its `updated_at` then).

    Kept apart from the documents so that a submission with no text at all is not re-indexed on every
    search, and so that one indexed LEFT JOIN finds every stale submission.
    """

    submission = models.OneToOneField(
        Submission, primary_key=True, on_delete=models.CASCADE, related_name="search_state"
    )
    source_updated_at = models.DateTimeField()
    indexed_at = models.DateTimeField()
    document_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.submission_id} @ {self.source_updated_at:%Y-%m-%d %H:%M:%S}"


class IndexWatermark(models.Model):
    """How far the index is known to be complete: one row (pk 1), for all submissions.

    Every submission with an id up to `max_submission_id` whose `updated_at` is at or before
    `complete_through` is indexed at its current version. Search therefore only compares the
    submissions changed since (a range of an index on updated_at, migration 0003) or created since
    with `IndexedSubmission`, instead of every submission in scope before each query.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    complete_through = models.DateTimeField()
    max_submission_id = models.BigIntegerField()
    checked_at = models.DateTimeField()

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="indexwatermark_single_row")]

    def __str__(self) -> str:
        return f"≤ {self.complete_through:%Y-%m-%d %H:%M:%S}, id ≤ {self.max_submission_id}"


class SearchWord(models.Model):
    """The indexed vocabulary: every word (and sub-word tail) of the index once, with how many documents
    held it when they were indexed. "Did you mean" suggestions come from here (selectors.suggestion).

    Counts grow as documents are indexed and are recounted from scratch by a full `search_reindex`;
    between the two they may over-count words of re-indexed texts: they only order suggestions.
    """

    word = models.CharField(max_length=64, primary_key=True)
    documents = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.word} ({self.documents})"


class ThemeResult(models.Model):
    """Themes computed once for a scope (the submissions one user sees through one set of filters) and
    read by the themes page instead of analysing every statement on each request.

    `scope_key` is a digest of the kind and the ids of the submissions analysed, so that two users who
    see the same submissions share a result and a user never reads themes of submissions outside their
    own scope. `source_updated_at` (the newest change among them then) tells the page when a submission
    changed after the computation.
    """

    scope_key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=24)
    computed_at = models.DateTimeField()
    source_updated_at = models.DateTimeField(null=True, blank=True)
    submission_count = models.PositiveIntegerField(default=0)
    # tidtam.search.themes.store.report_to_dict of the ThemeReport.
    report = models.JSONField()

    def __str__(self) -> str:
        return f"{self.kind} {self.scope_key[:12]} @ {self.computed_at:%Y-%m-%d %H:%M}"
