"""The indexing services as a background job calls them: incremental refresh, rebuild, progress."""

import pytest
from django.utils import timezone

from tidtam.formdefs.tests.factories import RoundFactory
from tidtam.search.models import IndexedSubmission, IndexWatermark, SearchDocument, SearchWord
from tidtam.search.services import search_index_refresh, search_reindex
from tidtam.search.tests.test_search_at_scale import accepted_with_recommendation
from tidtam.submissions.models import Submission

pytestmark = pytest.mark.django_db


class Recorder:
    def __init__(self):
        self.calls: list[tuple[int, int, str]] = []

    def update(self, done: int, total: int, message: str = "") -> None:
        self.calls.append((done, total, message))


@pytest.fixture
def two_rounds():
    first = accepted_with_recommendation(RoundFactory(fiscal_year_be=2566, number=1), "ควรเพิ่มปีงบประมาณ")
    second = accepted_with_recommendation(RoundFactory(fiscal_year_be=2567, number=1), "ควรลดภาระครู")
    return first, second


def test_refresh_indexes_every_stale_submission_then_only_what_changed(two_rounds):
    first, second = two_rounds
    progress = Recorder()
    assert search_index_refresh(progress=progress) == 2
    assert progress.calls[-1][:2] == (2, 2)
    assert IndexWatermark.objects.exists()
    assert search_index_refresh(progress=Recorder()) == 0
    Submission.objects.filter(pk=second.pk).update(
        recommendations="ควรลดภาระงานเอกสาร", updated_at=timezone.now()
    )
    assert search_index_refresh() == 1
    doc = SearchDocument.objects.get(submission=second)
    assert "งานเอกสาร" in doc.tokens.split()


def test_the_index_holds_the_tails_of_compounds_and_the_vocabulary_counts_words(two_rounds):
    first, _ = two_rounds
    search_index_refresh()
    doc = SearchDocument.objects.get(submission=first)
    assert "ปีงบประมาณ" in doc.tokens.split() and "งบประมาณ" in doc.subwords.split()
    assert SearchWord.objects.get(word="ปีงบประมาณ").documents == 1
    assert not SearchWord.objects.filter(word="บประมาณ").exists()  # a tail is no word to suggest


def test_reindex_of_one_round_rebuilds_only_that_round(two_rounds):
    first, second = two_rounds
    progress = Recorder()
    assert search_reindex(round_key=first.round.key, progress=progress) == {"submissions": 1, "documents": 1}
    assert set(IndexedSubmission.objects.values_list("submission_id", flat=True)) == {first.pk}
    assert progress.calls == [(1, 1, "กำลังสร้างดัชนีค้นหา")]


def test_a_whole_reindex_recounts_the_vocabulary(two_rounds):
    search_reindex()
    search_reindex()
    assert SearchWord.objects.get(word="ครู").documents == 1


def test_reindex_of_an_unknown_round_raises():
    from tidtam.formdefs.models import Round

    with pytest.raises(Round.DoesNotExist):
        search_reindex(round_key="TH-99/2500/1")


def test_the_command_can_index_only_the_stale(two_rounds, capsys):
    from django.core.management import call_command

    call_command("search_reindex", "--stale")
    assert "2" in capsys.readouterr().out
    assert IndexedSubmission.objects.count() == 2


def test_the_stale_count_is_a_read_that_follows_the_refresh(two_rounds):
    from tidtam.search.selectors import index_stale_count

    first, _ = two_rounds
    assert index_stale_count() == 2
    assert index_stale_count() == 2  # reading changed nothing
    search_index_refresh()
    assert index_stale_count() == 0
    Submission.objects.filter(pk=first.pk).update(updated_at=timezone.now())
    assert index_stale_count(submissions=Submission.objects.filter(pk=first.pk)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_outside_a_transaction_gives_the_same_index(monkeypatch):
    """On PostgreSQL batches are then written on a second connection while the next is segmented."""
    from django.db import connection

    from tidtam.search import services

    subs = [
        accepted_with_recommendation(RoundFactory(fiscal_year_be=2560 + n, number=1), text)
        for n, text in enumerate(["ควรเพิ่มปีงบประมาณ", "ควรลดภาระครู", "ควรจัดโครงการอบรม"])
    ]
    monkeypatch.setattr(services, "BATCH_SIZE", 1)
    pipelined = []
    original = services._index_pipelined
    monkeypatch.setattr(
        services, "_index_pipelined", lambda ids, progress: pipelined.append(ids) or original(ids, progress)
    )
    progress = Recorder()
    assert search_reindex(progress=progress) == {"submissions": 3, "documents": 3}
    assert [c[:2] for c in progress.calls] == [(1, 3), (2, 3), (3, 3)]
    assert IndexedSubmission.objects.count() == 3
    assert "งบประมาณ" in SearchDocument.objects.get(submission=subs[0]).subwords.split()
    assert any(
        w.startswith("โครงการ") for w in SearchDocument.objects.get(submission=subs[2]).subwords.split()
    )
    assert bool(pipelined) == (connection.vendor == "postgresql")
