"""The search index: one row per searchable text, holding the text segmented into Thai words.

The index is derived data. It is rebuilt for a submission whenever the submission's `updated_at` is newer
than the time recorded in `IndexedSubmission` (checked at query time), so no other code has to call
the search app when it changes a submission.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tidtam.formdefs.models import Subtopic
from tidtam.submissions.models import Submission


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
    field = models.CharField(max_length=24, choices=Field.choices)
    # Which text of that field: the sub-topic number of a narrative, the order of an X.2 row; 0 otherwise.
    position = models.PositiveIntegerField(default=0)
    subtopic = models.ForeignKey(Subtopic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    # The text segmented by tidtam.search.segmentation, normalised words separated by single spaces.
    tokens = models.TextField()
    indexed_at = models.DateTimeField()

    class Meta:
        ordering = ["submission", "field", "position"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "field", "position"], name="searchdocument_unique"),
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
