import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from tidtam.followups.models import FollowUp, FollowUpUpdate
from tidtam.followups.selectors import followups_to_answer, followups_visible_to, unanswered_count
from tidtam.followups.services import followup_update, followups_sync_round
from tidtam.followups.text import is_nothing, split_recommendations
from tidtam.ingest.services import report_import
from tidtam.submissions.models import ProblemRow, Submission
from tidtam.submissions.services import submission_submit, submission_update
from tidtam.testing import SEED

pytestmark = pytest.mark.django_db


def test_the_seed_round_opens_one_problem_per_x2_row_and_one_per_recommendation(seed_round):
    rows = [r for r in ProblemRow.objects.filter(submission__round=seed_round) if not is_nothing(r.problem)]
    problems = FollowUp.objects.filter(origin_round=seed_round, kind=FollowUp.Kind.PROBLEM)
    assert len(rows) >= 75 and problems.count() == len(rows)
    assert {(f.item_number, f.agency_id, f.order) for f in problems} == {
        (r.submission.item.number, r.submission.agency_id, r.order) for r in rows
    }
    expected = {
        (s.item.number, s.agency_id): len(split_recommendations(s.recommendations))
        for s in Submission.objects.filter(round=seed_round)
        if split_recommendations(s.recommendations)
    }
    recs = FollowUp.objects.filter(origin_round=seed_round, kind=FollowUp.Kind.RECOMMENDATION)
    got: dict = {}
    for f in recs:
        got[(f.item_number, f.agency_id)] = got.get((f.item_number, f.agency_id), 0) + 1
    assert got == expected and len(expected) >= 20
    # ศกศ.สค.'s three bulleted recommendations on item 1 are three follow-ups, all open.
    assert 3 in got.values()
    assert set(FollowUp.objects.values_list("status", flat=True)) == {"open"}


def test_syncing_again_changes_nothing(seed_round):
    before = sorted(FollowUp.objects.values_list("pk", "text"))
    assert followups_sync_round(round_=seed_round) == 0
    assert sorted(FollowUp.objects.values_list("pk", "text")) == before


def _fill(sub: Submission, by) -> Submission:
    """What the default required sections ask for: last round's values again, and a narrative."""
    before = Submission.objects.get(
        round__key="TH-74/2567/2", item__number=sub.item.number, agency=sub.agency
    )
    values = {v.column.key: v.value for v in before.values.select_related("column")}
    narratives = {st.number: "ดำเนินการตามแผน" for st in sub.item.subtopics.all()} or {None: "ดำเนินการตามแผน"}
    return submission_update(
        submission=sub, by=by, expected_version=sub.version, values=values, narratives=narratives
    )


def test_the_next_round_asks_for_an_update_on_each_open_followup_before_submitting(people):
    round_ = people.open_next_round()
    agency = people.agencies["สพม.สค. สส."]
    sub = Submission.objects.get(round=round_, item__number=4, agency=agency)
    to_answer = followups_to_answer(submission=sub)
    origin = FollowUp.objects.filter(origin_round=people.seed, item_number=4, agency=agency)
    assert {t.followup.pk for t in to_answer} == set(origin.values_list("pk", flat=True))
    assert len(to_answer) >= 3 and all(t.answer is None for t in to_answer)
    sub = _fill(sub, people.users["reporter"])
    with pytest.raises(ValidationError, match="ยังไม่ได้รายงานผลการติดตามจากรอบก่อน"):
        submission_submit(submission=sub, by=people.users["head"])

    first, *rest = [t.followup for t in to_answer]
    followup_update(
        followup=first,
        by=people.users["reporter"],
        status="resolved",
        note="ได้รับงบประมาณเพิ่มแล้ว",
        round_=round_,
    )
    for f in rest:
        followup_update(
            followup=f,
            by=people.users["reporter"],
            status="in_progress",
            note="เสนอของบประมาณแล้ว รอผล",
            round_=round_,
        )
    assert unanswered_count(submission=sub) == 0
    submission_submit(submission=Submission.objects.get(pk=sub.pk), by=people.users["head"])
    first.refresh_from_db()
    assert first.status == "resolved" and first.closed_in_round == round_
    # Answered in this round, the resolved one still shows on the report with its answer.
    assert [t.answer.status for t in followups_to_answer(submission=sub) if t.followup == first] == [
        "resolved"
    ]


