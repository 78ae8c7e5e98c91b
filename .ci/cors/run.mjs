// CI proof of CORS: a page served from one loopback origin signs in and lists plans on the
// API's origin, in headless Chromium (Debian's, driven by playwright-core); a page on an
// origin the server does not allow is refused by the browser.
//
//   node .ci/cors/run.mjs API_BASE_URL PAGE_PORT USERNAME PASSWORD
//
// API_BASE_URL: e.g. http://127.0.0.1:18098, started with
//   CCHC_CORS_ALLOWED_ORIGINS=http://127.0.0.1:PAGE_PORT (and demo data, so plans exist).
// PAGE_PORT: the port of the allowed page origin http://127.0.0.1:PAGE_PORT.
// The browser is $CHROMIUM, else /usr/bin/chromium. Exits non-zero on the first failure.

import http from 'node:http';
import { chromium } from 'playwright-core';

const [apiBase, pagePort, username, password] = process.argv.slice(2);
if (!apiBase || !pagePort || !username || !password) {
  console.error('usage: node run.mjs API_BASE_URL PAGE_PORT USERNAME PASSWORD');
  process.exit(2);
}
const api = apiBase.replace(/\/+$/, '');

function fail(message) {
  console.error(`CORS check FAILED: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}

/** Serves an empty page on 127.0.0.1:port (0: any free port); resolves to its origin. */
function servePage(port) {
  const server = http.createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><meta charset="utf-8"><title>CORS check</title><p>CORS check</p>');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(port), '127.0.0.1', () => {
      resolve({ server, origin: `http://127.0.0.1:${server.address().port}` });
    });
  });
}

/** In the page: sign in with the password grant, list plans, read one, read a 401. */
async function signInAndList({ api, username, password }) {
  const out = {};
  const token = await fetch(`${api}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username, password }),
  });
  out.tokenStatus = token.status;
  const { access_token: accessToken } = await token.json();
  const auth = { Authorization: `Bearer ${accessToken}`, 'Accept-Language': 'en' };
  const plans = await fetch(`${api}/api/v1/plans?limit=5`, { headers: auth });
  out.plansStatus = plans.status;
  out.plansRequestId = plans.headers.get('X-Request-Id');
  const page = await plans.json();
  out.planCount = Array.isArray(page.data) ? page.data.length : -1;
  if (out.planCount > 0) {
    const plan = await fetch(`${api}/api/v1/plans/${page.data[0].id}`, { headers: auth });
    out.planStatus = plan.status;
    out.planEtag = plan.headers.get('ETag');
  }
  // An error answer is readable too: its status, problem body and request id.
  const refused = await fetch(`${api}/api/v1/plans`, { headers: { Authorization: 'Bearer nonsense' } });
  out.refusedStatus = refused.status;
  out.refusedCode = (await refused.json()).code;
  out.refusedRequestId = refused.headers.get('X-Request-Id');
  return out;
}

/** In the page: each call must be refused by the browser (a TypeError, no answer to read). */
async function tryFromElsewhere({ api }) {
  const attempts = {
    'GET /healthz': () => fetch(`${api}/healthz`),
    'GET /api/v1/plans with a token (preflighted)': () =>
      fetch(`${api}/api/v1/plans`, { headers: { Authorization: 'Bearer x' } }),
  };
  const out = {};
  for (const [name, call] of Object.entries(attempts)) {
    try {
      const res = await call();
      out[name] = `answered ${res.status}`;
    } catch (e) {
      out[name] = `refused: ${e.name}: ${e.message}`;
    }
  }
  return out;
}

const allowed = await servePage(pagePort);
const stranger = await servePage(0);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // CI runs as root, where Chromium's sandbox cannot start.
  args: ['--no-sandbox'],
});
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${allowed.origin}/`);
  const got = await page
    .evaluate(signInAndList, { api, username, password })
    .catch((e) => fail(`the allowed origin's calls were refused by the browser: ${e.message}`));
  console.log(`from the allowed origin ${allowed.origin}:`, JSON.stringify(got));
  if (got.tokenStatus !== 200) fail(`sign-in answered ${got.tokenStatus}`);
  if (got.plansStatus !== 200) fail(`GET /api/v1/plans answered ${got.plansStatus}`);
  if (!(got.planCount > 0)) fail('the plan list is empty');
  if (!got.plansRequestId) fail('X-Request-Id is not readable from the page (not exposed)');
  if (got.planStatus !== 200 || !got.planEtag) fail('ETag of a plan is not readable from the page (not exposed)');
  if (got.refusedStatus !== 401 || got.refusedCode !== 'unauthorized' || !got.refusedRequestId) {
    fail('a 401 problem is not readable from the page (no CORS headers on errors)');
  }

  const other = await context.newPage();
  const console_ = [];
  other.on('console', (m) => console_.push(m.text()));
  await other.goto(`${stranger.origin}/`);
  const refused = await other.evaluate(tryFromElsewhere, { api });
  console.log(`from the other origin ${stranger.origin}:`, JSON.stringify(refused));
  for (const [name, outcome] of Object.entries(refused)) {
    if (!outcome.startsWith('refused: TypeError')) fail(`${name} from another origin was not refused: ${outcome}`);
  }
  if (!console_.some((line) => line.includes('CORS policy'))) {
    fail(`the browser did not report a CORS refusal: ${JSON.stringify(console_)}`);
  }
  console.log('CORS check passed');
} finally {
  await browser.close();
  allowed.server.close();
  stranger.server.close();
}
