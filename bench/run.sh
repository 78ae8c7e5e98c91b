#!/usr/bin/env bash
# Load benchmark of the release server on loopback with wrk (Debian package `wrk`).
# Usage: bash bench/run.sh [seconds]   — writes nothing; copy the figures into RESULTS.md.
# It starts its own server on a free port with a fresh SQLite file and the demo data,
# signs in as the admin, and measures a few representative reads. Requests go only to
# 127.0.0.1 and stop after the given duration.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
cargo build --release --locked -p cchc-server >/dev/null
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CCHC_DATABASE_URL="sqlite://$dir/cchc.db?mode=rwc" CCHC_BIND="127.0.0.1:$port" CCHC_DEMO=true CCHC_LOG_LEVEL=warn \
  CCHC_BOOTSTRAP_ADMIN_PASSWORD=bench-admin-password CCHC_RATE_LIMIT_PER_MINUTE=100000000 CCHC_RATE_LIMIT_BURST=100000000 \
  target/release/cchc-server serve >"$dir/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
token=$(curl -fs -X POST "http://127.0.0.1:$port/api/v1/auth/token" -d grant_type=password -d username=admin \
  -d password=bench-admin-password | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
for path in /healthz "/api/v1/units?limit=50" "/api/v1/tasks?limit=50&sort=due_date" "/api/v1/plans?limit=10"; do
  echo "== GET $path"
  wrk -t2 -c16 -d"${secs}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path" |
    grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
done
echo "== server RSS after the run: $(ps -o rss= -p $pid) KiB"
