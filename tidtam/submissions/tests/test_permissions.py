"""The permission matrix: every role × every page and action of the entry workflow (and the web report
pages), including direct-ID access to other agencies' reports.

Each row names what each role gets: 200 (page), 302 (done, or sent to log in), 401 (background request
without a session), 403 (may see the round, may not do this), 404 (may not even know it exists).
A refused request must change nothing. Each request runs in a savepoint that is rolled back, so every
role meets the same state.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tidtam.formdefs.models import Round
from tidtam.submissions.models import Attachment, Comment, Submission
from tidtam.submissions.services import attachment_add, submission_accept, submission_submit

ROLES = [
    "anonymous",
    "reporter",  # agency A
    "head",  # agency A
    "reporter_b",  # agency B, same round
    "reporter_c",  # agency of another province
    "coordinator",
    "other_coordinator",  # another province
    "inspector",
    "regional",
    "national",
    "admin",
]
PDF = b"%PDF-1.4\n%%EOF\n"


def expect(default, **overrides):
    table = dict.fromkeys(ROLES, default)
    table.update(overrides)
    return table


# Who reads agency A's draft: its own people and the province's overseers; nobody else knows it exists.
A_DRAFT_READ = expect(404, anonymous=302, reporter=200, head=200, coordinator=200, inspector=200, admin=200)
A_DRAFT_EDIT = expect(404, anonymous=302, reporter=302, head=302, coordinator=403, inspector=403, admin=302)
ROUND_MANAGE = expect(403, anonymous=302, reporter_c=404, other_coordinator=404, coordinator=302, admin=302)
REPORT_PAGE = expect(200, anonymous=302, reporter_c=404, other_coordinator=404)
REVIEW = expect(404, anonymous=302, reporter=403, head=403, coordinator=302, inspector=403, admin=302)
INBOX = expect(403, anonymous=302, coordinator=200, other_coordinator=200, admin=200)
HEAD_ONLY = expect(403, anonymous=302, head=200)

MATRIX = [
    ("my work", "get", lambda o: reverse("submissions:my_work"), None, expect(200, anonymous=302)),
    ("entry of A's draft", "get", lambda o: o["draft_a"], None, A_DRAFT_READ),
    (
        "entry of B's accepted report",
        "get",
        lambda o: o["accepted_b"],
        None,
        expect(
            404,
            anonymous=302,
            reporter_b=200,
            coordinator=200,
            inspector=200,
            regional=200,
            national=200,
            admin=200,
        ),
    ),
    ("history of A's draft", "get", lambda o: o["draft_a"] + "history/", None, A_DRAFT_READ),
    ("attachment of A's draft", "get", lambda o: o["attachment"], None, A_DRAFT_READ),
    ("save A's draft", "post", lambda o: o["draft_a"], "form", A_DRAFT_EDIT),
    (
        "autosave A's draft",
        "post",
        lambda o: o["draft_a"] + "autosave/",
        "form",
        {**A_DRAFT_EDIT, "anonymous": 401, "reporter": 200, "head": 200, "admin": 200},
    ),
    (
        "inline check of A's draft",
        "post",
        lambda o: o["draft_a"] + "check/",
        "form",
        {**A_DRAFT_READ, "anonymous": 401},
    ),
    ("upload to A's draft", "post", lambda o: o["draft_a"] + "attachments/", "file", A_DRAFT_EDIT),
    ("delete A's attachment", "post", lambda o: o["attachment"] + "delete/", None, A_DRAFT_EDIT),
    (
        "comment on A's draft",
        "post",
        lambda o: o["draft_a"] + "comments/",
        {"text": "ความเห็น"},
        {**A_DRAFT_READ, "reporter": 302, "head": 302, "coordinator": 302, "inspector": 302, "admin": 302},
    ),
    (
        "return A's submitted report",
        "post",
        lambda o: o["submitted_a"] + "return/",
        {"section": "X.1", "reason": "แก้"},
        REVIEW,
    ),
    (
        "accept A's submitted report",
        "post",
        lambda o: o["submitted_a"] + "accept/",
        {"confirm": "yes"},
        REVIEW,
    ),
    (
        "reopen B's accepted report",
        "post",
        lambda o: o["accepted_b"] + "reopen/",
        {"reason": "แก้ตัวเลข"},
        expect(
            404,
            anonymous=302,
            reporter_b=403,
            coordinator=302,
            inspector=403,
            regional=403,
            national=403,
            admin=302,
        ),
    ),
    (
        "open-round page",
        "get",
        lambda o: reverse("submissions:round_create"),
        None,
        expect(403, anonymous=302, coordinator=200, other_coordinator=200, admin=200),
    ),
    (
        "open a round",
        "post",
        lambda o: reverse("submissions:round_create"),
        "round",
        expect(403, anonymous=302, coordinator=302, other_coordinator=400, admin=302),
    ),
    (
        "completeness",
        "get",
        lambda o: o["round"] + "completeness/",
        None,
        expect(
            403,
            anonymous=302,
            reporter_c=404,
            other_coordinator=404,
            coordinator=200,
            inspector=200,
            admin=200,
        ),
    ),
    ("send reminders", "post", lambda o: o["round"] + "remind/", None, ROUND_MANAGE),
    ("change due date", "post", lambda o: o["round"] + "due-date/", "due", ROUND_MANAGE),
    ("close round", "post", lambda o: o["round"] + "close/", {"confirm": "yes"}, ROUND_MANAGE),
    ("reopen round", "post", lambda o: o["round"] + "reopen/", {"reason": "x"}, ROUND_MANAGE),
    ("coordinator's inbox", "get", lambda o: reverse("submissions:inbox"), None, INBOX),
    (
        "bulk confirmation page",
        "get",
        lambda o: reverse("submissions:inbox_bulk") + f"?action=accept&pick={o['submitted_a_pk']}",
        None,
        {**INBOX, "other_coordinator": 302},  # nothing of theirs chosen: back to the inbox
    ),
    (
        "bulk accept",
        "post",
        lambda o: reverse("submissions:inbox_bulk"),
        "bulk_accept",
        {**INBOX, "coordinator": 302, "other_coordinator": 302, "admin": 302},
    ),
    (
        "bulk return",
        "post",
        lambda o: reverse("submissions:inbox_bulk"),
        "bulk_return",
        {**INBOX, "coordinator": 302, "other_coordinator": 302, "admin": 302},
    ),
    ("send-all-ready page", "get", lambda o: reverse("submissions:submit_ready"), None, HEAD_ONLY),
    (
        "send all ready",
        "post",
        lambda o: reverse("submissions:submit_ready"),
        "submit_ready",
        {**HEAD_ONLY, "head": 302},
    ),
    ("web: round list", "get", lambda o: reverse("web:round_list"), None, expect(200, anonymous=302)),
    ("web: round report", "get", lambda o: o["round"], None, REPORT_PAGE),
    ("web: item page", "get", lambda o: o["round"] + "items/1/", None, REPORT_PAGE),
    ("web: imports page", "get", lambda o: o["round"] + "imports/", None, REPORT_PAGE),
]


@pytest.fixture
def objects(world):
    """A's item 1 a draft (filled, ready to send) with an attachment, A's item 2 submitted, B's item 1 accepted."""
    draft_a = world.fill(world.sub())
    attachment = attachment_add(
        submission=draft_a, by=world.users["reporter"], upload=SimpleUploadedFile("หลักฐาน.pdf", PDF)
    )
    submission_submit(submission=world.fill(world.sub(item=world.item2)), by=world.users["head"])
    b = world.fill(world.sub(agency=world.agency_b), by=world.users["reporter_b"])
    submission_accept(
        submission=submission_submit(submission=b, by=world.users["admin"]), by=world.users["coordinator"]
    )
    url = lambda sub: reverse("submissions:entry", kwargs={"pk": sub.pk})  # noqa: E731
    return {
        "draft_a": url(draft_a),
        "submitted_a": url(world.sub(item=world.item2)),
        "submitted_a_pk": world.sub(item=world.item2).pk,
        "accepted_b": url(world.sub(agency=world.agency_b)),
        "attachment": reverse("submissions:attachment", kwargs={"pk": attachment.pk}),
        "round": reverse("web:round_detail", kwargs={"key": world.round.key}),
    }


