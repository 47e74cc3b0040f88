"""The agency's home ("งานของฉัน"): progress by part (follow-ups included, through the registry), days
left, returned reports first with why, a bounded number of queries; and the head's "ส่งทั้งหมดที่พร้อม"."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tidtam.common.models import AuditEvent
from tidtam.followups.models import FollowUp
from tidtam.followups.selectors import followups_owed, followups_to_answer
from tidtam.followups.services import followup_update
from tidtam.formdefs.models import Round, RoundParticipant
from tidtam.formdefs.tests.factories import ItemFactory, PolicyFactory, RoundFactory
from tidtam.submissions.models import Submission, WorkflowEvent
from tidtam.submissions.presenters import days_left_text
from tidtam.submissions.progress import progress_of, registered_parts
from tidtam.submissions.services import submission_return, submission_submit, submission_update

Status = Submission.Status
WORK = "/work/"


@pytest.fixture
def owed(world):
    """A problem of agency A's item 1 from the office's previous round, still open: owed this round."""
    previous = RoundFactory(
        office=world.office,
        template=world.round.template,
        fiscal_year_be=2567,
        number=2,
        status=Round.Status.CLOSED,
    )
    return FollowUp.objects.create(
        origin_round=previous,
        item=world.item1,
        item_code=world.item1.code,
        item_lineage=world.item1.lineage,
        item_number=1,
        agency=world.agency_a,
        kind=FollowUp.Kind.PROBLEM,
        text="ครูไม่คุ้นเคยกับระบบ DPA",
    )


def test_the_followups_part_is_registered_by_the_followups_app():
    assert registered_parts() == ["table", "narratives", "problems", "followups"]


def test_progress_by_part_with_required_parts_marked(world, owed):
    sub = submission_update(
        submission=world.sub(),
        by=world.users["reporter"],
        expected_version=world.sub().version,
        values={"submitted": 10},
        narratives={1: "จัดประชุมชี้แจง"},
    )
    progress = {p.key: p for p in progress_of([sub])[sub.pk]}
    assert (progress["table"].done, progress["table"].total, progress["table"].required) == (1, 2, True)
    assert (progress["narratives"].done, progress["narratives"].total) == (1, 2)
    assert progress["narratives"].required
    assert (progress["problems"].done, progress["problems"].required) == (0, False)
    assert (progress["followups"].done, progress["followups"].total, progress["followups"].required) == (
        0,
        1,
        True,
    )

    followup_update(
        followup=owed, by=world.users["reporter"], status="in_progress", note="อบรมแล้ว", round_=world.round
    )
    followups = next(p for p in progress_of([sub])[sub.pk] if p.key == "followups")
    assert (followups.done, followups.total, followups.complete) == (1, 1, True)
    # Item 2 owes nothing: no follow-ups part at all; its single narrative counts as one.
    item2 = {p.key: p for p in progress_of([world.sub(item=world.item2)])[world.sub(item=world.item2).pk]}
    assert "followups" not in item2 and "table" not in item2 and item2["narratives"].total == 1


def test_followups_owed_agrees_with_followups_to_answer(world, owed):
    subs = list(Submission.objects.filter(round=world.round).select_related("round", "item"))
    owed_map = followups_owed(submissions=subs)
    for s in subs:
        to_answer = followups_to_answer(submission=s)
        assert owed_map[s.pk] == (len(to_answer), sum(1 for t in to_answer if t.answer is not None))


def test_the_home_shows_parts_required_marks_and_days_left(world, owed, client):
    client.force_login(world.users["reporter"])
    html = client.get(WORK).content.decode()
    assert "ตารางผลการดำเนินงาน" in html and "ผลการติดตามจากรอบก่อน" in html
    assert 'class="required-mark"' in html and "0/1" in html
    assert "เหลือ 14 วัน" in html  # the world's round is due in 14 days


@pytest.mark.parametrize("days,text", [(5, "เหลือ 5 วัน"), (0, "ครบกำหนดวันนี้"), (-2, "เลยกำหนด 2 วัน")])
def test_days_left_in_thai(days, text):
    today = dt.date(2025, 3, 10)
    assert days_left_text(today + dt.timedelta(days=days), today) == text
    assert days_left_text(None, today) == ""


def test_overdue_round_reads_days_late(world, client):
    Round.objects.filter(pk=world.round.pk).update(due_date=timezone.localdate() - dt.timedelta(days=3))
    client.force_login(world.users["reporter"])
    assert "เลยกำหนด 3 วัน" in client.get(WORK).content.decode()


def test_returned_reports_come_first_with_the_reason(world, client):
    item2 = world.fill(world.sub(item=world.item2))
    submission_submit(submission=item2, by=world.users["head"])
    submission_return(
        submission=item2, by=world.users["coordinator"], section="X.3", reason="ขอเพิ่มปัจจัยความสำเร็จ"
    )
    client.force_login(world.users["reporter"])
    html = client.get(WORK).content.decode()
    returned = html.index("ส่งกลับให้แก้ไข (ทำก่อน)")
    assert returned < html.index("ขอเพิ่มปัจจัยความสำเร็จ") < html.index(world.round.key + " <span")
    assert "2.3 ปัจจัยแห่งความสำเร็จ" in html  # the section, with the item number and its Thai name


def _more_items(world, n):
    """n more items in the world's form, each with a submission of agency A."""
    policy = PolicyFactory(template=world.round.template, order=world.round.template.policies.count() + 1)
    start = Submission.objects.count() + 10
    for i in range(n):
        item = ItemFactory(policy=policy, number=start + i, title=f"ข้อเพิ่ม {i}")
        Submission.objects.create(round=world.round, item=item, agency=world.agency_a)


