#!/usr/bin/env python3
"""CCHC's benchmark: the product against its ceiling, back to back, in one command.

    python3 bench/run.py [--scale small|national] [--duration S] [--growth] [--check]

Builds the release binaries (cchc-server, cchc-ceiling), starts a throwaway PostgreSQL 15
cluster with pg_stat_statements, fills it (`cchc-server bench-data`, or a stand-in made
through the API when the build has no generator), starts the product and the ceiling,
loads each endpoint with wrk (bench/wrk/*.lua) and writes bench/RESULTS.md. With --check
it exits 1 when any request failed (never on times). bench/README.md explains the figures.
Python 3.11, standard library only; needs wrk, psql and the PostgreSQL server binaries.
"""

import argparse
import base64
import datetime
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from benchlib import data, results, wrk  # noqa: E402
from benchlib.pg import Cluster  # noqa: E402
from benchlib.procs import Process, call, call_json, free_port  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADMIN_PASSWORD = "bench-admin-password-1"
CEILING_SECRET = "bench-ceiling-secret-1"
# The limiter must not refuse the load: the budget is far above what two cores can serve.
PRODUCT_ENV = {
    # As the Dockerfile and docker-compose.yml run it: two glibc malloc arenas, not one per
    # thread (README, "Memory").
    "MALLOC_ARENA_MAX": "2",
    "CCHC_DEMO": "false",
    "CCHC_LOG_LEVEL": "warn",
    "CCHC_BOOTSTRAP_ADMIN_USERNAME": "admin",
    "CCHC_BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD,
    "CCHC_RATE_LIMIT_PER_MINUTE": "1000000000",
    "CCHC_RATE_LIMIT_BURST": "1000000000",
    "CCHC_LOGIN_ATTEMPTS_PER_MINUTE": "1000000",
    "CCHC_LOGIN_ATTEMPTS_BURST": "1000000",
    "CCHC_ACCESS_TOKEN_TTL_SECS": "86400",
    "NO_COLOR": "1",
}


def options():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", choices=sorted(data.SCALES), default="small")
    p.add_argument("--duration", type=float, help="seconds per load (15; small scale 2)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--growth", action="store_true",
                   help="also list/get at 10 k, 100 k, 1 M tasks and rankings by units ranked")
    p.add_argument("--check", action="store_true", help="exit 1 when any request failed")
    p.add_argument("--debug", action="store_true", help="debug build (CI), not release")
    p.add_argument("--no-build", action="store_true", help="use the binaries already built")
    p.add_argument("--only", help="comma-separated endpoint keys to run (see --list)")
    p.add_argument("--list", action="store_true", help="print the endpoint keys and exit")
    p.add_argument("--log-statements", action="store_true",
                   help="log every SQL statement (PostgreSQL log_statement=all) to read the"
                        " product's SQL; slows everything")
    p.add_argument("--keep", action="store_true", help="keep the cluster and logs directory")
    p.add_argument("--results", default=os.path.join(ROOT, "bench", "RESULTS.md"))
    args = p.parse_args()
    if args.duration is None:
        args.duration = 2.0 if args.scale == "small" else 15.0
    return args


def build(args):
    profile = "debug" if args.debug else "release"
    if not args.no_build:
        cmd = ["cargo", "build", "--locked", "-p", "cchc-server", "-p", "cchc-ceiling"]
        if not args.debug:
            cmd.insert(2, "--release")
        subprocess.run(cmd, cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return (os.path.join(target, profile, "cchc-server"),
            os.path.join(target, profile, "cchc-ceiling"))


def mint(secret, seconds=86400):
    """An HS256 JWT for the ceiling (RFC 7519), signed here with the shared secret."""
    def b64(raw):
        return base64.urlsafe_b64encode(raw).rstrip(b"=")
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps({"sub": "bench", "exp": int(time.time()) + seconds}).encode())
    sig = b64(hmac.new(secret.encode(), head + b"." + body, hashlib.sha256).digest())
    return (head + b"." + body + b"." + sig).decode()


