"""Who must pass a second factor, in one place (middleware, admin site, API token view and tests use it).

Required for staff, superusers, provincial coordinators and administrators while
settings.TIDTAM_2FA_REQUIRED is on; anyone who has enrolled an authenticator must use it too. The answer
is kept in the session at login (computed again if missing) so that an ordinary page costs no query.
"""

from django.conf import settings
from django_otp import devices_for_user

from tidtam.orgs.models import Membership

SESSION_KEY = "tidtam_2fa_needed"
REQUIRED_ROLES = (Membership.Role.COORDINATOR, Membership.Role.ADMIN)


def two_factor_required(user) -> bool:
    """Whether the policy obliges this user to enrol (not whether they have)."""
    if not settings.TIDTAM_2FA_REQUIRED or not user.is_authenticated:
        return False
    return bool(
        user.is_staff or user.is_superuser or user.memberships.filter(role__in=REQUIRED_ROLES).exists()
    )


def has_authenticator(user) -> bool:
    """A confirmed TOTP device (backup codes alone do not count as enrolment)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_applies(user) -> bool:
    return two_factor_required(user) or any(True for _ in devices_for_user(user, confirmed=True))


def verified(user) -> bool:
    """Whether this session passed a second factor (django_otp's OTPMiddleware sets is_verified)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def needs_second_factor(request) -> bool:
    """True while a signed-in user to whom a second factor applies has not passed it in this session."""
    user = request.user
    if not user.is_authenticated or verified(user):
        return False
    needed = request.session.get(SESSION_KEY)
    if needed is None:
        needed = second_factor_applies(user)
        request.session[SESSION_KEY] = needed
    return bool(needed)


def remember_at_login(request, user) -> None:
    request.session[SESSION_KEY] = second_factor_applies(user)
