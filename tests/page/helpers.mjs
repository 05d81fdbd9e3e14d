// What the page tests share: the registry of tests, the servers they run against, and the steps
// a person takes on the demo (sign in as someone, create a key, acknowledge its secret, …).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The dev servers and the screenshot folder, set by run.mjs before any test runs; the current
 *  test's Content-Security-Policy violations (run.mjs collects them). */
export const env = { baseUrl: "", shortSessionUrl: "", shotDir: "", cspViolations: [] };

/** Runs in every frame before its scripts: reports each CSP violation as a console message. */
export const CSP_WATCH = `document.addEventListener("securitypolicyviolation", (event) => console.error(
  \`Content-Security-Policy violation: \${event.violatedDirective} blocked \${event.blockedURI}\`));`;

/** The backend API key of deployment 42 on the dev server (its public local default). */
// The backend API key of the dev server's deployment 42: scripts/test.sh reads it from the
// server's startup line (its one place is the dev server's config).
export const BACKEND_KEY = process.env.WACHT_TEST_BACKEND_KEY;
if (!BACKEND_KEY) throw new Error("WACHT_TEST_BACKEND_KEY is not set (scripts/test.sh sets it)");

/** Every registered test, in the order the files registered them. */
export const registered = [];

/** Registers a page test: `fn(page, context)` runs in a fresh browser context. A test that
 *  provokes CSP violations on purpose says so (`{ violations: true }`) and checks them itself. */
export function test(name, fn, { violations = false } = {}) {
  registered.push({ name, fn, violations });
}

/** Throws `message` unless `condition`. */
export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** "prefix x7k2q9": a name no other test uses. */
export const unique = (prefix) => `${prefix} ${Math.random().toString(36).slice(2, 8)}`;

/** Resolves after `ms`. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits, when fewer than `marginMs` are left of the current epoch-aligned window, for the next. */
export async function awayFromWindowEnd(windowMs, marginMs) {
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await sleep(left + 20);
}

/** One gateway check with a key secret, from outside the browser: 200 allowed, 403
 *  `permission_denied`, 429 `rate_limited`, else the gateway's status (401: a refused key). */
export { gatewayCheck as gateway } from "../consumers/support/dev-server.mjs";

/** The dev server's request records (`GET /__dev/requests`). */
export async function requestLog(url) {
  return (await (await fetch(`${url}/__dev/requests`)).json()).requests;
}

/** A ticket from the backend API (what an app's backend does), valid for `expiresIn` seconds. */
export async function mintTicket(url, expiresIn = 60) {
  const response = await fetch(`${url}/session/tickets`, {
    method: "POST",
    headers: { Authorization: `Bearer ${BACKEND_KEY}`, "Content-Type": "application/json" },
    body: JSON.stringify({ ticket_type: "api_auth_access", api_auth_app_slug: "aa_42", expires_in: expiresIn }),
  });
  return (await response.json()).ticket;
}

/** Opens the settings screen as a demo identity; resolves to the body's final status. */
export async function openAs(page, identity, extra = "", url = env.baseUrl) {
  await page.goto(`${url}/?as=${identity}${extra}`);
  await page.waitForSelector("body[data-status=ready], body[data-status=access_required], body[data-status=error]",
    { timeout: 15000 });
  return page.evaluate(() => document.body.dataset.status);
}

/** Creates a key through the create dialog (expiry "Never"); resolves to its one-time secret. */
export async function createKey(page, name) {
  await page.getByRole("button", { name: "Create key" }).click();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.waitForSelector("dialog[open] #secret-value:not(:empty)");
  return page.textContent("#secret-value");
}

/** Ticks the acknowledgment and closes the secret dialog; the secret leaves the page. */
export async function acknowledgeSecret(page) {
  const done = page.getByRole("button", { name: "Done" });
  assert(await done.isDisabled(), "Done must wait for the acknowledgment");
  await page.getByLabel("I have stored this secret somewhere safe").check();
  await done.click();
  await page.waitForSelector("#secret-value:empty", { state: "attached" });
}

/** The number in the analytics metric labelled `label`. */
export async function metric(page, label) {
  return Number(await page.locator(".metric", { hasText: label }).locator("dd").textContent());
}

/** The names in the keys table, top to bottom. */
export function keyNames(page) {
  return page.$$eval("table.keys td.key-name", (cells) => cells.map((cell) => cell.textContent));
}

/** The serious and critical axe-core violations of the page (or of `selector` in it). */
export async function axeViolations(page, { include, iframes = true } = {}) {
  // Evaluated, not added as an inline <script>, which the demo's Content-Security-Policy refuses.
  await page.evaluate(require("axe-core").source);
  const results = await page.evaluate(({ include, iframes }) =>
    window.axe.run(include ? { include: [include] } : document, { iframes, resultTypes: ["violations"] }),
  { include, iframes });
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => {
      const where = violation.nodes.map((node) => node.target.join(" ")).join(", ");
      return `${violation.impact} ${violation.id}: ${where}`;
    });
}

/** The accessible name (aria-label, else text) and id of the focused element. */
export function focused(page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    return {
      id: element?.id ?? "",
      name: (element?.getAttribute("aria-label") ?? element?.textContent ?? "").trim(),
      tag: element?.tagName.toLowerCase() ?? "",
      inDialog: element?.closest("dialog[open]")?.getAttribute("aria-labelledby") ?? null,
    };
  });
}

/** Presses Tab (Shift+Tab with `back`) until `matches(focused)`, at most `limit` times. */
export async function tabUntil(page, matches, { back = false, limit = 60 } = {}) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const now = await focused(page);
    if (matches(now)) return now;
  }
  throw new Error(`Tab did not reach the element within ${limit} presses`);
}

/** Types `text` one key press at a time. */
export async function pressEach(page, text) {
  for (const character of text) await page.keyboard.press(character);
}