def sign_in(base, username, password):
    """OAuth 2.0 password grant (form-encoded) at /api/v1/auth/token."""
    return call_json("POST", f"{base}/api/v1/auth/token", form={
        "grant_type": "password", "username": username, "password": password})["access_token"]


class Target:
    """A server under load: the product or the ceiling."""

    def __init__(self, name, proc, base, db_user):
        self.name, self.proc, self.base, self.db_user = name, proc, base, db_user


class Bench:
    def __init__(self, args, cluster, work):
        self.args, self.cluster, self.work = args, cluster, work
        self.runs = []

    def start_product(self, server_bin, db, log_name, extra_env=None):
        port = free_port()
        env = {**PRODUCT_ENV, "CCHC_DATABASE_URL": self.cluster.url(db),
               "CCHC_BIND": f"127.0.0.1:{port}", **(extra_env or {})}
        proc = Process("cchc-server", [server_bin, "serve"], env,
                       os.path.join(self.work, log_name))
        base = f"http://127.0.0.1:{port}"
        ready = proc.wait_ready(base + "/readyz")
        return Target("product", proc, base, "postgres"), ready

    def start_ceiling(self, ceiling_bin, db):
        port = free_port()
        env = {"CEILING_DATABASE_URL": self.cluster.url(db, user="ceiling"),
               "CEILING_BIND": f"127.0.0.1:{port}", "CEILING_JWT_SECRET": CEILING_SECRET}
        proc = Process("cchc-ceiling", [ceiling_bin], env, os.path.join(self.work, "ceiling.log"))
        base = f"http://127.0.0.1:{port}"
        proc.wait_ready(base + "/readyz")
        return Target("ceiling", proc, base, "ceiling")

    def load(self, target, token, script, script_args, db="cchc", seconds=None):
        """One measured load (after a short warm-up) with CPU, SQL and memory around it."""
        a = self.args
        seconds = seconds or a.duration
        warm = max(1, round(seconds / 5))
        wrk.run(target.base, script, script_args, token, warm, a.threads, a.connections)
        self.cluster.reset_statements(db)
        cpu = target.proc.cpu_seconds()
        fig = wrk.run(target.base, script, script_args, token, seconds, a.threads,
                      a.connections)
        cpu = target.proc.cpu_seconds() - cpu
        statements = self.cluster.statements(target.db_user, db)
        n = max(fig["requests"], 1)
        fig.update(cpu_ms=cpu * 1000 / n, sql=statements / n, rss_mib=target.proc.rss_mib())
        return fig


def wait_quiet(proc, limit=300):
    """Seconds until the process has been idle for two seconds (start-up jobs done)."""
    start, quiet = time.monotonic(), 0
    last = proc.cpu_seconds()
    while time.monotonic() - start < limit and quiet < 2:
        time.sleep(1)
        now = proc.cpu_seconds()
        quiet = quiet + 1 if now - last < 0.05 else 0
        last = now
    return time.monotonic() - start


def endpoints(m, ids_file, status, cursor, year, root):
    """(key, group, title, who, script, args, has a ceiling) of every load."""
    commune, province = m["communes"][0], m["province"]
    nonce = uuid.uuid4().hex[:8]
    rows = [
        ("list", "tasks", "list 50 tasks of a unit by status (commune admin)", "commune",
         "list.lua", [commune["id"], status], True),
        ("list_province", "tasks", "the same list as the province's admin", "province",
         "list.lua", [commune["id"], status], "list"),
        ("first_page", "tasks", "every unit's tasks by status, first page (system admin)",
         "system", "deep_page.lua", [status], True),
        ("deep_page", "tasks", "the same, a page ~90 % deep by cursor", "system",
         "deep_page.lua", [status, cursor], True),
        ("get", "tasks", "get a task (random from the manifest's sample)", "system",
         "get.lua", [ids_file], True),
        ("create", "tasks", "create a task (Idempotency-Key each)", "commune",
         "create.lua", [commune["id"], nonce], True),
        ("ranking_province", "index", "ranking of a province's communes", "system",
         "ranking.lua", [province["id"], year], False),
    ]
    if root:
        rows.append(("ranking_national", "index", "national ranking (the provinces)",
                     "system", "ranking.lua", [root, year], False))
    if m.get("sample_assessments"):
        rows.append(("analysis", "index", "one assessment's analysis", "system",
                     "analysis.lua", [m["sample_assessments"][0]], False))
    rows.append(("report_xlsx", "documents",
                 "report: the province ranking as XLSX (GET /reports/index-ranking)", "system",
                 "report.lua", [province["id"], year], False))
    if m.get("sample_plans"):
        rows.append(("plan_pdf", "documents", "a plan as PDF", "system", "plan_pdf.lua",
                     [m["sample_plans"][0]], False))
    return rows


