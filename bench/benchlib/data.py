"""The data the benchmark runs on: `cchc-server bench-data` when the build has it (its
manifest names the units, admins and samples), otherwise a small stand-in made through the
API on the demo data, with a manifest of the same shape."""

import json
import re
import subprocess

from .procs import call_json

# Generator flags per scale. The national scale is the issue's: 34 provinces, 3,321
# communes, ~7 departments and ~20 officials each, 10 plans and 300 tasks a commune,
# three years of assessments, 12 months of portal statistics, 1 M dossiers.
SCALES = {
    "national": {"provinces": 34, "communes": 3321, "departments": 7, "officials": 20,
                 "plans": 10, "tasks": 300, "years": 3, "months": 12, "dossiers": 1_000_000},
    "small": {"provinces": 2, "communes": 12, "departments": 3, "officials": 5, "plans": 2,
              "tasks": 60, "years": 2, "months": 2, "dossiers": 5_000},
}
SEED = 1
PASSWORD = "bench-password-1"


def generator_flags(server_bin):
    """The flags `cchc-server bench-data` takes, or None when the build has no generator."""
    out = subprocess.run([server_bin, "bench-data", "--help"], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    return set(re.findall(r"--([a-z][a-z-]*)", out.stdout))


def generate(server_bin, env, flags, sizes, manifest_path, log):
    """Fills the (migrated, empty) database with the generator; returns its manifest."""
    argv = [server_bin, "bench-data"]
    for name, value in {**sizes, "seed": SEED, "password": PASSWORD,
                        "manifest": manifest_path}.items():
        if name in flags:
            argv += [f"--{name}", str(value)]
    subprocess.run(argv, env=env, check=True, stdout=log, stderr=subprocess.STDOUT)
    with open(manifest_path) as f:
        return json.load(f)


def stand_in(base, admin_token, tasks):
    """The demo world (CCHC_DEMO=true, logins' password PASSWORD) plus `tasks` tasks made
    through the API in one commune, described as the generator's manifest describes its
    data. The province is the commune's parent (the demo's district)."""
    api = base + "/api/v1"
    commune = call_json("GET", f"{api}/units?q=hoa%20tan%20tay&level=commune",
                        admin_token)["data"][0]
    parent = call_json("GET", f"{api}/units/{commune['parent_id']}", admin_token)
    ids = []
    for n in range(tasks):
        task = call_json("POST", f"{api}/tasks", admin_token, body={
            "unit_id": commune["id"], "title": f"Nhiệm vụ mẫu {n}", "deliverable": "other",
            "priority": "normal", "due_date": f"2026-{1 + n % 12:02}-15"})
        ids.append(task["id"])
    assessments = call_json("GET", f"{api}/index/assessments?limit=50", admin_token)["data"]
    plans = call_json("GET", f"{api}/plans?limit=5", admin_token)["data"]
    return {
        "seed": None, "password": PASSWORD, "stand_in": True,
        "provinces": [{"id": parent["id"], "code": parent.get("code"),
                       "admin": "quantri.phuyen"}],
        "communes": [{"id": commune["id"], "code": commune.get("code"),
                      "province_id": parent["id"], "admin": "chutich.hoatantay"}],
        "sample_tasks": ids, "sample_assessments": [a["id"] for a in assessments],
        "sample_plans": [p["id"] for p in plans], "years": [2023],
        "tasks": tasks, "dossiers": 0,
    }
