"""The bell, the list page, opening (marks read), "อ่านทั้งหมดแล้ว", and the settings form: each person
sees and changes only their own."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tidtam.common.models import AuditEvent
from tidtam.notifications.models import Notification, NotificationPreference
from tidtam.notifications.views import PER_PAGE

from .conftest import submit

LIST = reverse("notifications:list")


def note(world, user, title="แจ้งเตือนทดสอบ", **fields):
    return Notification.objects.create(
        recipient=user, round=world.round, kind="comment", title=title, link="/work/", **fields
    )


def test_the_bell_shows_the_unread_count_with_one_count_query(world, committed, as_user):
    submit(world, committed)
    client = as_user("coordinator")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("submissions:my_work")).content.decode()
    assert 'class="nav-bell has-unread"' in html and "ยังไม่ได้อ่าน 1 รายการ" in html
    counts = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT(" in counts[0].upper()
    html = as_user("reporter").get(reverse("submissions:my_work")).content.decode()
    assert "nav-bell" in html and "has-unread" not in html  # nothing for the agency yet


def test_no_bell_for_someone_not_signed_in(client, world):
    html = client.get(reverse("login")).content.decode()
    assert "nav-bell" not in html


def test_the_list_shows_ones_own_newest_first_with_unread_marked_and_be_dates(world, as_user):
    old = note(world, world.users["reporter"], "เรื่องเก่า", created_at=timezone.now() - dt.timedelta(days=2))
    note(world, world.users["reporter"], "เรื่องใหม่")
    note(world, world.users["reporter_b"], "ของหน่วยงานอื่น")
    Notification.objects.filter(pk=old.pk).update(read_at=timezone.now())
    html = as_user("reporter").get(LIST).content.decode()
    assert html.index("เรื่องใหม่") < html.index("เรื่องเก่า") and "ของหน่วยงานอื่น" not in html
    assert html.count("is-unread") == 1 and "ยังไม่ได้อ่าน 1 จากทั้งหมด 2 รายการ" in html
    assert f" {timezone.localdate().year + 543 - 2500} " in html  # "3 ธ.ค. 69 08:00": Buddhist Era


def test_the_list_is_paginated(world, as_user):
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=world.users["reporter"], round=world.round, kind="comment", title=f"n{i}", link="/"
            )
            for i in range(PER_PAGE + 1)
        ]
    )
    client = as_user("reporter")
    assert "หน้า 1 จาก 2" in client.get(LIST).content.decode()
    assert client.get(LIST, {"page": 2}).content.decode().count('<li class="notification') == 1
    assert client.get(LIST, {"page": "x"}).status_code == 200  # bad input: the first page, never a 500


def test_opening_marks_read_and_goes_to_the_item(world, as_user):
    n = note(world, world.users["reporter"])
    response = as_user("reporter").get(reverse("notifications:open", kwargs={"pk": n.pk}))
    assert response.status_code == 302 and response["Location"] == "/work/"
    assert Notification.objects.get(pk=n.pk).read_at is not None


def test_someone_elses_notification_is_404_and_stays_unread(world, as_user):
    n = note(world, world.users["reporter_b"])
    response = as_user("reporter").get(reverse("notifications:open", kwargs={"pk": n.pk}))
    assert response.status_code == 404
    assert Notification.objects.get(pk=n.pk).read_at is None


def test_mark_all_read_is_a_post_with_csrf_and_touches_only_ones_own(world):
    mine, theirs = note(world, world.users["reporter"]), note(world, world.users["reporter_b"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["reporter"])
    url = reverse("notifications:read_all")
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403  # no CSRF token
    page = client.get(LIST).content.decode()
    assert "อ่านทั้งหมดแล้ว" in page
    token = client.cookies["csrftoken"].value
    response = client.post(url, {"csrfmiddlewaretoken": token}, follow=True)
    assert "ทำเครื่องหมายว่าอ่านแล้ว 1 รายการ" in response.content.decode()
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_pages_need_a_signed_in_user(client):
    assert client.get(LIST).status_code == 302
    assert client.get(reverse("notifications:settings")).status_code == 302


def test_settings_turn_the_digest_off_and_set_a_line_id(world, as_user):
    client = as_user("reporter")
    url = reverse("notifications:settings")
    html = client.get(url).content.decode()
    assert "รับอีเมลสรุปการแจ้งเตือนประจำวัน" in html and "checked" in html  # on by default
    line_id = "U" + "0123456789abcdef" * 2
    response = client.post(url, {"line_user_id": line_id}, follow=True)
    assert "บันทึกการตั้งค่าการแจ้งเตือนแล้ว" in response.content.decode()
    pref = NotificationPreference.objects.get(user=world.users["reporter"])
    assert (pref.email_digest, pref.line_user_id) == (False, line_id)
    event = AuditEvent.objects.get(action="notification_preference")
    assert event.changes["email_digest"] == [True, False]


def test_a_wrong_line_id_is_refused_in_thai(world, as_user):
    response = as_user("reporter").post(
        reverse("notifications:settings"), {"email_digest": "on", "line_user_id": "@myline"}
    )
    assert response.status_code == 200 and "ขึ้นต้นด้วย U" in response.content.decode()
    assert not NotificationPreference.objects.exists()
