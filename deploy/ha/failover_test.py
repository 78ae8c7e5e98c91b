#!/usr/bin/env python3
"""The failover test: PostgreSQL 15 with a standby under pg_auto_failover on this machine
(a monitor, a primary and a secondary, each its own port), the service connected through a
multi-host URL with target_session_attrs=read-write, a writer creating tasks with
Idempotency-Key retries, the primary killed (its keeper and its postgres, SIGKILL) in the
middle, the secondary promoted. Passes when the service serves again without a restart and
every acknowledged write is on the new primary; prints the figures.

    python3 deploy/ha/failover_test.py target/debug/cchc-server [--writes 300] [--keep]

Needs Debian's postgresql-15 and postgresql-15-auto-failover; run as root (the clusters
run as the postgres user, which PostgreSQL requires) or as postgres. Standard library only.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cluster import Cluster  # noqa: E402
from writer import Writer  # noqa: E402

ADMIN_PASSWORD = "ha-admin-password"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_service(binary, url, work):
    port = free_port()
    env = {**os.environ,
           "CCHC_DATABASE_URL": url, "CCHC_BIND": f"127.0.0.1:{port}", "CCHC_DEMO": "false",
           "CCHC_BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD, "CCHC_LOG_FORMAT": "json",
           "CCHC_RATE_LIMIT_PER_MINUTE": "1000000", "CCHC_RATE_LIMIT_BURST": "1000000",
           "CCHC_WORKERS": "2"}
    log = open(os.path.join(work, "service.log"), "w")
    proc = subprocess.Popen([binary, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                pass
            import urllib.request
            with urllib.request.urlopen(f"{base}/readyz", timeout=1) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"the service exited: see {log.name}")
        time.sleep(0.1)
    raise SystemExit("the service did not become ready")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("binary", help="the cchc-server binary")
    p.add_argument("--writes", type=int, default=300, help="acknowledged writes in all")
    p.add_argument("--kill-after", type=int, default=60, help="writes before the kill")
    p.add_argument("--keep", action="store_true", help="keep the clusters' directory")
    args = p.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="cchc-ha-")
    os.chmod(work, 0o755)
    cluster = Cluster(work)
    service = None
    try:
        t0 = time.monotonic()
        cluster.start()
        print(f"ha: monitor :{cluster.ports['monitor']}, node1 :{cluster.ports['node1']} "
              f"(primary), node2 :{cluster.ports['node2']} (secondary), ready in "
              f"{time.monotonic() - t0:.1f} s", flush=True)
        url = (f"postgres://postgres@127.0.0.1:{cluster.ports['node1']},"
               f"127.0.0.1:{cluster.ports['node2']}/cchc?target_session_attrs=read-write")
        service, base = start_service(binary, url, work)
        writer = Writer(base, "admin", ADMIN_PASSWORD)
        writer.prepare()
        killed_at = None
        while len(writer.acknowledged) < args.writes:
            if killed_at is None and len(writer.acknowledged) >= args.kill_after:
                killed_at = time.monotonic()
                cluster.kill("node1")
                print(f"ha: primary killed after {len(writer.acknowledged)} writes", flush=True)
            writer.write_one()
        # Promoted: primary, or wait_primary while its old primary stays away.
        promoted = cluster.wait_state("node2", ("primary", "wait_primary"), timeout=5)
        lost = cluster.missing("node2", writer.acknowledged)
        figures = {
            "acknowledged_writes": len(writer.acknowledged),
            "acknowledged_writes_lost": len(lost),
            "unavailable_seconds": round(writer.longest_outage, 2),
            "failed_attempts": writer.failed_attempts,
            "node2_primary": promoted,
            "service_restarted": False,
            "service_still_running": service.poll() is None,
        }
        print("ha: " + json.dumps(figures), flush=True)
        ok = not lost and promoted and service.poll() is None and killed_at is not None
        if not ok:
            print(f"ha: FAILED; logs in {work}", file=sys.stderr)
            args.keep = True
        return 0 if ok else 1
    finally:
        if service is not None and service.poll() is None:
            service.send_signal(signal.SIGTERM)
            try:
                service.wait(timeout=30)
            except subprocess.TimeoutExpired:
                service.kill()
        cluster.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
