from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tidtam.formdefs.models import Round


class ImportRun(models.Model):
    """One import of a legacy report into a round, with its coverage."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="imports")
    source_name = models.CharField(max_length=300)
    source_sha256 = models.CharField(max_length=64)
    source_format = models.CharField(max_length=8)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    template_version = models.CharField(max_length=64, blank=True)
    content_lines = models.PositiveIntegerField(default=0)
    placed_lines = models.PositiveIntegerField(default=0)
    replaced_previous = models.BooleanField(default=False)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source_name} → {self.round}"

    @property
    def coverage(self) -> float:
        return self.placed_lines / self.content_lines if self.content_lines else 1.0


class ImportAnomaly(models.Model):
    class Severity(models.TextChoices):
        INFO = "info", _("ซ่อมแล้ว")
        WARNING = "warning", _("ควรตรวจสอบ")
        ERROR = "error", _("วางไม่ได้")

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="anomalies")
    line_no = models.PositiveIntegerField(null=True, blank=True)
    severity = models.CharField(max_length=8, choices=Severity.choices)
    kind = models.CharField(max_length=48)
    message = models.TextField()
    excerpt = models.TextField(blank=True)
    item_number = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["run", "line_no", "id"]

    def __str__(self) -> str:
        return f"{self.line_no or '-'}: {self.kind}"

    @property
    def kind_label(self) -> str:
        """The kind's Thai name (the code itself is for a tooltip)."""
        from .labels import anomaly_kind_label

        return anomaly_kind_label(self.kind)


class RoundArchive(models.Model):
    """A round as it was just before an import replaced it (or an archive was restored over it): its
    canonical JSON export, enough to build it again (`round_archive_restore`)."""

    class Reason(models.TextChoices):
        REPLACED = "replaced", _("ถูกแทนที่ด้วยการนำเข้า")
        RESTORED_OVER = "restored_over", _("ถูกแทนที่ด้วยการกู้คืนฉบับเก่า")

    round_key = models.CharField(max_length=32, db_index=True)
    reason = models.CharField(max_length=16, choices=Reason.choices)
    data = models.JSONField()
    data_sha256 = models.CharField(max_length=64)
    # The file the archived round had been imported from (its latest import), if any.
    original_source = models.CharField(max_length=300, blank=True)
    original_sha256 = models.CharField(max_length=64, blank=True)
    # What replaced it: the new file's name and sha256, or "archive #N" for a restore.
    replaced_by_source = models.CharField(max_length=300, blank=True)
    replaced_by_sha256 = models.CharField(max_length=64, blank=True)
    items = models.PositiveIntegerField(default=0)
    submissions = models.PositiveIntegerField(default=0)
    table_values = models.PositiveIntegerField(default=0)
    text_chars = models.PositiveIntegerField(default=0)
    archived_at = models.DateTimeField(auto_now_add=True, db_index=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    archived_by_label = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-archived_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.round_key}"


class ImportBatch(models.Model):
    """One upload on the bulk import page: many files (or a .zip of them), one job per file."""

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"batch #{self.pk}"


class ImportBatchFile(models.Model):
    """One file of a batch: its bytes until imported, the round it targets, and how its import went."""

    class Status(models.TextChoices):
        CONFIRM = "confirm", _("รอยืนยันการแทนที่รอบเดิม")
        QUEUED = "queued", _("รอนำเข้า")
        DONE = "done", _("นำเข้าแล้ว")
        DROPPED = "dropped", _("ไม่นำเข้า: ข้อมูลน้อยกว่ารอบเดิมมาก")
        FAILED = "failed", _("นำเข้าไม่สำเร็จ")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=300)
    # Kept in the database (not under MEDIA_ROOT) so that a worker on another machine can read it;
    # emptied once the file is imported.
    content = models.BinaryField(blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    round_key = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices)
    job = models.ForeignKey("common.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    forced = models.BooleanField(default=False)
    # {"round_key", "coverage", "counts": {severity: n}, "replaced", "archive_id"} once imported.
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["batch", "id"]

    def __str__(self) -> str:
        return self.name
