"""The read API on small factory-made rounds: authentication, scoping, errors."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from tidtam.formdefs.tests.factories import ItemFactory, RoundFactory, RoundParticipantFactory
from tidtam.orgs.models import Membership
from tidtam.orgs.tests.factories import MembershipFactory, ProvincialOfficeFactory, UserFactory
from tidtam.submissions.models import Submission
from tidtam.submissions.tests.factories import ProblemRowFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role
Status = Submission.Status


@pytest.fixture
def round_with_drafts():
    round_ = RoundFactory()
    a = RoundParticipantFactory(round=round_).agency
    b = RoundParticipantFactory(round=round_).agency
    item = ItemFactory(policy__template=round_.template)
    a_draft = SubmissionFactory(round=round_, item=item, agency=a, status=Status.DRAFT)
    ProblemRowFactory(submission=a_draft, problem="ขาดงบประมาณในการจัดหา")
    b_draft = SubmissionFactory(round=round_, item=item, agency=b, status=Status.DRAFT)
    ProblemRowFactory(submission=b_draft, problem="เรื่องภายในของหน่วยงานบี งบประมาณ")
    b_accepted = SubmissionFactory(
        round=round_, item=ItemFactory(policy__template=round_.template), agency=b, status=Status.ACCEPTED
    )
    return round_, a, b, a_draft, b_draft, b_accepted


def test_without_a_token_the_api_answers_401():
    response = APIClient().get("/api/rounds/")
    assert response.status_code == 401


def test_an_agency_token_cannot_read_another_agencys_draft(round_with_drafts, api_client_for):
    round_, a, b, a_draft, b_draft, b_accepted = round_with_drafts
    client = api_client_for(MembershipFactory(role=Role.AGENCY_REPORTER, org_unit=a).user)
    response = client.get(f"/api/submissions/{b_draft.pk}/")
    assert response.status_code == 404
    assert response.json()["detail"] == "ไม่พบรายงานนี้ หรือท่านไม่มีสิทธิ์เข้าถึง"
    own = client.get(f"/api/submissions/{a_draft.pk}/")
    assert own.status_code == 200
    assert own.json()["problems"][0]["problem"] == "ขาดงบประมาณในการจัดหา"
    assert client.get(f"/api/submissions/{b_accepted.pk}/").status_code == 200


def test_a_rounds_submission_list_is_scoped_like_the_web(round_with_drafts, api_client_for):
    round_, a, b, a_draft, b_draft, b_accepted = round_with_drafts
    agency = api_client_for(MembershipFactory(role=Role.AGENCY_REPORTER, org_unit=a).user)
    ids = {s["id"] for s in agency.get(f"/api/rounds/{round_.key}/submissions/").json()}
    assert ids == {a_draft.pk, b_accepted.pk}
    coordinator = api_client_for(MembershipFactory(role=Role.COORDINATOR, org_unit=round_.office).user)
    ids = {
        s["id"] for s in coordinator.get(f"/api/rounds/{round_.key}/submissions/", {"status": "draft"}).json()
    }
    assert ids == {a_draft.pk, b_draft.pk}


def test_the_search_endpoint_is_scoped_too(round_with_drafts, api_client_for):
    round_, a, *_ = round_with_drafts
    client = api_client_for(MembershipFactory(role=Role.AGENCY_REPORTER, org_unit=a).user)
    body = client.get("/api/search/", {"q": "งบประมาณ"}).json()
    assert [r["text"] for r in body["results"]] == ["ขาดงบประมาณในการจัดหา"]
    assert body["words"] == ["งบประมาณ"]
    assert "<mark>งบประมาณ</mark>" in body["results"][0]["snippet"]
    assert body["total"] == 1 and body["capped"] is False


def test_a_coordinator_of_another_province_sees_no_round(round_with_drafts, api_client_for):
    round_, *_ = round_with_drafts
    client = api_client_for(MembershipFactory(role=Role.COORDINATOR, org_unit=ProvincialOfficeFactory()).user)
    assert client.get("/api/rounds/").json() == []
    response = client.get(f"/api/rounds/{round_.key}/")
    assert response.status_code == 404
    assert response.json()["detail"] == "ไม่พบรอบการตรวจนี้ หรือท่านไม่มีสิทธิ์เข้าถึง"


@pytest.mark.parametrize(
    "url",
    [
        "/api/rounds/NO/SUCH/KEY/",
        "/api/rounds/NO/SUCH/KEY/findings/",
        "/api/rounds/NO/SUCH/KEY/export.json",
        "/api/rounds/" + "x" * 300 + "/",
        "/api/submissions/999999999999999999/",
        "/api/submissions/99999999999999999999999/",
        "/api/nowhere/",
    ],
)
def test_unknown_addresses_answer_a_json_404_in_thai(api_client_for, url):
    client = api_client_for(UserFactory())
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith("ไม่พบ")


def test_bad_query_parameters_answer_400_not_500(round_with_drafts, api_client_for):
    round_, *_ = round_with_drafts
    client = api_client_for(MembershipFactory(role=Role.COORDINATOR, org_unit=round_.office).user)
    assert client.get("/api/rounds/", {"fiscal_year": "abc"}).status_code == 400
    assert client.get("/api/search/").status_code == 400
    assert client.get("/api/search/", {"q": "a\x00b"}).status_code == 400
    assert client.get(f"/api/rounds/{round_.key}/submissions/", {"item": "-5"}).status_code == 400


def test_a_token_is_issued_for_a_username_and_password():
    user = UserFactory(username="reporter1", password="tidtam-pass-123")
    response = APIClient().post("/api/token/", {"username": "reporter1", "password": "tidtam-pass-123"})
    assert response.status_code == 200
    token = response.json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/rounds/").status_code == 200
    assert (
        APIClient().post("/api/token/", {"username": user.username, "password": "wrong"}).status_code == 400
    )


def test_the_api_token_command_prints_a_token_that_works(capsys):
    UserFactory(username="analyst1")
    call_command("api_token", "analyst1")
    key = capsys.readouterr().out.strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/rounds/").status_code == 200
    call_command("api_token", "analyst1")
    assert capsys.readouterr().out.strip() == key  # the same token until reset
    call_command("api_token", "analyst1", "--reset")
    assert capsys.readouterr().out.strip() != key
    with pytest.raises(CommandError, match="ไม่พบผู้ใช้"):
        call_command("api_token", "nobody")


def test_the_api_changes_nothing(round_with_drafts, api_client_for):
    round_, a, _, a_draft, *_ = round_with_drafts
    client = api_client_for(MembershipFactory(role=Role.AGENCY_REPORTER, org_unit=a).user)
    assert client.delete(f"/api/submissions/{a_draft.pk}/").status_code == 405
    assert client.post(f"/api/rounds/{round_.key}/", {}).status_code == 405


def test_schema_and_swagger_ui_are_served_without_a_cdn(client):
    client.force_login(UserFactory())  # signed-in users only: tidtam/security/tests/test_api_docs_policy.py
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/rounds/{key}/export.json" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "cdn.jsdelivr" not in html
