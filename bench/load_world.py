"""The world `bench/load.py` runs against: a fresh PostgreSQL database with the seed round, an open entry
round, reporters and readers with sessions, and gunicorn serving it on a free loopback port."""

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "seeds" / "th74-2567-r2.txt"
TEMPLATE = ROOT / "tidtam" / "formdefs" / "templates" / "moe-inspection-2567-2.yaml"
DB_NAME = "tidtam_load"


# --- set-up ---------------------------------------------------------------------------------------


def recreate_database(pg: str) -> str:
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    return f"{pg}/{DB_NAME}"


def drop_database(pg: str) -> None:
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def setup_django(database_url: str, workdir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ["TIDTAM_VAR_DIR"] = str(workdir / "var")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["DJANGO_DEBUG"] = "0"
    import django

    django.setup()


@dataclass
class Reporter:
    submission_id: int
    column: str  # the number this reporter changes at every autosave
    form: dict[str, str]  # the rest of the form, as the entry page posts it
    cookie: str
    csrf: str
    version: int = 1
    acknowledged: int | None = None  # the last number the server said it saved


@dataclass
class World:
    reporters: list[Reporter]
    reader_cookies: list[str]
    reader_paths: list[str]


def _session_cookie(user) -> str:
    """A signed-in session for `user`, as the login view would make it. Coordinators must pass a second
    factor: theirs is a session that has passed it with an enrolled authenticator."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tidtam.security import policy
    from tidtam.security.middleware import stamp_login

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if policy.two_factor_required(user):
        device = TOTPDevice.objects.create(user=user, name="load", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[policy.SESSION_KEY] = policy.second_factor_applies(user)
    stamp_login(session)
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def seed(reporters: int, readers: int) -> World:
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from tidtam.formdefs.models import FormTemplate
    from tidtam.formdefs.services import template_load
    from tidtam.ingest.services import report_import
    from tidtam.orgs.models import Membership, OrgUnit, User
    from tidtam.orgs.services import membership_grant, orgs_load_hierarchy
    from tidtam.submissions.models import Submission
    from tidtam.submissions.services import round_open

    call_command("migrate", verbosity=0)
    orgs_load_hierarchy()
    template_load(path=TEMPLATE)
    seed_round = report_import(path=SEED).round
    office = seed_round.office
    ministry = OrgUnit.objects.get(kind=OrgUnit.Kind.MINISTRY)
    R = Membership.Role
    coordinator = User.objects.create(username="load-coordinator")
    membership_grant(user=coordinator, org_unit=office, role=R.COORDINATOR)
    template = FormTemplate.objects.get(pk=seed_round.template_id)
    # Two open rounds: one alone has fewer reports with a table (48) than there are reporters.
    entry_rounds = [
        round_open(
            office=office,
            fiscal_year_be=2568,
            number=number,
            template=template,
            due_date=timezone.localdate() + dt.timedelta(days=14),
            by=coordinator,
        )
        for number in (1, 2)
    ]
    entry_round = entry_rounds[0]
    subs = list(
        Submission.objects.filter(round__in=entry_rounds, item__columns__isnull=False)
        .distinct()
        .select_related("item", "agency")
        .prefetch_related("item__columns", "item__subtopics")
        .order_by("round__number", "item__number", "agency__code")
    )
    if len(subs) < reporters:
        raise SystemExit(f"the entry round has {len(subs)} reports with a table, fewer than {reporters}")
    world = World(reporters=[], reader_cookies=[], reader_paths=[])
    for i, sub in enumerate(subs[:reporters]):
        user = User.objects.create(username=f"load-reporter-{i:03d}")
        membership_grant(user=user, org_unit=sub.agency, role=R.AGENCY_REPORTER)
        columns = list(sub.item.columns.all())
        form = {f"value-{c.key}": "1" for c in columns[1:]}
        form.update({f"narrative-{s.number}": "ชี้แจงครูทุกโรงเรียน" for s in sub.item.subtopics.all()})
        form.update(
            {
                "table_note": "",
                "problems-present": "1",
                "problems-0-problem": "งบประมาณไม่เพียงพอ",
                "problems-0-solution": "ขอรับการสนับสนุน",
                "problems-0-expected_result": "",
                "success_factors": "",
                "recommendations": "",
                "best_practices": "",
            }
        )
        csrf = get_random_string(32)  # a CSRF secret: the cookie, and the header that must match it
        world.reporters.append(
            Reporter(
                submission_id=sub.pk,
                column=columns[0].key,
                form=form,
                cookie=f"{_session_cookie(user)}; csrftoken={csrf}",
                csrf=csrf,
            )
        )
    for i in range(readers):
        user = User.objects.create(username=f"load-reader-{i:03d}")
        role, unit = (R.COORDINATOR, office) if i % 2 else (R.NATIONAL_ANALYST, ministry)
        membership_grant(user=user, org_unit=unit, role=role)
        world.reader_cookies.append(_session_cookie(user))
    world.reader_paths = [
        f"/rounds/{seed_round.key}/",
        f"/rounds/{entry_round.key}/",
        f"/rounds/{seed_round.key}/items/1/",
        f"/rounds/{seed_round.key}/items/5/",
    ]
    from django.db import connections

    connections.close_all()
    return world


# --- the server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, database_url: str, workdir: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TIDTAM_VAR_DIR": str(workdir / "var"),
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "-c", str(ROOT / "config" / "gunicorn.conf.py"), "config.wsgi:application"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603 - our own command
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}")
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/accounts/login/")
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.3)
    stop(proc)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
