"""Production settings, run the way an operator runs them: collectstatic, gunicorn, and a clear stop on a
missing variable. Each test starts real processes (a temporary SQLite database and var/ folder)."""

import os
import re
import secrets
import socket
import subprocess  # noqa: S404 - starts this project's own commands
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HOST = "tidtam.example.go.th"


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TIDTAM_", "DATABASE_", "REDIS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_ALLOWED_HOSTS=HOST,
        TIDTAM_SITE_URL=f"https://{HOST}",
        TIDTAM_VAR_DIR=str(tmp_path / "var"),
        TIDTAM_STATIC_ROOT=str(tmp_path / "static-root"),
        DJANGO_SECURE_PROXY_SSL_HEADER="1",
    )
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def manage(env: dict[str, str], *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Host": HOST, "X-Forwarded-Proto": "https"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("production")
    env = production_env(tmp_path)
    for args in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        done = manage(env, *args)
        assert done.returncode == 0, done.stderr
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
            time.sleep(0.3)
        yield base, env, tmp_path
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_collectstatic_keeps_the_vendored_swagger_css_and_skips_its_missing_source_map(deployed):
    _base, _env, tmp_path = deployed
    collected = tmp_path / "static-root"
    assert (collected / "staticfiles.json").is_file()
    assert list(collected.glob("vendor/swagger-ui/swagger-ui.*.css"))


def test_gunicorn_serves_the_login_page_with_hashed_static_files(deployed):
    base, _env, _tmp = deployed
    status, body = get(f"{base}/accounts/login/")
    assert status == 200, body[:500]
    stylesheet = re.search(rb'href="(/static/css/tidtam\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the page links the hashed stylesheet from the manifest"
    assert get(base + stylesheet.group(1).decode())[0] == 200


def test_healthz_reports_database_and_cache(deployed):
    base, _env, _tmp = deployed
    status, body = get(f"{base}/healthz")
    assert status == 200
    assert b'"database": "ok"' in body and b'"cache": "ok"' in body


def test_deploy_checks_pass_with_the_documented_environment(deployed):
    _base, env, _tmp = deployed
    done = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOWED_HOSTS", "TIDTAM_SITE_URL"]
)
def test_a_missing_required_variable_stops_with_a_clear_message(tmp_path, missing):
    done = manage(production_env(tmp_path, **{missing: None}), "check")
    assert done.returncode == 3
    assert f"{missing} is not set" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "env,message",
    [
        (
            {"TIDTAM_LINE_CHANNEL_TOKEN": "token", "TIDTAM_LINE_API_BASE": "http://api.line.me"},
            "TIDTAM_LINE_API_BASE must start with https://",
        ),
        ({"TIDTAM_REMINDER_DAYS": "3,one"}, "TIDTAM_REMINDER_DAYS='3,one'"),
    ],
)
def test_bad_notification_settings_stop_with_a_clear_message(tmp_path, env, message):
    done = manage(production_env(tmp_path, **env), "check")
    assert done.returncode == 3 and message in done.stderr


def test_gunicorn_stops_instead_of_restarting_workers_when_the_secret_key_is_missing(tmp_path):
    env = production_env(tmp_path, DJANGO_SECRET_KEY=None, DATABASE_URL=None)
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{free_port()}", "-w", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in done.stderr and "DATABASE_URL is not set" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_malformed_security_flag_is_named(tmp_path):
    done = manage(production_env(tmp_path, DJANGO_SECURE_SSL_REDIRECT="maybe"), "check")
    assert done.returncode == 3 and "DJANGO_SECURE_SSL_REDIRECT" in done.stderr


def test_with_redis_url_the_cache_check_uses_redis(tmp_path):
    try:
        socket.create_connection(("127.0.0.1", 6379), 2).close()
    except OSError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    env = production_env(tmp_path, REDIS_URL="redis://127.0.0.1:6379/15")
    probe = (
        "import django; django.setup(); from django.conf import settings; from tidtam.common.health import run_checks;"
        "print(settings.CACHES['default']['BACKEND'], run_checks()['cache'])"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    assert done.stdout.split() == ["django.core.cache.backends.redis.RedisCache", "True"], done.stderr
    env["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    assert done.stdout.split()[-1] == "False"
