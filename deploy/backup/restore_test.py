#!/usr/bin/env python3
"""The backup restore test: the demo data set is backed up the documented way, restored
into a fresh database, compared table by table (row count and a digest of every row), and
served: the restored service signs the admin in and renders the demo plan's PDF.

    python3 deploy/backup/restore_test.py target/debug/cchc-server [--postgres URL]

SQLite: the online backup API (what `sqlite3 cchc.db ".backup backup.db"` does) taken while
the service runs. PostgreSQL (with --postgres postgres://user@host:port): `pg_dump -Fc` of
a database the service is using, `pg_restore` into a new one. Standard library only; the
PostgreSQL part needs psql, pg_dump, pg_restore and createdb on PATH.
"""

import argparse
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ADMIN_PASSWORD = "backup-admin-password"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    """The service on `url` with the demo data, until stopped."""

    def __init__(self, binary, url, log_path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "CCHC_DATABASE_URL": url, "CCHC_BIND": f"127.0.0.1:{self.port}",
               "CCHC_DEMO": "true", "CCHC_BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD}
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen([binary, "serve"], env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"{self.base}/readyz", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise SystemExit(f"backup: the service exited; see {log_path}")
            time.sleep(0.1)
        raise SystemExit("backup: the service did not become ready")

    def token(self):
        form = urllib.parse.urlencode({"grant_type": "password", "username": "admin",
                                       "password": ADMIN_PASSWORD}).encode()
        with urllib.request.urlopen(f"{self.base}/api/v1/auth/token", data=form) as r:
            return json.load(r)["access_token"]

    def get(self, path, token):
        req = urllib.request.Request(self.base + path,
                                     headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(req) as r:
            return r.read()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.log.close()


def served(service):
    """What a user of the restored service sees: the plan list and the plan's PDF."""
    token = service.token()
    plans = json.loads(service.get("/api/v1/plans?q=01/KH", token))["data"]
    assert plans, "no demo plan in the restored database"
    pdf = service.get(f"/api/v1/plans/{plans[0]['id']}/document?format=pdf", token)
    assert pdf.startswith(b"%PDF"), "the restored plan does not render"
    return len(plans)


def compare(source, restored, name):
    if source != restored:
        differing = sorted(t for t in set(source) | set(restored)
                           if source.get(t) != restored.get(t))
        raise SystemExit(f"backup: {name}: restored tables differ: {differing}")
    rows = sum(count for count, _ in source.values())
    print(f"backup: {name}: {len(source)} tables, {rows} rows, every row restored", flush=True)


def sqlite_digest(path):
    db = sqlite3.connect(path)
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    out = {}
    for t in tables:
        rows = sorted(repr(r) for r in db.execute(f'SELECT * FROM "{t}"'))
        out[t] = (len(rows), hash("\n".join(rows)))
    db.close()
    return out


def test_sqlite(binary, work):
    source = os.path.join(work, "cchc.db")
    service = Service(binary, f"sqlite://{source}?mode=rwc", os.path.join(work, "sqlite.log"))
    try:
        served(service)
        # Online: the service keeps running (and could be writing) while the copy is taken.
        backup = os.path.join(work, "backup.db")
        with sqlite3.connect(source) as src, sqlite3.connect(backup) as dst:
            src.backup(dst)
    finally:
        service.stop()
    # The source as the service left it (idle after start-up: nothing written since).
    before = sqlite_digest(source)
    restored = os.path.join(work, "restored.db")
    shutil.copy(backup, restored)
    compare(before, sqlite_digest(restored), "SQLite")
    service = Service(binary, f"sqlite://{restored}?mode=rwc", os.path.join(work, "r.log"))
    try:
        print(f"backup: SQLite: the restored service lists {served(service)} plan(s) and "
              "renders the PDF", flush=True)
    finally:
        service.stop()


def psql(url, sql):
    out = subprocess.run(["psql", url, "-XAtqc", sql], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"backup: psql: {out.stderr.strip()}")
    return out.stdout


def pg_digest(url):
    tables = psql(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                       "ORDER BY 1").split()
    out = {}
    for t in tables:
        line = psql(url, f'SELECT count(*), md5(coalesce(string_agg(x::text, \'|\' '
                         f'ORDER BY x::text), \'\')) FROM "{t}" x').strip()
        count, digest = line.split("|")
        out[t] = (int(count), digest)
    return out


def test_postgres(binary, server, work):
    stamp = f"{int(time.time())}_{os.getpid()}"
    source, restored = f"cchc_backup_src_{stamp}", f"cchc_backup_dst_{stamp}"
    admin = f"{server}/postgres"
    psql(admin, f"CREATE DATABASE {source}")
    try:
        service = Service(binary, f"{server}/{source}", os.path.join(work, "pg.log"))
        try:
            served(service)
            dump = os.path.join(work, "cchc.dump")
            subprocess.run(["pg_dump", "-Fc", "-f", dump, f"{server}/{source}"], check=True)
            before = pg_digest(f"{server}/{source}")
        finally:
            service.stop()
        psql(admin, f"CREATE DATABASE {restored}")
        subprocess.run(["pg_restore", "--no-owner", "-d", f"{server}/{restored}", dump],
                       check=True)
        compare(before, pg_digest(f"{server}/{restored}"), "PostgreSQL")
        service = Service(binary, f"{server}/{restored}", os.path.join(work, "pg-r.log"))
        try:
            print(f"backup: PostgreSQL: the restored service lists {served(service)} plan(s) "
                  "and renders the PDF", flush=True)
        finally:
            service.stop()
    finally:
        for db in (source, restored):
            psql(admin, f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("binary")
    p.add_argument("--postgres", help="postgres://user@host:port (no database)")
    args = p.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="cchc-backup-")
    try:
        test_sqlite(binary, work)
        if args.postgres:
            test_postgres(binary, args.postgres.rstrip("/"), work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
