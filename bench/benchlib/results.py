"""bench/RESULTS.md: the machine, the commit, the command, one table per group with each
endpoint's figures and its ratio to the ceiling, then the issue's targets, met or not."""

import os
import platform
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GROUPS = [("tasks", "Tasks (against the ceiling)"), ("index", "Index"),
          ("documents", "Reports and documents")]


def _out(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True, cwd=ROOT).stdout.strip()
    except OSError:
        return ""


def machine(pg_version):
    model = next((line.split(":", 1)[1].strip() for line in _out(["lscpu"]).splitlines()
                  if line.startswith("Model name")), platform.processor())
    mem = next((int(line.split()[1]) for line in open("/proc/meminfo")
                if line.startswith("MemTotal")), 0)
    wrk_version = (_out(["wrk", "-v"]).splitlines() or ["wrk"])[0].split(" [")[0]
    return (f"{model}, {os.cpu_count()} cores (shared by the server, PostgreSQL and wrk), "
            f"{mem / 1024 / 1024:.0f} GiB, Linux {platform.release()}, PostgreSQL "
            f"{pg_version}, {wrk_version}")


def commit():
    head = _out(["git", "rev-parse", "--short", "HEAD"]) or "unknown"
    dirty = _out(["git", "status", "--porcelain", "--untracked-files=no"])
    return f"{head}{' (dirty: uncommitted changes)' if dirty else ''}"


def ms(us):
    return f"{us / 1000:.1f} ms" if us < 10_000_000 else "—"


def n(x):
    return f"{x:,.0f}"


def errors(fig):
    if not fig["errors"]:
        return "0"
    return f"**{fig['non2xx']} non-2xx, {fig['socket_errors']} socket**"


def by_key(runs):
    return {r["key"]: r for r in runs}


def ceiling_of(run, runs):
    if "ceiling" in run:
        return run["ceiling"]
    other = by_key(runs).get(run.get("ceiling_of"))
    return other.get("ceiling") if other else None


