"""Search finds what is there: the results on the seed compared with a plain substring scan of every
searchable text (tidtam.search.services.documents_of, read straight from the submissions)."""

import pytest

from tidtam.orgs.models import Membership
from tidtam.orgs.tests.factories import MembershipFactory
from tidtam.search.services import documents_of
from tidtam.submissions.models import Submission

from .fixtures import search, search_page

pytestmark = pytest.mark.django_db

# Words a reader looks for, several of them inside compounds or across segmentation boundaries in the
# seed ("งบประมาณ" in "ปีงบประมาณ", "โครงการ" in "โครง|การอบรม", "ศึกษา" in "การศึกษา").
WORDS = [
    "งบประมาณ",
    "โครงการ",
    "คุณภาพ",
    "ครู",
    "นักเรียน",
    "ประเมิน",
    "วิทยฐานะ",
    "ดิจิทัล",
    "อาชีพ",
    "ทักษะ",
    "ความปลอดภัย",
    "สถานศึกษา",
    "เทคโนโลยี",
    "หลักสูตร",
    "ขาดแคลน",
    "มาตรฐาน",
    "เครือข่าย",
    "ประมาณ",
    "อบรม",
    "ข้อมูล",
    "ศึกษานิเทศก์",
    "ยาเสพติด",
]
PHRASES = ["โรงเรียนคุณภาพ", "ภาระงาน", "ไม่เพียงพอ", "การอ่าน", "พัฒนาผู้เรียน"]


@pytest.fixture
def reader(seed_round):
    return MembershipFactory(role=Membership.Role.COORDINATOR, org_unit=seed_round.office).user


def _texts(seed_round) -> list[tuple[int, str]]:
    subs = Submission.objects.filter(round=seed_round).prefetch_related("narratives__subtopic", "problems")
    return [(sub.pk, spec.text) for sub in subs for spec in documents_of(sub)]


def _scan(texts, fragment: str) -> set[tuple[int, str]]:
    return {(pk, text) for pk, text in texts if fragment in text}


def _found(user, q: str) -> set[tuple[int, str]]:
    hits = search(user=user, q=q, limit=1000)
    assert len(hits) < 1000, "the comparison needs every match on one page"
    return {(h.submission_id, h.text) for h in hits}


def test_every_text_holding_a_word_is_found_and_nothing_else(seed_round, reader):
    texts = _texts(seed_round)
    for word in WORDS:
        expected = _scan(texts, word)
        assert expected, word
        assert _found(reader, word) == expected, word


def test_budget_is_found_in_every_submission_that_holds_it_fiscal_year_included(seed_round, reader):
    texts = _texts(seed_round)
    holding = {pk for pk, _ in _scan(texts, "งบประมาณ")}
    inside_fiscal_year_only = {
        pk for pk in holding if all("งบประมาณ" not in t.replace("ปีงบประมาณ", "") for p, t in texts if p == pk)
    }
    assert len(holding) == 22 and inside_fiscal_year_only
    hits = search(user=reader, q="งบประมาณ", limit=1000)
    assert {h.submission_id for h in hits} == holding
    # The compound that holds the word is marked in the snippet.
    fiscal = [h for h in hits if h.submission_id in inside_fiscal_year_only]
    assert fiscal and all("<mark>ปีงบประมาณ</mark>" in h.snippet for h in fiscal)


def test_words_typed_together_find_every_text_holding_them_and_rank_the_phrase_first(seed_round, reader):
    texts = _texts(seed_round)
    for phrase in PHRASES:
        hits = search(user=reader, q=phrase, limit=1000)
        found = {(h.submission_id, h.text) for h in hits}
        assert _scan(texts, phrase) <= found, phrase  # recall: every text with the phrase
        together = [phrase in h.text for h in hits]
        # Those holding the phrase come first: no False before a True.
        assert together == sorted(together, reverse=True), phrase


def test_a_quoted_phrase_finds_exactly_the_texts_holding_it(seed_round, reader):
    texts = _texts(seed_round)
    for phrase in PHRASES:
        assert _found(reader, f'"{phrase}"') == _scan(texts, phrase), phrase


def test_quality_school_policy_unquoted_finds_more_quoted_only_the_policy(seed_round, reader):
    loose = {h.submission_id for h in search(user=reader, q="โรงเรียนคุณภาพ", limit=1000)}
    exact = {h.submission_id for h in search(user=reader, q="“โรงเรียนคุณภาพ”", limit=1000)}
    assert exact and exact < loose


def test_a_misspelt_word_gets_the_indexed_word_as_a_suggestion(seed_round, reader):
    page = search_page(user=reader, q="งบประมาน")
    assert page.suggestion == "งบประมาณ"
    assert search_page(user=reader, q="งบประมาณ").suggestion == ""


def test_the_search_page_offers_the_suggestion_as_a_link(seed_round, reader, client):
    client.force_login(reader)
    html = client.get("/search/", {"q": "งบประมาน"}).content.decode()
    assert "คุณหมายถึง" in html and "งบประมาณ</a>?" in html
