// The demo under its strict Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval', no
// inline code, requests and frames to its own origin): every page starts with no violation (run.mjs
// fails any test on one), and a page without 'wasm-unsafe-eval' gets a typed error from init().
import { assert, env, mintTicket, test } from "./helpers.mjs";

/** Opens `path`, checks its policy header, waits for `ready` (a selector); resolves to the policy. */
async function openStrict(page, path, ready) {
  const response = await page.goto(`${env.baseUrl}${path}`);
  const policy = response.headers()["content-security-policy"] ?? "";
  assert(policy.includes("script-src 'self' 'wasm-unsafe-eval'"), `${path}: policy ${policy}`);
  assert(!/unsafe-inline|'unsafe-eval'/.test(policy), `${path}: policy ${policy}`);
  await page.waitForSelector(ready, { timeout: 15000 });
  return policy;
}

test("CSP: the settings screen, the hosted page and the embed page start under the strict policy", async (page) => {
  await openStrict(page, "/?as=owner", "body[data-status=ready]");
  await page.getByRole("button", { name: "Create key" }).click();
  await page.getByRole("button", { name: "Cancel" }).click();
  const ticket = encodeURIComponent(await mintTicket(env.baseUrl));
  await openStrict(page, `/vanity/api-auth?ticket=${ticket}`, "body[data-status=ready]");
  await openStrict(page, "/embed.html?as=owner", "body[data-status=embedded]");
  await page.frameLocator("iframe[title='API Key Manager']").locator("body[data-status=ready]")
    .waitFor({ timeout: 15000 });
  await openStrict(page, "/?as=viewer", "body[data-status=access_required]");
  assert(env.cspViolations.length === 0, `violations: ${env.cspViolations.join("; ")}`);
});

test("CSP: without 'wasm-unsafe-eval', init() rejects with a WachtError of code csp", async (page) => {
  const response = await page.goto(`${env.baseUrl}/?as=owner&__dev_csp=no-wasm-eval`);
  const policy = response.headers()["content-security-policy"] ?? "";
  assert(!policy.includes("wasm-unsafe-eval"), `the test page allows wasm: ${policy}`);
  await page.waitForSelector("body[data-status=error]", { timeout: 15000 });
  assert(await page.getAttribute("body", "data-error-code") === "csp", "the app saw the code csp");
  const alert = await page.textContent("[role=alert]");
  assert(alert.includes("Content-Security-Policy must allow 'wasm-unsafe-eval'"), `the app shows: ${alert}`);
  const error = await page.evaluate(async () => {
    const { default: init } = await import("/pkg/wacht_api_auth.js");
    const parts = (e) => ({ name: e.name, code: e.code, message: e.message, real: e instanceof Error });
    return init().then(() => null, parts);
  });
  assert(error?.name === "WachtError" && error.code === "csp" && error.real,
    `init() rejected with ${JSON.stringify(error)}`);
  assert(/page's Content-Security-Policy must allow 'wasm-unsafe-eval'/.test(error.message), error.message);
  // The only violations are the refused compiles.
  assert(env.cspViolations.length > 0, "the browser reported no violation");
  const others = env.cspViolations.filter((text) => !/wasm-eval|script-src/.test(text));
  assert(others.length === 0, `other violations: ${others.join("; ")}`);
}, { violations: true });
