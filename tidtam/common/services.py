import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.db import models

from .models import AuditEvent

# Set by commands and jobs (`audit_context`) so that every audit event written inside them names who
# acted, without threading a label through every service signature.
_actor_label: contextvars.ContextVar[str] = contextvars.ContextVar("audit_actor_label", default="")


@contextlib.contextmanager
def audit_context(*, actor_label: str) -> Iterator[None]:
    """Every `audit_record` inside this block carries `actor_label` (e.g. "cli:somchai")."""
    token = _actor_label.set(actor_label[:150])
    try:
        yield
    finally:
        _actor_label.reset(token)


def audit_actor_label() -> str:
    return _actor_label.get()


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
        actor_label=_actor_label.get(),
        source=source,
        action=action,
        model=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
    )


def audit_download(
    *,
    actor: Any,
    what: str,
    filename: str,
    obj: models.Model | None = None,
    target: str = "",
    source: str = AuditEvent.Source.WEB,
) -> AuditEvent:
    """Record that data left the system: a web download (action "download") or a command's export
    (action "export"). `obj` is the record exported when there is one (a round); `target` says what
    else identifies it (the URL with its filters, or the output file)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=_actor_label.get(),
        source=source,
        action="download" if source == AuditEvent.Source.WEB else "export",
        model=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(str(obj) if obj is not None else target or what)[:300],
        changes={"what": [None, what], "file": [None, filename], "target": [None, target]},
    )
