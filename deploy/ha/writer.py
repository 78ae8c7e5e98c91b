"""The failover test's writer: creates tasks one after another, each under its own
Idempotency-Key, retrying a failed attempt with the same key (as the SDK does) until it is
acknowledged; records the acknowledged task ids and the longest time without one."""

import json
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

RETRY_FOR = 120.0


class Writer:
    def __init__(self, base, username, password):
        self.base = base
        self.username = username
        self.password = password
        self.token = None
        self.unit_id = None
        self.acknowledged = []
        self.failed_attempts = 0
        self.longest_outage = 0.0
        self.last_ack = None

    def call(self, method, path, body=None, key=None, form=None):
        headers = {"Accept": "application/json"}
        data = None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if key:
            headers["Idempotency-Key"] = key
        req = urllib.request.Request(self.base + path, data=data, headers=headers,
                                     method=method)
        with urllib.request.urlopen(req, timeout=10) as res:
            return json.loads(res.read() or b"null")

    def sign_in(self):
        answer = self.call("POST", "/api/v1/auth/token",
                           form={"grant_type": "password", "username": self.username,
                                 "password": self.password})
        self.token = answer["access_token"]

    def prepare(self):
        """Signs in and makes the province and commune the tasks belong to."""
        self.sign_in()
        province = self.call("POST", "/api/v1/units",
                             {"code": "HA54", "name": "Tỉnh Thử Nghiệm", "level": "province"})
        commune = self.call("POST", "/api/v1/units",
                            {"code": "HA54001", "name": "Xã Thử Nghiệm", "level": "commune",
                             "parent_id": province["id"]})
        self.unit_id = commune["id"]
        self.last_ack = time.monotonic()

    def write_one(self):
        """One task, acknowledged: retried under the same key until the service answers."""
        key = str(uuid.uuid4())
        n = len(self.acknowledged) + 1
        body = {"unit_id": self.unit_id, "title": f"Việc số {n} khi chuyển máy chủ",
                "deliverable": "report", "priority": "normal"}
        until = time.monotonic() + RETRY_FOR
        while True:
            try:
                if self.token is None:
                    self.sign_in()
                task = self.call("POST", "/api/v1/tasks", body, key=key)
                break
            except urllib.error.HTTPError as e:
                if e.code == 401:
                    self.token = None
                elif e.code < 500 and e.code not in (408, 409, 429):
                    raise SystemExit(f"write {n}: {e.code} {e.read()[:300]!r}")
            except OSError:
                pass
            self.failed_attempts += 1
            if time.monotonic() > until:
                raise SystemExit(f"write {n}: not acknowledged within {RETRY_FOR:.0f} s")
            time.sleep(0.1)
        now = time.monotonic()
        self.longest_outage = max(self.longest_outage, now - self.last_ack)
        self.last_ack = now
        self.acknowledged.append(task["id"])
