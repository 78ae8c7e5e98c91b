"""A Python client generated from openapi/openapi.json by openapi-python-client, used as an
integrating team would: sign in, list, create, an action, a download.

    python python_smoke.py GENERATED_DIR BASE_URL USERNAME PASSWORD

GENERATED_DIR holds the package `cchc_client` (`openapi-python-client generate --path
openapi/openapi.json --output-path GENERATED_DIR/cchc_client --meta none`).
"""

import sys

sys.path.insert(0, sys.argv[1])
base_url, username, password = sys.argv[2:5]

# Every module must import: one schema under two media types once broke these.
import importlib
import pathlib

package = pathlib.Path(sys.argv[1]) / "cchc_client"
for module in sorted(package.glob("api/*/*.py")):
    if module.name != "__init__.py":
        importlib.import_module(f"cchc_client.api.{module.parent.name}.{module.stem}")

from cchc_client import AuthenticatedClient, Client
from cchc_client.api.auth import auth_me, auth_token
from cchc_client.api.plans import plans_document, plans_list
from cchc_client.api.tasks import tasks_create, tasks_get, tasks_start
from cchc_client.models import (
    DocumentFormat,
    GrantType,
    PagePlanOut,
    Problem,
    TaskIn,
    TaskOut,
    TokenRequest,
    TokenResponse,
)


def fail(message):
    print(f"python client smoke: {message}", file=sys.stderr)
    sys.exit(1)


anonymous = Client(base_url=base_url)
tokens = auth_token.sync(
    client=anonymous,
    body=TokenRequest(grant_type=GrantType.PASSWORD, username=username, password=password),
)
if not isinstance(tokens, TokenResponse):
    fail(f"cannot sign in: {tokens}")
api = AuthenticatedClient(base_url=base_url, token=tokens.access_token)
me = auth_me.sync(client=api)
print(f"signed in as {me.name} ({', '.join(r.value for r in me.roles)})")

plans = plans_list.sync(client=api, q="hoi nghi chi so")
if not isinstance(plans, PagePlanOut) or not plans.data:
    fail(f"no plan found for 'hoi nghi chi so': {plans}")
plan = plans.data[0]
print(f"plan {plan.number_symbol}: {plan.content.title[:60]}")

task = tasks_create.sync(
    client=api,
    body=TaskIn(unit_id=plan.unit_id, title="Kiểm thử từ client Python sinh tự động"),
)
if not isinstance(task, TaskOut):
    fail(f"cannot create a task: {task}")
# An action whose body is optional: the generated call sends none.
started = tasks_start.sync(id=task.id, client=api)
if not isinstance(started, TaskOut) or started.status.value != "in_progress":
    fail(f"cannot start the task: {started}")
again = tasks_get.sync(id=task.id, client=api)
print(f"task {again.id} is {again.status.value}")

pdf = plans_document.sync_detailed(id=plan.id, client=api, format_=DocumentFormat.PDF)
if pdf.status_code != 200 or not pdf.content.startswith(b"%PDF"):
    fail(f"the plan's PDF did not download: {pdf.status_code}")
disposition = pdf.headers.get("content-disposition", "")
if "filename*=UTF-8''" not in disposition:
    fail(f"the download names no UTF-8 file name: {disposition}")
print(f"downloaded {len(pdf.content)} bytes: {disposition}")
print("python client smoke: ok")
