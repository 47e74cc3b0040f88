#!/usr/bin/env bash
# Serve the demo: the background worker (`tidtam worker`, which runs queued jobs such as PDF exports) and
# Django's development server. The worker runs in the background and is stopped when the server stops.
set -euo pipefail
cd "$(dirname "$0")/.."
TIDTAM="${TIDTAM:-.venv/bin/tidtam}"
ADDRESS="${ADDRESS:-127.0.0.1:8000}"

worker=""
stop_worker() {
  if [ -n "$worker" ] && kill -0 "$worker" 2>/dev/null; then
    kill "$worker" 2>/dev/null || true
    wait "$worker" 2>/dev/null || true
  fi
}
trap stop_worker EXIT
trap 'exit 130' INT TERM

if "$TIDTAM" help worker >/dev/null 2>&1; then
  "$TIDTAM" worker &
  worker=$!
  echo "Background worker started (pid $worker)"
else
  echo "This version has no 'tidtam worker' command: jobs run in the web process" >&2
fi
"$TIDTAM" runserver "$ADDRESS"
