// Page tests of the Rust example app (examples/leptos-api-keys, a Leptos app on the Rust face,
// built with trunk): Debian's Chromium, driven by playwright-core, opens it where the dev server
// serves it (`--example-dir`: /examples/leptos/, on the origin of the frontend API and the demo
// app's backend), under the demo's strict Content-Security-Policy, signed in as a demo identity.
// It drives the guide's flow: the app's name and keys, create (the secret once), rotate (a new
// secret once), revoke with a reason, recent activity with "Load more", and "Access required"
// for a user the app's policy refuses; one page load sends each request once. A test fails on
// any page error, console error or CSP violation, whether the page saw it or the server got its
// report (a test names the console lines it expects, e.g. the browser's line for a 403).
//
// Usage: node tests/page/leptos.mjs <server url>   (the server started with --example-dir)
import { launchChromium } from "./chromium.mjs";
import { BACKEND_KEY, CSP_WATCH, assert, gateway, requestLog, unique } from "./helpers.mjs";

const [baseUrl] = process.argv.slice(2);
if (!baseUrl) throw new Error("usage: leptos.mjs <server url>");
const APP = `${baseUrl}/examples/leptos/`;
const tests = [];
/** Registers a test; `allow` lists the console errors it expects (regular expressions). */
const test = (name, fn, { allow = [] } = {}) => tests.push({ name, fn, allow });

/** Records every `data-status` the screen showed (window.__statuses), from the first render. */
const STATUS_WATCH = `window.__statuses = [];
new MutationObserver(() => {
  const status = document.querySelector("main.api-keys")?.dataset.status;
  if (status && window.__statuses.at(-1) !== status) window.__statuses.push(status);
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"] });`;

async function cspReports() {
  return (await (await fetch(`${baseUrl}/__dev/csp-reports`)).json()).reports;
}

/** Signs the context in as a demo identity (the app backend's cookie), then opens the app. */
async function openAs(page, context, identity) {
  const signIn = await context.request.post(`${baseUrl}/api/demo/sign-in`, { data: { identity } });
  assert(signIn.ok(), `sign-in as ${identity}: ${signIn.status()}`);
  const response = await page.goto(APP);
  assert(response.ok(), `${APP}: status ${response.status()}`);
  await page.waitForSelector("main.api-keys:not([data-status=loading])", { timeout: 15000 });
  return { response, status: await page.getAttribute("main.api-keys", "data-status") };
}