def pick(cluster, m, db="cchc"):
    """The commune's most common status (so its first page is full) and a cursor ~90 %
    deep into every unit's tasks of that status."""
    unit = m["communes"][0]["id"]
    status = cluster.psql(f"SELECT status FROM tasks WHERE unit_id = '{unit}' GROUP BY status"
                          " ORDER BY count(*) DESC, status LIMIT 1", db) or "todo"
    total = int(cluster.psql(f"SELECT count(*) FROM tasks WHERE status = '{status}'", db))
    cursor = cluster.psql(f"SELECT id FROM tasks WHERE status = '{status}' ORDER BY id"
                          f" OFFSET {max(total * 9 // 10 - 1, 0)} LIMIT 1", db)
    return status, cursor


def published_year(base, token, parent, years):
    """The latest year whose ranking of `parent` has results."""
    for year in sorted(years, reverse=True):
        status, _, raw = call("GET", f"{base}/api/v1/index/results?parent_id={parent}"
                                     f"&year={year}", token=token)
        if status == 200 and json.loads(raw).get("results"):
            return year
    return max(years)


def dossier_batch(base, token, unit_code, nonce):
    """One batch of 10,000 new dossiers, then the same again: seconds and what was stored."""
    records = [{"code": f"BENCH-{nonce}-{i:05}", "procedure_code": "1.001234",
                "unit_code": unit_code, "received_date": "2024-03-01",
                "due_date": "2024-03-10", "finished_date": "2024-03-05", "status": "resolved",
                "channel": "fully_online", "paid_online": True, "electronic_result": True,
                "digitised": True, "synced": True, "satisfaction": 5} for i in range(10_000)]
    body = json.dumps(records).encode()
    out = []
    for label in ("new", "resent"):
        t = time.monotonic()
        status, _, raw = call("POST", f"{base}/api/v1/portal/dossiers/batch", token=token,
                              body=body)
        took = time.monotonic() - t
        answer = json.loads(raw) if status == 200 else {}
        out.append({"label": label, "status": status, "seconds": took,
                    "records_per_s": 10_000 / took, "created": answer.get("created", 0),
                    "unchanged": answer.get("unchanged", 0),
                    "rejected": len(answer.get("rejected", [])) if status == 200 else 10_000})
    return out


def fill(bench, server_bin, db, sizes, flags, log_name):
    """A database at `sizes`: migrated and given its system admin by a first start of the
    product on it empty, then filled by the generator. Returns the manifest."""
    bench.cluster.create_database(db)
    product, _ = bench.start_product(server_bin, db, log_name)
    product.proc.stop()
    env = {**os.environ, "CCHC_DATABASE_URL": bench.cluster.url(db), "NO_COLOR": "1"}
    manifest_path = os.path.join(bench.work, f"{db}-manifest.json")
    t = time.monotonic()
    with open(os.path.join(bench.work, f"{db}-generate.log"), "ab") as log:
        m = data.generate(server_bin, env, flags, sizes, manifest_path, log)
    m["generated_in_s"] = time.monotonic() - t
    return m


