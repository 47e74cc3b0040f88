"""National-scale benchmark on PostgreSQL: roll-up, dashboard page, search.

    .venv/bin/python bench/national_bench.py            # DATABASE_URL or postgres://postgres@127.0.0.1:5432/tidtam_bench

Creates the database if needed, migrates, loads the hierarchy and the template, and generates the
synthetic national dataset (77 provinces × 6 agencies × 14 items × 10 rounds) when it is absent. Then:

(a) the national roll-up of one item across the 10 rounds (`dashboards.rollup.rollup`, ORM) against the
    same aggregation written by hand in SQL over the raw tables — prints both and their ratio;
(b) the dashboard page for a national analyst (Django test Client), p95 over 30 requests;
(c) a search query p95, through `tidtam.search.selectors.search` when that module exists;
(d) search indexing throughput (submissions/s): the current path (`search_reindex`: nlpo3, sub-words,
    vocabulary, vectors built in Python, batches of 500, binary COPY, segmentation overlapped with
    writing) against the old one (Python newmm, batches of 50, INSERT with the database computing each
    vector, no sub-words nor vocabulary) in the same run, on the same data; and the CPU each costs.
    The search tables are vacuumed before each rebuild, outside the clock, as autovacuum would.

Targets: roll-up ≤ 3× the raw query and under 1 s; dashboard p95 < 500 ms; search p95 < 300 ms;
indexing ≥ 1,000 submissions/s.

A smaller dataset for a quick run: BENCH_ROUNDS=1 (one round per province; use its own database, e.g.
DATABASE_URL=postgres://postgres@127.0.0.1:5432/tidtam_bench1). BENCH_ONLY=search runs (c) and (d) only.
"""

import contextlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tidtam_bench"
RUNS = 30
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "10"))

