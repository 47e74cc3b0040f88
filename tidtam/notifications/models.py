"""What a person is told: one Notification per person and event (the bell, the list page), gathered
into one e-mail per person, round and day (DigestMail), and pushed to LINE where the person asked for it
(NotificationPreference)."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidtam.formdefs.models import Round
from tidtam.submissions.models import Submission


class Notification(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("ส่งรายงานแล้ว")
        RETURNED = "returned", _("ส่งกลับให้แก้ไข")
        ACCEPTED = "accepted", _("รับรองแล้ว")
        REOPENED = "reopened", _("เปิดให้แก้ไขอีกครั้ง")
        COMMENT = "comment", _("ความเห็นใหม่")
        REMINDER = "reminder", _("แจ้งเตือนกำหนดส่ง")
        ROUND_CLOSED = "round_closed", _("ปิดรอบแล้ว")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    # A path on this site ("/submissions/12/"); the digest makes it absolute with TIDTAM_SITE_URL.
    link = models.CharField(max_length=500)
    # Set for notifications that must be made once only (a reminder per report and threshold).
    dedupe_key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    line_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("การแจ้งเตือน")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""), name="notification_once"
            )
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """A person's channels. No row means the defaults: the e-mail digest on, no LINE."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_digest = models.BooleanField(_("รับอีเมลสรุปการแจ้งเตือนประจำวัน"), default=True)
    line_user_id = models.CharField(
        _("LINE user ID"),
        max_length=33,
        blank=True,
        validators=[
            RegexValidator(
                r"^U[0-9a-f]{32}$",
                _("LINE user ID ขึ้นต้นด้วย U ตามด้วยตัวเลขฐานสิบหก 32 ตัว (ไม่ใช่ LINE ID ที่ใช้ค้นหาเพื่อน)"),
            )
        ],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("การตั้งค่าการแจ้งเตือน")

    def __str__(self) -> str:
        return str(self.user)


class DigestMail(models.Model):
    """One digest sent: at most one per person, round and day (the constraint makes it so even when two
    workers run the digest at once)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "round", "day"], name="digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.round} {self.day}"
