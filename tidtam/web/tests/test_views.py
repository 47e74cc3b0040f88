import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tidtam.formdefs.tests.factories import (
    ColumnFactory,
    ItemFactory,
    PolicyFactory,
    RoundFactory,
    RoundParticipantFactory,
    SubtopicFactory,
)
from tidtam.ingest.models import ImportAnomaly, ImportRun
from tidtam.orgs.models import Membership
from tidtam.orgs.tests.factories import MembershipFactory, ProvincialOfficeFactory, UserFactory
from tidtam.submissions.models import Submission, TableValue
from tidtam.submissions.tests.factories import (
    NarrativeEntryFactory,
    ProblemRowFactory,
    RoundItemFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db

Role = Membership.Role
Status = Submission.Status


def add_submission(round_, item, agency, values, *, status=Status.ACCEPTED, **fields):
    sub = SubmissionFactory(round=round_, item=item, agency=agency, status=status, **fields)
    for column, value in zip(item.columns.order_by("order"), values, strict=False):
        TableValue.objects.create(submission=sub, column=column, value=value)
    return sub


@pytest.fixture
def small_round():
    """One item with a two-column table, two agencies reporting 3 and 4 (and 10 and 20)."""
    round_ = RoundFactory(data_as_of=dt.date(2024, 7, 15))
    policy = PolicyFactory(template=round_.template, title="การลดภาระครูและบุคลากรทางการศึกษา")
    item = ItemFactory(
        policy=policy, number=1, title="พัฒนาระบบการประเมินวิทยฐานะครู", results_heading="ผลการดำเนินงานทดสอบ"
    )
    ColumnFactory(item=item, order=1, key="submitted", label="ยื่นคำขอ DPA", unit="ราย")
    ColumnFactory(item=item, order=2, key="passed", label="ผ่านเกณฑ์", unit="ราย")
    agency_a = RoundParticipantFactory(round=round_, label="สพป.ทส.", order=1).agency
    agency_b = RoundParticipantFactory(round=round_, label="สพม.ทส.", order=2).agency
    add_submission(round_, item, agency_a, [3, 10])
    add_submission(round_, item, agency_b, [4, 20])
    return {"round": round_, "item": item, "agency_a": agency_a, "agency_b": agency_b}


def login(client, role, unit):
    user = MembershipFactory(role=role, org_unit=unit).user
    client.force_login(user)
    return user


def report_url(round_):
    return reverse("web:round_detail", kwargs={"key": round_.key})


def total_row(html):
    start = html.index('class="total-row"')
    return html[start : html.index("</tr>", start)]


# --- access -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("web:round_list", {}),
        ("web:round_detail", {"key": "TH-74/2567/2"}),
        ("web:item_detail", {"key": "TH-74/2567/2", "number": 1}),
        ("web:round_imports", {"key": "TH-74/2567/2"}),
    ],
)
def test_pages_require_login(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_form_logs_in_and_lands_on_the_round_list(client):
    UserFactory(username="somchai", password="a-long-secret-99")
    response = client.post(
        reverse("login"), {"username": "somchai", "password": "a-long-secret-99"}, follow=True
    )
    assert response.status_code == 200
    assert "รอบการตรวจราชการ" in response.content.decode()
    assert response.context["user"].username == "somchai"


def test_wrong_password_shows_a_thai_error(client):
    UserFactory(username="somchai", password="a-long-secret-99")
    response = client.post(reverse("login"), {"username": "somchai", "password": "wrong"})
    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()


def test_too_many_failed_logins_show_the_thai_lockout_page(client):
    UserFactory(username="somchai", password="a-long-secret-99")
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "somchai", "password": "wrong"})
    assert response.status_code == 429
    assert "15 นาที" in response.content.decode()


def test_logout_is_a_post_and_returns_to_login(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("web:round_list")).status_code == 302


def test_top_bar_shows_product_name_user_and_logout(client):
    user = UserFactory(first_name="สมหญิง", last_name="รักเรียน")
    client.force_login(user)
    html = client.get(reverse("web:round_list")).content.decode()
    assert "ติดตาม · Tidtam" in html
    assert "สมหญิง รักเรียน" in html
    assert f'action="{reverse("logout")}"' in html


def test_coordinator_of_another_province_gets_404(client, small_round):
    login(client, Role.COORDINATOR, ProvincialOfficeFactory())
    response = client.get(report_url(small_round["round"]))
    assert response.status_code == 404
    assert "ไม่พบรอบการตรวจนี้" in response.content.decode()