def payload(kind, world):
    if kind == "form":
        sub = world.sub()
        return {"version": str(sub.version), "value-submitted": "11", "narrative-1": "แก้ไขแล้ว"}
    if kind in ("bulk_accept", "bulk_return"):
        sub = world.sub(item=world.item2)
        data = {"action": kind.removeprefix("bulk_"), "confirm": "yes", "pick": f"{sub.pk}:{sub.version}"}
        return {**data, "section": "X.1", "reason": "แก้ตัวเลข"} if kind == "bulk_return" else data
    if kind == "submit_ready":
        sub = world.sub()  # filled by `objects`: ready to send
        return {"confirm": "yes", "pick": f"{sub.pk}:{sub.version}"}
    if kind == "file":
        return {"file": SimpleUploadedFile("เพิ่ม.pdf", PDF)}
    due = timezone.localdate() + dt.timedelta(days=30)
    due_text = f"{due.day}/{due.month}/{due.year + 543}"
    if kind == "due":
        return {"due_date": due_text}
    if kind == "round":
        return {
            "office": world.office.pk,
            "fiscal_year_be": "2569",
            "number": "1",
            "template": world.round.template.pk,
            "due_date": due_text,
        }
    return kind or {}


def state():
    """Everything a refused request must leave alone."""
    return (
        sorted(Submission.objects.values_list("pk", "status", "version")),
        sorted(Round.objects.values_list("pk", "status", "due_date")),
        Attachment.objects.count(),
        Comment.objects.count(),
    )


