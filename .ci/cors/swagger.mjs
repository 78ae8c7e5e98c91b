// Swagger UI at /docs signs a person in with "Authorize" (the OAuth 2.0 password flow the
// spec declares), then calls two operations with the token it got: "Who am I" and "Try it
// out" on plans.list; a screenshot of the listed plans is kept when a path is given.
//
//   node swagger.mjs BASE_URL USERNAME PASSWORD [SCREENSHOT.png]
import { chromium } from "playwright-core";

const [base, username, password, screenshot] = process.argv.slice(2);
const fail = (message) => {
  console.error(`swagger: ${message}`);
  process.exit(1);
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
try {
  const page = await browser.newPage();
  const tokenStatuses = [];
  page.on("response", (r) => {
    if (r.url().endsWith("/api/v1/auth/token")) tokenStatuses.push(r.status());
  });
  await page.goto(`${base}/docs/`);
  await page.waitForSelector("button.authorize", { timeout: 30000 });
  await page.click("button.authorize");
  const flow = page.locator(".auth-container").filter({ hasText: "Flow: password" });
  await flow.locator("#oauth_username").fill(username);
  await flow.locator("#oauth_password").fill(password);
  await flow.locator("button.authorize").click();
  await flow.getByText("Logout").waitFor({ timeout: 15000 });
  if (!tokenStatuses.includes(200)) fail(`the token request answered ${tokenStatuses}`);
  await page.locator("button.btn-done").first().click();
  // "Who am I" with the token Swagger UI holds now.
  // Swagger UI escapes the dot of the operationId in the element id: `auth\.me`.
  const me = page.locator('[id="operations-auth-auth\\\\.me"]');
  await me.locator(".opblock-summary").click();
  await me.getByRole("button", { name: "Try it out" }).click();
  const answer = page.waitForResponse((r) => r.url().endsWith("/api/v1/auth/me"));
  await me.getByRole("button", { name: "Execute" }).click();
  const res = await answer;
  if (res.status() !== 200) fail(`/auth/me answered ${res.status()} after Authorize`);
  const body = await res.json();
  if (body.name !== username) fail(`signed in as ${body.name}, not ${username}`);
  console.log(`swagger: Authorize signed in as ${body.name}; /auth/me answered 200`);
  // "Try it out" on plans.list: the demo's plans, listed with the same token.
  const plans = page.locator('[id="operations-plans-plans\\\\.list"]');
  await plans.locator(".opblock-summary").click();
  await plans.getByRole("button", { name: "Try it out" }).click();
  const listed = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/v1/plans");
  await plans.getByRole("button", { name: "Execute" }).click();
  const list = await listed;
  if (list.status() !== 200) fail(`plans.list answered ${list.status()} in Try it out`);
  const plansBody = await list.json();
  if (!Array.isArray(plansBody.data) || plansBody.data.length === 0) fail("plans.list listed no plan");
  await plans.locator(".live-responses-table .response-col_status").first().waitFor({ timeout: 15000 });
  if (screenshot) {
    // The answer's status and body in view, the request above it.
    await plans.locator(".live-responses-table .response-col_status").first().evaluate((e) =>
      e.scrollIntoView({ block: "center" }),
    );
    await page.screenshot({ path: screenshot, fullPage: false });
    console.log(`swagger: screenshot of plans.list's answer kept at ${screenshot}`);
  }
  console.log(`swagger: Try it out on plans.list answered 200 with ${plansBody.data.length} plans`);
} finally {
  await browser.close();
}