/** A key of app aa_42 made by the app's backend (the backend API), so the screen has one to list. */
async function backendKey(name) {
  const response = await fetch(`${baseUrl}/api-auth/apps/aa_42/keys`, {
    method: "POST",
    headers: { Authorization: `Bearer ${BACKEND_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ name }),
  });
  assert(response.ok, `backend key: ${response.status}`);
  return response.json();
}

/** The requests since the last clear, once none came for 500 ms, as { "METHOD path status": n }. */
async function settledCounts() {
  let last = -1;
  for (let i = 0; i < 40; i++) {
    const seen = (await requestLog(baseUrl)).filter((r) => !r.path.startsWith("/__dev/"));
    if (seen.length === last) {
      const counts = {};
      for (const r of seen) {
        if (r.path.startsWith("/examples/leptos/")) continue; // the app's own files
        const [path, query = ""] = r.path.split("?");
        // Empty parts stay: a query the client sends ends in no stray `&`.
        const kept = (query ? query.split("&") : []).filter((p) => !p.startsWith("__dev_session__="));
        const line = `${r.method} ${path}${kept.length ? `?${kept.join("&")}` : ""} ${r.status}`;
        counts[line] = (counts[line] ?? 0) + 1;
      }
      return counts;
    }
    last = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("requests kept coming");
}

/** The whole page as HTML, the open dialog's and every form field's values included. */
const pageText = (page) => page.evaluate(() => document.documentElement.outerHTML
  + [...document.querySelectorAll("input")].map((input) => input.value).join("\n"));

/** Waits for the secret dialog; returns its secret. Checks that it cannot close unacknowledged. */
async function readSecret(page) {
  await page.waitForSelector("dialog[open] #secret-value:not(:empty)");
  const secret = await page.textContent("#secret-value");
  assert(/\S{16,}/.test(secret), `a secret: ${secret}`);
  assert(await page.getByRole("button", { name: "Done" }).isDisabled(), "Done waits for the acknowledgment");
  await page.keyboard.press("Escape");
  assert(await page.locator("dialog[open]").count() === 1, "Escape does not dismiss an unacknowledged secret");
  return secret;
}

/** Acknowledges and closes the dialog; the secret is then nowhere in the page. */
async function closeSecret(page, secret) {
  await page.getByLabel("I have stored this secret somewhere safe").check();
  await page.getByRole("button", { name: "Done" }).click();
  await page.waitForSelector("dialog[open]", { state: "detached" });
  assert(!(await pageText(page)).includes(secret), "the secret is gone from the page once closed");
}

test("an authorised user sees the app and its keys; a page load sends each request once", async (page, context) => {
  const seeded = await backendKey(unique("seeded"));
  await fetch(`${baseUrl}/__dev/requests`, { method: "DELETE" });
  const { response, status } = await openAs(page, context, "owner");
  assert(status === "ready", `status ${status}`);
  const policy = response.headers()["content-security-policy"] ?? "";
  assert(policy.includes("script-src 'self' 'wasm-unsafe-eval'"), `policy ${policy}`);
  assert(!/unsafe-inline|'unsafe-eval'/.test(policy), `policy ${policy}`);
  assert(await page.textContent("main h1") === "API keys", "the title");
  const appName = await page.textContent("#app-name");
  assert(appName === "Acme Public API", `the app's name: ${appName}`);
  await page.locator("td.key-name", { hasText: seeded.name }).waitFor();
  const statuses = await page.evaluate(() => window.__statuses);
  assert(JSON.stringify(statuses) === JSON.stringify(["loading", "ready"]), `statuses ${statuses}`);
  const loaded = await page.evaluate(() => ({
    inline: [...document.scripts].filter((script) => !script.src).length,
    wasm: performance.getEntriesByType("resource").filter((entry) => entry.name.endsWith(".wasm")).length,
  }));
  assert(loaded.inline === 0, `${loaded.inline} inline scripts in the page`);
  assert(loaded.wasm === 1, `the page loaded ${loaded.wasm} .wasm files`);
  const expected = {
    "POST /api/demo/sign-in 200": 1,
    "GET /api/config 200": 1,
    "POST /api/settings/api-keys/embed-ticket 200": 1,
    "GET /deployment 200": 1,
    "GET /session/ticket/exchange?ticket=[redacted] 200": 1,
    "GET /api-auth/session 200": 1,
    "GET /api-auth/keys?status=active 200": 1,
    "GET /api-auth/audit/logs?limit=5 200": 1,
  };
  const counts = await settledCounts();
  const sorted = (map) => JSON.stringify(Object.entries(map).sort());
  assert(sorted(counts) === sorted(expected),
    `requests of one page load: ${JSON.stringify(counts)}, expected ${JSON.stringify(expected)}`);
});

test("create shows the secret once; rotate a new one once; revoke with a reason", async (page, context) => {
  assert((await openAs(page, context, "owner")).status === "ready", "owner");
  const name = unique("leptos key");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Expires (optional)").fill("2099-12-31");
  await page.getByRole("button", { name: "Create key" }).click();
  const created = await readSecret(page);
  await closeSecret(page, created);
  const row = page.locator("tr", { has: page.locator("td.key-name", { hasText: name }) });
  await row.waitFor();
  assert((await row.textContent()).includes("2099-12-31"), "the expiry shows");
  assert(await gateway(baseUrl, created) === 200, "the created secret works at the gateway");

  await page.getByRole("button", { name: `Rotate ${name}` }).click();
  await page.getByRole("button", { name: "Rotate key" }).click();
  const rotated = await readSecret(page);
  assert(rotated !== created, "rotate shows a new secret");
  await closeSecret(page, rotated);
  assert(await gateway(baseUrl, created) === 401, "the old secret stops working");
  assert(await gateway(baseUrl, rotated) === 200, "the new secret works");

  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await page.getByLabel("Reason").fill("Leaked in a test");
  await page.getByRole("button", { name: "Revoke key" }).click();
  await row.waitFor({ state: "detached" });
  await page.getByLabel("Status").selectOption("revoked");
  const revoked = page.locator("tr", { has: page.locator("td.key-name", { hasText: name }) });
  await revoked.locator("td.key-status", { hasText: "Revoked (Leaked in a test)" }).waitFor();
  assert(await revoked.getByRole("button").count() === 0, "a revoked key has no actions");
  assert(await gateway(baseUrl, rotated) === 401, "the revoked secret stops working");
  const html = await pageText(page);
  assert(!html.includes(created) && !html.includes(rotated), "no secret in the page afterwards");
});

test("recent activity lists the gateway's checks, a page at a time with Load more", async (page, context) => {
  const key = await backendKey(unique("traffic"));
  for (let i = 0; i < 7; i++) assert(await gateway(baseUrl, key.secret) === 200, "gateway check");
  assert((await openAs(page, context, "owner")).status === "ready", "owner");
  await page.waitForFunction(() => document.querySelectorAll("table.logs tbody tr").length === 5);
  await page.getByRole("button", { name: "Load more" }).click();
  await page.waitForFunction(() => document.querySelectorAll("table.logs tbody tr").length > 5);
  assert((await page.textContent("table.logs")).includes(key.name), "the entries name the key");
});

test("a user the app's policy refuses sees Access required", async (page, context) => {
  await fetch(`${baseUrl}/__dev/requests`, { method: "DELETE" });
  const { status } = await openAs(page, context, "viewer");
  assert(status === "access_required", `status ${status}`);
  assert(await page.textContent("main h2") === "Access required", "the policy's message");
  assert(await page.locator("table").count() === 0, "no keys are shown");
  const counts = await settledCounts();
  assert(counts["POST /api/settings/api-keys/embed-ticket 403"] === 1, `one refused ticket: ${JSON.stringify(counts)}`);
  assert(!Object.keys(counts).some((line) => line.includes("/api-auth/") || line.includes("/exchange")),
    `nothing is exchanged or read: ${JSON.stringify(counts)}`);
}, { allow: [/status of 403/] });

const browser = await launchChromium();
let passed = 0, failed = 0;
for (const { name, fn, allow } of tests) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.addInitScript(CSP_WATCH);
  await context.addInitScript(STATUS_WATCH);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() !== "error" || allow.some((pattern) => pattern.test(message.text()))) return;
    problems.push(`console error: ${message.text()}`);
  });
  await fetch(`${baseUrl}/__dev/csp-reports`, { method: "DELETE" });
  const started = Date.now();
  try {
    await fn(page, context);
  } catch (error) {
    problems.unshift(error.message);
  }
  // Reports are sent while the page runs; closing it lets the browser send the last ones.
  await page.close();
  const reports = await cspReports();
  if (reports.length) problems.push(`CSP reports: ${JSON.stringify(reports)}`);
  await context.close();
  if (problems.length) {
    failed++;
    console.log(`FAILED - ${name}: ${problems.join("; ")}`);
  } else {
    passed++;
    console.log(`ok - ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}
await browser.close();
console.log(`leptos: ${passed} passed, ${failed} failed`);
process.exit(failed || passed === 0 ? 1 : 0);
