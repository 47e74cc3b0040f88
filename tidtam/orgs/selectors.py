"""Reads of the org hierarchy and of who holds which role."""

from .models import Membership

# The user's memberships are read once per user object (one request), however many scopes and
# permission checks are built from them. Only this module names the attribute that holds them.
_MEMBERSHIPS_CACHE = "_tidtam_memberships"


def user_memberships(*, user) -> list[Membership]:
    """The memberships of an active signed-in user, with their units; none for anyone else."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = user.__dict__.get(_MEMBERSHIPS_CACHE)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("org_unit"))
        user.__dict__[_MEMBERSHIPS_CACHE] = cached
    return cached


def user_memberships_forget(*, user) -> None:
    """Drop the memberships read for `user` (after a grant): the next read sees the change."""
    user.__dict__.pop(_MEMBERSHIPS_CACHE, None)
