#!/usr/bin/env python3
"""Runs the README's quick tours as written: every ```sh block after a `<!-- tour: NAME -->`
line, with bash -euo pipefail, each in a fresh directory with its own CLI configuration
directory, against a running demo service. Fails on the first tour that fails (its output is
printed) or that names a file with `-o FILE` and leaves none.

    python3 .ci/tours.py README.md CCHC_BIN_DIR
      (env: CCHC_URL, CCHC_DEMO_PASSWORD, CCHC_CLIENT_ID, CCHC_CLIENT_SECRET)
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

TOUR = re.compile(r"<!-- tour: ([a-z-]+) -->\n```sh\n(.*?)\n```", re.S)
# The portal's credentials belong to the portal tour alone: the others sign in as people.
PORTAL_ONLY = ("CCHC_CLIENT_ID", "CCHC_CLIENT_SECRET")


def main():
    readme, bin_dir = sys.argv[1], os.path.abspath(sys.argv[2])
    tours = TOUR.findall(open(readme, encoding="utf-8").read())
    if len(tours) < 4:
        print(f"tours: found {len(tours)} tours in {readme}, expected 4", file=sys.stderr)
        return 1
    for name, script in tours:
        work = tempfile.mkdtemp(prefix=f"cchc-tour-{name}-")
        env = {k: v for k, v in os.environ.items()
               if name == "portal" or k not in PORTAL_ONLY}
        env.update({"PATH": f"{bin_dir}:{os.environ['PATH']}",
                    "CCHC_CONFIG_DIR": os.path.join(work, ".config")})
        run = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=work, env=env,
                             capture_output=True, text=True, timeout=300)
        files = re.findall(r"-o (\S+)", script)
        missing = [f for f in files if not os.path.exists(os.path.join(work, f))
                   or os.path.getsize(os.path.join(work, f)) == 0]
        if run.returncode != 0 or missing:
            print(run.stdout[-4000:])
            print(run.stderr[-4000:], file=sys.stderr)
            why = f"exit {run.returncode}" if run.returncode else f"no {', '.join(missing)}"
            print(f"tours: the {name} tour failed ({why})", file=sys.stderr)
            return 1
        lines = run.stdout.count("\n")
        print(f"tours: {name}: {len(script.splitlines())} lines ran as written "
              f"({lines} lines of output; files: {', '.join(files) or 'none'})", flush=True)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
