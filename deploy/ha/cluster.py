"""A pg_auto_failover formation on this machine: a monitor and two PostgreSQL 15 nodes,
each its own port and data directory under one work directory, run as the postgres user
(PostgreSQL refuses root). The monitor is tuned to decide within seconds (health checks
every second, a node unhealthy after 3 s) rather than its defaults (20 s)."""

import json
import os
import signal
import socket
import subprocess
import time

PG_BIN = "/usr/lib/postgresql/15/bin"
MONITOR_SETTINGS = {
    "pgautofailover.health_check_period": "1000",
    "pgautofailover.health_check_timeout": "1000",
    "pgautofailover.health_check_retry_delay": "200",
    "pgautofailover.node_considered_unhealthy_timeout": "3000",
    "pgautofailover.primary_demote_timeout": "5000",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, work):
        self.work = work
        self.ports = {name: free_port() for name in ("monitor", "node1", "node2")}
        self.procs = {}
        as_postgres = os.geteuid() == 0
        self.prefix = ["runuser", "-u", "postgres", "--"] if as_postgres else []
        self.env = {**os.environ, "PATH": f"{PG_BIN}:{os.environ.get('PATH', '')}",
                    "XDG_CONFIG_HOME": os.path.join(work, "config"),
                    "XDG_DATA_HOME": os.path.join(work, "data"),
                    "PG_AUTOCTL_DEBUG": "0"}
        if as_postgres:
            subprocess.run(["chown", "postgres:postgres", work], check=True)

    def pgdata(self, name):
        return os.path.join(self.work, name)

    def autoctl(self, *args, check=True):
        return subprocess.run(self.prefix + ["env", f"PATH={self.env['PATH']}",
                                             f"XDG_CONFIG_HOME={self.env['XDG_CONFIG_HOME']}",
                                             f"XDG_DATA_HOME={self.env['XDG_DATA_HOME']}",
                                             "pg_autoctl", *args],
                              capture_output=True, text=True, check=check)

    def run(self, name):
        log = open(os.path.join(self.work, f"{name}.log"), "w")
        self.procs[name] = subprocess.Popen(
            self.prefix + ["env", f"PATH={self.env['PATH']}",
                           f"XDG_CONFIG_HOME={self.env['XDG_CONFIG_HOME']}",
                           f"XDG_DATA_HOME={self.env['XDG_DATA_HOME']}",
                           "pg_autoctl", "run", "--pgdata", self.pgdata(name)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def psql(self, port, sql, db="postgres"):
        out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                              "-d", db, "-XAtqc", sql], capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(out.stderr.strip())
        return out.stdout.strip()

    def monitor_uri(self):
        return (f"postgres://autoctl_node@127.0.0.1:{self.ports['monitor']}"
                "/pg_auto_failover?sslmode=disable")

    def start(self):
        self.autoctl("create", "monitor", "--pgdata", self.pgdata("monitor"),
                     "--pgport", str(self.ports["monitor"]), "--hostname", "127.0.0.1",
                     "--auth", "trust", "--no-ssl", "--pgctl", f"{PG_BIN}/pg_ctl")
        self.run("monitor")
        self.wait_sql(self.ports["monitor"], "SELECT 1", db="pg_auto_failover")
        for key, value in MONITOR_SETTINGS.items():
            self.psql(self.ports["monitor"], f"ALTER SYSTEM SET {key} = '{value}'")
        self.psql(self.ports["monitor"], "SELECT pg_reload_conf()")
        for name in ("node1", "node2"):
            self.autoctl("create", "postgres", "--pgdata", self.pgdata(name),
                         "--pgport", str(self.ports[name]), "--hostname", "127.0.0.1",
                         "--name", name, "--dbname", "cchc", "--monitor", self.monitor_uri(),
                         "--auth", "trust", "--no-ssl", "--pgctl", f"{PG_BIN}/pg_ctl")
            self.run(name)
            if not self.wait_state(name, ("single",) if name == "node1" else ("secondary",),
                                   timeout=120):
                raise SystemExit(f"ha: {name} did not join the formation; see its log")
        if not self.wait_state("node1", ("primary",), timeout=60):
            raise SystemExit("ha: node1 did not become the primary of two")

    def wait_sql(self, port, sql, db="postgres", timeout=60):
        until = time.monotonic() + timeout
        while True:
            try:
                return self.psql(port, sql, db)
            except RuntimeError:
                if time.monotonic() > until:
                    raise
                time.sleep(0.2)

    def states(self):
        out = self.autoctl("show", "state", "--pgdata", self.pgdata("monitor"), "--json",
                           check=False)
        try:
            return {n["nodename"]: (n["current_group_state"], n["assigned_group_state"])
                    for n in json.loads(out.stdout)}
        except (ValueError, KeyError, TypeError):
            return {}

    def wait_state(self, name, states, timeout):
        """Whether node `name` reaches (and is assigned) one of `states` within `timeout` s."""
        until = time.monotonic() + timeout
        while time.monotonic() < until:
            reported = self.states().get(name)
            if reported and reported[0] in states and reported[1] == reported[0]:
                return True
            time.sleep(0.2)
        return False

    def kill(self, name):
        """The node dies: its keeper and its postgres, SIGKILL, no shutdown."""
        pidfile = os.path.join(self.pgdata(name), "postmaster.pid")
        with open(pidfile) as f:
            postmaster = int(f.readline())
        proc = self.procs.pop(name)
        os.killpg(proc.pid, signal.SIGKILL)
        os.kill(postmaster, signal.SIGKILL)
        proc.wait()

    def missing(self, name, ids):
        """Of `ids` (task ids), those the node `name` does not hold."""
        if not ids:
            return []
        listed = ",".join(f"'{i}'" for i in ids)
        held = set(self.psql(self.ports[name], f"SELECT id FROM tasks WHERE id IN ({listed})",
                             db="cchc").split())
        return [i for i in ids if i not in held]

    def stop(self):
        for proc in self.procs.values():
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for proc in self.procs.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        # Postgres processes a killed keeper left behind.
        for name in ("monitor", "node1", "node2"):
            pidfile = os.path.join(self.pgdata(name), "postmaster.pid")
            if os.path.exists(pidfile):
                subprocess.run(self.prefix + [f"{PG_BIN}/pg_ctl", "-D", self.pgdata(name),
                                              "stop", "-m", "immediate"],
                               capture_output=True)
