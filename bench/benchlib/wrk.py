"""Running one wrk load and reading the figures its scripts print (bench/wrk/common.lua)."""

import json
import os
import subprocess

WRK_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "wrk")


def run(url, script, args, token, seconds, threads, connections):
    """One load of `seconds` against `url` with `script` (a file in bench/wrk); the
    figures of bench/wrk/common.lua's done(), plus req/s."""
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency",
            "--timeout", "10s", "-s", os.path.join(WRK_DIR, script),
            "-H", f"Authorization: Bearer {token}", url, "--", *[str(a) for a in args]]
    out = subprocess.run(argv, capture_output=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("BENCH "):
            figures = json.loads(line[len("BENCH "):])
            break
    else:
        raise SystemExit(f"bench: wrk printed no figures for {url}:\n{out.stdout}\n{out.stderr}")
    seconds_run = figures["duration_us"] / 1e6
    figures["rps"] = figures["requests"] / seconds_run if seconds_run else 0.0
    figures["socket_errors"] = sum(figures[k] for k in ("connect", "read", "write", "timeout"))
    figures["errors"] = figures["non2xx"] + figures["socket_errors"]
    return figures
