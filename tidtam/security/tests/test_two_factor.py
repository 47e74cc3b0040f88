"""The second factor: who must enrol, the code page after the password, enrolment with a QR code and
backup codes shown once, the admin behind it, the API token endpoint, and `tidtam otp_reset`."""

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tidtam.common.models import AuditEvent
from tidtam.orgs.models import Membership
from tidtam.orgs.tests.factories import MembershipFactory, UserFactory
from tidtam.security.admin_site import VerifiedAdminSite

from .helpers import PASSWORD, code_for, enrolled, password_login, secret_from_page

pytestmark = pytest.mark.django_db

Role = Membership.Role


@pytest.fixture(autouse=True)
def required(settings):
    settings.TIDTAM_2FA_REQUIRED = True


def coordinator():
    return MembershipFactory(role=Role.COORDINATOR).user


@pytest.mark.parametrize(
    "make_user",
    [
        coordinator,
        lambda: MembershipFactory(role=Role.ADMIN).user,
        lambda: UserFactory(is_staff=True),
        lambda: UserFactory(is_superuser=True),
    ],
    ids=["coordinator", "admin-role", "staff", "superuser"],
)
def test_a_required_user_without_an_authenticator_is_sent_to_enrolment_before_any_page(client, make_user):
    user = make_user()
    assert password_login(client, user).status_code == 302
    page = client.get("/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/accounts/2fa/setup/")
    assert "ตั้งค่าการยืนยันตัวตนสองขั้นตอน" in page.content.decode()
    assert client.get("/dashboards/").status_code == 302


def test_other_roles_are_not_asked_for_a_code(client):
    reporter = MembershipFactory(role=Role.AGENCY_REPORTER).user
    password_login(client, reporter)
    assert client.get("/").status_code == 200


def test_the_switch_off_lets_a_coordinator_in_with_the_password(client, settings):
    settings.TIDTAM_2FA_REQUIRED = False
    password_login(client, coordinator())
    assert client.get("/").status_code == 200


def test_enrolment_shows_a_server_rendered_qr_code_and_the_secret_then_backup_codes_once(client):
    user = coordinator()
    password_login(client, user)
    page = client.get("/accounts/2fa/setup/?next=/dashboards/")
    html = page.content.decode()
    assert "<svg" in html and 'class="segno"' in html  # no image service, no script
    key = secret_from_page(html)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert key == device.bin_key

    wrong = client.post("/accounts/2fa/setup/", {"code": "000000", "next": "/dashboards/"})
    assert wrong.status_code == 400
    assert "รหัสไม่ถูกต้อง" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # the wait after a failure (one second), skipped for the test

    done = client.post("/accounts/2fa/setup/", {"code": code_for(device), "next": "/dashboards/"})
    html = done.content.decode()
    assert done.status_code == 200
    assert "no-store" in done["Cache-Control"]
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(codes) == 10 and all(c in html for c in codes)
    assert "แสดงเพียงครั้งเดียว" in html
    assert TOTPDevice.objects.get(user=user).confirmed
    assert AuditEvent.objects.filter(action="otp_enrol", object_id=str(user.pk)).exists()
    # Verified in this session: the pages open.
    assert client.get("/dashboards/").status_code == 200


def test_an_enrolled_user_must_give_a_code_after_the_password(client):
    user = coordinator()
    device = enrolled(user)
    response = password_login(client, user, next_url="/dashboards/")
    assert client.get(response["Location"]).status_code == 302  # the code page first
    page = client.get("/dashboards/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/accounts/2fa/verify/?next=%2Fdashboards%2F")

    bad = client.post("/accounts/2fa/verify/", {"code": "123456", "next": "/dashboards/"})
    assert bad.status_code == 400 and "รหัสไม่ถูกต้อง" in bad.content.decode()
    assert client.get("/dashboards/").status_code == 302

    device.refresh_from_db()
    device.throttle_reset()  # the wait after a failure (one second), skipped for the test
    session_before = client.session.session_key
    ok = client.post("/accounts/2fa/verify/", {"code": code_for(device), "next": "/dashboards/"})
    assert ok.status_code == 302 and ok["Location"] == "/dashboards/"
    assert client.session.session_key != session_before  # a new session id once verified
    assert client.get("/dashboards/").status_code == 200


def test_wrong_codes_are_throttled(client):
    user = coordinator()
    device = enrolled(user)
    password_login(client, user)
    client.post("/accounts/2fa/verify/", {"code": "000000"})
    # Straight after a failure even the right code is refused until the wait is over.
    again = client.post("/accounts/2fa/verify/", {"code": code_for(device)})
    assert again.status_code == 400
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1


