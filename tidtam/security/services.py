"""Writes of the second factor: enrolment, backup codes, reset. Each is atomic and audited."""

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tidtam.common.models import AuditEvent
from tidtam.common.services import audit_record

DEVICE_NAME = "authenticator"
BACKUP_NAME = "backup"


def otp_pending_device(*, user) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled, created on first call (one at a time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def otp_enrol_confirm(*, user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the pending authenticator with its first code. On success the user's earlier devices
    are replaced, fresh backup codes are made, and they are returned (to be shown once); None when the
    code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(code.strip()):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(user)
    audit_record(actor=user, obj=user, action="otp_enrol", changes={}, source=AuditEvent.Source.WEB)
    return codes


@transaction.atomic
def otp_backup_codes_renew(*, user) -> list[str]:
    """Replace the backup codes (the old ones stop working); the new ones are returned to be shown once."""
    codes = _new_backup_codes(user)
    audit_record(actor=user, obj=user, action="otp_backup_renew", changes={}, source=AuditEvent.Source.WEB)
    return codes


@transaction.atomic
def otp_reset(*, user, by=None, source: str = AuditEvent.Source.SYSTEM) -> int:
    """Remove every second-factor device of the user (lost phone): at the next login they enrol again
    (or, where a second factor is optional, sign in with the password alone). How many were removed."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    audit_record(actor=by, obj=user, action="otp_reset", changes={}, source=source)
    return removed


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    backup = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.TIDTAM_OTP_BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=backup, token=c) for c in codes])
    return codes