def table(runs, group):
    lines = ["| endpoint | req/s | p50 | p99 | errors | CPU ms/req | SQL/req | RSS after |"
             " ceiling req/s | ceiling p50 / p99 | ceiling CPU ms/req | ceiling SQL/req |"
             " ratio |", "|---" * 13 + "|"]
    for r in runs:
        if r["group"] != group:
            continue
        p, c = r["product"], ceiling_of(r, runs)
        if not p["requests"]:
            lines.append(f"| {r['title']} | 0 (no request finished within the load) |"
                         + " |" * 11)
            continue
        row = [r["title"], n(p["rps"]), ms(p["p50_us"]), ms(p["p99_us"]), errors(p),
               f"{p['cpu_ms']:.2f}", f"{p['sql']:.1f}", f"{p['rss_mib']:.0f} MiB"]
        if c and "ceiling" in r:
            row += [n(c["rps"]), f"{ms(c['p50_us'])} / {ms(c['p99_us'])}",
                    f"{c['cpu_ms']:.2f}", f"{c['sql']:.1f}", f"{100 * p['rps'] / c['rps']:.0f} %"]
        elif c:
            row += ["(the list's)", "", "", "", f"{100 * p['rps'] / c['rps']:.0f} %"]
        else:
            row += ["—", "", "", "", "—"]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def targets(runs, facts):
    """(target, figure, met) for each target of issue 18 this run measured."""
    k = by_key(runs)
    out = []

    def ratio(key):
        r = k.get(key)
        c = ceiling_of(r, runs) if r else None
        return (r["product"]["rps"] / c["rps"]) if c and c["rps"] else None

    for key, name in (("list", "list"), ("get", "get")):
        x = ratio(key)
        if x is not None:
            out.append((f"{name} ≥ 70 % of the ceiling", f"{100 * x:.0f} %", x >= 0.7))
        if key in k:
            p99 = k[key]["product"]["p99_us"] / 1000
            out.append((f"{name} p99 ≤ 25 ms at {facts['args']['connections']} connections",
                        f"{p99:.1f} ms", p99 <= 25))
    if "list" in k and "list_province" in k:
        x = k["list_province"]["product"]["rps"] / k["list"]["product"]["rps"]
        out.append(("a province admin's list within 10 % of a commune admin's (req/s)",
                    f"{100 * x:.0f} %", x >= 0.9))
    x = ratio("create")
    if x is not None:
        out.append(("create ≥ 50 % of the ceiling", f"{100 * x:.0f} %", x >= 0.5))
    if "deep_page" in k and "first_page" in k:
        x = k["deep_page"]["product"]["p50_us"] / max(k["first_page"]["product"]["p50_us"], 1)
        out.append(("deep page within 1.5× of the first (p50)", f"{x:.2f}×", x <= 1.5))
    growth = facts.get("growth") or {}
    rows = {g["tasks"]: g for g in growth.get("tasks", [])}
    if 10_000 in rows and 1_000_000 in rows:
        for op in ("list", "get"):
            x = rows[1_000_000][op]["p50_us"] / max(rows[10_000][op]["p50_us"], 1)
            out.append((f"{op} at 1 M tasks within 1.5× of 10 k (p50)", f"{x:.2f}×", x <= 1.5))
    if "ranking_province" in k and k["ranking_province"]["product"]["requests"]:
        communes = facts.get("ranked_units", "")
        p50 = k["ranking_province"]["product"]["p50_us"] / 1000
        out.append((f"province ranking{communes} < 20 ms (p50)", f"{p50:.1f} ms", p50 < 20))
    nat = [g for g in growth.get("ranking", []) if g["units"] == 3321 and not g["errors"]]
    if nat:
        took = nat[0].get("first_seconds", nat[0]["seconds"]) * 1000
        out.append(("ranking of 3,321 communes < 300 ms (one request alone, computed)",
                    f"{took:,.0f} ms", took < 300))
    elif "ranking_national" in k:
        p50 = k["ranking_national"]["product"]["p50_us"] / 1000
        out.append(("national ranking < 300 ms (p50; ranks the provinces, the country's"
                    " direct children)", f"{p50:.1f} ms", p50 < 300))
    new = [b for b in facts["batches"] if b["label"] == "new"]
    if new:
        x = new[0]["records_per_s"]
        out.append(("10,000 dossiers ≥ 50,000 records/s", f"{n(x)} records/s", x >= 50_000))
    idle = facts["idle_rss_mib"]
    out.append(("RSS idle < 30 MiB", f"{idle:.0f} MiB", idle < 30))
    if runs:
        peak = max(r["product"]["rss_mib"] for r in runs)
        out.append(("RSS < 100 MiB under any load", f"{peak:.0f} MiB", peak < 100))
    ready = facts["ready_s"]
    out.append(("start-up to ready < 1 s on the full database", f"{ready:.2f} s", ready < 1))
    return out


def failures(runs, batches, growth):
    """Every load or batch with a failed request (what --check fails on)."""
    bad = []
    for r in runs:
        for side in ("product", "ceiling"):
            fig = r.get(side)
            if fig and fig["errors"]:
                bad.append(f"{r['key']} ({side}): {fig['non2xx']} non-2xx,"
                           f" {fig['socket_errors']} socket errors")
            elif fig and not fig["requests"]:
                bad.append(f"{r['key']} ({side}): no request finished within the load"
                           " (lengthen --duration)")
    for b in batches:
        if b["status"] != 200 or b["rejected"]:
            bad.append(f"dossiers ({b['label']}): status {b['status']},"
                       f" {b['rejected']} rejected")
    for g in (growth or {}).get("tasks", []):
        for op in ("list", "get"):
            if g[op]["errors"]:
                bad.append(f"growth {g['tasks']} tasks {op}: {g[op]['errors']} errors")
    for g in (growth or {}).get("tasks", []):
        for op in ("list", "get"):
            if not g[op]["requests"]:
                bad.append(f"growth {g['tasks']} tasks {op}: no request finished")
    for g in (growth or {}).get("ranking", []):
        if g["errors"]:
            bad.append(f"growth ranking {g['units']} units: {g['errors']} non-200 answers")
    return bad


