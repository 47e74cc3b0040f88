"""What many test modules share: where the seed report and the template are, and loading them."""

from tidtam.common.paths import PACKAGE_DIR, shared_dir

# The checkout's root (manage.py), for tests that run the project as a separate process.
ROOT = PACKAGE_DIR.parent
SEED = shared_dir("data") / "seeds" / "th74-2567-r2.txt"
TEMPLATE = PACKAGE_DIR / "formdefs" / "templates" / "moe-inspection-2567-2.yaml"
SEED_KEY = "TH-74/2567/2"
SEED_OFFICE = "สำนักงานศึกษาธิการจังหวัดสมุทรสาคร"


def load_seed():
    """The org hierarchy, every template, and the seed report imported: returns the round."""
    from tidtam.formdefs.services import template_files, template_load
    from tidtam.ingest.services import report_import
    from tidtam.orgs.services import orgs_load_hierarchy

    orgs_load_hierarchy()
    for path in template_files():
        template_load(path=path)
    round_ = report_import(path=SEED).round
    assert round_.key == SEED_KEY
    return round_


def load_demo() -> None:
    """What `make demo` loads, for browser journeys: the org hierarchy, the FY 2567 r2 form, the seed
    round, the demo accounts and the open round."""
    from django.core.management import call_command

    call_command("load_orgs")
    call_command("load_template", str(TEMPLATE))
    call_command("import_report", str(SEED), "--quiet-anomalies")
    call_command("seed_demo")


def browser_login(page, base: str, username: str, *, wait: str = "load") -> None:
    """Sign a demo account in through the login page (Playwright)."""
    from tidtam.demo.management.commands.seed_demo import DEMO_PASSWORD

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_load_state(wait)
