"""The processes under test and how they are observed: start, readiness, CPU time and
resident memory from /proc, and plain HTTP calls."""

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    """A server started by the benchmark, its output in a log file."""

    def __init__(self, name, argv, env, log_path):
        self.name = name
        self.log_path = log_path
        self.log = open(log_path, "ab")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(argv, env={**os.environ, **env}, stdout=self.log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    @property
    def pid(self):
        return self.proc.pid

    def wait_ready(self, url, timeout=600):
        """Seconds from the start to the first 200 of `url`."""
        deadline = self.started + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"bench: {self.name} exited ({self.proc.returncode});"
                                 f" see {self.log_path}")
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    if r.status == 200:
                        return time.monotonic() - self.started
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.01)
        raise SystemExit(f"bench: {self.name} not ready after {timeout} s; see {self.log_path}")

    def cpu_seconds(self):
        """utime + stime of the whole process (every thread), in seconds."""
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # Fields 14 and 15 of proc(5), counted after the ")" that closes the name.
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICK

    def rss_mib(self):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def call(method, url, token=None, body=None, form=None, headers=None, timeout=600):
    """One request: (status, headers, body bytes). JSON `body` or form-encoded `form`."""
    data, hdrs = None, dict(headers or {})
    if token:
        hdrs["Authorization"] = f"Bearer {token}"
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        hdrs["Content-Type"] = "application/x-www-form-urlencoded"
    elif body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        hdrs.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def call_json(method, url, token=None, body=None, form=None, expect=(200, 201)):
    status, _, raw = call(method, url, token=token, body=body, form=form)
    if status not in expect:
        raise SystemExit(f"bench: {method} {url} answered {status}: {raw[:300]!r}")
    return json.loads(raw) if raw else None
