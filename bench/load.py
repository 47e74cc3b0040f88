"""Load benchmark of data entry through gunicorn and PostgreSQL: reporters autosaving while readers
open report pages, then the autosave rate the server sustains.

    .venv/bin/python bench/load.py [--minutes 5] [--quick] [--pg postgres://postgres@127.0.0.1:5432]

It creates a fresh database `tidtam_load` (dropped first if left over), migrates it, loads the
hierarchy and the 2567/2 form, imports the seed round (Samut Sakhon) and opens an entry round for it,
then starts gunicorn (config/gunicorn.conf.py) on a free loopback port, runs, and stops everything.
Sessions are made in the database (as a login would): the benchmark measures entry, not sign-in.

(a) 50 reporters at human pace: each autosaves its own report once every 3 s (the whole form, one
    number changed each time). Target: p95 < 150 ms, no error, and at the end every report holds
    exactly the last number its reporter saw acknowledged, at the version the server answered.
(c) at the same time, 100 readers open report pages (the round's consolidated report and an item's
    page), each one page every 30 s (the time to read one). Target: no error (p95 printed).
(b) saturation: reporters with no pause, 2, 4, 8, 16 then 32 at a time, each step a few seconds.
    The rate is the most autosaves per second of a step whose p95 stays under 500 ms.
    Target: 3 × 44/s (the rate measured before this benchmark existed on a 2-core machine).

Bounded: each phase stops at its time limit, and the whole run at a hard limit. The client runs on
the same machine as the server and takes some of its CPU: figures are on the safe side.
"""

import argparse
import os
import random
import signal
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_world import (  # noqa: E402 - the sibling module, found next to this script
    DB_NAME,
    Reporter,
    World,
    drop_database,
    free_port,
    recreate_database,
    seed,
    setup_django,
    start_gunicorn,
    stop,
)

REPORTERS = 50
READERS = 100
AUTOSAVE_EVERY_S = 3.0
READ_EVERY_S = 30.0
TARGET_P95_MS = 150
SATURATION_P95_MS = 500
BASELINE_RATE = 44.0
TARGET_RATE = 3 * BASELINE_RATE
SATURATION_STEPS = (2, 4, 8, 16, 32)


# --- clients --------------------------------------------------------------------------------------


@dataclass
class Tally:
    times_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, ms: float, error: str | None = None) -> None:
        with self.lock:
            self.times_ms.append(ms)
            if error:
                self.errors.append(error)


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=20, method="inclusive")[18]


class Client:
    def __init__(self, port: int):
        self.port = port
        self.conn: HTTPConnection | None = None

    def request(self, method: str, path: str, body: str | None, headers: dict[str, str]) -> tuple[int, bytes]:
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (ConnectionError, OSError):
                # The server closed a kept-alive connection: open a new one, once.
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def autosave(client: Client, reporter: Reporter, number: int, tally: Tally) -> None:
    import json

    form = {**reporter.form, f"value-{reporter.column}": str(number), "version": str(reporter.version)}
    headers = {
        "Cookie": reporter.cookie,
        "X-CSRFToken": reporter.csrf,
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",
    }
    started = time.perf_counter()
    try:
        status, body = client.request(
            "POST", f"/submissions/{reporter.submission_id}/autosave/", urlencode(form), headers
        )
    except OSError as exc:
        tally.add((time.perf_counter() - started) * 1000, f"{type(exc).__name__}")
        return
    ms = (time.perf_counter() - started) * 1000
    if status != 200:
        tally.add(ms, f"HTTP {status}")
        return
    data = json.loads(body)
    reporter.version = data["version"]
    reporter.acknowledged = number
    tally.add(ms)


def read_page(client: Client, cookie: str, path: str, tally: Tally) -> None:
    started = time.perf_counter()
    try:
        status, _body = client.request("GET", path, None, {"Cookie": cookie})
    except OSError as exc:
        tally.add((time.perf_counter() - started) * 1000, type(exc).__name__)
        return
    ms = (time.perf_counter() - started) * 1000
    tally.add(ms, None if status == 200 else f"HTTP {status} {path}")


