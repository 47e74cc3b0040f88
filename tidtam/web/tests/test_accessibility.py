"""Accessibility of the main pages of each role, checked by axe-core (vendored under
static/vendor/axe-core) in a real browser: no serious or critical violation, including WCAG 2.2's
minimum tap target of 24 × 24 px (axe's target-size rule), on a desktop and on a phone-sized screen."""

import pytest
from django.utils import timezone

from tidtam.common.chromium import chromium_executable
from tidtam.common.thai import fiscal_year_be
from tidtam.testing import browser_login, load_demo

SEED_ROUND = "TH-74/2567/2"
ENTRY_ROUND = f"TH-74/{fiscal_year_be(timezone.localdate())}/1"  # the demo's open round: this fiscal year
AXE = "/static/vendor/axe-core/axe.min.js"
# Every rule axe runs by default, plus WCAG 2.2 AA's target size (off by default in axe).
AXE_RUN = """() => axe.run(document, {rules: {"target-size": {enabled: true}}}).then(r => r.violations
  .filter(v => v.impact === "serious" || v.impact === "critical")
  .map(v => ({id: v.id, impact: v.impact, help: v.help,
              nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + n.failureSummary)})))"""

PAGES = {
    "reporter": ["/work/", "entry", "/notifications/", "/notifications/settings/"],
    "coordinator": [
        f"/rounds/{SEED_ROUND}/",
        f"/rounds/{SEED_ROUND}/items/1/",
        f"/rounds/{ENTRY_ROUND}/completeness/",
        "/",
        "/notifications/",
        "/inbox/",
        "review",
        "/work/",
    ],
    "head": ["/work/", "/work/submit-ready/"],
    "national": ["/dashboards/", "/search/?q=DPA", "/themes/"],
    "admin": ["/admin/", "/rounds/new/"],
}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_executable() is None, reason="ต้องมี chromium สำหรับการทดสอบในเบราว์เซอร์"),
]


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()


def login(page, base, username):
    browser_login(page, base, username)


# Stricter than axe's spacing exception: every control (not a link inside running text) is 24 × 24 px.
SMALL_CONTROLS = """() => Array.from(document.querySelectorAll(
    "button, select, textarea, input:not([type=hidden]), summary, [role=button], a.button"))
  .filter(el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && !el.closest("[aria-hidden=true]")
      && (r.width < 24 || r.height < 24); })
  .slice(0, 5).map(el => el.outerHTML.slice(0, 120) + " " + Math.round(el.getBoundingClientRect().width)
    + "x" + Math.round(el.getBoundingClientRect().height))"""


def axe_violations(page, base, path):
    page.goto(f"{base}{path}")
    page.wait_for_load_state("networkidle")
    # A script from the site's own origin: the page's CSP (script-src 'self') allows it.
    page.add_script_tag(url=f"{base}{AXE}")
    violations = page.evaluate(AXE_RUN)
    # Django's own admin screens keep Django's styles; axe's target-size rule still checks them.
    small = [] if path.startswith("/admin/") else page.evaluate(SMALL_CONTROLS)
    if small:
        violations.append({"id": "control-under-24px", "nodes": small})
    return violations


def entry_path():
    from tidtam.submissions.models import Submission

    sub = Submission.objects.get(round__key=ENTRY_ROUND, item__number=1, agency__services__label="สพป.สค.")
    return f"/submissions/{sub.pk}/"


def waiting_for_review():
    """One report of the open round sent, with an inspector's remark: the inbox has a row to check, and
    the review page opened from it shows "รายการที่ 1 จาก 1" and the accept confirmation."""
    from tidtam.orgs.models import User
    from tidtam.submissions.models import Comment, Submission

    sub = Submission.objects.get(round__key=ENTRY_ROUND, item__number=2, agency__services__label="สพป.สค.")
    Submission.objects.filter(pk=sub.pk).update(
        status=Submission.Status.SUBMITTED, submitted_at=timezone.now()
    )
    Comment.objects.create(
        submission=sub, author=User.objects.get(username="coordinator"), text="ตรวจตัวเลขแล้ว"
    )
    return f"/submissions/{sub.pk}/?from=inbox"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_main_pages_of_every_role_have_no_serious_accessibility_violation(
    demo, live_server, browser, viewport
):
    found = {}
    review = waiting_for_review()
    for username, paths in PAGES.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        login(page, live_server.url, username)
        for path in paths:
            path = entry_path() if path == "entry" else review if path == "review" else path
            violations = axe_violations(page, live_server.url, path)
            if violations:
                found[f"{username} {path}"] = violations
        context.close()
    assert found == {}, "\n".join(f"{where}: {v}" for where, vs in found.items() for v in vs)


@pytest.mark.django_db(transaction=True)
def test_the_login_page_has_no_serious_accessibility_violation(demo, live_server, page):
    assert axe_violations(page, live_server.url, "/accounts/login/") == []
