"""Settings shared by every environment. Secrets and the database come from the environment."""

import os
from pathlib import Path
from typing import Any

import dj_database_url

from tidtam.common.paths import default_var_dir, shared_dir

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("TIDTAM_VAR_DIR", default_var_dir()))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# A development key; production.py refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")  # noqa: S105
# Off unless asked for: a user never sees a traceback, not even in the demo.
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")]

INSTALLED_APPS = [
    "tidtam.security.admin_apps.SecurityAdminConfig",  # the admin site, behind a verified second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "tidtam.common",
    "tidtam.orgs",
    "tidtam.formdefs",
    "tidtam.submissions",
    "tidtam.ingest",
    "tidtam.reports",
    "tidtam.validation",
    "tidtam.dashboards",
    "tidtam.search",
    "tidtam.followups",
    "tidtam.notifications",
    "tidtam.api",
    "tidtam.web",
    "tidtam.security",
    "tidtam.demo",
    "tidtam.backups",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Control characters in the address: 404; in query strings and form posts: stripped.
    "tidtam.common.middleware.HostileInputMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tidtam.security.middleware.IdleSessionMiddleware",
    "tidtam.security.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Audits every file download (docs/imports-and-audit.md).
    "tidtam.common.middleware.DownloadAuditMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            "builtins": ["tidtam.common.templatetags.thai"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'tidtam.sqlite3'}",
        # Persistent connections: one per server thread, reused across requests (a new connection
        # costs more than an autosave's queries); checked before reuse, so a restarted database is
        # reconnected rather than failing a request. 0 closes after every request.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves the web server and `tidtam worker` at once. A transaction that reads
    # and then writes (a search indexing what an autosave changed) fails at once with "database is
    # locked" when the other process is committing: SQLite cannot let it wait there without risking a
    # deadlock. IMMEDIATE takes the write lock at BEGIN, where SQLite waits for the other (up to
    # `timeout` seconds) instead.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: five failures lock the username+address pair for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:round_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("TIDTAM_STATIC_ROOT", VAR_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request when it is missing
WHITENOISE_USE_FINDERS = True  # serve static/ without collectstatic (demo, tests); production collects
STATICFILES_DIRS = [shared_dir("static")]
MEDIA_ROOT = Path(os.environ.get("TIDTAM_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Operations (docs/operations.md). Absolute links (e-mail notifications) start with the site's address.
TIDTAM_SITE_URL = os.environ.get("TIDTAM_SITE_URL", "http://127.0.0.1:8000")
# Notifications (docs/notifications.md). LINE is optional: without a channel token nothing is pushed.
TIDTAM_LINE_CHANNEL_TOKEN = os.environ.get("TIDTAM_LINE_CHANNEL_TOKEN", "")
TIDTAM_LINE_API_BASE = os.environ.get("TIDTAM_LINE_API_BASE", "https://api.line.me")
TIDTAM_LINE_TIMEOUT_SECONDS = float(os.environ.get("TIDTAM_LINE_TIMEOUT_SECONDS", "10"))
# Days before a round's due date on which `tidtam send_reminders` reminds agencies of unsent reports.
TIDTAM_REMINDER_DAYS = [
    int(d) for d in os.environ.get("TIDTAM_REMINDER_DAYS", "3,1").replace(" ", "").split(",") if d.isdigit()
]
# One process keeps its own cache; production.py switches to Redis when REDIS_URL is set.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tidtam"}}
# /healthz runs these (dotted paths to functions returning tidtam.common.health.CheckResult); the
# background-job queue adds its own check here.
TIDTAM_HEALTH_CHECKS = [
    "tidtam.common.health.check_database",
    "tidtam.common.health.check_cache",
    "tidtam.common.health.check_queue",
]
DEFAULT_FROM_EMAIL = "tidtam@localhost"

# Background jobs (docs/background-jobs.md). "database": the embedded default, no extra server, run by
# `tidtam worker`; "rq": RQ on Redis (REDIS_URL) for scale-out; "immediate": inline, for tests only.
TIDTAM_TASK_BACKEND = os.environ.get("TIDTAM_TASK_BACKEND", "database")
TASK_BACKEND_CLASSES = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TIDTAM_TASK_BACKEND not in TASK_BACKEND_CLASSES:
    raise ValueError(f"TIDTAM_TASK_BACKEND must be one of {', '.join(TASK_BACKEND_CLASSES)}")
TASKS = {"default": {"BACKEND": TASK_BACKEND_CLASSES[TIDTAM_TASK_BACKEND]}}
TIDTAM_JOB_QUEUE = "default"
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {TIDTAM_JOB_QUEUE: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 1800}}
# Health: the oldest job still queued after this many minutes means no worker is running.
TIDTAM_JOB_QUEUE_MAX_AGE_MINUTES = int(os.environ.get("TIDTAM_JOB_QUEUE_MAX_AGE_MINUTES", "5"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS: dict[str, Any] = {"TITLE": "Tidtam API", "VERSION": "1"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TIDTAM_LOG_LEVEL", "WARNING")},
}

# API documentation (tidtam/api): Swagger UI served from static/vendor/swagger-ui, never a CDN.
SPECTACULAR_SETTINGS = {
    **SPECTACULAR_SETTINGS,
    "DESCRIPTION": "API อ่านข้อมูลของระบบติดตาม (Tidtam): รอบการตรวจ รายงาน ข้อค้นพบ ผลรวม และการส่งออก",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": STATIC_URL.rstrip("/") + "/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": STATIC_URL.rstrip("/") + "/vendor/swagger-ui/favicon-32x32.png",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RoundStatusEnum": "tidtam.formdefs.models.Round.Status",
        "SubmissionStatusEnum": "tidtam.submissions.models.Submission.Status",
        "FollowUpStatusEnum": "tidtam.followups.models.FollowUp.Status",
        "FollowUpKindEnum": "tidtam.followups.models.FollowUp.Kind",
    },
}

# ---------------------------------------------------------------------------------------------------
# Security controls (tidtam/security, docs/security.md). Every knob reads an environment variable.
# ---------------------------------------------------------------------------------------------------


def _env_flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in ("1", "true", "yes", "on")


# Content Security Policy (django-csp 4): no inline script or style anywhere; data travels in data-*
# attributes and json_script blocks (type="application/json" is data, never run).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Two factors (django-otp, TOTP + single-use backup codes). Required for staff, superusers, provincial
# coordinators and administrators when TIDTAM_2FA_REQUIRED is on (the default); anyone may enrol.
TIDTAM_2FA_REQUIRED = _env_flag("TIDTAM_2FA_REQUIRED", True)
OTP_TOTP_ISSUER = "Tidtam"
OTP_TOTP_THROTTLE_FACTOR = 1  # each failure doubles the wait before the next try (1 s, 2 s, 4 s, …)
OTP_STATIC_THROTTLE_FACTOR = 1
TIDTAM_OTP_BACKUP_CODES = 10

# Sessions end after TIDTAM_SESSION_IDLE_MINUTES without a request, and TIDTAM_SESSION_MAX_HOURS after
# the login whatever the activity.
TIDTAM_SESSION_IDLE_MINUTES = int(os.environ.get("TIDTAM_SESSION_IDLE_MINUTES", "30"))
TIDTAM_SESSION_MAX_HOURS = int(os.environ.get("TIDTAM_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = TIDTAM_SESSION_MAX_HOURS * 3600
SESSION_COOKIE_SAMESITE = "Lax"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    *AUTH_PASSWORD_VALIDATORS,
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# API tokens live TIDTAM_API_TOKEN_DAYS days and die when the owner's password changes.
TIDTAM_API_TOKEN_DAYS = int(os.environ.get("TIDTAM_API_TOKEN_DAYS", "30"))
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "tidtam.api.authentication.ExpiringTokenAuthentication",
    "rest_framework.authentication.SessionAuthentication",
]

# The API schema and its Swagger UI are for signed-in users (session or token), like the API itself.
SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"] = ["rest_framework.permissions.IsAuthenticated"]

# Login throttling behind a reverse proxy: the client address comes from REMOTE_ADDR unless both
# TIDTAM_TRUSTED_PROXY_COUNT (>0) and TIDTAM_CLIENT_IP_HEADER (e.g. HTTP_X_FORWARDED_FOR) are set.
TIDTAM_TRUSTED_PROXY_COUNT = int(os.environ.get("TIDTAM_TRUSTED_PROXY_COUNT", "0"))
TIDTAM_CLIENT_IP_HEADER = os.environ.get("TIDTAM_CLIENT_IP_HEADER", "")
AXES_CLIENT_IP_CALLABLE = "tidtam.security.client_ip.client_ip"
