"""Test settings: fast hashing, plain static storage (live_server serves /static/ without a manifest)."""

import os

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DATABASES

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production uses argon2
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # Django's test client; never a real host
DATABASES["default"].setdefault("TEST", {})
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Jobs run inline, so a test sees their outcome at once; worker tests switch the backend themselves.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests sign in with force_login and no authenticator; tidtam/security/tests turn the second factor on.
TIDTAM_2FA_REQUIRED = False
