from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tidtam.formdefs.models import Column, Item, Round, Subtopic
from tidtam.orgs.models import OrgUnit


class Submission(models.Model):
    """What one agency reports for one item in one round. Totals are never stored here."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("ฉบับร่าง")
        SUBMITTED = "submitted", _("ส่งแล้ว")
        RETURNED = "returned", _("ส่งกลับแก้ไข")
        ACCEPTED = "accepted", _("รับรองแล้ว")
        LOCKED = "locked", _("ปิดรอบ")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="submissions")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="submissions")
    agency = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="submissions")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    # Optimistic locking: every save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    table_note = models.TextField(blank=True)
    success_factors = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    best_practices = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # Written by the agency for each validation warning it keeps: {rule id: justification}.
    warning_justifications = models.JSONField(default=dict, blank=True)
    # The first submission decides timeliness; a resubmission after a return does not make it late.
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "item__number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "item", "agency"], name="submission_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="submission_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.round.key} ข้อ {self.item.number} {self.agency}"


class TableValue(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    column = models.ForeignKey(Column, on_delete=models.CASCADE, related_name="values")
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "column"], name="tablevalue_unique")]

    def __str__(self) -> str:
        return f"{self.column_id}={self.value}"


class NarrativeEntry(models.Model):
    """Narrative of X.1, per sub-topic. `subtopic` is null for an item's narrative without sub-topics."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="narratives")
    subtopic = models.ForeignKey(Subtopic, null=True, blank=True, on_delete=models.CASCADE)
    text = models.TextField()

    class Meta:
        ordering = ["submission", "subtopic__number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "subtopic"], name="narrative_unique"),
            models.UniqueConstraint(
                fields=["submission"], condition=Q(subtopic__isnull=True), name="narrative_general_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:50]


class ProblemRow(models.Model):
    """One X.2 row: problem, solution, expected result."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="problems")
    order = models.PositiveSmallIntegerField()
    problem = models.TextField(blank=True)
    solution = models.TextField(blank=True)
    expected_result = models.TextField(blank=True)

    class Meta:
        ordering = ["submission", "order"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "order"], name="problemrow_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.problem[:50]}"


class RoundItem(models.Model):
    """Per round and item: footnotes of the office, and totals printed in a legacy source
    (kept only so that validation can compare them with the computed totals)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_items")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    footnotes = models.TextField(blank=True)
    printed_totals = models.JSONField(default=dict, blank=True)
    printed_totals_label = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "item"], name="rounditem_unique")]

    def __str__(self) -> str:
        return f"{self.round_id}/{self.item_id}"


class Section(models.TextChoices):
    """The five sections every item has; "X" stands for the item number (1.1, 1.2, ...)."""

    RESULTS = "X.1", _("ผลการดำเนินงาน")
    PROBLEMS = "X.2", _("ปัญหาอุปสรรค แนวทางการแก้ไข และผลที่คาดว่าจะได้รับ")
    SUCCESS_FACTORS = "X.3", _("ปัจจัยแห่งความสำเร็จ")
    RECOMMENDATIONS = "X.4", _("ข้อเสนอแนะ")
    BEST_PRACTICES = "X.5", _("รูปแบบ แนวทาง หรือนวัตกรรมที่เป็นแบบอย่างที่ดี")


class WorkflowEvent(models.Model):
    """One step of the review workflow: who moved what from which status to which, and why.
    Round-level steps (closing a round) have no submission."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("ส่งข้อมูล")
        RETURN = "return", _("ส่งกลับแก้ไข")
        ACCEPT = "accept", _("รับรอง")
        REOPEN = "reopen", _("เปิดให้แก้ไขอีกครั้ง")
        LOCK = "lock", _("ปิดรอบ")
        OPEN_ROUND = "open_round", _("เปิดรอบ")
        CLOSE_ROUND = "close_round", _("ปิดรอบ")
        REOPEN_ROUND = "reopen_round", _("เปิดรอบอีกครั้ง")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="workflow_events")
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="workflow_events"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    reason = models.TextField(blank=True)
    section = models.CharField(max_length=4, choices=Section.choices, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="return") | ~Q(reason=""), name="workflowevent_return_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(action="reopen") | ~Q(reason=""), name="workflowevent_reopen_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.from_status}→{self.to_status}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name never comes from the user: the original name is kept in a field for display.
    return f"attachments/{instance.submission_id}/{filename}"


class Attachment(models.Model):
    """Evidence uploaded with a submission (PDF, JPEG or PNG), with its SHA-256 to prove it unchanged."""

    class Kind(models.TextChoices):
        PDF = "application/pdf", "PDF"
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=32, choices=Kind.choices)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(size__lte=10 * 1024 * 1024), name="attachment_size_limit"),
        ]

    def __str__(self) -> str:
        return self.original_name


class Comment(models.Model):
    """A remark on a submission by an inspector, the coordinator or the agency, optionally on one section."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    section = models.CharField(max_length=4, choices=Section.choices, blank=True)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "created_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="comment_not_empty")]

    def __str__(self) -> str:
        return self.text[:50]
