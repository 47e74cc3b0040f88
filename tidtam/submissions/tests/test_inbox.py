"""The coordinator's inbox: what waits for review in their scope, oldest first, with comments; the count in
the navigation; "รายการที่ n จาก N" while reviewing; bulk accept and return behind a confirmation; the
single accept behind a ticked confirmation."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tidtam.common.models import AuditEvent
from tidtam.submissions.models import Submission, WorkflowEvent
from tidtam.submissions.services import comment_add, submission_accept, submission_submit
from tidtam.submissions.templatetags.entry_tags import thdatetime

Status = Submission.Status
INBOX = "/inbox/"


@pytest.fixture
def queue(world):
    """A's item 2, then B's item 1, then A's item 1 submitted (in that order, a day apart)."""
    order = [world.sub(item=world.item2), world.sub(agency=world.agency_b), world.sub()]
    now = timezone.now()
    for days_ago, sub in zip((3, 2, 1), order, strict=True):
        by = world.users["reporter_b" if sub.agency_id == world.agency_b.pk else "reporter"]
        submission_submit(submission=world.fill(sub, by=by), by=world.users["admin"])
        Submission.objects.filter(pk=sub.pk).update(submitted_at=now - dt.timedelta(days=days_ago))
    return [Submission.objects.get(pk=s.pk) for s in order]


def rows(html):
    return html.count('class="inbox-row"')


def test_the_inbox_lists_submitted_reports_oldest_first_with_what_a_reviewer_needs(world, queue, client):
    comment_add(submission=queue[1], by=world.users["inspector"], section="X.1", text="ตัวเลขสูงกว่ารอบก่อนมาก")
    client.force_login(world.users["coordinator"])
    html = client.get(INBOX).content.decode()
    assert rows(html) == 3
    positions = [html.index(f'id="pick-{s.pk}"') for s in queue]
    assert positions == sorted(positions)
    assert "รอมาแล้ว 3 วัน" in html and world.round.key in html and "สพม.ทส." in html
    assert "ตัวเลขสูงกว่ารอบก่อนมาก" in html and "inspector" in html
    sent = thdatetime(queue[0].submitted_at)  # "15 ก.ค. 68 14:03": Buddhist Era
    assert str(timezone.localtime(queue[0].submitted_at).year + 543)[-2:] in sent and sent in html


def test_only_submitted_reports_wait(world, queue, client):
    submission_accept(submission=queue[0], by=world.users["coordinator"])
    client.force_login(world.users["coordinator"])
    assert rows(client.get(INBOX).content.decode()) == 2


def test_a_coordinator_of_another_province_sees_none(world, queue, client):
    client.force_login(world.users["other_coordinator"])
    response = client.get(INBOX)
    assert response.status_code == 200 and rows(response.content.decode()) == 0
    assert "ไม่มีรายงานรอตรวจรับ" in response.content.decode()


@pytest.mark.parametrize("role", ["reporter", "head", "inspector", "national"])
def test_those_who_do_not_review_get_no_inbox(world, queue, client, role):
    client.force_login(world.users[role])
    assert client.get(INBOX).status_code == 403
    assert 'id="nav-inbox-count"' not in client.get(reverse("submissions:my_work")).content.decode()


def test_the_pending_count_is_in_the_navigation_and_on_the_home(
    world, queue, client, django_assert_max_num_queries
):
    client.force_login(world.users["coordinator"])
    html = client.get(reverse("submissions:my_work")).content.decode()
    assert '<span class="badge" id="nav-inbox-count">3</span>' in html
    assert "รายงานรอตรวจรับ 3 ฉบับ" in html
    other = client.get(reverse("web:round_list")).content.decode()
    assert '<span class="badge" id="nav-inbox-count">3</span>' in other


def test_the_navigation_count_is_one_query(world, queue):
    from django.db import connection
    from django.template import Context, Template
    from django.test.utils import CaptureQueriesContext

    user = world.users["coordinator"]
    template = Template('{% include "web/_nav_inbox.html" %}')
    template.render(Context({"user": user}))  # memberships read once per request, as in a page
    with CaptureQueriesContext(connection) as captured:
        html = template.render(Context({"user": user}))
    assert ">3<" in html
    assert len(captured) == 1 and "COUNT" in captured[0]["sql"].upper()


def test_review_page_from_the_inbox_steps_through_the_queue(world, queue, client):
    client.force_login(world.users["coordinator"])
    middle = client.get(
        reverse("submissions:entry", kwargs={"pk": queue[1].pk}) + "?from=inbox"
    ).content.decode()
    assert "รายการที่ 2 จาก 3" in middle
    assert f'href="/submissions/{queue[0].pk}/?from=inbox"' in middle
    assert f'href="/submissions/{queue[2].pk}/?from=inbox"' in middle
    first = client.get(
        reverse("submissions:entry", kwargs={"pk": queue[0].pk}) + "?from=inbox"
    ).content.decode()
    assert "รายการที่ 1 จาก 3" in first and 'rel="prev"' not in first
    plain = client.get(reverse("submissions:entry", kwargs={"pk": queue[0].pk})).content.decode()
    assert "รายการที่" not in plain