def render(runs, facts):
    m, a = facts["manifest"], facts["args"]
    data = ("a stand-in (the demo data and tasks made through the API; no `cchc-server"
            " bench-data` in this build)" if facts["stand_in"] else
            f"`cchc-server bench-data` seed {m.get('seed')}, generated in"
            f" {m.get('generated_in_s', 0):.0f} s")
    out = [
        "# Benchmark results", "",
        "Written by `bench/run.py` (bench/README.md says how to read it). Issue 18.", "",
        f"- Date: {facts['date']}",
        f"- Commit: {commit()}",
        f"- Command: `{facts['command']}`",
        f"- Machine: {machine(facts['pg_version'])}",
        f"- Build: {'debug' if a['debug'] else 'release'}; PostgreSQL 15 cluster of the run's"
        " own (shared_buffers 512 MB, pg_stat_statements)",
        f"- Data: {facts['scale']} scale, {data}: {n(facts['units'])} units,"
        f" {n(facts['tasks'])} tasks after the run (table {facts['tasks_size']}),"
        f" ranking year {facts['year']}, list status `{facts['status']}`",
        f"- Load: wrk -t{a['threads']} -c{a['connections']} -d{a['duration']:g}s per endpoint"
        " after a warm-up of a fifth of that; product then ceiling, back to back", "",
        "## Process", "",
        "| figure | value |", "|---|---|",
        f"| start-up to /readyz on the full database | {facts['ready_s']:.2f} s |",
        f"| busy after ready (start-up jobs) until idle | {facts['settled_s']:.0f} s |",
        f"| RSS idle (after start-up jobs) | {facts['idle_rss_mib']:.0f} MiB |",
        "",
    ]
    for group, title in GROUPS:
        if any(r["group"] == group for r in runs):
            out += [f"## {title}", "", table(runs, group), ""]
    if facts["batches"]:
        out += ["## Portal: a batch of 10,000 dossiers (one request, PostgreSQL)", "",
                "| batch | status | seconds | records/s | created | unchanged | rejected |",
                "|---|---|---|---|---|---|---|"]
        for b in facts["batches"]:
            out.append(f"| {b['label']} | {b['status']} | {b['seconds']:.2f} |"
                       f" {n(b['records_per_s'])} | {b['created']} | {b['unchanged']} |"
                       f" {b['rejected']} |")
        out.append("")
    out += growth_section(facts.get("growth"))
    out += ["## Targets of issue 18", "", "| target | figure | |", "|---|---|---|"]
    for name, figure, met in targets(runs, facts):
        out.append(f"| {name} | {figure} | {'met' if met else '**not met**'} |")
    out.append("")
    failed = failures(runs, facts["batches"], facts.get("growth"))
    out += ["## Errors", "", ("None: every request answered 2xx." if not failed else
                              "\n".join(f"- {f}" for f in failed)), ""]
    return "\n".join(out)


def growth_section(growth):
    if growth is None:
        return ["## Growth", "", "Not measured in this run (`--growth`).", ""]
    if "skipped" in growth:
        return ["## Growth", "", f"Skipped: {growth['skipped']}.", ""]
    out = ["## Growth", "", "List (a commune's tasks by status) and get, 100 communes, each"
           " size its own generated database:", "",
           "| tasks | list req/s | list p50 / p99 | get req/s | get p50 / p99 |",
           "|---|---|---|---|---|"]
    for g in growth["tasks"]:
        li, ge = g["list"], g["get"]
        out.append(f"| {n(g['tasks'])} | {n(li['rps'])} | {ms(li['p50_us'])} /"
                   f" {ms(li['p99_us'])} | {n(ge['rps'])} | {ms(ge['p50_us'])} /"
                   f" {ms(ge['p99_us'])} |")
    out += ["", "Ranking of one province's communes by the number ranked (one request at a"
            " time: the first, computed; then the median of three, kept until results"
            " change):", "",
            "| communes | ranked in the answer | first (computed) | kept (median of 3) |"
            " errors |", "|---|---|---|---|---|"]
    for g in growth["ranking"]:
        first = g.get("first_seconds", g["seconds"])
        out.append(f"| {n(g['units'])} | {n(g['ranked'])} | {first * 1000:,.1f} ms |"
                   f" {g['seconds'] * 1000:,.1f} ms | {g['errors']} |")
    return out + [""]
