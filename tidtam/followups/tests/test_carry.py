"""Re-importing the round a follow-up came from (a corrected file) keeps what agencies answered in later
rounds: status, reasons, every update and its evidence, on the new round's matching follow-up."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tidtam.followups.models import FollowUp, FollowUpEvidence, FollowUpUpdate
from tidtam.followups.services import followup_update
from tidtam.formdefs.models import Round
from tidtam.ingest.services import report_import
from tidtam.testing import SEED

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _answer(people, round_, followup, status, note, evidence=None):
    return followup_update(
        followup=followup,
        by=people.users["reporter"],
        status=status,
        note=note,
        round_=round_,
        evidence=evidence,
    )


def test_reimporting_the_origin_round_keeps_the_answers_given_in_the_next_round(people, tmp_path):
    next_round = people.open_next_round()
    agency = people.agencies["สพม.สค. สส."]
    resolved, in_progress, *_ = FollowUp.objects.filter(
        origin_round=people.seed, item_number=4, agency=agency, kind="problem"
    ).order_by("order")
    _answer(people, next_round, resolved, "resolved", "ได้รับงบประมาณเพิ่มแล้ว")
    _answer(
        people,
        next_round,
        in_progress,
        "in_progress",
        "เสนอของบแล้ว",
        SimpleUploadedFile("หลักฐาน.pdf", PDF, content_type="application/pdf"),
    )
    evidence_file = FollowUpEvidence.objects.get().file.name

    # A corrected file: the same report with one X.2 problem reworded slightly.
    corrected = tmp_path / "corrected.txt"
    text = SEED.read_text(encoding="utf-8")
    corrected.write_text(
        text.replace(in_progress.text[:20], in_progress.text[:20] + " ", 1), encoding="utf-8"
    )
    report_import(path=corrected)

    new_seed = Round.objects.get(office=people.office, fiscal_year_be=2567, number=2)
    assert new_seed.pk != people.seed.pk
    after = {
        f.order: f
        for f in FollowUp.objects.filter(origin_round=new_seed, item_number=4, agency=agency, kind="problem")
    }
    assert after[resolved.order].status == "resolved"
    assert after[resolved.order].closed_in_round == next_round
    assert after[resolved.order].status_reason == "ได้รับงบประมาณเพิ่มแล้ว"
    assert [u.note for u in after[resolved.order].updates.all()] == ["ได้รับงบประมาณเพิ่มแล้ว"]
    carried = after[in_progress.order].updates.get()
    assert (carried.status, carried.round, carried.by) == (
        "in_progress",
        next_round,
        people.users["reporter"],
    )
    assert carried.evidence.get().file.name == evidence_file
    # Nothing duplicated: one follow-up per X.2 row, as before the re-import.
    assert (
        FollowUp.objects.filter(origin_round=new_seed).count()
        == FollowUp.objects.filter(origin_round=new_seed)
        .values("item", "agency", "kind", "order")
        .distinct()
        .count()
    )
    assert FollowUpUpdate.objects.filter(round=next_round).count() == 2


def test_an_answered_followup_the_new_file_no_longer_states_is_kept(people, tmp_path):
    next_round = people.open_next_round()
    agency = people.agencies["สพม.สค. สส."]
    seed_text = SEED.read_text(encoding="utf-8")
    # A problem the report states once, so that the corrected file surely drops it.
    target = next(
        f
        for f in FollowUp.objects.filter(origin_round=people.seed, agency=agency, kind="problem")
        if seed_text.count(f.text) == 1
    )
    _answer(people, next_round, target, "in_progress", "ดำเนินการแล้วบางส่วน")

    corrected = tmp_path / "corrected.txt"
    corrected.write_text(seed_text.replace(target.text, "ปัญหาอื่นโดยสิ้นเชิง"), encoding="utf-8")
    report_import(path=corrected)

    new_seed = Round.objects.get(office=people.office, fiscal_year_be=2567, number=2)
    kept = FollowUp.objects.get(origin_round=new_seed, text=target.text)
    assert [u.note for u in kept.updates.all()] == ["ดำเนินการแล้วบางส่วน"]


def test_a_reimport_with_nothing_answered_carries_nothing(people):
    report_import(path=SEED)
    new_seed = Round.objects.get(office=people.office, fiscal_year_be=2567, number=2)
    assert not FollowUpUpdate.objects.exists()
    assert FollowUp.objects.filter(origin_round=new_seed).exists()