def test_closing_a_followup_needs_a_reason_and_only_its_agency_or_the_office_may(people):
    f = FollowUp.objects.filter(origin_round=people.seed, agency=people.agencies["สพม.สค. สส."]).first()
    with pytest.raises(ValidationError, match="เหตุผล"):
        followup_update(followup=f, by=people.users["reporter"], status="not_relevant", note=" ")
    for name in ("other_reporter", "inspector", "national"):
        with pytest.raises(PermissionDenied):
            followup_update(followup=f, by=people.users[name], status="in_progress", note="x")
    followup_update(followup=f, by=people.users["coordinator"], status="not_relevant", note="ยกเลิกโครงการ")
    assert FollowUp.objects.get(pk=f.pk).status_reason == "ยกเลิกโครงการ"


def test_an_agency_sees_only_its_own_followups_and_the_office_sees_all(people):
    own = people.agencies["สพม.สค. สส."]
    mine = followups_visible_to(user=people.users["reporter"])
    assert mine.exists() and set(mine.values_list("agency_id", flat=True)) == {own.pk}
    total = FollowUp.objects.count()
    assert followups_visible_to(user=people.users["coordinator"]).count() == total
    assert followups_visible_to(user=people.users["national"]).count() == total


def test_the_template_decides_whether_followups_must_be_answered(people):
    round_ = people.open_next_round()
    sub = Submission.objects.get(round=round_, item__number=4, agency=people.agencies["สพม.สค. สส."])
    item = sub.item
    item.required = ["table", "narrative"]  # the template leaves "followups" out
    item.save()
    sub = _fill(Submission.objects.get(pk=sub.pk), people.users["reporter"])
    submission_submit(submission=sub, by=people.users["head"])


def _later_round(tmp_path: Path, replace: dict[str, str]) -> Path:
    text = SEED.read_text(encoding="utf-8").replace("รอบที่ 2 ประจำปีงบประมาณ", "รอบที่ 3 ประจำปีงบประมาณ", 1)
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "th74-2567-r3.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_later_round_links_the_same_problems_as_recurring_instead_of_opening_them_again(
    seed_round, tmp_path
):
    problems = list(FollowUp.objects.filter(origin_round=seed_round, kind="problem").order_by("pk"))
    source = SEED.read_text(encoding="utf-8")
    # Problems printed whole in a row's first cell, so that the source can be edited by plain replacement.
    whole = [
        f for f in problems if len(f.text) > 40 and f"\n{f.text}\t" in source and not f.text[0].isdigit()
    ]
    reworded, replaced = whole[0], whole[-1]
    new_text = "ขาดแคลนเรือสำหรับรับส่งนักเรียนบนเกาะในช่วงมรสุม"
    path = _later_round(
        tmp_path,
        {
            # Said again in other words: a clause added at the end.
            f"\n{reworded.text}\t": f"\n{reworded.text} ซึ่งยังคงเป็นปัญหาในรอบนี้\t",
            f"\n{replaced.text}\t": f"\n{new_text}\t",
        },
    )
    later = report_import(path=path).round
    assert later.key == "TH-74/2567/3"
    new_problems = FollowUp.objects.filter(origin_round=later, kind="problem")
    assert [f.text for f in new_problems] == [new_text]
    recurring = FollowUpUpdate.objects.filter(round=later, kind="recurring")
    assert recurring.filter(followup=reworded).exists()
    assert not recurring.filter(followup=replaced).exists()
    assert recurring.values("followup").distinct().count() == len(problems) - 1
    # Importing the same later round again remakes the links, never doubles them.
    count = recurring.count()
    report_import(path=path)
    assert FollowUpUpdate.objects.filter(round__key="TH-74/2567/3", kind="recurring").count() == count


