"""Two request gates that run after authentication: the idle/absolute session limit, then the second
factor. Both answer an htmx request with HX-Redirect and a JSON request (autosave) with a JSON 401/403,
so that no fragment or script receives a login page in place of what it asked for."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

from .policy import needs_second_factor

LAST_SEEN_KEY = "tidtam_last_seen"
LOGIN_AT_KEY = "tidtam_login_at"
# The last-seen stamp is rewritten at most once a minute, not on every request.
TOUCH_EVERY_S = 60


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def _redirect(request, url: str, *, status: int, message: str):
    if _wants_json(request):
        return JsonResponse({"ok": False, "detail": message, "message": message}, status=status)
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def stamp_login(session) -> None:
    now = int(time.time())
    session[LOGIN_AT_KEY] = now
    session[LAST_SEEN_KEY] = now


class IdleSessionMiddleware:
    """Signs out a session idle for TIDTAM_SESSION_IDLE_MINUTES, or older than TIDTAM_SESSION_MAX_HOURS,
    and sends the person to the login page, which says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            last_seen = session.get(LAST_SEEN_KEY)
            login_at = session.get(LOGIN_AT_KEY)
            if last_seen is None or login_at is None:
                stamp_login(session)  # a session from before this control: start counting now
            elif (
                now - last_seen > settings.TIDTAM_SESSION_IDLE_MINUTES * 60
                or now - login_at > settings.TIDTAM_SESSION_MAX_HOURS * 3600
            ):
                logout(request)
                url = (
                    resolve_url(settings.LOGIN_URL) + "?" + urlencode({"expired": "1", "next": request.path})
                )
                message = _("หมดเวลาการใช้งาน กรุณาเข้าสู่ระบบอีกครั้ง")
                return _redirect(request, url, status=401, message=message)
            elif now - last_seen >= TOUCH_EVERY_S:
                session[LAST_SEEN_KEY] = now
        return self.get_response(request)


# Addresses a signed-in person may reach before passing the second factor.
OPEN_PREFIXES = ("/static/", "/media/")


class TwoFactorMiddleware:
    """Keeps a person who must pass a second factor on the code (or enrolment) page until they do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_second_factor(request) and not self._open(request.path):
            url = reverse("security:otp_verify") + "?" + urlencode({"next": request.get_full_path()})
            message = _("กรุณายืนยันตัวตนด้วยรหัสจากแอปยืนยันตัวตนก่อน")
            return _redirect(request, url, status=403, message=message)
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        open_paths = {
            reverse("security:otp_verify"),
            reverse("security:otp_setup"),
            reverse("logout"),
            reverse("login"),
        }
        return path in open_paths or path.startswith(OPEN_PREFIXES)
