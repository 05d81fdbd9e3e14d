// Page tests: real Chromium (Debian's, driven by playwright-core, no browser download) uses the
// demo exactly as a person would, against `make demo`'s dev server and the optimized pkg/. A
// broken optimizer passes every `wasm-pack test` and only fails here.
//
// Usage: node tests/page/run.mjs <server url> <short-session server url> <screenshot dir>
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const [baseUrl, shortSessionUrl, shotDir = "target/test-logs/screenshots"] = process.argv.slice(2);
if (!baseUrl || !shortSessionUrl) throw new Error("usage: run.mjs <server url> <short-session server url> [screenshot dir]");
mkdirSync(shotDir, { recursive: true });
const BACKEND_KEY = "wk_test_dev_backend_key";

/** Waits, when fewer than `marginMs` are left of the current epoch-aligned window, for the next. */
async function awayFromWindowEnd(windowMs, marginMs) {
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 20));
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const assert = (condition, message) => { if (!condition) throw new Error(message); };
const unique = (prefix) => `${prefix} ${Math.random().toString(36).slice(2, 8)}`;

/** One gateway check with a key secret; returns the HTTP status. */
async function gateway(url, secret) {
  const response = await fetch(`${url}/v1/authz/check`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ principal: { type: "api_key", value: secret }, resource: "/v1/users", method: "GET" }),
  });
  return response.status;
}

async function requestLog(url) {
  return (await (await fetch(`${url}/__dev/requests`)).json()).requests;
}

async function openAs(page, identity, extra = "", url = baseUrl) {
  await page.goto(`${url}/?as=${identity}${extra}`);
  await page.waitForSelector("body[data-status=ready], body[data-status=access_required], body[data-status=error]", { timeout: 15000 });
  return page.evaluate(() => document.body.dataset.status);
}