# The same aggregation written by hand over the raw tables, twice: the obvious join, and the form a
# DBA would tune (items by id so that the item_id index is used; weights joined only where needed).
# The roll-up is compared with the faster of the two. Like the roll-up, they follow an item's series
# (`lineage`) across form versions: the generated data change form between FY 2567 and FY 2568.
RAW_SQL = {
    "plain join": """
SELECT r.fiscal_year_be, r.number, c.lineage,
       SUM(v.value) AS total, COUNT(v.value) AS n,
       SUM(v.value * w.value) AS weighted,
       SUM(CASE WHEN v.value IS NOT NULL THEN w.value END) AS weight_base
FROM submissions_tablevalue v
JOIN submissions_submission s ON s.id = v.submission_id
JOIN formdefs_round r ON r.id = s.round_id
JOIN formdefs_item i ON i.id = s.item_id
JOIN formdefs_column c ON c.id = v.column_id
LEFT JOIN formdefs_column wc ON c.aggregation = 'weighted_mean' AND wc.item_id = c.item_id AND wc.key = c.weight_key
LEFT JOIN submissions_tablevalue w ON w.submission_id = v.submission_id AND w.column_id = wc.id
WHERE i.lineage = %s AND (s.status IN ('accepted', 'locked') OR r.origin = 'legacy')
GROUP BY r.fiscal_year_be, r.number, c.lineage
""",
    "tuned": """
SELECT r.fiscal_year_be, r.number, c.lineage,
       SUM(v.value) AS total, COUNT(v.value) AS n,
       SUM(v.value * w.value) AS weighted,
       SUM(CASE WHEN v.value IS NOT NULL THEN w.value END) AS weight_base
FROM submissions_submission s
JOIN formdefs_round r ON r.id = s.round_id
JOIN submissions_tablevalue v ON v.submission_id = s.id
JOIN formdefs_column c ON c.id = v.column_id
LEFT JOIN formdefs_column wc ON c.aggregation = 'weighted_mean' AND wc.item_id = c.item_id AND wc.key = c.weight_key
LEFT JOIN submissions_tablevalue w ON w.submission_id = s.id AND w.column_id = wc.id
WHERE s.item_id IN (SELECT id FROM formdefs_item WHERE lineage = %s)
  AND (s.status IN ('accepted', 'locked') OR r.origin = 'legacy')
GROUP BY r.fiscal_year_be, r.number, c.lineage
""",
}
# A lower bound, for scale: sums and counts only (no weighted mean), the cheapest query of this shape.
RAW_SQL_SUMS_ONLY = """
SELECT r.fiscal_year_be, r.number, c.lineage, SUM(v.value), COUNT(v.value)
FROM submissions_submission s
JOIN formdefs_round r ON r.id = s.round_id
JOIN submissions_tablevalue v ON v.submission_id = s.id
JOIN formdefs_column c ON c.id = v.column_id
WHERE s.item_id IN (SELECT id FROM formdefs_item WHERE lineage = %s)
  AND (s.status IN ('accepted', 'locked') OR r.origin = 'legacy')
GROUP BY r.fiscal_year_be, r.number, c.lineage
"""


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = url.replace(parsed.path, "/postgres")
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def timed(fn: Callable[[], object], runs: int = RUNS, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def line(label: str, samples: list[float]) -> str:
    return f"  {label:<52} median {statistics.median(samples):8.1f} ms   p95 {p95(samples):8.1f} ms"


def verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("DJANGO_DEBUG", "0")  # no query log, cached templates: as deployed
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")  # persistent connections, as deployed
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare() -> None:
    from django.core.management import call_command

    from tidtam.formdefs.models import Round
    from tidtam.orgs.models import OrgUnit

    call_command("migrate", verbosity=0)
    if OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE).count() < 77:
        call_command("load_orgs", verbosity=0)
    call_command("load_template", verbosity=0)
    if Round.objects.filter(origin=Round.Origin.ENTRY).count() < 77 * ROUNDS:
        print(f"generating the national dataset, {ROUNDS} round(s) (once)…")
        started = time.monotonic()
        call_command("generate_national", rounds=ROUNDS, seed=1)
        print(f"generated in {time.monotonic() - started:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def national_analyst():
    from tidtam.orgs.models import Membership, OrgUnit, User
    from tidtam.orgs.services import membership_grant

    user, _ = User.objects.get_or_create(username="bench-national", defaults={"first_name": "นักวิเคราะห์"})
    membership_grant(
        user=user,
        org_unit=OrgUnit.objects.get(kind=OrgUnit.Kind.MINISTRY),
        role=Membership.Role.NATIONAL_ANALYST,
    )
    return user


def bench_rollup(item_number: int) -> tuple[list[float], dict[str, list[float]], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tidtam.dashboards.rollup import counted, reference_items, reference_template, rollup
    from tidtam.submissions.models import Submission

    items = reference_items(template=reference_template(), numbers=[item_number])

    def orm():
        return rollup(submissions=counted(Submission.objects.all()), items=items, by=[], per_slot=True)

    def raw(sql: str) -> Callable[[], object]:
        def run():
            with connection.cursor() as cursor:
                cursor.execute(sql, [items[0].lineage])
                return cursor.fetchall()

        return run

    with CaptureQueriesContext(connection) as queries:
        slots = len(orm()[item_number].values)
    own_sql = queries.captured_queries[-1]["sql"]

    def own():
        with connection.cursor() as cursor:
            cursor.execute(own_sql)
            return cursor.fetchall()

    raws = {name: timed(raw(sql)) for name, sql in RAW_SQL.items()}
    raws["sums only, lower bound"] = timed(raw(RAW_SQL_SUMS_ONLY))
    raws["the ORM's own SQL, raw cursor"] = timed(own)
    return timed(orm), raws, slots


def bench_dashboard(user, path: str) -> list[float]:
    from django.test import Client

    client = Client()
    client.force_login(user)

    def get():
        response = client.get(path)
        assert response.status_code == 200, response.status_code

    return timed(get)


def bench_search(user) -> list[float] | None:
    try:
        from tidtam.search import selectors
    except ImportError:
        return None
    if not hasattr(selectors, "search"):
        return None
    try:
        from tidtam.search import services
        from tidtam.submissions.models import Submission

        ids = list(
            services.stale_submissions(submissions=Submission.objects.all()).values_list("pk", flat=True)
        )
        if ids:
            print(f"building the search index of {len(ids):,} submissions (once)…")
            started = time.monotonic()
            services.search_index_submissions(submission_ids=ids)
            print(f"indexed in {time.monotonic() - started:.1f} s")
    except (ImportError, AttributeError, TypeError) as exc:
        print(f"  (search index not refreshed: {exc})")
    hits = selectors.search(user=user, q="งบประมาณ")
    print(f"  search 'งบประมาณ' returns {len(hits)} hits on the first page")
    return timed(lambda: selectors.search(user=user, q="งบประมาณ"))


def _backend_cpu_s() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend (a local server only), or None."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _vacuum_search_tables() -> None:
    """Clear what the previous rebuild left behind (outside the clock), as autovacuum would between
    rebuilds. Without it each rebuild leaves a table's worth of dead rows; on a server with autovacuum
    off (this machine's test server) the next rebuild's deletes would read them all."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("search_searchdocument", "search_indexedsubmission", "search_searchword"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def bench_indexing() -> tuple[float, float, int, str]:
    """Submissions/s of a full rebuild: the current path, then the old one (newmm, batches of 50).

    Then both once more without overlapping segmentation and writing, in CPU terms (this process + its
    PostgreSQL backend): what each costs, less disturbed by a machine shared with other work."""
    from unittest import mock

    from django.db.models.expressions import RawSQL

    from tidtam.search import segmentation, services
    from tidtam.search.models import SearchDocument
    from tidtam.submissions.models import Submission

    total = Submission.objects.count()
    segmentation.subwords(segmentation.segment("เตรียมตัวตัดคำ"))
    segmentation.newmm_tokens("เตรียมตัวตัดคำ")  # both dictionaries loaded before the clocks start
    cpu_rates: list[str] = []

    def rate(run: Callable[[], object], *, cpu: bool = False) -> float:
        _vacuum_search_tables()
        started, python, server = time.perf_counter(), time.process_time(), _backend_cpu_s()
        run()
        wall = time.perf_counter() - started
        python = time.process_time() - python
        after = _backend_cpu_s()
        if cpu and after is not None and server is not None:
            cpu_rates.append(
                f"{total / (python + after - server):,.0f} submissions per CPU-second "
                f"({python:.1f} s Python + {after - server:.1f} s PostgreSQL)"
            )
        return total / wall

    def old_terms(text: str) -> tuple[list[str], list[str]]:
        return segmentation.newmm_tokens(text), []

    def old_insert(rows: list[tuple]) -> None:
        # As before: INSERT, and the database computing every vector.
        columns = services._DOCUMENT_COLUMNS
        SearchDocument.objects.bulk_create(
            [
                SearchDocument(**dict(zip(columns, (*row[:-1], _sql_vector(row)), strict=True)))
                for row in rows
            ],
            batch_size=500,
        )

    def _sql_vector(row: tuple) -> RawSQL:
        # What the generated column computed on insert, from the row's tokens and sub-words.
        sql = "to_tsvector('simple'::regconfig, %s::text || ' ' || %s::text)"
        return RawSQL(sql, [row[8], row[9]])  # noqa: S611 (constant SQL, bound parameters)

    # The old path: newmm, batches of 50 by INSERT, one after the other, no sub-words nor vocabulary.
    old_path = (
        mock.patch.object(services, "index_terms", old_terms),
        mock.patch.object(services, "_vector_builder", lambda: lambda words: None),
        mock.patch.object(services, "BATCH_SIZE", 50),
        mock.patch.object(services, "_count_words", lambda words: None),
        mock.patch.object(services, "_insert_documents", old_insert),
        mock.patch.object(services, "_index_pipelined", services._index_sequential),
    )
    new = rate(services.search_reindex)
    with contextlib.ExitStack() as stack:
        for patch in old_path:
            stack.enter_context(patch)
        old = rate(services.search_reindex, cpu=True)
    with mock.patch.object(services, "_index_pipelined", services._index_sequential):
        rate(services.search_reindex, cpu=True)
    return new, old, total, f"current, not overlapped: {cpu_rates[1]}; old: {cpu_rates[0]}"


def main() -> int:
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        print("this benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
        return 2
    ensure_database(url)
    setup_django(url)
    prepare()
    from tidtam.formdefs.models import Round
    from tidtam.submissions.models import Submission, TableValue

    print(
        f"dataset: {Round.objects.count():,} rounds, {Submission.objects.count():,} submissions, "
        f"{TableValue.objects.count():,} table values"
    )
    user = national_analyst()
    failures = 0
    only_search = os.environ.get("BENCH_ONLY") == "search"
    if only_search:
        return bench_search_sections(user)

    print("\n(a) national roll-up of one item across all rounds (ORM, one grouped query) vs hand-written SQL")
    for number in (9, 1):
        orm, raws, slots = bench_rollup(number)
        print(line(f"item {number} roll-up, {slots} rounds (ORM)", orm))
        for name, samples in raws.items():
            print(line(f"item {number} raw SQL ({name})", samples))
        best = min(statistics.median(raws[name]) for name in RAW_SQL)
        ratio = statistics.median(orm) / best
        ok = ratio <= 3 and p95(orm) < 1000
        failures += not ok
        bound = statistics.median(orm) / statistics.median(raws["sums only, lower bound"])
        overhead = statistics.median(orm) / statistics.median(raws["the ORM's own SQL, raw cursor"])
        print(
            f"  ratio ORM / fastest hand-written SQL of the same aggregation (medians): {ratio:.2f}×"
            f"   target ≤ 3× and < 1 s: {verdict(ok)}"
        )
        print(
            f"  (vs the sums-only lower bound: {bound:.2f}×; ORM overhead over its own SQL: {overhead:.2f}×)"
        )

    print("\n(b) dashboard page, national analyst (Django test Client)")
    for path in ("/dashboards/?item=1", "/dashboards/?item=9&by=region", "/dashboards/?item=1&region=REG-04"):
        samples = bench_dashboard(user, path)
        ok = p95(samples) < 500
        failures += not ok
        print(line(path, samples) + f"   target p95 < 500 ms: {verdict(ok)}")

    failures += bench_search_sections(user)
    return 1 if failures else 0


def bench_search_sections(user) -> int:
    failures = 0
    print("\n(c) search")
    samples = None if os.environ.get("BENCH_SKIP_SEARCH") else bench_search(user)
    if samples is None:
        print("  tidtam.search.selectors.search is not available yet: skipped")
    else:
        ok = p95(samples) < 300
        failures += not ok
        print(line("search(q='งบประมาณ')", samples) + f"   target p95 < 300 ms: {verdict(ok)}")
        from tidtam.search import selectors

        for q in ("โรงเรียนคุณภาพ", '"โรงเรียนคุณภาพ"', "งบประมาน"):
            print(line(f"search(q={q!r})", timed(lambda q=q: selectors.search_page(user=user, q=q))))
    if not os.environ.get("BENCH_SKIP_SEARCH"):
        print("\n(d) search indexing, full rebuild")
        new, old, total, cpu = bench_indexing()
        ok = new >= 1000
        failures += not ok
        print(
            f"  {total:,} submissions: current {new:,.0f} submissions/s, old newmm path {old:,.0f} submissions/s"
        )
        print(f"  speed-up {new / old:.1f}×   target ≥ 1,000 submissions/s: {verdict(ok)}")
        print(f"  CPU: {cpu}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