def main():
    args = options()
    if args.list:
        for key in ("list", "list_province", "first_page", "deep_page", "get", "create",
                    "ranking_province", "ranking_national", "analysis", "report_xlsx",
                    "plan_pdf", "dossiers"):
            print(key)
        return 0
    server_bin, ceiling_bin = build(args)
    work = tempfile.mkdtemp(prefix="cchc-bench-")
    cluster = Cluster(log_statements=args.log_statements, keep=args.keep).start()
    bench = Bench(args, cluster, work)
    started = []
    try:
        return run(args, bench, server_bin, ceiling_bin, started)
    finally:
        for target in started:
            target.proc.stop()
        cluster.stop()
        if args.keep:
            print(f"bench: logs in {work}, cluster in {cluster.dir} (port {cluster.port})")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(args, bench, server_bin, ceiling_bin, started):
    cluster, work = bench.cluster, bench.work
    flags = data.generator_flags(server_bin)
    sizes = data.SCALES[args.scale]
    if flags is not None:
        print(f"bench: generating the {args.scale} data set", flush=True)
        m = fill(bench, server_bin, "cchc", sizes, flags, "product-first-start.log")
    else:
        print("bench: this build has no `cchc-server bench-data`; using the demo stand-in",
              flush=True)
        cluster.create_database("cchc")
        product, _ = bench.start_product(server_bin, "cchc", "product-stand-in.log", {
            "CCHC_DEMO": "true", "CCHC_DEMO_PASSWORD": data.PASSWORD})
        admin = sign_in(product.base, "admin", ADMIN_PASSWORD)
        m = data.stand_in(product.base, admin, 300 if args.scale == "small" else 3000)
        product.proc.stop()
    m["province"] = next((p for p in m["provinces"]
                          if p["id"] == m["communes"][0]["province_id"]), m["provinces"][0])

    product, ready_s = bench.start_product(server_bin, "cchc", "product.log")
    started.append(product)
    settled_s = wait_quiet(product.proc)
    idle_rss = product.proc.rss_mib()
    ceiling = bench.start_ceiling(ceiling_bin, "cchc")
    started.append(ceiling)
    tokens = {
        "system": sign_in(product.base, "admin", ADMIN_PASSWORD),
        "commune": sign_in(product.base, m["communes"][0]["admin"], m["password"]),
        "province": sign_in(product.base, m["province"]["admin"], m["password"]),
    }
    ceiling_token = mint(CEILING_SECRET)
    ids_file = os.path.join(work, "task-ids.txt")
    with open(ids_file, "w") as f:
        f.write("\n".join(m["sample_tasks"]) + "\n")
    status, cursor = pick(cluster, m)
    year = published_year(product.base, tokens["system"], m["province"]["id"], m["years"])
    unit = call_json("GET", f"{product.base}/api/v1/units/{m['province']['id']}",
                     tokens["system"])
    root = unit.get("parent_id")
    only = set(args.only.split(",")) if args.only else None

    for key, group, title, who, script, script_args, ceil in endpoints(
            m, ids_file, status, cursor, year, root):
        if only and key not in only:
            continue
        print(f"bench: {key}", flush=True)
        row = {"key": key, "group": group, "title": title,
               "product": bench.load(product, tokens[who], script, script_args)}
        if ceil is True:
            row["ceiling"] = bench.load(ceiling, ceiling_token, script, script_args)
        elif ceil:
            row["ceiling_of"] = ceil
        bench.runs.append(row)

    batches = []
    if not only or "dossiers" in only:
        print("bench: dossiers", flush=True)
        code = m["communes"][0].get("code") or "22081"
        batches = dossier_batch(product.base, tokens["system"], code, uuid.uuid4().hex[:8])
    growth = None
    if args.growth:
        for target in started:
            target.proc.stop()
        started.clear()
        growth = run_growth(bench, server_bin, flags)

    facts = {
        "scale": args.scale, "stand_in": bool(m.get("stand_in")), "manifest": m,
        "tasks": int(cluster.psql("SELECT count(*) FROM tasks")),
        "units": int(cluster.psql("SELECT count(*) FROM units")),
        "ready_s": ready_s, "settled_s": settled_s, "idle_rss_mib": idle_rss,
        "status": status, "year": year,
        "ranked_units": " (%s units)" % cluster.psql(
            f"SELECT count(*) FROM units WHERE parent_id = '{m['province']['id']}'"), "pg_version": cluster.version(),
        "tasks_size": cluster.table_size("tasks"),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python3 bench/run.py " + " ".join(sys.argv[1:]),
        "args": vars(args), "batches": batches, "growth": growth,
    }
    with open(args.results, "w") as f:
        f.write(results.render(bench.runs, facts))
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump({"runs": bench.runs, "facts": facts}, f, indent=1, default=str)
    print(f"bench: wrote {args.results}")
    failed = results.failures(bench.runs, batches, growth)
    for line in failed:
        print(f"bench: FAILED {line}")
    return 1 if (args.check and failed) else 0


