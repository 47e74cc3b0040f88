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
