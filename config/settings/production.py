"""Production: required settings come from the environment, HTTPS is enforced, static files are collected.

Every variable is described in docs/operations.md. A missing or malformed one stops start-up with a plain
message on stderr (no traceback) and exit status 3, which also makes gunicorn stop instead of restarting
workers in a loop.
"""

import os
import sys
from urllib.parse import urlsplit

from .base import *  # noqa: F403

REQUIRED = {
    "DJANGO_SECRET_KEY": "a long random string, e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'",
    "DATABASE_URL": "postgres://tidtam:PASSWORD@127.0.0.1:5432/tidtam",
    "DJANGO_ALLOWED_HOSTS": "tidtam.example.go.th (comma-separated host names)",
    "TIDTAM_SITE_URL": "https://tidtam.example.go.th (used for absolute links)",
}
FLAG_VALUES = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


def stop_startup(problems: list[str]) -> None:
    lines = [
        "Tidtam ไม่เริ่มทำงาน: ตั้งค่าสภาพแวดล้อม (environment) สำหรับ production ไม่ครบหรือไม่ถูกต้อง",
        "Tidtam cannot start: the production environment is incomplete or invalid",
        *[f"  - {problem}" for problem in problems],
        "See docs/operations.md (environment variables) / ดูรายการตัวแปรใน docs/operations.md",
    ]
    sys.stderr.write("\n".join(lines) + "\n")
    raise SystemExit(3)


def _flag(name: str, default: bool, problems: list[str]) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in FLAG_VALUES:
        problems.append(f"{name}={raw!r}: use 1 or 0 / ใช้ค่า 1 หรือ 0")
        return default
    return FLAG_VALUES[raw]


def _int(name: str, default: int, problems: list[str]) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        problems.append(f"{name}={raw!r}: a whole number of seconds / ต้องเป็นจำนวนวินาที")
        return default
    return int(raw)


_problems = [
    f"{name} is not set / ยังไม่ได้ตั้งค่า {name} (example: {example})"
    for name, example in REQUIRED.items()
    if not os.environ.get(name, "").strip()
]
_site = urlsplit(os.environ.get("TIDTAM_SITE_URL", "").strip())
if os.environ.get("TIDTAM_SITE_URL", "").strip() and (
    _site.scheme not in ("http", "https") or not _site.netloc
):
    _problems.append("TIDTAM_SITE_URL must be a full address such as https://tidtam.example.go.th")

# Notifications (docs/notifications.md): a LINE token travels only over HTTPS; reminder days are whole numbers.
if os.environ.get("TIDTAM_LINE_CHANNEL_TOKEN", "").strip() and not os.environ.get(
    "TIDTAM_LINE_API_BASE", "https://api.line.me"
).startswith("https://"):
    _problems.append("TIDTAM_LINE_API_BASE must start with https:// when TIDTAM_LINE_CHANNEL_TOKEN is set")
_reminder_days = os.environ.get("TIDTAM_REMINDER_DAYS", "3,1").replace(" ", "")
if _reminder_days and not all(part.isdigit() for part in _reminder_days.split(",")):
    _problems.append(
        f"TIDTAM_REMINDER_DAYS={_reminder_days!r}: whole numbers of days separated by commas, e.g. 3,1 / "
        "ต้องเป็นจำนวนวัน คั่นด้วยจุลภาค"
    )

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
TIDTAM_SITE_URL = f"{_site.scheme}://{_site.netloc}{_site.path}".rstrip("/")
CSRF_TRUSTED_ORIGINS = [f"{_site.scheme}://{_site.netloc}"]

# HTTPS (docs/operations.md, "Reverse proxy"). On by default; each can be turned off for a proxy that does it.
SECURE_SSL_REDIRECT = _flag("DJANGO_SECURE_SSL_REDIRECT", True, _problems)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP on the private network
SECURE_HSTS_SECONDS = _int("DJANGO_SECURE_HSTS_SECONDS", 31536000, _problems)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True, _problems)
SECURE_HSTS_PRELOAD = _flag("DJANGO_SECURE_HSTS_PRELOAD", True, _problems)
SESSION_COOKIE_SECURE = _flag("DJANGO_SECURE_COOKIES", True, _problems)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if _flag("DJANGO_SECURE_PROXY_SSL_HEADER", False, _problems):
    # Only behind a proxy that sets X-Forwarded-Proto itself and strips it from clients' requests.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if _problems:
    stop_startup(_problems)

if os.environ.get("REDIS_URL", "").strip():
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

# Collected, hashed and compressed static files (tidtam collectstatic); WhiteNoise serves them.
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "tidtam.common.storage.ManifestStaticStorage"},
}
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
