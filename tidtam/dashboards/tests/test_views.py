"""Dashboards and consolidated reports as users meet them: charts with tables, CSV, JSON, scoping."""

import csv
import io
import json

import pytest
from django.urls import reverse

from tidtam.orgs.models import Membership

from .conftest import member

pytestmark = pytest.mark.django_db

Role = Membership.Role
DASHBOARD = "/dashboards/"


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read Thai"
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_dashboard_for_a_national_analyst_has_charts_with_table_views(client, nation, national_analyst):
    response = get(client, national_analyst, DASHBOARD, item=1, fy=2567, round=2)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        'class="dash-chart"' in html
        and 'id="chart-breakdown-data"' in html
        and 'id="chart-trend-data"' in html
    )
    assert html.count('class="table-view"') == 2  # every chart has its table
    assert "echarts.min.js" in html
    # The table view lists the provinces and the national total (sum 160, weighted mean 73.75).
    for name in ("จังหวัดหนึ่ง", "จังหวัดสอง", "จังหวัดสาม"):
        assert name in html
    assert "160" in html and "73.75" in html
    # Completeness: each province's round, counted reports over participants.
    assert 'class="data-table completeness-table"' in html
    assert "state-partial" in html  # province 3: one of two agencies (the other is a draft)


def test_chart_data_matches_the_table(client, nation, national_analyst):
    response = get(client, national_analyst, DASHBOARD, item=1, fy=2567, round=2, column="count")
    chart = response.context["board"].breakdown_chart
    assert chart["categories"] == ["จังหวัดหนึ่ง", "จังหวัดสอง", "จังหวัดสาม"]
    assert chart["series"][0]["data"] == [40, 80, 40]


