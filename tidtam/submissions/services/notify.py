"""Who a workflow step concerns, and how the step announces itself. The notifications app listens to
the signals (`..signals`) and tells those people (in-app, a daily e-mail digest, LINE); the workflow
does not know it exists. Signals go out after the transaction commits, so a rolled-back step tells no
one, and a listener that fails is logged, never turning a saved step into an error page."""

import logging
from typing import Any

from django.db import transaction
from django.dispatch import Signal

from tidtam.formdefs.models import Round
from tidtam.orgs.models import Membership, OrgUnit, User

logger = logging.getLogger(__name__)
Role = Membership.Role


def agency_users(agency: OrgUnit) -> list[User]:
    """The reporters and heads of an agency: they are told what happens to its reports."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__org_unit=agency,
            memberships__role__in=[Role.AGENCY_REPORTER, Role.AGENCY_HEAD],
        ).distinct()
    )


def coordinators(round_: Round) -> list[User]:
    """The coordinators of the round's office (and of its province): they review its reports."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.COORDINATOR,
            memberships__org_unit_id__in=[round_.office_id, round_.office.parent_id],
        ).distinct()
    )


def announce(signal: Signal, **kwargs: Any) -> None:
    """Send `signal` once the current transaction commits (at once outside one)."""

    def send() -> None:
        for receiver, result in signal.send_robust(sender=signal, **kwargs):
            if isinstance(result, Exception):  # send_robust logs it too; name the signal for the log
                logger.error("listener %r of a workflow signal failed: %r", receiver, result)

    transaction.on_commit(send, robust=True)
