"""Second-factor pages: the code page after the password, enrolment (QR code + secret, confirmed with a
first code, backup codes shown once), and the account-security page. Thin: rules live in policy.py and
writes in services.py."""

from base64 import b32encode
from urllib.parse import quote

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from .policy import SESSION_KEY, has_authenticator, needs_second_factor, two_factor_required, verified
from .services import otp_backup_codes_renew, otp_enrol_confirm, otp_pending_device

NEXT_FIELD = "next"


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get(NEXT_FIELD) or request.GET.get(NEXT_FIELD) or ""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure()):
        return url
    return "/"


def _passed(request: HttpRequest, device) -> None:
    otp_login(request, device)
    request.session.cycle_key()  # a new session id once the second factor is passed
    request.session[SESSION_KEY] = True


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The 6-digit code (or one backup code) after the password."""
    if not needs_second_factor(request):
        return redirect(_next_url(request))
    user = request.user
    if not has_authenticator(user):
        if two_factor_required(user):
            return redirect(f"{reverse('security:otp_setup')}?{NEXT_FIELD}={quote(_next_url(request))}")
        request.session[SESSION_KEY] = False  # devices were removed: a second factor no longer applies
        return redirect(_next_url(request))
    error = None
    if request.method == "POST":
        device = match_token(user, request.POST.get("code", "").strip().replace(" ", ""))
        if device is not None:
            _passed(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(request, _("ใช้รหัสสำรองไปแล้ว 1 รหัส เหลืออีก %(n)s รหัส") % {"n": left})
                return redirect("security:account")  # where the count of codes left is shown
            return redirect(_next_url(request))
        error = _("รหัสไม่ถูกต้องหรือหมดอายุ กรุณาลองอีกครั้ง (หากลองผิดหลายครั้ง ต้องรอสักครู่ก่อนลองใหม่)")
    return render(
        request,
        "security/otp_verify.html",
        {"error": error, "next": _next_url(request)},
        status=400 if error else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app. Someone who already has one must pass it first, so that a stolen
    password cannot replace it."""
    user = request.user
    if has_authenticator(user) and not verified(user):
        return redirect(f"{reverse('security:otp_verify')}?{NEXT_FIELD}={quote(request.get_full_path())}")
    device = otp_pending_device(user=user)
    error = None
    if request.method == "POST":
        codes = otp_enrol_confirm(
            user=user, device=device, code=request.POST.get("code", "").replace(" ", "")
        )
        if codes is not None:
            device.refresh_from_db()
            _passed(request, device)
            return _backup_codes_page(request, codes, next_url=_next_url(request))
        error = _("รหัสไม่ถูกต้อง กรุณาตรวจเวลาในโทรศัพท์แล้วลองรหัสล่าสุดอีกครั้ง")
    secret = b32encode(device.bin_key).decode()
    context = {
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4, border=4, light="#fff"),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "error": error,
        "required": two_factor_required(user),
        "next": _next_url(request),
    }
    return render(request, "security/otp_setup.html", context, status=400 if error else 200)


@never_cache
@login_required
def account_security(request: HttpRequest) -> HttpResponse:
    user = request.user
    backup = StaticDevice.objects.filter(user=user, confirmed=True).first()
    context = {
        "enrolled": has_authenticator(user),
        "required": two_factor_required(user),
        "backup_left": backup.token_set.count() if backup else 0,
        "devices": list(devices_for_user(user, confirmed=True)),
    }
    return render(request, "security/account.html", context)


@never_cache
@login_required
@require_POST
def backup_codes_renew(request: HttpRequest) -> HttpResponse:
    if not has_authenticator(request.user):
        return redirect("security:account")
    return _backup_codes_page(request, otp_backup_codes_renew(user=request.user), next_url="/")


def _backup_codes_page(request: HttpRequest, codes: list[str], *, next_url: str) -> HttpResponse:
    response = render(request, "security/backup_codes.html", {"codes": codes, "next": next_url})
    response["Cache-Control"] = "no-store"
    return response
