"""The audit journal against what a live server did (run by .ci/run after schemathesis).

Reads the server's JSON log ("request finished" lines: method, path, request id, status,
replayed) and its SQLite database, then checks, over every operation the fuzzer reached:
  - every successful write (POST/PUT/PATCH/DELETE, 2xx, not a replay) left at least one
    journal row carrying its request id, each naming the operation (its operationId);
  - every refused write (4xx/5xx) left none.
Exceptions, each by design: writes that may find nothing to change, and the token
endpoint, which journals refused sign-ins on purpose.
Usage: journal_check.py SERVER_LOG SQLITE_FILE
"""
import json
import re
import sqlite3
import sys

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Successful answers that may change nothing (and so journal nothing).
MAY_CHANGE_NOTHING = [
    r"^/api/v1/auth/revoke$",  # RFC 7009: an unknown token is not an error
    r"^/api/v1/portal/dossiers/batch$",  # every record unchanged or rejected
    r"^/api/v1/plans/[^/]+/tasks$",  # every task of the plan already made
    r"^/api/v1/index/assessments/[^/]+/analysis/tasks$",  # every remediation task exists
]
# Refusals journaled on purpose: failed sign-ins, a reused refresh token.
JOURNALS_REFUSALS = [r"^/api/v1/auth/token$"]


def matches(patterns, path):
    return any(re.match(p, path) for p in patterns)


def main(log_file, db_file):
    finished = []
    with open(log_file, encoding="utf-8", errors="replace") as log:
        for line in log:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            fields = event.get("fields", {})
            if fields.get("message") != "request finished":
                continue
            span = event.get("span", {})
            if span.get("method") not in WRITES:
                continue
            finished.append(
                (span["method"], span.get("path", ""), span.get("request_id"),
                 int(fields.get("status", 0)), bool(fields.get("replayed", False)))
            )
    db = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    journaled = dict(db.execute(
        "SELECT request_id, COUNT(*) FROM audit_events WHERE request_id IS NOT NULL GROUP BY request_id"
    ))
    # Rows of a request that do not name the operation that made them.
    unnamed = dict(db.execute(
        "SELECT request_id, COUNT(*) FROM audit_events"
        " WHERE request_id IS NOT NULL AND operation IS NULL GROUP BY request_id"
    ))
    unjournaled, leaked, ok_writes, refused = [], [], 0, 0
    for method, path, rid, status, replayed in finished:
        rows = journaled.get(rid, 0)
        if 200 <= status < 300:
            if replayed or matches(MAY_CHANGE_NOTHING, path):
                continue
            ok_writes += 1
            if rows == 0:
                unjournaled.append(f"{method} {path} -> {status} ({rid})")
            elif unnamed.get(rid, 0):
                unjournaled.append(f"{method} {path} -> {status}: rows name no operation ({rid})")
        elif status >= 400:
            if matches(JOURNALS_REFUSALS, path):
                continue
            refused += 1
            if rows > 0:
                leaked.append(f"{method} {path} -> {status} wrote {rows} journal rows ({rid})")
    print(f"journal check: {ok_writes} successful writes, {refused} refused writes")
    for line in unjournaled[:30]:
        print(f"  not journaled: {line}")
    for line in leaked[:30]:
        print(f"  refused but journaled: {line}")
    if ok_writes == 0:
        print("  no successful write was seen: the check proves nothing")
        return 1
    return 1 if unjournaled or leaked else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