def test_a_backup_code_works_once(client):
    user = coordinator()
    enrolled(user)
    password_login(client, user)
    codes = _backup_codes(user)
    ok = client.post("/accounts/2fa/verify/", {"code": codes[0]})
    assert ok.status_code == 302 and ok["Location"] == "/accounts/security/"
    assert "เหลืออีก 9 รหัส" in client.get("/accounts/security/").content.decode()

    other = Client()  # a second browser
    password_login(other, user)
    assert other.post("/accounts/2fa/verify/", {"code": codes[0]}).status_code == 400


def test_an_unverified_user_cannot_replace_the_authenticator(client):
    user = coordinator()
    enrolled(user)
    password_login(client, user)
    response = client.get("/accounts/2fa/setup/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/verify/")
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()


def test_htmx_and_json_requests_get_no_login_page_in_place_of_a_fragment(client):
    user = coordinator()
    enrolled(user)
    password_login(client, user)
    fragment = client.get("/dashboards/", headers={"HX-Request": "true"})
    assert fragment.status_code == 204 and fragment["HX-Redirect"].startswith("/accounts/2fa/verify/")
    api = client.get("/api/rounds/")
    assert api.status_code == 403 and "ยืนยันตัวตน" in api.json()["detail"]


def test_the_admin_needs_a_verified_second_factor(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    device = enrolled(admin_user)
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 302
    # The admin's own lock, should a request reach it unverified.
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    request.user.is_verified = lambda: False
    request.session = {}
    assert not VerifiedAdminSite().has_permission(request)
    request.user.is_verified = lambda: True
    assert VerifiedAdminSite().has_permission(request)

    client.post("/accounts/2fa/verify/", {"code": code_for(device)})
    assert client.get("/admin/").status_code == 200


def test_an_optional_user_may_enrol_and_is_then_asked_for_codes(client):
    reporter = MembershipFactory(role=Role.AGENCY_REPORTER).user
    password_login(client, reporter)
    assert "ยังไม่ได้เปิดใช้งาน" in client.get("/accounts/security/").content.decode()
    device = enrolled(reporter)
    client.logout()
    password_login(client, reporter)
    assert client.get("/").status_code == 302
    client.post("/accounts/2fa/verify/", {"code": code_for(device)})
    assert client.get("/").status_code == 200


def test_otp_reset_command_removes_the_devices_and_the_next_login_enrols_again(client):
    user = coordinator()
    enrolled(user)
    _backup_codes(user)
    call_command("otp_reset", user.username)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert AuditEvent.objects.filter(action="otp_reset", object_id=str(user.pk)).exists()
    password_login(client, user)
    page = client.get("/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/accounts/2fa/setup/")


def test_the_api_token_endpoint_asks_for_the_code_of_an_enrolled_user():
    user = coordinator()
    api = APIClient()
    not_enrolled = api.post("/api/token/", {"username": user.username, "password": PASSWORD})
    assert not_enrolled.status_code == 400 and "ลงทะเบียน" in str(not_enrolled.json())
    device = enrolled(user)
    missing = api.post("/api/token/", {"username": user.username, "password": PASSWORD})
    assert missing.status_code == 400 and "รหัสยืนยันตัวตน" in str(missing.json())
    ok = api.post("/api/token/", {"username": user.username, "password": PASSWORD, "otp": code_for(device)})
    assert ok.status_code == 200 and ok.json()["token"]


def test_a_reporter_gets_a_token_with_the_password_alone():
    reporter = MembershipFactory(role=Role.AGENCY_REPORTER).user
    ok = APIClient().post("/api/token/", {"username": reporter.username, "password": PASSWORD})
    assert ok.status_code == 200


def _backup_codes(user) -> list[str]:
    from tidtam.security.services import otp_backup_codes_renew

    return otp_backup_codes_renew(user=user)


def test_otp_reset_names_an_unknown_user():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ไม่พบผู้ใช้ nobody"):
        call_command("otp_reset", "nobody")


def test_a_role_given_during_a_session_applies_at_the_next_login(client):
    user = MembershipFactory(role=Role.AGENCY_REPORTER).user
    password_login(client, user)
    MembershipFactory(user=user, role=Role.COORDINATOR)
    assert client.get("/").status_code == 200  # decided at login, kept in the session
    client.logout()
    password_login(client, user)
    assert client.get("/").status_code == 302
