"""The admin app with Tidtam's admin site (settings.INSTALLED_APPS names this in place of
django.contrib.admin), so that every admin page asks for the second factor too."""

from django.contrib.admin.apps import AdminConfig


class SecurityAdminConfig(AdminConfig):
    default_site = "tidtam.security.admin_site.VerifiedAdminSite"
