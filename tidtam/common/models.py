import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One recorded change: who, when, what, old → new. Written only by `common.services.audit_record`."""

    class Source(models.TextChoices):
        WEB = "web", _("หน้าเว็บ")
        API = "api", _("API")
        IMPORT = "import", _("นำเข้าไฟล์")
        EXCEL = "excel", _("อัปโหลดไฟล์ Excel")
        SYSTEM = "system", _("ระบบ")
        CLI = "cli", _("คำสั่ง tidtam")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # Who acted when no signed-in request did: "cli:<os user>" for a command, "job:<id>" for a job.
    # Kept even when `actor` is set (`--actor USERNAME`), so the account and the shell both show.
    actor_label = models.CharField(max_length=150, blank=True, default="")
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.WEB)
    action = models.CharField(max_length=64)
    model = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=300, blank=True)
    # {"field": [old, new], ...} for edits; free detail for transitions and imports.
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.model}#{self.object_id}"


class Job(models.Model):
    """One piece of background work (an export, a mail batch) and what its user sees of it.

    Generic: the job names its function by dotted path (`func`) with JSON keyword arguments, so common
    knows no domain. Written by `common.jobs` alone; the traceback of a failure goes to the log, the
    user gets the Thai `error`."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("รอคิว")
        RUNNING = "running", _("กำลังทำงาน")
        DONE = "done", _("เสร็จแล้ว")
        FAILED = "failed", _("ไม่สำเร็จ")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40, db_index=True)
    title = models.CharField(max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    func = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(null=True, blank=True)
    file = models.FileField(upload_to="jobs/%Y/%m/", blank=True, max_length=300)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int:
        """0–100 for the progress bar: 100 once done, whatever the counts said."""
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)
