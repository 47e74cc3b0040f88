"""The Content Security Policy in a real browser: the main pages of several roles (charts, htmx,
autosave, Swagger UI, the admin, the login and second-factor pages) run with no CSP violation and no
script error."""

import re
from base64 import b32decode

import pytest
from django.utils import timezone
from django_otp.oath import totp

from tidtam.common.chromium import chromium_executable
from tidtam.common.thai import fiscal_year_be
from tidtam.testing import browser_login, load_demo

SEED_KEY = "TH-74/2567/2"
ENTRY_KEY = f"TH-74/{fiscal_year_be(timezone.localdate())}/1"  # the demo's open round: this fiscal year

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_executable() is None, reason="ต้องมี chromium สำหรับการทดสอบในเบราว์เซอร์"),
]

# Runs in every page before its own scripts (Playwright's init scripts are not subject to the CSP).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()


class Watch:
    """CSP violations and script errors seen by the page, with the address they happened on."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda err: self.problems.append(f"{page.url}: script error {err}"))

    def _console(self, msg) -> None:
        text = msg.text
        if "Content Security Policy" in text or "Refused to" in text:
            self.problems.append(f"{self.page.url}: {text}")

    def visit(self, url: str, *, ready: str | None = None) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        if ready:
            self.page.wait_for_selector(ready, timeout=15_000)
        self.check()

    def check(self) -> None:
        seen = self.page.evaluate("window.__csp || []")
        self.problems += [f"{self.page.url}: {v}" for v in seen]
        self.page.evaluate("window.__csp = []")
        assert not self.problems, "\n".join(self.problems)


def login(page, base, username):
    browser_login(page, base, username, wait="networkidle")


def logout(page):
    page.get_by_role("button", name="ออกจากระบบ").first.click()
    page.wait_for_url("**/accounts/login/**")


@pytest.mark.django_db(transaction=True)
def test_main_pages_of_several_roles_run_without_csp_violations(demo, live_server, page, settings):
    base = live_server.url
    watch = Watch(page)
    key = SEED_KEY

    watch.visit(f"{base}/accounts/login/")

    # Coordinator: reports with ECharts (drawn as SVG), dashboards, themes, search, completeness, API docs.
    login(page, base, "coordinator")
    watch.check()
    watch.visit(f"{base}/")
    watch.visit(f"{base}/rounds/{key}/", ready=".report-chart-canvas svg")
    watch.visit(f"{base}/rounds/{key}/items/1/", ready=".report-chart-canvas svg")
    watch.visit(f"{base}/dashboards/", ready=".dash-chart canvas")
    # Themes are computed by a background job and stored: compute them first, as the button would.
    from tidtam.orgs.models import User
    from tidtam.search.themes.selectors import KIND_PROBLEMS
    from tidtam.search.themes.services import theme_recompute

    theme_recompute(user=User.objects.get(username="coordinator"), kind=KIND_PROBLEMS)
    watch.visit(f"{base}/themes/", ready=".theme-chart canvas")
    watch.visit(f"{base}/search/?q=ครู")
    watch.visit(f"{base}/rounds/{ENTRY_KEY}/completeness/")
    watch.visit(f"{base}/api/docs/", ready=".swagger-ui .info")
    watch.visit(f"{base}/accounts/security/")
    logout(page)

    # Reporter: the entry page, where htmx checks values while typing and the draft saves itself.
    login(page, base, "reporter")
    watch.visit(f"{base}/work/")
    page.get_by_role("link", name=re.compile(r"^ข้อ 1 ")).click()
    page.wait_for_selector("#entry-form")
    for label, number in [
        ("ยื่นคำขอ DPA", "500"),
        ("ผ่านเกณฑ์", "600"),
        ("ไม่ผ่านเกณฑ์", "35"),
        ("รอผลจาก คกก.", "3"),
        ("รอเสนอ ตั้ง คกก.", "2"),
    ]:
        page.get_by_label(label, exact=True).fill(number)
    page.locator("#value-checks").filter(has_text="ต้องไม่เกินจำนวนที่ยื่นคำขอ DPA").wait_for(timeout=15_000)
    page.get_by_label("ผ่านเกณฑ์", exact=True).fill("460")
    page.locator("#save-status").filter(has_text="บันทึกร่างอัตโนมัติแล้ว").wait_for(timeout=20_000)
    watch.check()
    logout(page)

    # Administrator with the second factor required: enrolment (server-drawn QR code), then the admin.
    settings.TIDTAM_2FA_REQUIRED = True
    login(page, base, "admin")
    page.wait_for_url("**/accounts/2fa/setup/**")
    assert page.locator(".otp-qr svg").count() == 1
    watch.check()
    secret = page.locator(".otp-secret").inner_text().replace(" ", "")
    page.get_by_label("รหัส 6 หลักจากแอป").fill(f"{totp(b32decode(secret)):06d}")
    page.get_by_role("button", name="ยืนยันการตั้งค่า").click()
    page.wait_for_selector(".otp-backup-codes")
    watch.check()
    watch.visit(f"{base}/admin/", ready="#content")
    watch.visit(f"{base}/admin/otp_totp/totpdevice/", ready="#result_list")
