"""Follow-ups (ติดตาม): the problems (X.2 rows) and recommendations (X.4) of an accepted or locked report,
carried into later rounds until they are resolved or found not relevant.

A follow-up belongs to the round and agency it came from (`origin_round`, `agency`) and to an item by its
stable code (`item_code`), so a later form version that continues the item still finds it. Each later
round's report of that item gives an update (status, what was done, evidence)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tidtam.formdefs.models import Item, Round
from tidtam.orgs.models import OrgUnit


class FollowUp(models.Model):
    class Kind(models.TextChoices):
        PROBLEM = "problem", _("ปัญหาอุปสรรค")
        RECOMMENDATION = "recommendation", _("ข้อเสนอแนะ")

    class Status(models.TextChoices):
        OPEN = "open", _("ยังไม่ดำเนินการ")
        IN_PROGRESS = "in_progress", _("อยู่ระหว่างดำเนินการ")
        RESOLVED = "resolved", _("แก้ไขแล้ว")
        NOT_RELEVANT = "not_relevant", _("ไม่เกี่ยวข้องแล้ว")

    origin_round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="followups")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    item_code = models.CharField(max_length=64)
    # The item's series across form versions (Item.lineage): a later version's item answers it.
    item_lineage = models.CharField(max_length=200, db_index=True)
    item_number = models.PositiveSmallIntegerField()
    agency = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="followups")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # Position within the origin report (X.2 row order, or the n-th recommendation), for stable re-syncs.
    order = models.PositiveSmallIntegerField(default=1)
    text = models.TextField()
    solution = models.TextField(blank=True)
    expected_result = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    status_reason = models.TextField(blank=True)
    # The round in which it was resolved or found not relevant (ends its age in rounds).
    closed_in_round = models.ForeignKey(
        Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["origin_round__fiscal_year_be", "origin_round__number", "item_number", "agency_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["origin_round", "item", "agency", "kind", "order"], name="followup_origin_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "in_progress"]) | ~Q(status_reason=""),
                name="followup_closed_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["agency", "status"])]

    def __str__(self) -> str:
        return f"{self.origin_round.key} ข้อ {self.item_number}: {self.text[:50]}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS)


class FollowUpUpdate(models.Model):
    """One step of a follow-up: an agency's answer in a later round, a coordinator's change, or the
    importer noticing that a later round reports the same problem again ("recurring")."""

    class Kind(models.TextChoices):
        UPDATE = "update", _("รายงานความคืบหน้า")
        RECURRING = "recurring", _("พบปัญหาเดิมซ้ำในรอบนี้")

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="updates")
    # The round in which the update was given (the agency's report that answered it).
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.UPDATE)
    status = models.CharField(max_length=16, choices=FollowUp.Status.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.followup_id} {self.kind} {self.status}"


def evidence_path(instance: "FollowUpEvidence", filename: str) -> str:
    # The stored name never comes from the user; the original name is kept for display.
    return f"followups/{instance.update.followup_id}/{filename}"


class FollowUpEvidence(models.Model):
    """A file (PDF, JPEG, PNG) proving what was done, with its SHA-256."""

    update = models.ForeignKey(FollowUpUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.original_name
