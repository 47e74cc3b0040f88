from django.contrib import admin

from .policy import needs_second_factor


class VerifiedAdminSite(admin.AdminSite):
    """The Django admin, open only to staff who have passed the second factor whenever one applies to
    them (the web middleware sends them to the code page first; this is the admin's own lock)."""

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and not needs_second_factor(request)
