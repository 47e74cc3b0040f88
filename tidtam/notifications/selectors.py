"""Reads of notifications. A person sees only their own: every read starts from the recipient."""

from typing import Any

from django.db.models import QuerySet

from .models import Notification, NotificationPreference


def notifications_of(*, user: Any) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(*, user: Any) -> int:
    """One COUNT query (the bell on every page)."""
    return notifications_of(user=user).filter(read_at__isnull=True).count()


def notification_for_user(*, user: Any, pk: Any) -> Notification | None:
    return notifications_of(user=user).filter(pk=pk).first()


def preference_of(*, user: Any) -> NotificationPreference:
    """The person's preferences, the defaults (unsaved) when they never set any."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(user=user)
