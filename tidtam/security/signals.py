"""Receivers: start the session clocks and the second-factor flag at login; retire API tokens when a
password changes (whatever changed it: the web, the admin, `changepassword`, a script)."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import pre_save
from django.dispatch import receiver

from .middleware import stamp_login
from .policy import remember_at_login


@receiver(user_logged_in, dispatch_uid="tidtam_security_login")
def on_login(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    stamp_login(request.session)
    remember_at_login(request, user)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="tidtam_security_password_changed")
def on_password_change(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return  # e.g. the last_login update at every login
    old = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True).first()
    if old is not None and old != instance.password:
        from tidtam.api.services import api_tokens_revoke

        api_tokens_revoke(user=instance)
