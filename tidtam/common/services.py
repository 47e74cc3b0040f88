from typing import Any

from django.db import models

from .models import AuditEvent


def audit_record(
    *,
    actor: Any,
    obj: models.Model,
    action: str,
    changes: dict[str, Any] | None = None,
    source: str = AuditEvent.Source.WEB,
) -> AuditEvent:
    """Record one change. Every service that writes calls this inside its transaction."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        source=source,
        action=action,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
    )
