"""Exit 0 when PostgreSQL answers at the URL given (used by `make test` to add the PostgreSQL run)."""

import sys

import psycopg

try:
    with psycopg.connect(sys.argv[1].replace("/tidtam", "/postgres"), connect_timeout=3) as conn:
        conn.execute("select 1")
except Exception:  # noqa: BLE001 - any failure means "not reachable"
    sys.exit(1)
sys.exit(0)