def test_unknown_round_key_is_a_thai_404(client):
    client.force_login(UserFactory(is_superuser=True))
    for url in ("/rounds/TH-99/2500/1/", "/rounds/<script>/", "/rounds/TH-99/2500/1/imports/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "ไม่พบรอบการตรวจนี้" in response.content.decode()


def test_unknown_item_number_is_a_thai_404(client, small_round):
    login(client, Role.COORDINATOR, small_round["round"].office)
    url = reverse("web:item_detail", kwargs={"key": small_round["round"].key, "number": 99})
    response = client.get(url)
    assert response.status_code == 404
    assert "ไม่พบข้อนี้" in response.content.decode()


# --- round list ---------------------------------------------------------------------------------


def test_round_list_shows_visible_rounds_with_be_dates(client, small_round):
    hidden = RoundFactory()
    login(client, Role.COORDINATOR, small_round["round"].office)
    html = client.get(reverse("web:round_list")).content.decode()
    assert small_round["round"].key in html
    assert small_round["round"].office.name in html
    assert "15 กรกฎาคม 2567" in html
    assert "พ.ศ. 2567" in html
    assert hidden.key not in html


def test_round_list_empty_state(client):
    client.force_login(UserFactory())
    html = client.get(reverse("web:round_list")).content.decode()
    assert "ยังไม่มีรอบการตรวจที่ท่านมีสิทธิ์เข้าถึง" in html


# --- report -------------------------------------------------------------------------------------


def test_report_shows_the_computed_total(client, small_round):
    login(client, Role.COORDINATOR, small_round["round"].office)
    response = client.get(report_url(small_round["round"]))
    html = response.content.decode()
    assert response.status_code == 200
    row = total_row(html)
    assert "รวม" in row
    assert ">7<" in row
    assert ">30<" in row
    assert "ยื่นคำขอ DPA (ราย)" in html
    assert "สพป.ทส." in html


def test_report_has_official_headings(client, small_round):
    login(client, Role.COORDINATOR, small_round["round"].office)
    html = client.get(report_url(small_round["round"])).content.decode()
    for text in (
        "แบบตรวจราชการและติดตามประเมินผลการจัดการศึกษาของกระทรวงศึกษาธิการ",
        "รอบที่ 2 ประจำปีงบประมาณ พ.ศ. 2567",
        "นโยบายการตรวจ : การลดภาระครูและบุคลากรทางการศึกษา",
        "1. พัฒนาระบบการประเมินวิทยฐานะครู",
        "1.1 ผลการดำเนินงานทดสอบ",
        "1.2 ปัญหาอุปสรรค แนวทางการแก้ไขปัญหา และผลที่คาดว่าจะได้รับ",
        "1.3 ปัจจัยแห่งความสำเร็จ",
        "1.4 ข้อเสนอแนะ",
        "1.5 รูปแบบ แนวทาง หรือนวัตกรรม",
        "หมายเหตุ สรุปในภาพรวมของหน่วยงาน (ข้อมูล ณ วันที่ 15 กรกฎาคม 2567)",
        'href="#item-1"',
    ):
        assert text in html, text


def test_printed_total_that_disagrees_is_flagged(client, small_round):
    RoundItemFactory(
        round=small_round["round"],
        item=small_round["item"],
        printed_totals={"submitted": 8, "passed": 30},
        printed_totals_label="รวมจำนวน(ราย)",
    )
    login(client, Role.COORDINATOR, small_round["round"].office)
    html = client.get(report_url(small_round["round"])).content.decode()
    row = total_row(html)
    assert "รวมจำนวน(ราย)" in row
    assert row.count("mismatch") == 1
    assert "ยอดรวมที่พิมพ์ในรายงานต้นฉบับคือ 8" in row
    assert "ยอดรวมที่ระบบคำนวณต่างจากยอดรวมที่พิมพ์ไว้ในรายงานต้นฉบับ" in html


def test_printed_total_that_is_not_a_finite_number_is_flagged_not_a_500(client, small_round):
    # printed_totals is JSON from an import; "NaN" parses to Decimal("NaN"), whose exponent is "n".
    RoundItemFactory(
        round=small_round["round"],
        item=small_round["item"],
        printed_totals={"submitted": "NaN", "passed": 30},
    )
    login(client, Role.COORDINATOR, small_round["round"].office)
    response = client.get(report_url(small_round["round"]))
    assert response.status_code == 200
    assert total_row(response.content.decode()).count("mismatch") == 1


def test_agency_reporter_does_not_see_another_agency_draft(client, small_round):
    round_, item = small_round["round"], small_round["item"]
    subtopic = SubtopicFactory(item=item, number=1, title="การสร้างการรับรู้")
    sub_a = Submission.objects.get(round=round_, agency=small_round["agency_a"])
    sub_b = Submission.objects.get(round=round_, agency=small_round["agency_b"])
    NarrativeEntryFactory(submission=sub_a, subtopic=subtopic, text="ข้อความของหน่วยงานเอ")
    NarrativeEntryFactory(submission=sub_b, subtopic=subtopic, text="ร่างลับของหน่วยงานบี")
    sub_b.status = Status.DRAFT
    sub_b.save()
    login(client, Role.AGENCY_REPORTER, small_round["agency_a"])

    html = client.get(report_url(round_)).content.decode()
    assert "ข้อความของหน่วยงานเอ" in html
    assert "ร่างลับของหน่วยงานบี" not in html
    assert ">3<" in total_row(html)  # B's 4 is not counted while it is a draft

    sub_b.status = Status.ACCEPTED
    sub_b.save()
    html = client.get(report_url(round_)).content.decode()
    assert "ร่างลับของหน่วยงานบี" in html
    assert ">7<" in total_row(html)


def test_narrative_html_is_escaped_and_line_breaks_kept(client, small_round):
    sub = Submission.objects.get(round=small_round["round"], agency=small_round["agency_a"])
    NarrativeEntryFactory(submission=sub, text="<p>x</p>\nบรรทัดสอง<script>alert(1)</script>")
    login(client, Role.COORDINATOR, small_round["round"].office)
    html = client.get(report_url(small_round["round"])).content.decode()
    assert "&lt;p&gt;x&lt;/p&gt;<br>บรรทัดสอง&lt;script&gt;" in html
    assert "<p>x</p>" not in html
    assert "<script>alert(1)</script>" not in html


def test_sections_group_by_agency_full_name_and_empty_sections_print_a_dash(client, small_round):
    sub = Submission.objects.get(round=small_round["round"], agency=small_round["agency_a"])
    sub.success_factors = "ผู้บริหารให้ความสำคัญ"
    sub.save()
    ProblemRowFactory(submission=sub, problem="ครูไม่เพียงพอ", solution="ขอสนับสนุนอัตรา", expected_result="ครูครบ")
    login(client, Role.COORDINATOR, small_round["round"].office)
    html = client.get(report_url(small_round["round"])).content.decode()
    name = small_round["agency_a"].name
    assert f"หน่วยงาน {name}" in html
    assert "ครูไม่เพียงพอ" in html and "ขอสนับสนุนอัตรา" in html
    assert "ผู้บริหารให้ความสำคัญ" in html
    # N.4 and N.5 have no text: they print "-" like the original.
    after_recommendations = html[html.index("1.4 ข้อเสนอแนะ") :]
    assert '<p class="nil">-</p>' in after_recommendations[: after_recommendations.index("1.5")]


def test_row_note_and_footnotes_are_shown(client, small_round):
    sub = Submission.objects.get(round=small_round["round"], agency=small_round["agency_a"])
    sub.table_note = "ข้าราชการประจำ 2 คน"
    sub.save()
    RoundItemFactory(round=small_round["round"], item=small_round["item"], footnotes="*หมายเหตุท้ายข้อ")
    login(client, Role.COORDINATOR, small_round["round"].office)
    html = client.get(report_url(small_round["round"])).content.decode()
    assert "ข้าราชการประจำ 2 คน" in html
    assert "*หมายเหตุท้ายข้อ" in html


def test_report_query_count_is_fixed(client, small_round, django_assert_max_num_queries):
    round_ = small_round["round"]
    login(client, Role.COORDINATOR, round_.office)
    url = report_url(round_)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    # Grow the round: more items, columns, sub-topics, agencies, narratives and problems.
    agencies = [small_round["agency_a"], small_round["agency_b"]]
    agencies += [RoundParticipantFactory(round=round_).agency for _ in range(3)]
    for number in range(2, 6):
        item = ItemFactory(policy=small_round["item"].policy, number=number)
        ColumnFactory(item=item, key="n", order=1)
        st = SubtopicFactory(item=item, number=1)
        for agency in agencies:
            sub = add_submission(round_, item, agency, [Decimal(number)])
            NarrativeEntryFactory(submission=sub, subtopic=st)
            ProblemRowFactory(submission=sub)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


# --- one item -----------------------------------------------------------------------------------


def test_item_page_shows_one_item_with_neighbours(client, small_round):
    round_ = small_round["round"]
    ItemFactory(policy=small_round["item"].policy, number=2, title="ข้อที่สองของแบบตรวจ")
    ItemFactory(policy=small_round["item"].policy, number=3, title="ข้อที่สามของแบบตรวจ")
    login(client, Role.COORDINATOR, round_.office)
    response = client.get(reverse("web:item_detail", kwargs={"key": round_.key, "number": 2}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2. ข้อที่สองของแบบตรวจ" in html
    assert "1. พัฒนาระบบการประเมินวิทยฐานะครู" not in html
    assert reverse("web:item_detail", kwargs={"key": round_.key, "number": 1}) in html
    assert reverse("web:item_detail", kwargs={"key": round_.key, "number": 3}) in html


def test_item_page_shows_the_total_with_fixed_queries(client, small_round, django_assert_max_num_queries):
    round_ = small_round["round"]
    login(client, Role.COORDINATOR, round_.office)
    # 15 for the page, + 1 COUNT for the notification bell, + 1 for the navigation's "รอตรวจรับ".
    with django_assert_max_num_queries(17):
        response = client.get(reverse("web:item_detail", kwargs={"key": round_.key, "number": 1}))
    assert ">7<" in total_row(response.content.decode())


# --- imports ------------------------------------------------------------------------------------


@pytest.fixture
def imported(small_round):
    run = ImportRun.objects.create(
        round=small_round["round"],
        source_name="th74-2567-r2.txt",
        source_sha256="ab" * 32,
        source_format="txt",
        content_lines=200,
        placed_lines=150,
    )
    ImportAnomaly.objects.create(
        run=run,
        line_no=336,
        severity="warning",
        kind="cell_footnote",
        message="เซลล์มีเชิงอรรถ",
        excerpt="4,111 คน* <b>x</b>",
    )
    ImportAnomaly.objects.create(
        run=run, line_no=1712, severity="error", kind="misnumbered_section", message="หัวข้อ 10.2 อยู่ในข้อ 13"
    )
    ImportAnomaly.objects.create(run=run, line_no=12, severity="info", kind="html_removed", message="ลบแท็ก")
    return run


def imports_url(round_):
    return reverse("web:round_imports", kwargs={"key": round_.key})


def test_imports_page_lists_anomalies_with_line_numbers(client, small_round, imported):
    login(client, Role.COORDINATOR, small_round["round"].office)
    html = client.get(imports_url(small_round["round"])).content.decode()
    assert "th74-2567-r2.txt" in html
    assert "ab" * 32 in html
    assert "75.0%" in html
    assert '<td class="num">336</td>' in html
    assert '<td class="num">1712</td>' in html
    assert "ควรตรวจสอบ" in html and "วางไม่ได้" in html
    assert "4,111 คน* &lt;b&gt;x&lt;/b&gt;" in html


def test_imports_page_filters_by_severity_without_js(client, small_round, imported):
    login(client, Role.COORDINATOR, small_round["round"].office)
    html = client.get(imports_url(small_round["round"]), {"severity": "warning"}).content.decode()
    assert '<td class="num">336</td>' in html
    assert '<td class="num">1712</td>' not in html


def test_imports_page_unknown_severity_shows_everything(client, small_round, imported):
    login(client, Role.COORDINATOR, small_round["round"].office)
    response = client.get(imports_url(small_round["round"]), {"severity": "<x>"})
    assert response.status_code == 200
    assert '<td class="num">1712</td>' in response.content.decode()


def test_imports_page_htmx_request_gets_only_the_list(client, small_round, imported):
    login(client, Role.COORDINATOR, small_round["round"].office)
    response = client.get(imports_url(small_round["round"]), {"severity": "error"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="anomalies"')
    assert '<td class="num">1712</td>' in html
    assert '<td class="num">336</td>' not in html


def test_imports_page_empty_state(client, small_round):
    login(client, Role.COORDINATOR, small_round["round"].office)
    html = client.get(imports_url(small_round["round"])).content.decode()
    assert "รอบนี้ยังไม่เคยนำเข้าข้อมูลจากรายงานเดิม" in html


def test_imports_page_query_count_is_bounded(client, small_round, imported, django_assert_max_num_queries):
    login(client, Role.COORDINATOR, small_round["round"].office)
    # 8 + the notification bell's COUNT + the navigation's "รอตรวจรับ" COUNT of a reviewer
    with django_assert_max_num_queries(10):
        assert client.get(imports_url(small_round["round"])).status_code == 200


def test_imports_page_is_scoped_like_the_report(client, small_round, imported):
    login(client, Role.COORDINATOR, ProvincialOfficeFactory())
    assert client.get(imports_url(small_round["round"])).status_code == 404


def test_imports_page_htmx_history_restore_gets_the_whole_page(client, small_round, imported):
    login(client, Role.COORDINATOR, small_round["round"].office)
    response = client.get(
        imports_url(small_round["round"]), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "ติดตาม · Tidtam" in response.content.decode()