def test_the_cli_prints_the_followups_of_a_province_as_the_contract_says(seed_round):
    out = StringIO()
    call_command("followups", "TH-74", "--status", "open", "--format", "json", stdout=out)
    records = json.loads(out.getvalue())
    assert len(records) == FollowUp.objects.count()
    first = records[0]
    assert set(first) == {
        "id",
        "origin_round",
        "item",
        "item_code",
        "agency",
        "kind",
        "text",
        "expected_result",
        "status",
        "rounds_open",
        "updates",
    }
    assert first["origin_round"] == "TH-74/2567/2" and first["rounds_open"] == 1
    assert {r["agency"] for r in records} <= {
        "สพป.สค.",
        "สพม.สค. สส.",
        "สช.สค.",
        "ศกศ.สค.",
        "สกร.สค.",
        "สอศ.สค.",
        "ศธจ.สค.",
    }
    csv_out = StringIO()
    call_command("followups", "TH-74", "--round", "TH-74/2567/2", "--format", "csv", stdout=csv_out)
    assert csv_out.getvalue().splitlines()[0].startswith("id,origin_round,item,item_code,agency")
    assert len(csv_out.getvalue().splitlines()) >= len(records) + 1
    # A round that is not this province's is an error, not an empty list.
    with pytest.raises(CommandError, match="ไม่พบรอบ TH-74/2599/9"):
        call_command("followups", "TH-74", "--round", "TH-74/2599/9", "--format", "json", stdout=StringIO())
    with pytest.raises(CommandError, match="ไม่พบจังหวัด"):
        call_command("followups", "TH-XX", "--format", "json", stdout=StringIO())
    # A wrong status or format is named in Thai with what may be used (argparse would answer in English).
    with pytest.raises(CommandError, match="สถานะ «closed» ไม่มี ใช้ได้: open"):
        call_command("followups", "TH-74", "--status", "closed", stdout=StringIO())
    with pytest.raises(CommandError, match="รูปแบบ «xml» ไม่มี ใช้ได้: json, csv"):
        call_command("followups", "TH-74", "--format", "xml", stdout=StringIO())


def test_a_moved_item_of_the_next_form_version_answers_the_followups_of_its_predecessor(people):
    """FY 2567's item 6 (จัดหานักการภารโรง) continues as FY 2568's indicator 1.6 under policy 1."""
    from django.utils import timezone

    from tidtam.formdefs.models import FormTemplate
    from tidtam.submissions.services import round_open

    nxt = FormTemplate.objects.get(code="moe-inspection", version="2568.1")
    round_ = round_open(
        office=people.office,
        fiscal_year_be=2568,
        number=1,
        template=nxt,
        due_date=timezone.localdate(),
        by=people.users["coordinator"],
    )
    agency = people.agencies["สช.สค."]
    origin = FollowUp.objects.filter(origin_round=people.seed, item_number=6, agency=agency)
    assert origin.count() >= 3
    sub = Submission.objects.get(round=round_, agency=agency, item__lineage=origin[0].item_lineage)
    assert sub.item.numbering == "1.6" and sub.item.policy.order == 1  # moved under policy 1
    assert {t.followup.pk for t in followups_to_answer(submission=sub)} == set(
        origin.values_list("pk", flat=True)
    )


def test_a_followup_closed_outside_a_report_stops_ageing(people):
    """Closed by the coordinator on its own page (no round's report), its age in rounds stops where it
    was; one still open keeps ageing with each later round."""
    from tidtam.followups.selectors import rounds_open

    closed, still_open = FollowUp.objects.filter(origin_round=people.seed, kind="problem")[:2]
    followup_update(
        followup=closed, by=people.users["coordinator"], status="resolved", note="แก้ไขแล้วก่อนรอบถัดไป"
    )
    people.open_next_round()
    ages = rounds_open(FollowUp.objects.filter(pk__in=[closed.pk, still_open.pk]))
    assert ages == {closed.pk: 1, still_open.pk: 2}