def _home_queries(world, client, django_assert_max_num_queries, budget):
    client.force_login(world.users["reporter"])
    with django_assert_max_num_queries(budget):
        response = client.get(WORK)
    assert response.status_code == 200
    return response.content.decode().count('class="work-row"')


def test_the_home_reads_a_bounded_number_of_queries(world, owed, client, django_assert_max_num_queries):
    assert RoundParticipant.objects.filter(round=world.round, agency=world.agency_a).exists()
    _more_items(world, 12)
    assert _home_queries(world, client, django_assert_max_num_queries, 12) == 14
    _more_items(world, 14)
    assert _home_queries(world, client, django_assert_max_num_queries, 12) == 28


# --- send all ready ------------------------------------------------------------------------------------


def test_send_all_ready_lists_ready_and_not_ready_and_changes_nothing_on_get(world, owed, client):
    world.fill(world.sub())  # item 1: filled, but its follow-up is not answered
    world.fill(world.sub(item=world.item2))  # item 2: ready
    client.force_login(world.users["head"])
    assert "ส่งทั้งหมดที่พร้อม" in client.get(WORK).content.decode()
    response = client.get(reverse("submissions:submit_ready"))
    html = response.content.decode()
    assert "พร้อมส่ง 1 ฉบับ" in html and "ยังไม่พร้อม 1 ฉบับ" in html
    assert "ยังไม่ได้รายงานผลการติดตามจากรอบก่อน 1 เรื่อง" in html
    assert f'value="{world.sub(item=world.item2).pk}:' in html
    assert set(Submission.objects.values_list("status", flat=True)) == {Status.DRAFT}


def test_send_all_ready_sends_each_through_the_workflow(world, client):
    one, two = world.fill(world.sub()), world.fill(world.sub(item=world.item2))
    client.force_login(world.users["head"])
    response = client.post(
        reverse("submissions:submit_ready"),
        {"confirm": "yes", "pick": [f"{one.pk}:{one.version}", f"{two.pk}:{two.version}"]},
        follow=True,
    )
    assert "ส่งรายงานแล้ว 2 ฉบับ" in response.content.decode()
    for sub in (one, two):
        sub.refresh_from_db()
        assert sub.status == Status.SUBMITTED
        assert WorkflowEvent.objects.filter(submission=sub, action="submit").count() == 1
        assert AuditEvent.objects.filter(object_id=str(sub.pk), action="submit").count() == 1


def test_send_all_ready_skips_a_report_changed_meanwhile(world, client):
    one, two = world.fill(world.sub()), world.fill(world.sub(item=world.item2))
    seen = {one.pk: one.version, two.pk: two.version}
    # Someone saves item 2 after the page was shown.
    submission_update(
        submission=two,
        by=world.users["reporter"],
        expected_version=two.version,
        narratives={None: "แก้ไขอีกครั้ง"},
    )
    client.force_login(world.users["head"])
    response = client.post(
        reverse("submissions:submit_ready"),
        {"confirm": "yes", "pick": [f"{pk}:{v}" for pk, v in seen.items()]},
        follow=True,
    )
    html = response.content.decode()
    assert "ส่งรายงานแล้ว 1 ฉบับ" in html and "มีการเปลี่ยนแปลงหลังจากหน้ายืนยัน" in html
    assert world.sub().status == Status.SUBMITTED and world.sub(item=world.item2).status == Status.DRAFT


@pytest.mark.parametrize("role", ["reporter", "coordinator", "admin"])
def test_send_all_ready_is_for_the_agency_head_only(world, client, role):
    sub = world.fill(world.sub())
    client.force_login(world.users[role])
    assert client.get(reverse("submissions:submit_ready")).status_code == 403
    response = client.post(
        reverse("submissions:submit_ready"), {"confirm": "yes", "pick": f"{sub.pk}:{sub.version}"}
    )
    assert response.status_code == 403 and world.sub().status == Status.DRAFT
    assert "ส่งทั้งหมดที่พร้อม" not in client.get(WORK).content.decode()
