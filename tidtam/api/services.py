"""Writes of the API app: issuing and revoking tokens."""

from django.db import transaction
from rest_framework.authtoken.models import Token

from tidtam.common.models import AuditEvent
from tidtam.common.services import audit_record


@transaction.atomic
def api_token_issue(*, user, by=None, reset: bool = False, source: str = AuditEvent.Source.SYSTEM) -> Token:
    """The user's API token, created if missing; `reset` replaces it (the old one stops working)."""
    from .authentication import token_expired

    token = Token.objects.filter(user=user).first()
    if token is not None and not reset and not token_expired(token):
        return token
    action = "token_reset" if token is not None else "token_issue"
    if token is not None:
        token.delete()
    token = Token.objects.create(user=user)
    # The key itself is a secret: the audit trail records that a token was issued, not its value.
    audit_record(actor=by, obj=user, action=action, changes={}, source=source)
    return token


@transaction.atomic
def api_tokens_revoke(*, user, by=None, source: str = AuditEvent.Source.SYSTEM) -> int:
    """Delete the user's API tokens (their password changed, or an administrator asked); how many."""
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        audit_record(actor=by, obj=user, action="token_revoke", changes={}, source=source)
    return deleted
