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


class ProblemRow(models.Model):
    """One X.2 row: problem, solution, expected result."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="problems")
    order = models.PositiveSmallIntegerField()
    problem = models.TextField(blank=True)
    solution = models.TextField(blank=True)
    expected_result = models.TextField(blank=True)

    class Meta:
        ordering = ["submission", "order"]
        constraints = [models.UniqueConstraint(fields=["submission", "order"], name="problemrow_order_unique")]


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
