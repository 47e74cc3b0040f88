"""Control characters never reach the database: stripped on every way text enters (form posts,
autosave, multipart posts, the service itself, comments), so nothing later fails to export; and a
control character in an address is a 404, never a 500. Run on SQLite and PostgreSQL (NUL is what
PostgreSQL refuses)."""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.urls import reverse

from tidtam.submissions.content import clean_text
from tidtam.submissions.services import submission_update

from .test_views import entry_url, form_data

HOSTILE = "ชี้แจง\x00ครู\x0bทุก\x01โรงเรียน\x7f"  # what a browser or script can post
LONE_SURROGATE = "ชี้แจงครู\ud800ทุกโรงเรียน"  # what only a Python caller can pass
CLEAN = "ชี้แจงครูทุกโรงเรียน"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def as_user(client, world):
    def login(name):
        client.force_login(world.users[name])
        return client

    return login


def workbook_downloads(client, sub) -> bool:
    url = reverse("reports:workbook", kwargs={"key": sub.round.key, "code": sub.agency.code})
    return client.get(url).status_code == 200


def test_the_submission_rule_is_the_common_one():
    assert clean_text(" ก\x00ข\r\nค\x1f ") == "กข\nค"
    assert "tidtam.common.middleware.HostileInputMiddleware" in settings.MIDDLEWARE


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_the_entry_form_saves_text_without_control_characters(world, as_user, encoding):
    sub = world.sub()
    client = as_user("reporter")
    data = form_data(sub, **{"narrative-1": HOSTILE, "problems-0-problem": "ปัญหา\x0c", "table_note": "\x00"})
    if encoding == "multipart":
        response = client.post(entry_url(sub), data)
    else:
        response = client.post(entry_url(sub), urlencode(data), content_type=FORM)
    assert response.status_code in (200, 302)
    saved = world.sub()
    assert saved.narratives.get(subtopic__number=1).text == CLEAN
    assert saved.problems.get().problem == "ปัญหา"
    assert workbook_downloads(client, saved)


def test_autosave_strips_control_characters(world, as_user):
    sub = world.sub()
    client = as_user("reporter")
    response = client.post(
        entry_url(sub, "autosave"), urlencode(form_data(sub, **{"narrative-2": HOSTILE})), content_type=FORM
    )
    assert response.status_code == 200 and response.json()["ok"]
    assert world.sub().narratives.get(subtopic__number=2).text == CLEAN


def test_the_service_strips_them_for_every_other_caller(world):
    sub = world.sub()
    submission_update(
        submission=sub,
        by=world.users["reporter"],
        expected_version=sub.version,
        values={"submitted": Decimal(3)},
        recommendations=HOSTILE,
        best_practices=LONE_SURROGATE,
        justifications={"rule": "เหตุผล\x00"},
    )
    saved = world.sub()
    assert saved.recommendations == CLEAN and saved.best_practices == CLEAN
    assert saved.warning_justifications == {"rule": "เหตุผล"}


def test_a_comment_loses_its_control_characters(world, as_user):
    sub = world.sub()
    client = as_user("coordinator")
    client.post(entry_url(sub, "comment"), {"text": "ความเห็น\x0bที่หนึ่ง", "section": ""})
    assert sub.comments.get().text == "ความเห็นที่หนึ่ง"


@pytest.mark.parametrize(
    "path",
    [
        "/rounds/TH-74%00/2568/1/",
        "/rounds/%00/",
        "/rounds/TH-74/2568/1%00/quality/",
        "/rounds/TH-74/2568/1/workbook/%00.xlsx",
        "/rounds/TH-74%01/2568/1/report.docx",
        "/api/rounds/TH-74%00/2568/1/",
        "/submissions/1%00/",
        "/%00",
    ],
)
def test_a_control_character_in_an_address_is_not_found(world, as_user, path):
    client = as_user("coordinator")
    response = client.get(path)
    assert response.status_code == 404


def test_a_control_character_in_a_query_is_dropped_not_a_500(world, as_user):
    client = as_user("coordinator")
    assert client.get("/search/", {"q": "ครู\x00"}).status_code == 200
    assert client.get("/themes/", {"region": "\x00"}).status_code in (200, 404)
    assert client.get("/api/search/", {"q": "\x00"}).status_code == 400  # the API names the parameter


def test_a_multipart_comment_with_nul_is_saved_without_it_not_refused_in_english(world, as_user):
    sub = world.sub()
    client = as_user("coordinator")
    response = client.post(entry_url(sub, "comment"), {"text": "ความเห็น\x00ที่สอง", "section": ""})
    assert "Null characters" not in response.content.decode()
    assert sub.comments.get().text == "ความเห็นที่สอง"
