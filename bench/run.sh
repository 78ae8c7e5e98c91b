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
api() { curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port$1"; }
district=$(api "/api/v1/units?q=tay%20hoa&level=district" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["id"])')
assessment=$(api "/api/v1/index/assessments?year=2023&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["id"])')
decision=$(api "/api/v1/awards/decisions?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["id"])')
for path in /healthz "/api/v1/units?limit=50" "/api/v1/tasks?limit=50&sort=due_date" "/api/v1/plans?limit=10" \
    "/api/v1/index/results?parent_id=$district&year=2023" "/api/v1/index/assessments/$assessment/analysis" \
    "/api/v1/awards/decisions/$decision/document?format=pdf"; do
  echo "== GET $path"
  wrk -t2 -c16 -d"${secs}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path" |
    grep -E "Requests/sec|Latency|50%|99%|Non-2xx"
done
# One portal batch of 10,000 dossiers (the most a request may carry), sent twice: the
# second time every record is unchanged.
python3 - "$dir/batch.json" <<'PY'
import json, sys
records = [{"code": f"BENCH-{i:05}", "procedure_code": "1.001234", "unit_code": "22081",
            "received_date": "2024-03-01", "due_date": "2024-03-10", "finished_date": "2024-03-05",
            "status": "resolved", "channel": "fully_online", "paid_online": True,
            "electronic_result": True, "digitised": True, "synced": True, "satisfaction": 5}
           for i in range(10_000)]
json.dump(records, open(sys.argv[1], "w"))
PY
for round in first resend; do
  echo "== POST /api/v1/portal/dossiers/batch (10,000 records, $round)"
  curl -fs -o /dev/null -w "%{time_total} s\n" -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
    --data-binary @"$dir/batch.json" "http://127.0.0.1:$port/api/v1/portal/dossiers/batch"
done
echo "== server RSS after the run: $(ps -o rss= -p $pid) KiB"
