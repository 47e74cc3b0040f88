"""Shared by the security tests: a password login through the real form, and TOTP codes."""

from base64 import b32decode

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "tidtam-pass-123"  # noqa: S105 - UserFactory's password


def password_login(client, user, *, next_url: str = "") -> object:
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/", data)


def code_for(device: TOTPDevice, *, step_offset: int = 0) -> str:
    """The code an authenticator app would show now (or `step_offset` periods away)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=step_offset):0{device.digits}d}"


def enrolled(user) -> TOTPDevice:
    """A confirmed authenticator for the user, as if they had enrolled earlier."""
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def secret_from_page(html: str) -> bytes:
    """The secret the enrolment page prints (groups of four base32 characters)."""
    import re

    text = re.search(r'class="otp-secret">([A-Z2-7 ]+)<', html).group(1)
    return b32decode(text.replace(" ", ""))
