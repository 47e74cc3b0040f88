"""Recurring themes on the real seed (Samut Sakhon FY 2567 round 2)."""

import json

import pytest
from django.urls import reverse

from tidtam.orgs.models import Membership, OrgUnit
from tidtam.orgs.tests.factories import MembershipFactory
from tidtam.search.selectors import searchable_submissions
from tidtam.search.themes import theme_report

pytestmark = pytest.mark.django_db

BUDGET_PROBLEMS = {
    (4, "ขาดงบประมาณในการจัดหา"),
    (5, "ขาดงบประมาณในการจัดหาอุปกรณ์ในการป้องกัน"),
    (8, "ขาดแคลนงบประมาณในการดำเนินงาน"),
}
INTERNET_PROBLEMS = {
    (4, "สัญญาณอินเทอร์เน็ตที่ไม่ครอบคลุม"),
    (9, "ระบบสัญญาณอินเทอร์เน็ตไม่ครอบคลุม"),
}


@pytest.fixture
def coordinator(seed_round):
    return MembershipFactory(role=Membership.Role.COORDINATOR, org_unit=seed_round.office).user


def _theme_holding(report, item: int, fragment: str):
    holders = [
        t
        for t in report.themes
        for a in t.assignments
        if a.statement.item_number == item and fragment in a.statement.text
    ]
    assert len(holders) == 1, f"{fragment!r} (item {item}) is in {len(holders)} themes"
    return holders[0]


def test_budget_problems_of_different_items_land_in_one_theme_and_internet_in_another(
    seed_round, coordinator
):
    report = theme_report(submissions=searchable_submissions(user=coordinator, round=seed_round.key))
    budget = {_theme_holding(report, item, text).key for item, text in BUDGET_PROBLEMS}
    internet = {_theme_holding(report, item, text).key for item, text in INTERNET_PROBLEMS}
    assert len(budget) == 1 and len(internet) == 1
    assert budget != internet
    theme = next(t for t in report.themes if t.key in budget)
    assert {4, 5, 8} <= set(theme.items)
    assert len(theme.agencies) >= 3  # recurs across agencies, not one agency repeating itself
    assert theme.examples


def test_recommendations_are_grouped_separately(seed_round, coordinator):
    report = theme_report(
        submissions=searchable_submissions(user=coordinator, round=seed_round.key), kind="recommendations"
    )
    texts = [a.statement.text for t in report.themes for a in t.assignments]
    assert any("ควรมีการจัดสรรงบประมาณให้เพียงพอ" in t for t in texts)
    assert not any("ขาดงบประมาณในการจัดหา" == t for t in texts)  # a problem, not a recommendation
    assert report.statement_count == len(texts)


def test_a_coordinator_of_another_province_sees_no_themes(seed_round):
    bangkok = OrgUnit.objects.get(code="TH-10-PEO")
    outsider = MembershipFactory(role=Membership.Role.COORDINATOR, org_unit=bangkok).user
    report = theme_report(submissions=searchable_submissions(user=outsider))
    assert report.themes == [] and report.statement_count == 0


def test_round_theme_page_shows_a_chart_and_its_table(seed_round, coordinator, client):
    client.force_login(coordinator)
    response = client.get(reverse("search:round_themes", kwargs={"key": seed_round.key}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "งบประมาณไม่เพียงพอ" in html
    assert "vendor/echarts/echarts.min.js" in html
    chart = json.loads(html.split('id="theme-chart-data" type="application/json">')[1].split("</script>")[0])
    assert "งบประมาณไม่เพียงพอ" in chart["categories"]
    assert len(chart["series"][0]["data"]) == len(chart["categories"])


def test_region_theme_page_covers_the_regions_rounds(seed_round, coordinator, client):
    client.force_login(coordinator)
    region = seed_round.office.parent.parent
    response = client.get(reverse("search:themes"), {"region": region.code, "kind": "recommendations"})
    assert response.status_code == 200
    assert "ควรมีการจัดสรรงบประมาณให้เพียงพอ" in response.content.decode()
    other_region = OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION).exclude(pk=region.pk).first()
    response = client.get(reverse("search:themes"), {"region": other_region.code})
    assert response.status_code == 200
    assert "ยังไม่มีข้อความให้จัดกลุ่ม" in response.content.decode()


def test_an_unknown_region_is_a_404_with_a_thai_message(seed_round, coordinator, client):
    client.force_login(coordinator)
    response = client.get(reverse("search:themes"), {"region": "REG-99"})
    assert response.status_code == 404
