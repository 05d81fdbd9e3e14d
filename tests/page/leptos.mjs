// Page tests of the Rust example app (examples/leptos-api-keys, a Leptos app built with trunk):
// Debian's Chromium, driven by playwright-core, opens it where the dev server serves it
// (`--example-dir`: /examples/leptos/, on the origin of the frontend API and the demo app's
// backend), under the demo's strict Content-Security-Policy. A test fails on any page error,
// console error or CSP violation, whether the page saw it or the server got its report.
//
// Usage: node tests/page/leptos.mjs <server url>   (the server started with --example-dir)
import { launchChromium } from "./chromium.mjs";
import { CSP_WATCH, assert, env, registered, test } from "./helpers.mjs";

const [baseUrl] = process.argv.slice(2);
if (!baseUrl) throw new Error("usage: leptos.mjs <server url>");
Object.assign(env, { baseUrl });
const APP = `${baseUrl}/examples/leptos/`;

/** The CSP violation reports the dev server received (`/__dev/csp-reports`). */
async function cspReports() {
  return (await (await fetch(`${baseUrl}/__dev/csp-reports`)).json()).reports;
}

test("Leptos app: the screen's frame renders from the .wasm under the strict policy", async (page) => {
  const response = await page.goto(APP);
  assert(response.ok(), `${APP}: status ${response.status()}`);
  const policy = response.headers()["content-security-policy"] ?? "";
  assert(policy.includes("script-src 'self' 'wasm-unsafe-eval'"), `policy ${policy}`);
  assert(!/unsafe-inline|'unsafe-eval'/.test(policy), `policy ${policy}`);
  await page.waitForSelector("main.api-keys[data-status]", { timeout: 15000 });
  assert(await page.textContent("main h1") === "API keys", "the title");
  const status = await page.textContent("main [role=status]");
  assert(status === "Loading API key access...", `the loading state: ${status}`);
  const loaded = await page.evaluate(() => ({
    inline: [...document.scripts].filter((script) => !script.src).length,
    wasm: performance.getEntriesByType("resource").filter((entry) => entry.name.endsWith(".wasm")).length,
  }));
  assert(loaded.inline === 0, `${loaded.inline} inline scripts in the page`);
  assert(loaded.wasm === 1, `the page loaded ${loaded.wasm} .wasm files`);
});

const browser = await launchChromium();
let passed = 0, failed = 0;
for (const { name, fn } of registered) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.addInitScript(CSP_WATCH);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
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