# --- bulk ------------------------------------------------------------------------------------------------


def statuses(subs):
    return [Submission.objects.get(pk=s.pk).status for s in subs]


def test_bulk_confirmation_lists_the_chosen_and_changes_nothing(world, queue, client):
    client.force_login(world.users["coordinator"])
    response = client.get(
        reverse("submissions:inbox_bulk"), {"action": "accept", "pick": [queue[0].pk, queue[2].pk]}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "ยืนยันการรับรองรายงาน" in html
    assert f'value="{queue[0].pk}:{queue[0].version}"' in html and f'value="{queue[2].pk}:' in html
    assert f'value="{queue[1].pk}:' not in html
    assert statuses(queue) == [Status.SUBMITTED] * 3
    # A POST without the confirmation shows the same page, and changes nothing either.
    response = client.post(reverse("submissions:inbox_bulk"), {"action": "accept", "pick": [queue[0].pk]})
    assert response.status_code == 200 and statuses(queue) == [Status.SUBMITTED] * 3


def _confirm(client, action, subs, **extra):
    return client.post(
        reverse("submissions:inbox_bulk"),
        {"action": action, "confirm": "yes", "pick": [f"{s.pk}:{s.version}" for s in subs], **extra},
        follow=True,
    )


def test_bulk_accept_accepts_each_once_and_audits_it(world, queue, client):
    client.force_login(world.users["coordinator"])
    html = _confirm(client, "accept", queue[:2]).content.decode()
    assert "รับรองรายงานแล้ว 2 ฉบับ" in html
    assert statuses(queue) == [Status.ACCEPTED, Status.ACCEPTED, Status.SUBMITTED]
    for sub in queue[:2]:
        assert WorkflowEvent.objects.filter(submission=sub, action="accept").count() == 1
        assert AuditEvent.objects.filter(object_id=str(sub.pk), action="accept").count() == 1


def test_bulk_return_needs_a_reason_and_returns_each(world, queue, client):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("submissions:inbox_bulk"),
        {
            "action": "return",
            "confirm": "yes",
            "pick": [f"{queue[0].pk}:{queue[0].version}"],
            "section": "X.1",
        },
    )
    assert response.status_code == 400 and "กรุณากรอกช่องนี้" in response.content.decode()
    assert statuses(queue[:1]) == [Status.SUBMITTED]
    html = _confirm(client, "return", queue[:2], section="X.2", reason="ยังไม่ได้ระบุปัญหา").content.decode()
    assert "ส่งกลับให้หน่วยงานแก้ไขแล้ว 2 ฉบับ" in html
    for sub in queue[:2]:
        event = WorkflowEvent.objects.get(submission=sub, action="return")
        assert (event.section, event.reason) == ("X.2", "ยังไม่ได้ระบุปัญหา")
        assert AuditEvent.objects.filter(object_id=str(sub.pk), action="return").count() == 1


@pytest.mark.parametrize("action", ["accept", "return"])
def test_bulk_skips_and_reports_what_changed_meanwhile(world, queue, client, action):
    seen = list(queue[:2])
    submission_accept(submission=queue[0], by=world.users["admin"])  # another reviewer was faster
    client.force_login(world.users["coordinator"])
    html = _confirm(client, action, seen, section="X.1", reason="แก้ไข").content.decode()
    assert "มีการเปลี่ยนแปลงหลังจากหน้ายืนยัน" in html and "1 ฉบับ" in html
    assert Submission.objects.get(pk=queue[0].pk).status == Status.ACCEPTED
    assert WorkflowEvent.objects.filter(submission=queue[0], action="accept").count() == 1
    assert WorkflowEvent.objects.filter(submission=queue[0], action="return").count() == 0


def test_bulk_by_a_coordinator_of_another_province_changes_nothing(world, queue, client):
    client.force_login(world.users["other_coordinator"])
    html = _confirm(client, "accept", queue).content.decode()
    assert html.count("ข้ามรายการหนึ่งฉบับ: ไม่พบรายงานนี้") == 3
    assert "สพป.ทส." not in html and "สพม.ทส." not in html  # nothing about reports outside their scope
    assert statuses(queue) == [Status.SUBMITTED] * 3


# --- the single accept ---------------------------------------------------------------------------------


def test_the_single_accept_needs_the_confirmation_ticked(world, queue, client):
    client.force_login(world.users["coordinator"])
    url = reverse("submissions:accept", kwargs={"pk": queue[0].pk})
    page = client.get(reverse("submissions:entry", kwargs={"pk": queue[0].pk})).content.decode()
    assert 'name="confirm" value="yes" required' in page
    response = client.post(url)
    assert response.status_code == 400 and "ยืนยันการรับรอง" in response.content.decode()
    assert statuses(queue[:1]) == [Status.SUBMITTED]
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    assert statuses(queue[:1]) == [Status.ACCEPTED]


def test_accepting_from_the_inbox_goes_back_to_the_inbox(world, queue, client):
    client.force_login(world.users["coordinator"])
    url = reverse("submissions:accept", kwargs={"pk": queue[0].pk})
    response = client.post(url, {"confirm": "yes", "from": "inbox"})
    assert response.status_code == 302 and response["Location"] == INBOX
