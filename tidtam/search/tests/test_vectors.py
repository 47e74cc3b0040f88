"""The search vector built in Python: the same as the database's to_tsvector, or left to the database."""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidtam.formdefs.tests.factories import RoundFactory
from tidtam.search import services, vectors
from tidtam.search.models import SearchDocument
from tidtam.search.services import search_reindex
from tidtam.search.tests.test_search_at_scale import accepted_with_recommendation
from tidtam.search.vectors import as_text, tsvector_binary

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's to_tsvector")


def test_each_word_once_in_byte_order_with_its_places():
    assert as_text(tsvector_binary(["ปี", "งบ", "ปี", "2567", "dpa"])) == "'2567':4 'dpa':5 'งบ':2 'ปี':1,3"
    assert as_text(tsvector_binary([])) == ""


@pytest.mark.parametrize(
    "words",
    [
        ["café"],  # an accented letter: the database's parser decides
        ["3.5"],  # a decimal point
        ["ปี2567"],  # Thai letters and digits in one word
        ["\u0e48ครู"],  # starts on a tone mark, which the parser cannot start a word with
        ["ครู"] * 256,  # more places than the database keeps
        ["ก" * 100],  # longer than any plain word
        ["Dpa"],  # not lowercased
    ],
)
def test_words_the_database_might_read_otherwise_are_left_to_it(words):
    assert tsvector_binary(words) is None


def _server_vector(words: list[str]) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('simple', %s)::text", [" ".join(words)])
        return cursor.fetchone()[0]


_LETTERS = "กขคงจฉชซญดตถทนบปผพฟมยรลวศษสหอฮะัาำิีึืุูเแโใไๅๆ็่้๊๋์ํ๎ฯฤฦ"


@on_postgresql
@pytest.mark.django_db
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=_LETTERS, min_size=1, max_size=12),
            st.text(alphabet="abcxyz", min_size=1, max_size=6),
            st.text(alphabet="0123456789", min_size=1, max_size=5),
            st.sampled_from(["งบประมาณ", "ปี", "ครู", "สพป", "กคศ", "ข้อมูล"]),
        ),
        max_size=40,
    )
)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_built_vector_is_what_the_server_computes(words):
    built = tsvector_binary(words)
    if built is not None:
        assert as_text(built) == _server_vector(words)


def test_every_probe_of_the_server_is_a_vector_the_builder_makes():
    # A probe the builder refused would check nothing.
    assert all(tsvector_binary(list(words)) is not None for words in vectors._PROBES)


@on_postgresql
@pytest.mark.django_db
def test_the_probe_accepts_this_server():
    assert vectors.matches_database()


def _stored_differs() -> int:
    """Indexed documents whose vector is not what the database computes from their words."""
    return SearchDocument.objects.extra(  # noqa: S610 (constant SQL)
        where=[f"search_vector IS DISTINCT FROM {vectors.SQL_VECTOR}"]
    ).count()


@on_postgresql
@pytest.mark.django_db
def test_texts_with_unusual_words_or_a_server_that_differs_get_the_database_vector(monkeypatch):
    accepted_with_recommendation(RoundFactory(fiscal_year_be=2566, number=1), "ควรใช้ระบบ café 3.5 เท่า")
    accepted_with_recommendation(RoundFactory(fiscal_year_be=2567, number=1), "ควรลดภาระครู")
    assert search_reindex()["documents"] == 2
    assert _stored_differs() == 0
    monkeypatch.setattr(services.vectors, "matches_database", lambda: False)
    assert search_reindex()["documents"] == 2
    assert _stored_differs() == 0
    assert SearchDocument.objects.filter(search_vector__isnull=False).count() == 2
