// Page tests: real Chromium (Debian's, driven by playwright-core, no browser download) uses the
// demo exactly as a person would, against `make demo`'s dev server and the optimized pkg/. A
// broken optimizer passes every `wasm-pack test` and only fails here. Each *.test.mjs file
// registers its tests; each test runs in a fresh browser context. The dev server serves the demo
// under a strict Content-Security-Policy: a test fails on any violation of it, in any frame.
//
// Usage: node tests/page/run.mjs <server url> <short-session server url> [screenshot dir]
//        [name filter]   (only the tests whose name contains the filter)
import { mkdirSync } from "node:fs";
import { launchChromium } from "./chromium.mjs";
import { CSP_WATCH, env, registered } from "./helpers.mjs";

const logs = `${process.env.CARGO_TARGET_DIR || "target"}/test-logs`;
const [baseUrl, shortSessionUrl, shotDir = `${logs}/screenshots`, only = ""] = process.argv.slice(2);
if (!baseUrl || !shortSessionUrl) {
  throw new Error("usage: run.mjs <server url> <short-session server url> [screenshot dir] [name filter]");
}
mkdirSync(shotDir, { recursive: true });
Object.assign(env, { baseUrl, shortSessionUrl, shotDir });

// In this order: the keys tests leave a varied key list and traffic for the screenshots after.
await import("./keys.test.mjs");
await import("./screen.test.mjs");
await import("./export.test.mjs");
await import("./chart.test.mjs");
await import("./accessibility.test.mjs");
await import("./hosted.test.mjs");
await import("./csp.test.mjs");

const failureDir = logs;
mkdirSync(failureDir, { recursive: true });
const browser = await launchChromium();
let passed = 0, failed = 0;
for (const { name, fn, violations } of registered.filter((t) => t.name.includes(only))) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.addInitScript(CSP_WATCH);
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  env.cspViolations = [];
  page.on("console", (message) => {
    if (/Content.Security.Policy/i.test(message.text())) env.cspViolations.push(message.text());
  });
  const started = Date.now();
  try {
    await fn(page, context);
    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join("; ")}`);
    if (!violations && env.cspViolations.length) throw new Error(`CSP violations: ${env.cspViolations.join("; ")}`);
    passed++;
    console.log(`ok - ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed++;
    console.log(`FAILED - ${name}: ${error.message}`);
    const path = `${failureDir}/page-failure-${passed + failed}.png`;
    await page.screenshot({ path, fullPage: true }).catch(() => {});
  } finally {
    await context.close();
  }
}
await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || passed === 0 ? 1 : 0);