@pytest.mark.parametrize("name,method,target,data,expected", MATRIX, ids=[row[0] for row in MATRIX])
def test_permission_matrix(world, objects, client, name, method, target, data, expected):
    mismatches = []
    for role in ROLES:
        sid = transaction.savepoint()
        try:
            client.logout()
            if role != "anonymous":
                client.force_login(world.users[role])
            before = state()
            url = target(objects)
            if method == "get":
                response = client.get(url)
            else:
                response = client.post(url, payload(data, world))
            if response.status_code != expected[role]:
                mismatches.append(f"{role}: {response.status_code} (expected {expected[role]})")
            elif response.status_code in (401, 403, 404) and state() != before:
                mismatches.append(f"{role}: refused with {response.status_code} but something changed")
            if response.status_code in (403, 404) and role != "anonymous":
                body = response.content.decode()
                if "<html" in body and "ไม่" not in body:
                    mismatches.append(f"{role}: refusal page without a Thai message")
        finally:
            transaction.savepoint_rollback(sid)
    assert not mismatches, f"{name}:\n" + "\n".join(mismatches)


def test_direct_ids_of_other_agencies_look_like_missing_pages(world, objects, client):
    client.force_login(world.users["reporter_b"])
    response = client.get(objects["draft_a"])
    assert response.status_code == 404 and "ไม่พบรายงานนี้" in response.content.decode()
    missing = reverse("submissions:entry", kwargs={"pk": 999999})
    assert client.get(missing).status_code == 404


def test_analysts_read_only_accepted_reports_in_my_work_nothing_to_do(world, objects, client):
    client.force_login(world.users["national"])
    assert "ยังไม่มีรายงานที่ต้องกรอก" in client.get(reverse("submissions:my_work")).content.decode()


def test_an_agency_edit_does_not_leak_into_another_agency(world, objects, client):
    """reporter_b posting A's form by ID: 404, A's values untouched."""
    client.force_login(world.users["reporter_b"])
    sub = world.sub()
    response = client.post(objects["draft_a"], {"version": str(sub.version), "value-submitted": "999"})
    assert response.status_code == 404
    assert not world.sub().values.filter(value=999).exists()
