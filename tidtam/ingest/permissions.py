"""Who may import rounds through the web: administrators for the whole country (a superuser, or the
admin role held at the ministry). Imports create and replace rounds of any province, so a provincial
administrator may not. Commands run by the system (no user) are trusted: whoever runs them has the server."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tidtam.orgs.models import Membership, OrgUnit


def can_import(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, role=Membership.Role.ADMIN, org_unit__kind=OrgUnit.Kind.MINISTRY
    ).exists()


def ensure_can_import(actor) -> None:
    """None is the system (a command); a user must be an administrator for the whole country."""
    if actor is None:
        return
    if not can_import(actor):
        raise PermissionDenied(_("นำเข้าหรือกู้คืนรอบได้เฉพาะผู้ดูแลระบบระดับกระทรวง"))
