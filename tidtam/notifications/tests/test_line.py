"""LINE Messaging API push, against a fake LINE server on 127.0.0.1 (a random port): never the network."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tidtam.common.models import Job
from tidtam.notifications.line import MAX_TEXT, line_text
from tidtam.notifications.models import Notification, NotificationPreference
from tidtam.submissions.models import Submission
from tidtam.submissions.services import submission_return

from .conftest import submit

LINE_ID = "U" + "4af4980629" * 3 + "ab"
TOKEN = "test-channel-token"


class FakeLine:
    def __init__(self, status: int = 200):
        self.status = status
        self.requests: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                fake.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}" if fake.status == 200 else b'{"message":"Invalid reply token"}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def line(settings):
    def start(status=200):
        fake = FakeLine(status)
        settings.TIDTAM_LINE_CHANNEL_TOKEN = TOKEN
        settings.TIDTAM_LINE_API_BASE = fake.url + "/"
        settings.TIDTAM_LINE_TIMEOUT_SECONDS = 5
        settings.TIDTAM_SITE_URL = "https://tidtam.example.go.th"
        return fake

    return start


def test_a_notification_is_pushed_to_the_persons_line(world, committed, line):
    NotificationPreference.objects.create(user=world.users["coordinator"], line_user_id=LINE_ID)
    with line() as fake:
        sub = submit(world, committed)
    (request,) = fake.requests
    assert request["path"] == "/v2/bot/message/push"
    assert request["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert request["headers"]["Content-Type"].startswith("application/json")
    body = json.loads(request["body"].decode("utf-8"))
    assert body["to"] == LINE_ID and len(body["messages"]) == 1
    message = body["messages"][0]
    assert message["type"] == "text" and "ส่งรายงานข้อ 1" in message["text"]
    assert message["text"].endswith(f"https://tidtam.example.go.th/submissions/{sub.pk}/")
    assert Notification.objects.get().line_sent_at is not None


def test_no_line_id_or_no_token_pushes_nothing(world, committed, line, settings):
    with line() as fake:
        submit(world, committed)  # the coordinator gave no LINE user ID
        NotificationPreference.objects.create(user=world.users["head"], line_user_id=LINE_ID)
        settings.TIDTAM_LINE_CHANNEL_TOKEN = ""
        with committed():
            submission_return(
                submission=Submission.objects.get(pk=world.sub().pk),
                by=world.users["coordinator"],
                section="X.1",
                reason="แก้",
            )
    assert fake.requests == [] and not Job.objects.filter(kind="line_push").exists()


def test_a_failing_line_server_is_retried_logged_and_never_breaks_the_step(world, committed, line, caplog):
    NotificationPreference.objects.create(user=world.users["coordinator"], line_user_id=LINE_ID)
    with line(status=500) as fake:
        sub = submit(world, committed)  # no exception reaches the step
    assert Submission.objects.get(pk=sub.pk).status == Submission.Status.SUBMITTED
    assert len(fake.requests) == 3  # the first try and two retries (the test backend runs them at once)
    jobs = Job.objects.filter(kind="line_push").order_by("created_at")
    assert [j.status for j in jobs] == [Job.Status.FAILED] * 3
    assert jobs[0].error == "ส่งการแจ้งเตือนทาง LINE ไม่สำเร็จ"
    assert "LINE answered 500" in caplog.text
    n = Notification.objects.get()
    assert n.line_sent_at is None and n.read_at is None  # still on the bell


def test_an_unreachable_line_server_times_out_into_a_failed_job(world, committed, settings):
    NotificationPreference.objects.create(user=world.users["coordinator"], line_user_id=LINE_ID)
    settings.TIDTAM_LINE_CHANNEL_TOKEN = TOKEN
    settings.TIDTAM_LINE_API_BASE = "http://127.0.0.1:9"  # discard port: nothing listens
    settings.TIDTAM_LINE_TIMEOUT_SECONDS = 1
    submit(world, committed)
    assert set(Job.objects.filter(kind="line_push").values_list("status", flat=True)) == {Job.Status.FAILED}


def test_a_long_text_is_cut_to_the_limit_keeping_the_link(world):
    n = Notification(
        round=world.round, kind="comment", title="ความเห็น", body="ก" * 6000, link="/submissions/1/"
    )
    text = line_text(n, site_url="https://tidtam.example.go.th")
    assert len(text) <= MAX_TEXT and text.endswith("https://tidtam.example.go.th/submissions/1/")
