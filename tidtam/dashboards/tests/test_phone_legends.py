"""Chart legends on a 390 px phone: one scrollable line under the chart, not names running off it."""

import pytest
from django.core.management import call_command

from tidtam.common.chromium import chromium_executable
from tidtam.orgs.models import Membership, OrgUnit
from tidtam.orgs.tests.factories import MembershipFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_executable() is None, reason="ต้องมี chromium สำหรับการทดสอบในเบราว์เซอร์"),
]

LEGEND = "(id) => window.echarts.getInstanceByDom(document.getElementById(id)).getOption().legend[0]"


def login(page, base, unit, role):
    user = UserFactory(username="phone-user", password="a-long-secret-99")
    MembershipFactory(user=user, org_unit=unit, role=role)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill("phone-user")
    page.get_by_label("รหัสผ่าน").fill("a-long-secret-99")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_dashboard_trend_legend_scrolls_under_the_chart_on_a_phone(nation, live_server, page):
    login(page, live_server.url, nation.ministry, Membership.Role.NATIONAL_ANALYST)
    page.goto(f"{live_server.url}/dashboards/?item=1&fy=2567&round=2")
    page.wait_for_function(
        "() => window.echarts && window.echarts.getInstanceByDom(document.getElementById('chart-trend'))"
    )
    legend = page.evaluate(LEGEND, "chart-trend")
    assert legend["type"] == "scroll" and legend["bottom"] == 0
    assert legend["textStyle"]["overflow"] == "truncate"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.django_db(transaction=True)
def test_report_chart_legend_scrolls_on_a_phone(live_server, page):
    call_command("load_orgs")
    call_command("load_template", "tidtam/formdefs/templates/moe-inspection-2567-2.yaml")
    call_command("import_report", "data/seeds/th74-2567-r2.txt", "--quiet-anomalies")
    login(page, live_server.url, OrgUnit.objects.get(code="TH-74-PEO"), Membership.Role.COORDINATOR)
    page.goto(f"{live_server.url}/rounds/TH-74/2567/2/items/1/")
    page.wait_for_function(
        "() => { const el = document.querySelector('.report-chart-canvas');"
        " return window.echarts && el && window.echarts.getInstanceByDom(el); }"
    )
    chart_id = page.evaluate("document.querySelector('.report-chart-canvas').id")
    legend = page.evaluate(LEGEND, chart_id)
    assert legend["type"] == "scroll" and legend["bottom"] == 0
