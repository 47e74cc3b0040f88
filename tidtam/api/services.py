"""Writes of the API app: issuing tokens."""

from django.db import transaction
from rest_framework.authtoken.models import Token

from tidtam.common.models import AuditEvent
from tidtam.common.services import audit_record


@transaction.atomic
def api_token_issue(*, user, by=None, reset: bool = False, source: str = AuditEvent.Source.SYSTEM) -> Token:
    """The user's API token, created if missing; `reset` replaces it (the old one stops working)."""
    token = Token.objects.filter(user=user).first()
    if token is not None and not reset:
        return token
    action = "token_reset" if token is not None else "token_issue"
    if token is not None:
        token.delete()
    token = Token.objects.create(user=user)
    # The key itself is a secret: the audit trail records that a token was issued, not its value.
    audit_record(actor=by, obj=user, action=action, changes={}, source=source)
    return token
