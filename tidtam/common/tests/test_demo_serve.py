"""scripts/demo-serve.sh (make demo): starts the background worker next to the web server and stops it
when the server stops. Runs the script with a stand-in `tidtam` that records what it was asked."""

import os
import subprocess  # noqa: S404 - runs the project's own script
import time
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "demo-serve.sh"

FAKE_TIDTAM = """#!/bin/sh
case "$1" in
  help) [ "$2" = worker ] && [ -n "$HAS_WORKER" ] ;;
  worker) echo $$ > "$LOG_DIR/worker.pid"; exec sleep 60 ;;
  runserver) echo "$2" > "$LOG_DIR/runserver"; sleep 1 ;;
esac
"""


def run(tmp_path: Path, has_worker: bool) -> subprocess.CompletedProcess:
    fake = tmp_path / "tidtam"
    fake.write_text(FAKE_TIDTAM)
    fake.chmod(0o755)
    env = {
        **os.environ,
        "TIDTAM": str(fake),
        "LOG_DIR": str(tmp_path),
        "HAS_WORKER": "1" if has_worker else "",
    }
    return subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)  # noqa: S603,S607


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_worker_runs_beside_the_server_and_stops_with_it(tmp_path):
    done = run(tmp_path, has_worker=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "runserver").read_text().strip() == "127.0.0.1:8000"
    pid = int((tmp_path / "worker.pid").read_text())
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(pid), "the worker outlived the server"


def test_without_a_worker_command_the_server_still_starts(tmp_path):
    done = run(tmp_path, has_worker=False)
    assert done.returncode == 0
    assert (tmp_path / "runserver").exists() and not (tmp_path / "worker.pid").exists()
    assert "no 'tidtam worker'" in done.stderr