def time_ranking(base, token, parent, year, units, rounds=3):
    """One ranking asked alone: the first request (computed from the published totals),
    then `rounds` more (kept until results change): the first's seconds and the others'
    median (a ranking of thousands of units takes too long for a wrk load to say much)."""
    url = f"{base}/api/v1/index/results?parent_id={parent}&year={year}"
    times, errors, ranked = [], 0, 0
    for i in range(rounds + 1):
        t = time.monotonic()
        status, _, raw = call("GET", url, token=token)
        took = time.monotonic() - t
        if status != 200:
            errors += 1
        else:
            ranked = len(json.loads(raw).get("results", []))
        if i:
            times.append(took)
        else:
            first = took
    return {"units": units, "ranked": ranked, "first_seconds": first,
            "seconds": sorted(times)[len(times) // 2], "errors": errors}


def run_growth(bench, server_bin, flags):
    """List and get at 10 k, 100 k and 1 M tasks (100 communes), and the ranking of one
    province of 10, 100, 1,000 and 3,321 communes: one generated database each."""
    if flags is None:
        print("bench: growth needs `cchc-server bench-data`; skipped", flush=True)
        return {"skipped": "this build has no `cchc-server bench-data`"}
    out = {"tasks": [], "ranking": []}
    base_sizes = {"provinces": 1, "departments": 3, "officials": 3, "plans": 1, "years": 1,
                  "months": 1, "dossiers": 0}
    for total in (10_000, 100_000, 1_000_000):
        db = f"growth_tasks_{total}"
        print(f"bench: growth, {total} tasks", flush=True)
        m = fill(bench, server_bin, db, {**base_sizes, "communes": 100, "tasks": total // 100},
                 flags, f"{db}-first-start.log")
        product, _ = bench.start_product(server_bin, db, f"{db}.log")
        wait_quiet(product.proc)
        try:
            token = sign_in(product.base, "admin", ADMIN_PASSWORD)
            ids = os.path.join(bench.work, f"{db}-ids.txt")
            with open(ids, "w") as f:
                f.write("\n".join(m["sample_tasks"]) + "\n")
            status, _ = pick(bench.cluster, m, db)
            row = {"tasks": total,
                   "list": bench.load(product, token, "list.lua", [m["communes"][0]["id"], status],
                                      db),
                   "get": bench.load(product, token, "get.lua", [ids], db)}
            out["tasks"].append(row)
        finally:
            product.proc.stop()
            bench.cluster.psql(f'DROP DATABASE "{db}"', db="postgres")
    for units in (10, 100, 1000, 3321):
        db = f"growth_units_{units}"
        print(f"bench: growth, ranking {units} communes", flush=True)
        m = fill(bench, server_bin, db, {**base_sizes, "communes": units, "tasks": 1,
                                          "dossiers": 0}, flags, f"{db}-first-start.log")
        product, _ = bench.start_product(server_bin, db, f"{db}.log")
        wait_quiet(product.proc)
        try:
            token = sign_in(product.base, "admin", ADMIN_PASSWORD)
            parent = m["provinces"][0]["id"]
            year = published_year(product.base, token, parent, m["years"])
            out["ranking"].append(time_ranking(product.base, token, parent, year, units))
        finally:
            product.proc.stop()
            bench.cluster.psql(f'DROP DATABASE "{db}"', db="postgres")
    return out


if __name__ == "__main__":
    sys.exit(main())
