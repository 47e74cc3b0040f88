"""What every entry view shares: Thai answers for a refused action, and for an expired session on
the background requests (autosave, inline checks) — a message, never a redirect that loses the data."""

from functools import wraps
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from tidtam.orgs.models import User


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "submissions/forbidden.html", {"message": message}, status=403)


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request that `page_view` or `background_view` let through (so never anonymous)."""
    return cast(User, request.user)


def page_view(view):
    """login_required, and a Thai 403 page when a service refuses."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return forbidden(request, str(exc) or _("ท่านไม่มีสิทธิ์ทำรายการนี้"))

    return wrapper


def session_expired_message() -> str:
    return _(
        "หมดเวลาการเข้าสู่ระบบ ข้อมูลที่พิมพ์ยังเก็บไว้ในเครื่องนี้ กรุณาเข้าสู่ระบบใหม่ (เปิดแท็บใหม่) แล้วกลับมาที่หน้านี้ ระบบจะบันทึกให้ต่อ"
    )


def background_view(view):
    """For requests a page makes by itself: 401 with a Thai message when the session has expired,
    403 with a Thai message when refused. JSON for fetch, a small HTML fragment for htmx."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return answer(
                request, 401, session_expired_message(), error="session", login_url=reverse("login")
            )
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return answer(request, 403, str(exc) or _("ท่านไม่มีสิทธิ์ทำรายการนี้"), error="forbidden")

    return wrapper


def answer(request: HttpRequest, status: int, message: str, **extra) -> HttpResponse:
    if getattr(request, "htmx", False):
        response = render(request, "submissions/_message.html", {"message": message, "status": status})
        response.status_code = status
        return response
    return JsonResponse({"ok": status < 400, "message": message, **extra}, status=status)


def error_messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]