def test_a_form_version_can_let_an_item_be_submitted_without_answering_its_followups(people, tmp_path):
    """The rule is template data: a new version whose item lists `required` without "followups" lets the
    agency submit with its follow-ups unanswered; the same item of the version without it does not."""
    from django.utils import timezone

    from tidtam.formdefs.services import template_load
    from tidtam.submissions.services import round_open
    from tidtam.testing import TEMPLATE

    source = TEMPLATE.parent / "moe-inspection-2568-1.yaml"
    text = source.read_text(encoding="utf-8")
    text = text.replace(
        'version: "2568.1"\nprevious_version: "2567.2"', 'version: "2568.2"\nprevious_version: "2568.1"'
    )
    text = text.replace("round_number: 1\n", "round_number: 2\n", 1)
    # Everything continues 2568.1 under the same codes and keys (its `continues_from` name FY 2567's).
    text = "\n".join(line for line in text.splitlines() if "continues_from:" not in line) + "\n"
    text = text.replace(
        "        code: P1.I4\n", "        code: P1.I4\n        required: [table, narrative]\n", 1
    )
    path = tmp_path / "moe-inspection-2568-2.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError, match="required มีค่า followup ที่ไม่รู้จัก"):
        bad = tmp_path / "bad.yaml"
        bad.write_text(text.replace("required: [table, narrative]", "required: [table, followup]"), "utf-8")
        template_load(path=bad)
    template, _changed = template_load(path=path)
    round_ = round_open(
        office=people.office,
        fiscal_year_be=2568,
        number=2,
        template=template,
        due_date=timezone.localdate(),
        by=people.users["coordinator"],
    )
    agency = people.agencies["สพม.สค. สส."]
    sub = Submission.objects.get(round=round_, agency=agency, item__code="P1.I4")
    assert followups_to_answer(submission=sub) and unanswered_count(submission=sub) > 0
    submission_submit(submission=_fill(sub, people.users["reporter"]), by=people.users["head"])
    assert Submission.objects.get(pk=sub.pk).status == Submission.Status.SUBMITTED


def test_a_problem_said_again_in_other_words_is_linked_as_recurring(seed_round, tmp_path):
    """Reworded, not copied: words reordered and changed. Thai-aware similarity still finds the earlier
    problem of the same agency and item, and no other."""
    internet = "โรงเรียนในสังกัดบางแห่งมีสัญญาณอินเทอร์เน็ตที่ไม่ครอบคลุมทุกพื้นที่"
    handover = "การเปลี่ยนแปลงผู้รับผิดชอบโครงการ/กิจกรรมบ่อย ทำให้การดำเนินงานขาดความต่อเนื่องและทำให้เกิดความล่าช้า"
    path = _later_round(
        tmp_path,
        {
            internet: "สัญญาณอินเทอร์เน็ตของโรงเรียนบางแห่งในสังกัดยังไม่ครอบคลุมทุกพื้นที่",
            handover: "ผู้รับผิดชอบโครงการและกิจกรรมมีการเปลี่ยนแปลงบ่อย การดำเนินงานจึงขาดความต่อเนื่องและล่าช้า",
        },
    )
    later = report_import(path=path).round
    for text in (internet, handover):
        earlier = FollowUp.objects.get(origin_round=seed_round, text=text)
        links = FollowUpUpdate.objects.filter(round=later, kind="recurring", followup=earlier)
        assert links.count() == 1
        assert not FollowUp.objects.filter(
            origin_round=later, item_number=earlier.item_number, text=links[0].note
        )


def test_an_earlier_round_imported_late_takes_the_later_rounds_repeated_problems_as_recurring(
    seed_round, tmp_path
):
    """Round 1 of the same year arrives after the seed's round 2 and says the same problems: the seed's
    problems become recurring links to round 1's, as if the rounds had been imported in order."""
    seed_problems = FollowUp.objects.filter(origin_round=seed_round, kind="problem").count()
    earlier = tmp_path / "th74-2567-r1.txt"
    earlier.write_text(
        SEED.read_text(encoding="utf-8").replace("รอบที่ 2 ประจำปีงบประมาณ", "รอบที่ 1 ประจำปีงบประมาณ", 1),
        encoding="utf-8",
    )
    first = report_import(path=earlier).round
    assert first.key == "TH-74/2567/1"
    assert FollowUp.objects.filter(origin_round=first, kind="problem").count() == seed_problems
    assert not FollowUp.objects.filter(origin_round=seed_round, kind="problem").exists()
    links = FollowUpUpdate.objects.filter(round=seed_round, kind="recurring")
    assert links.count() == seed_problems
    assert set(links.values_list("followup__origin_round", flat=True)) == {first.pk}
    # Importing round 1 again (a corrected file) does not double anything.
    report_import(path=earlier)
    assert FollowUpUpdate.objects.filter(round=seed_round, kind="recurring").count() == seed_problems
    assert not FollowUp.objects.filter(origin_round=seed_round, kind="problem").exists()