async function createKey(page, name) {
  await page.getByRole("button", { name: "Create key" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.waitForSelector("dialog[open] #secret-value:not(:empty)");
  return page.textContent("#secret-value");
}

async function acknowledgeSecret(page) {
  const done = page.getByRole("button", { name: "Done" });
  assert(await done.isDisabled(), "Done must wait for the acknowledgment");
  await page.getByLabel("I have stored this secret somewhere safe").check();
  await done.click();
  await page.waitForSelector("#secret-value:empty", { state: "attached" });
}

async function metric(page, label) {
  return Number(await page.locator(".metric", { hasText: label }).locator("dd").textContent());
}

test("the full key lifecycle with traffic and audit, as the owner", async (page) => {
  assert(await openAs(page, "owner") === "ready", "the owner sees the screen");
  assert(await page.textContent("#app-name") === "Acme Public API", "app name");
  const rules = await page.textContent("#rate-limits");
  assert(rules.includes("10 requests per 10 seconds, per key") && rules.includes("10000 requests per day, across the whole app"), `rules: ${rules}`);
  await page.screenshot({ path: `${shotDir}/01-keys-screen.png`, fullPage: true });

  const name = unique("E2E key");
  const secret = await createKey(page, name);
  assert(/^acme_test_[A-Za-z0-9_-]{43}$/.test(secret), `secret format: ${secret}`);
  await page.screenshot({ path: `${shotDir}/02-one-time-secret.png` });
  await acknowledgeSecret(page);
  const row = page.locator("tr", { hasText: name });
  await row.waitFor();
  assert((await row.textContent()).includes(`acme_test…${secret.slice(-8)}`), "masked prefix…suffix");
  assert(!(await page.content()).includes(secret), "the secret is gone from the page once acknowledged");

  await page.reload();
  await page.waitForSelector("body[data-status=ready]");
  await page.locator("tr", { hasText: name }).waitFor();
  assert(!(await page.content()).includes(secret), "after a reload the secret cannot be seen again");
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + document.cookie);
  assert(!stored.includes(secret), "the secret is in no storage");

  // A person pastes the secret they copied into the traffic tool.
  await page.getByLabel("Key secret", { exact: true }).fill(secret);
  await page.getByLabel("Requests").selectOption("15");
  await awayFromWindowEnd(10000, 3000); // the burst lands in one 10 s rate-limit window
  await page.getByRole("button", { name: "Send test traffic" }).click();
  await page.waitForFunction(() => document.querySelector("#traffic-result")?.textContent.includes("allowed"));
  const result = await page.textContent("#traffic-result");
  assert(result.includes("10 allowed") && result.includes("5 blocked by 10/10s"), `traffic: ${result}`);
  assert(await page.inputValue("#traffic-key") === "", "the secret left the traffic field once sent");
  await page.waitForFunction(() => Number(document.querySelector(".metric:nth-child(3) dd")?.textContent) >= 5);
  assert(await metric(page, "Total requests") >= 15, "analytics total");
  assert((await page.textContent("#blocked-reasons")).includes("10/10s"), "blocked reasons");
  assert((await page.textContent("#chart-summary")).includes("requests"), "chart summary");
  await page.getByLabel("Outcome").selectOption("blocked");
  await page.waitForFunction(() => document.querySelectorAll("table.logs tbody tr[data-outcome]").length > 0);
  const outcomes = await page.$$eval("table.logs tbody tr", (rows) => rows.map((r) => r.dataset.outcome));
  assert(outcomes.every((o) => o === "blocked"), `outcome filter: ${outcomes}`);
  await page.screenshot({ path: `${shotDir}/03-audit.png`, fullPage: true });

  await page.getByRole("button", { name: `Rotate ${name}` }).click();
  assert((await page.textContent("dialog[open]")).includes("The old key stops working now"), "rotate confirmation");
  await page.getByRole("button", { name: "Rotate key" }).click();
  await page.waitForFunction((old) => { const v = document.querySelector("dialog[open] #secret-value")?.textContent; return v && v !== old; }, secret);
  const rotated = await page.textContent("#secret-value");
  await acknowledgeSecret(page);
  assert(await gateway(baseUrl, secret) === 401, "the old key stops working at once");
  assert(await gateway(baseUrl, rotated) === 200, "the new key works");

  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await page.getByLabel("Reason (optional)").fill("E2E done");
  await page.getByRole("button", { name: "Revoke key" }).click();
  await page.waitForFunction((n) => document.querySelector("table.keys tbody tr")
    && ![...document.querySelectorAll("table.keys td.key-name")].some((td) => td.textContent === n), name);
  assert(await gateway(baseUrl, rotated) === 401, "a revoked key is rejected by the gateway");
  await page.getByLabel("Status").selectOption("revoked");
  await page.waitForFunction((n) => [...document.querySelectorAll("table.keys td.key-name")].filter((td) => td.textContent === n).length === 2, name);
  const revokedRows = await page.locator("tr", { hasText: name }).allTextContents();
  assert(revokedRows.some((t) => t.includes("Rotated")) && revokedRows.some((t) => t.includes("E2E done")), `revoked rows: ${revokedRows}`);
  await page.screenshot({ path: `${shotDir}/04-revoked-keys.png`, fullPage: true });
});

test("the role matrix: who gets the screen", async (page) => {
  const expected = [
    ["owner", "", "ready"], ["admin", "", "ready"], ["viewer", "", "access_required"], ["globex", "", "access_required"],
    ["initech", "&deployment=91", "access_required"], ["hooli", "&deployment=93", "access_required"], ["signed-out", "", "access_required"],
  ];
  for (const [identity, extra, status] of expected) {
    const seen = await openAs(page, identity, extra);
    assert(seen === status, `${identity}: expected ${status}, saw ${seen}`);
    if (status === "access_required") assert((await page.textContent("main")).includes("Access required"), `${identity}: policy message`);
    if (identity === "viewer") await page.screenshot({ path: `${shotDir}/05-access-required.png` });
  }
  const log = await requestLog(baseUrl);
  assert(log.some((r) => r.path.startsWith("/api/settings/api-keys/embed-ticket") && r.status === 403), "denials reached the app backend");
});

test("an expired ticket ends in a clean error state, with the ticket gone from the address", async (page) => {
  const response = await fetch(`${baseUrl}/session/tickets`, {
    method: "POST",
    headers: { Authorization: `Bearer ${BACKEND_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ ticket_type: "api_auth_access", api_auth_app_slug: "aa_42", expires_in: 1 }),
  });
  const { ticket } = await response.json();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await page.goto(`${baseUrl}/vanity/api-auth?ticket=${encodeURIComponent(ticket)}`);
  await page.waitForSelector("body[data-status=error]", { timeout: 15000 });
  assert((await page.textContent("h2")).includes("This access link has expired"), "expired heading");
  assert((await page.textContent("[role=alert]")).includes("Invalid or expired ticket"), "server message");
  assert(!page.url().includes(ticket), "ticket stripped from the address");
  await page.screenshot({ path: `${shotDir}/06-expired-ticket.png` });
});

test("the hosted page takes the ticket out of the address even when it fails to start", async (page) => {
  await page.route("**/pkg/**", (route) => route.abort());
  await page.goto(`${baseUrl}/vanity/api-auth?ticket=tk_would_leak&keep=1`);
  await page.waitForSelector("[role=alert]", { timeout: 15000 });
  assert((await page.textContent("[role=alert]")).includes("failed to start"), "the failure is shown");
  assert(!page.url().includes("tk_would_leak"), `ticket stripped from the address: ${page.url()}`);
  assert(page.url().includes("keep=1"), "the rest of the query stays");
});

test("the hosted page in an iframe: the ticket leaves the address and is stored nowhere", async (page) => {
  let ticket = null;
  page.on("response", async (response) => {
    if (response.url().endsWith("/api/settings/api-keys/embed-ticket") && response.ok()) ticket = (await response.json()).ticket;
  });
  await page.goto(`${baseUrl}/embed.html?as=owner`);
  await page.waitForSelector("body[data-status=embedded]", { timeout: 15000 });
  const frame = page.frameLocator("iframe[title='API Key Manager']");
  await frame.locator("body[data-status=ready]").waitFor({ timeout: 15000 });
  assert(await frame.locator("#app-name").textContent() === "Acme Public API", "embedded screen");
  const inner = page.frames().find((f) => f.url().includes("/vanity/api-auth"));
  assert(ticket && inner, "ticket issued and frame found");
  assert(!inner.url().includes("ticket="), `ticket stripped from the frame's address: ${inner.url()}`);
  const stored = await inner.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  assert(!stored.includes(ticket), "the ticket is in no storage");
  await page.screenshot({ path: `${shotDir}/07-embedded.png`, fullPage: true });
});

test("key names are rendered as text, never as HTML", async (page) => {
  assert(await openAs(page, "owner") === "ready", "owner");
  const probe = `<img src=x onerror="window.__xss=1">${Math.random().toString(36).slice(2, 6)}`;
  await createKey(page, probe);
  await acknowledgeSecret(page);
  await page.locator("td.key-name", { hasText: probe }).waitFor();
  assert(await page.evaluate(() => window.__xss) === undefined, "no script ran");
  assert(await page.locator("table.keys img").count() === 0, "no element was created from the name");
  await page.getByRole("button", { name: `Revoke ${probe}` }).click();
  assert((await page.textContent("dialog[open]")).includes(probe), "the dialog shows the name as text");
  await page.getByRole("button", { name: "Revoke key" }).click();
});

test("an expired API-auth session is renewed with one new ticket, not shown as an error", async (page) => {
  await fetch(`${shortSessionUrl}/__dev/requests`, { method: "DELETE" });
  assert(await openAs(page, "owner", "", shortSessionUrl) === "ready", "owner on the short-session server");
  await new Promise((resolve) => setTimeout(resolve, 3500)); // the server's sessions last 3 s
  await page.getByLabel("Status").selectOption("all");
  await page.waitForFunction(() => {
    const table = document.querySelector("table.keys");
    return table !== null && !table.textContent.includes("Loading");
  });
  assert(!(await page.textContent("table.keys")).includes("Could not load"), "no error after the session expired");
  assert(await page.evaluate(() => document.body.dataset.status) === "ready", "still ready");
  const log = await requestLog(shortSessionUrl);
  const issued = log.filter((r) => r.path.startsWith("/api/settings/api-keys/embed-ticket") && r.status === 200).length;
  assert(issued === 2, `one ticket at start and one on expiry, saw ${issued}`);
});

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
let passed = 0, failed = 0;
for (const { name, fn } of tests) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  try {
    await fn(page);
    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join("; ")}`);
    passed++;
    console.log(`ok - ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAILED - ${name}: ${error.message}`);
    await page.screenshot({ path: `target/test-logs/page-failure-${passed + failed}.png`, fullPage: true }).catch(() => {});
  } finally {
    await context.close();
  }
}
await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