def test_breakdown_csv_download(client, nation, national_analyst):
    response = get(
        client, national_analyst, DASHBOARD, item=1, fy=2567, round=2, format="csv", table="breakdown"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == ["จังหวัด", "จำนวนผู้ยื่นคำขอ (ราย)", "คะแนนเฉลี่ย (คะแนน)", "ร้อยละที่ผ่าน (ร้อยละ)", "รหัสกลุ่ม"]
    assert rows[1] == ["จังหวัดหนึ่ง", "40", "85", "65", ""]
    assert rows[-1] == ["รวม", "160", "80", "73.75", ""]


def test_trend_csv_has_one_row_per_round(client, nation, national_analyst):
    rows = csv_rows(get(client, national_analyst, DASHBOARD, item=1, format="csv", table="trend"))
    assert [r[:2] for r in rows[1:]] == [["1/2567", "25"], ["2/2567", "160"]]


def test_completeness_csv(client, nation, national_analyst):
    rows = csv_rows(
        get(client, national_analyst, DASHBOARD, fy=2567, round=2, format="csv", table="completeness")
    )
    assert rows[0][:3] == ["จังหวัด", "สถานะรอบ", "ข้อ 1"]
    by_province = {r[0]: r for r in rows[1:]}
    assert by_province["จังหวัดหนึ่ง"][2:4] == ["2/2", "0/2"]  # item 1 complete, item 2 not reported
    assert by_province["จังหวัดหนึ่ง"][1] == "ส่งบางส่วน"
    assert by_province["จังหวัดสาม"][2] == "1/2"


def test_filters_narrow_to_a_province_and_break_down_by_agency(client, nation, national_analyst):
    response = get(client, national_analyst, DASHBOARD, item=1, fy=2567, round=2, province="TH-92")
    board = response.context["board"]
    assert board.level == "agency"
    assert [r.label for r in board.breakdown.rows] == ["สพป.สง.", "สพม.นง. สง."]
    assert board.breakdown.total["count"] == 80


def test_agency_kind_filter(client, nation, national_analyst):
    board = get(client, national_analyst, DASHBOARD, item=1, fy=2567, round=2, kind="spm").context["board"]
    assert board.breakdown.total["count"] == 50


def test_bad_filters_get_a_thai_message_not_an_error(client, nation, national_analyst):
    response = get(client, national_analyst, DASHBOARD, item="abc", province="TH-99", fy="๒๕๖๗x", round=7)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ไม่ถูกต้องหรืออยู่นอกขอบเขตสิทธิ์" in html
    assert "160" in html  # falls back to the whole nation, latest round


# --- scoping ---------------------------------------------------------------------------------------


def test_regional_analyst_sees_only_their_region(client, nation, regional_analyst_a):
    response = get(client, regional_analyst_a, DASHBOARD, item=1, fy=2567, round=2)
    board = response.context["board"]
    assert [r.label for r in board.breakdown.rows] == ["จังหวัดหนึ่ง", "จังหวัดสอง"]
    assert board.breakdown.total["count"] == 120
    assert "จังหวัดสาม" not in response.content.decode()
    # Asking for the other region's province does not widen the scope.
    other = get(client, regional_analyst_a, DASHBOARD, item=1, province="TH-93").context["board"]
    assert other.breakdown.total["count"] == 120


def test_coordinator_sees_only_their_province(client, nation):
    user = member(Role.COORDINATOR, nation.offices["TH-93"])
    board = get(client, user, DASHBOARD, item=1, fy=2567, round=2).context["board"]
    assert board.breakdown.total["count"] == 40
    assert {r.label for r in board.breakdown.rows} <= {"สพป.สม.", "สอศ.สม."}


def test_agency_user_sees_only_their_agency(client, nation):
    user = member(Role.AGENCY_REPORTER, nation.agencies["A2"])
    board = get(client, user, DASHBOARD, item=1, fy=2567, round=2).context["board"]
    assert board.breakdown.total["count"] == 60
    assert [r.label for r in board.breakdown.rows] == ["สพป.สง."]


def test_dashboard_needs_login(client, nation):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "login" in response["Location"]


# --- consolidated reports ------------------------------------------------------------------------------


def region_url(code="REG-91", fy=2567, number=2):
    return reverse("dashboards:region_report", kwargs={"code": code, "fy": fy, "number": number})


def national_url(fy=2567, number=2):
    return reverse("dashboards:national_report", kwargs={"fy": fy, "number": number})


def test_regional_report_breaks_each_table_down_by_province(client, nation, regional_analyst_a):
    response = get(client, regional_analyst_a, region_url())
    assert response.status_code == 200
    html = response.content.decode()
    table = html[html.index('class="data-table results-table breakdown-table"') :]
    table = table[: table.index("</table>")]
    assert "จังหวัดหนึ่ง" in table and "จังหวัดสอง" in table and "จังหวัดสาม" not in table
    assert "120" in table and "82.50" in table
    # Narratives grouped by province, then agency: the shared agency appears under both provinces.
    first, second = html.index("ดำเนินการในจังหวัดTH-91"), html.index("ดำเนินการในจังหวัดTH-92")
    assert first < second
    assert html.count("สพม.นง. สง. ดำเนินการ") == 2
    assert "ขาดงบประมาณ (สพป.นง.)" in html


def test_regional_report_json_download(client, nation, regional_analyst_a):
    response = get(client, regional_analyst_a, region_url(), format="json")
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    item = data["items"][0]
    assert data["level"] == "region" and data["round"] == 2 and data["fiscal_year_be"] == 2567
    assert [p["province"] for p in item["provinces"]] == ["TH-91", "TH-92"]
    assert item["total"] == {"count": 120, "score": 82.5, "rate": 68.3333, "code": None}
    assert {e["province"] for e in item["subtopics"][0]["entries"]} == {"TH-91", "TH-92"}


def test_regional_report_of_another_region_is_not_found(client, nation, regional_analyst_a):
    assert get(client, regional_analyst_a, region_url("REG-92")).status_code == 404
    assert get(client, regional_analyst_a, national_url()).status_code == 404


def test_national_report(client, nation, national_analyst):
    response = get(client, national_analyst, national_url())
    assert response.status_code == 200
    assert response.context["report"].items[0].breakdown.total["count"] == 160
    data = json.loads(get(client, national_analyst, national_url(), format="json", item=1).content)
    assert [p["province"] for p in data["items"][0]["provinces"]] == ["TH-91", "TH-92", "TH-93"]
    assert data["items"][0]["total"]["rate"] == 73.75


def test_dashboard_without_any_template_or_round_says_so(client, db):
    from tidtam.orgs.tests.factories import MinistryFactory

    user = member(Role.NATIONAL_ANALYST, MinistryFactory())
    response = get(client, user, DASHBOARD)
    assert response.status_code == 200
    assert "ยังไม่มีแบบตรวจที่มีตารางผลการดำเนินงาน" in response.content.decode()
    assert get(client, user, DASHBOARD, format="csv", table="breakdown").status_code == 404


def test_trend_marks_a_round_still_being_reported_and_leaves_it_out_of_the_line(
    client, nation, national_analyst
):
    """Round 2 with 1 of 6 reports accepted would show as a collapse (160 → 40): the table says how
    complete it is, and the line leaves the point out instead of plunging."""
    from tidtam.submissions.models import Submission

    Submission.objects.filter(round__number=2).exclude(agency=nation.agencies["A3"]).update(
        status=Submission.Status.DRAFT
    )
    response = get(client, national_analyst, DASHBOARD, item=1, fy=2567, round=2, column="count")
    board = response.context["board"]
    assert board.trend_chart["categories"] == ["1/2567", "2/2567 (ข้อมูล 16.7%)"]
    assert board.trend_chart["series"][0]["data"] == [25, None]
    html = response.content.decode()
    assert "รอบ 2/2567 ยังรับรองไม่ครบ: นับได้ 1 จาก 6 ฉบับ (16.7%)" in html and "ไม่แสดงในแผนภูมิเส้น" in html


def test_trend_of_a_mostly_complete_round_is_drawn_and_marked(client, nation, national_analyst):
    board = get(client, national_analyst, DASHBOARD, item=1, fy=2567, round=2, column="count").context[
        "board"
    ]
    assert board.trend_chart["categories"] == ["1/2567", "2/2567 (ข้อมูล 83.3%)"]  # one draft of six
    assert board.trend_chart["series"][0]["data"] == [25, 160]
    assert [n.startswith("รอบ 2/2567 ยังรับรองไม่ครบ") for n in board.trend_table.notes] == [True]
