"""The search and best-practice pages."""

import pytest
from django.urls import reverse

from tidtam.formdefs.tests.factories import ItemFactory, RoundFactory, RoundParticipantFactory
from tidtam.orgs.models import Membership
from tidtam.orgs.tests.factories import MembershipFactory
from tidtam.submissions.models import Submission
from tidtam.submissions.tests.factories import ProblemRowFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_with_texts():
    round_ = RoundFactory()
    a = RoundParticipantFactory(round=round_).agency
    b = RoundParticipantFactory(round=round_).agency
    item = ItemFactory(policy__template=round_.template, title="ลดภาระครู")
    sub = SubmissionFactory(
        round=round_, item=item, agency=a, best_practices="โครงการครูคืนถิ่น <b>ต้นแบบ</b> ลดภาระงานเอกสาร"
    )
    ProblemRowFactory(submission=sub, problem="ขาดงบประมาณในการจัดหา <script>alert(1)</script>")
    SubmissionFactory(round=round_, item=item, agency=b, best_practices="- ไม่มี -")
    SubmissionFactory(
        round=round_,
        item=ItemFactory(policy__template=round_.template),
        agency=b,
        status=Submission.Status.DRAFT,
        best_practices="ร่างลับของหน่วยงานบี",
    )
    return round_, a, b


@pytest.fixture
def coordinator_client(client, round_with_texts):
    round_, *_ = round_with_texts
    client.force_login(MembershipFactory(role=Membership.Role.COORDINATOR, org_unit=round_.office).user)
    return client


def test_search_page_needs_a_login(client):
    response = client.get(reverse("search:search"), {"q": "งบประมาณ"})
    assert response.status_code == 302


def test_search_page_lists_hits_with_item_agency_round_field_and_escaped_snippet(
    coordinator_client, round_with_texts
):
    round_, a, _ = round_with_texts
    response = coordinator_client.get(reverse("search:search"), {"q": "งบประมาณ"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "ลดภาระครู" in html and a.short_name in html and round_.key in html
    assert "ปัญหาอุปสรรค" in html
    assert "<mark>งบประมาณ</mark>" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_an_invalid_filter_is_reported_in_thai_not_a_server_error(coordinator_client):
    response = coordinator_client.get(reverse("search:search"), {"q": "งบประมาณ", "item": "abc", "page": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "ข้อมูลที่กรอกบางรายการไม่ถูกต้อง" in html
    assert "<mark>งบประมาณ</mark>" in html  # the search still ran, without the bad filter


def test_a_nul_character_in_the_query_is_dropped_and_the_search_runs(coordinator_client):
    # Control characters never get past the request (common/middleware.py): the search runs on
    # what the user can see they typed, never a 500 from PostgreSQL.
    response = coordinator_client.get(reverse("search:search"), {"q": "งบ\x00ประมาณ"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "ข้อมูลที่กรอกบางรายการไม่ถูกต้อง" not in html
    assert 'value="งบประมาณ"' in html and "\x00" not in html


def test_best_practice_library_lists_reported_ones_only_and_searches_within(
    coordinator_client, round_with_texts
):
    round_, a, _ = round_with_texts
    html = coordinator_client.get(reverse("search:best_practices")).content.decode()
    assert "โครงการครูคืนถิ่น" in html
    assert "&lt;b&gt;ต้นแบบ&lt;/b&gt;" in html  # imported markup shown as text
    assert "- ไม่มี -" not in html
    assert "ร่างลับของหน่วยงานบี" in html  # the coordinator sees drafts of the office's agencies
    html = coordinator_client.get(reverse("search:best_practices"), {"q": "ครูคืนถิ่น"}).content.decode()
    assert "<mark>ครูคืนถิ่น</mark>" in html and "ร่างลับ" not in html
    html = coordinator_client.get(reverse("search:best_practices"), {"q": "ไม่มีคำนี้เลย"}).content.decode()
    assert "ไม่พบแบบอย่างที่ดีตามเงื่อนไขที่เลือก" in html


def test_best_practice_library_hides_other_agencies_drafts(client, round_with_texts):
    round_, a, _ = round_with_texts
    client.force_login(MembershipFactory(role=Membership.Role.AGENCY_REPORTER, org_unit=a).user)
    html = client.get(reverse("search:best_practices")).content.decode()
    assert "โครงการครูคืนถิ่น" in html
    assert "ร่างลับของหน่วยงานบี" not in html


def test_best_practice_filters_by_province(coordinator_client, round_with_texts):
    round_, *_ = round_with_texts
    province = round_.office.parent.code
    html = coordinator_client.get(reverse("search:best_practices"), {"province": province}).content.decode()
    assert "โครงการครูคืนถิ่น" in html


@pytest.mark.parametrize(
    ("name", "kwargs", "params"),
    [
        ("search:round_themes", {"key": "TH-99/2500/1"}, {}),
        ("search:round_themes", {"key": "TH\x00/2567/2"}, {}),
        ("search:themes", {}, {"region": "REG-\x00"}),
    ],
)
def test_unknown_or_impossible_keys_are_a_404_never_a_500(coordinator_client, name, kwargs, params):
    response = coordinator_client.get(reverse(name, kwargs=kwargs), params)
    assert response.status_code == 404


def test_theme_page_of_a_round_from_factories(coordinator_client, round_with_texts):
    round_, *_ = round_with_texts
    page = reverse("search:round_themes", kwargs={"key": round_.key})
    assert "ยังไม่ได้คำนวณประเด็นที่พบซ้ำ" in coordinator_client.get(page).content.decode()
    response = coordinator_client.post(
        reverse("search:themes_recompute"), {"round": round_.key, "kind": "problems", "next": page}
    )
    # Back to the page, or to the job's page where background jobs run (the test backend runs them at once).
    assert response.status_code == 302 and response["Location"].startswith("/")
    response = coordinator_client.get(page)
    assert response.status_code == 200
    assert "งบประมาณไม่เพียงพอ" in response.content.decode()


def test_recompute_never_goes_back_to_another_site(coordinator_client, round_with_texts):
    round_, *_ = round_with_texts
    response = coordinator_client.post(
        reverse("search:themes_recompute"), {"round": round_.key, "next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"].startswith("/")


def test_recompute_of_a_round_one_may_not_see_is_a_404(coordinator_client):
    response = coordinator_client.post(reverse("search:themes_recompute"), {"round": "TH-99/2500/1"})
    assert response.status_code == 404