def paced(stop_at: float, every_s: float, action) -> None:
    """Call `action(n)` once every `every_s` seconds (first at a random offset) until `stop_at`."""
    rng = random.Random()
    next_at = time.monotonic() + rng.uniform(0, every_s)
    n = 0
    while True:
        delay = next_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        if time.monotonic() >= stop_at:
            return
        n += 1
        action(n)
        next_at += every_s


def run_human_pace(port: int, world: World, seconds: float) -> tuple[Tally, Tally]:
    """(a) reporters every 3 s and (c) readers every 10 s, together, for `seconds`."""
    saves, reads = Tally(), Tally()
    stop_at = time.monotonic() + seconds
    threads = []
    for reporter in world.reporters:
        client = Client(port)
        threads.append(
            threading.Thread(
                target=paced,
                args=(stop_at, AUTOSAVE_EVERY_S, lambda n, r=reporter, c=client: autosave(c, r, n, saves)),
                daemon=True,  # the hard limit ends the run even if a request hangs
            )
        )
    for i, cookie in enumerate(world.reader_cookies):
        client = Client(port)
        paths = world.reader_paths

        def read(n, c=client, k=cookie, i=i, paths=paths):
            read_page(c, k, paths[(i + n) % len(paths)], reads)

        threads.append(threading.Thread(target=paced, args=(stop_at, READ_EVERY_S, read), daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 60)
    return saves, reads


def run_saturation(port: int, world: World, step_s: float) -> list[tuple[int, float, float, int]]:
    """(b) closed loop, no pause: (clients, autosaves/s, p95 ms, errors) per step."""
    results = []
    counter = iter(range(10_000, 10**9))
    lock = threading.Lock()
    for clients in SATURATION_STEPS:
        tally = Tally()
        stop_at = time.monotonic() + step_s

        def loop(reporter: Reporter, stop_at: float, tally: Tally) -> None:
            client = Client(port)
            while time.monotonic() < stop_at:
                with lock:
                    n = next(counter)
                autosave(client, reporter, n, tally)

        threads = [
            threading.Thread(target=loop, args=(r, stop_at, tally), daemon=True)
            for r in world.reporters[:clients]
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=step_s + 60)
        elapsed = time.monotonic() - started
        ok = len(tally.times_ms) - len(tally.errors)
        results.append((clients, ok / elapsed, p95(tally.times_ms), len(tally.errors)))
        print(
            f"  {clients:>3} at a time: {ok / elapsed:6.1f} autosaves/s, p95 {p95(tally.times_ms):6.0f} ms, "
            f"{len(tally.errors)} errors",
            flush=True,
        )
    return results


def final_values_exact(world: World) -> list[str]:
    """Every report holds the last number its reporter saw acknowledged, at the version answered."""
    from tidtam.submissions.models import Submission, TableValue

    wrong = []
    versions = dict(
        Submission.objects.filter(pk__in=[r.submission_id for r in world.reporters]).values_list(
            "pk", "version"
        )
    )
    for r in world.reporters:
        value = (
            TableValue.objects.filter(submission_id=r.submission_id, column__key=r.column)
            .values_list("value", flat=True)
            .first()
        )
        if r.acknowledged is not None and (value is None or value != r.acknowledged):
            wrong.append(f"report {r.submission_id}: {value} saved, {r.acknowledged} acknowledged")
        if versions[r.submission_id] != r.version:
            wrong.append(
                f"report {r.submission_id}: version {versions[r.submission_id]}, answered {r.version}"
            )
    return wrong


def verdict(ok: bool, label: str) -> None:
    print(f"{'ผ่าน' if ok else 'ไม่ผ่าน'}: {label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="duration of (a)+(c), default 5")
    parser.add_argument(
        "--quick", action="store_true", help="about 30 s of load: 20 s of (a)+(c), short steps"
    )
    parser.add_argument(
        "--pg", default=os.environ.get("TIDTAM_LOAD_PG", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--keep-db", action="store_true", help="leave tidtam_load for a look afterwards")
    args = parser.parse_args()
    human_s = 20.0 if args.quick else args.minutes * 60
    step_s = 2.0 if args.quick else 10.0
    hard_limit_s = human_s + step_s * len(SATURATION_STEPS) + 600

    proc = None

    def on_alarm(signum, frame):
        raise TimeoutError(f"hard limit of {hard_limit_s:.0f} s reached")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(int(hard_limit_s))
    with tempfile.TemporaryDirectory(prefix="tidtam-load-") as tmp:
        workdir = Path(tmp)
        try:
            print(f"ฐานข้อมูล {DB_NAME}: สร้างใหม่ ย้ายโครงสร้าง นำเข้ารอบตัวอย่าง เปิดรอบสำหรับกรอก…", flush=True)
            started = time.monotonic()
            database_url = recreate_database(args.pg)
            setup_django(database_url, workdir)
            world = seed(REPORTERS, READERS)
            print(
                f"  พร้อมใน {time.monotonic() - started:.0f} s: {len(world.reporters)} ผู้รายงาน "
                f"{len(world.reader_cookies)} ผู้อ่าน",
                flush=True,
            )
            port = free_port()
            proc = start_gunicorn(port, database_url, workdir)
            print(f"gunicorn ที่ 127.0.0.1:{port} (config/gunicorn.conf.py)", flush=True)

            print(
                f"(a)+(c) {len(world.reporters)} ผู้รายงาน บันทึกทุก {AUTOSAVE_EVERY_S:.0f} s "
                f"และ {len(world.reader_cookies)} ผู้อ่าน ทุก {READ_EVERY_S:.0f} s เป็นเวลา {human_s:.0f} s…",
                flush=True,
            )
            saves, reads = run_human_pace(port, world, human_s)
            wrong = final_values_exact(world)
            print(f"(b) อัตราสูงสุด: ขั้นละ {step_s:.0f} s…", flush=True)
            steps = run_saturation(port, world, step_s)
            wrong_after = final_values_exact(world)
        finally:
            stop(proc)
            signal.alarm(0)
            from django.db import connections

            connections.close_all()
            if not args.keep_db:
                drop_database(args.pg)

    save_p95, read_p95 = p95(saves.times_ms), p95(reads.times_ms)
    under = [s for s in steps if s[2] < SATURATION_P95_MS and s[3] == 0]
    best = max(under, key=lambda s: s[1]) if under else None
    rate = best[1] if best else 0.0
    print()
    print(f"{'measure':<44} {'value':>12} {'target':>14}")
    print(f"{'(a) autosaves':<44} {len(saves.times_ms):>12,}")
    print(f"{'(a) autosave p50 ms':<44} {statistics.median(saves.times_ms):>12.0f}")
    print(f"{'(a) autosave p95 ms':<44} {save_p95:>12.0f} {'< ' + str(TARGET_P95_MS):>14}")
    print(f"{'(a) errors':<44} {len(saves.errors):>12} {'0':>14}")
    print(f"{'(a) reports not holding the acknowledged value':<44} {len(wrong):>12} {'0':>14}")
    print(
        f"{'(b) autosaves/s at p95 < 500 ms':<44} {rate:>12.1f} {'>= ' + format(TARGET_RATE, '.0f'):>14}"
        f"  ({best[0] if best else 0} at a time)"
    )
    print(f"{'(c) report pages read':<44} {len(reads.times_ms):>12,}")
    print(
        f"{'(c) report page p50 ms':<44} {statistics.median(reads.times_ms) if reads.times_ms else 0:>12.0f}"
    )
    print(f"{'(c) report page p95 ms':<44} {read_p95:>12.0f}")
    print(f"{'(c) errors':<44} {len(reads.errors):>12} {'0':>14}")
    for line in (saves.errors + reads.errors)[:5] + (wrong + wrong_after)[:5]:
        print("   ", line)
    print()
    verdict(
        save_p95 < TARGET_P95_MS and not saves.errors,
        f"(a) autosave p95 {save_p95:.0f} ms < {TARGET_P95_MS} ms, 0 errors",
    )
    verdict(not wrong and not wrong_after, "(a) final values exact (after (a) and after (b))")
    verdict(
        rate >= TARGET_RATE, f"(b) {rate:.0f} autosaves/s ≥ {TARGET_RATE:.0f}/s (3 × {BASELINE_RATE:.0f}/s)"
    )
    verdict(not reads.errors, f"(c) {len(reads.times_ms)} report pages, 0 errors (p95 {read_p95:.0f} ms)")
    if args.quick:
        print("(--quick: a short run; the figures are indicative, the full run is without --quick)")


if __name__ == "__main__":
    main()
