// A TypeScript client generated from openapi/openapi.json (openapi-typescript types,
// openapi-fetch calls), as a frontend team would use it: `tsc` type-checks every call
// against the spec, then it runs against the demo server.
//
//   node dist/smoke.js BASE_URL USERNAME PASSWORD
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/schema.js";

declare const process: { argv: string[]; exit(code: number): never };

type TokenResponse = components["schemas"]["TokenResponse"];

const [baseUrl, username, password] = process.argv.slice(2) as [string, string, string];

function fail(message: string): never {
  console.error(`typescript client smoke: ${message}`);
  process.exit(1);
}

const anonymous = createClient<paths>({ baseUrl });
// The token endpoint takes a form (RFC 6749): the spec says so, and the body is typed.
const signIn = await anonymous.POST("/api/v1/auth/token", {
  body: { grant_type: "password", username, password },
  bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
});
if (!signIn.data) fail(`cannot sign in: ${JSON.stringify(signIn.error)}`);
const tokens: TokenResponse = signIn.data;

const api = createClient<paths>({
  baseUrl,
  headers: { Authorization: `Bearer ${tokens.access_token}` },
});
const plans = await api.GET("/api/v1/plans", { params: { query: { q: "hoi nghi chi so", limit: 5 } } });
if (!plans.data) fail(`cannot list plans: ${JSON.stringify(plans.error)}`);
const plan = plans.data.data[0];
if (!plan) fail("no plan found for 'hoi nghi chi so'");
console.log(`plan ${plan.number_symbol}: ${plan.content.title.slice(0, 60)}`);

const created = await api.POST("/api/v1/tasks", {
  body: { unit_id: plan.unit_id, title: "Kiểm thử từ client TypeScript sinh tự động" },
});
if (!created.data) fail(`cannot create a task: ${JSON.stringify(created.error)}`);
// An action whose body is optional: no body at all.
const started = await api.POST("/api/v1/tasks/{id}/start", {
  params: { path: { id: created.data.id } },
});
if (started.data?.status !== "in_progress") fail(`cannot start the task: ${JSON.stringify(started.error)}`);
console.log(`task ${started.data.id} is ${started.data.status}`);
console.log("typescript client smoke: ok");
