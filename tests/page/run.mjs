// Page tests: real Chromium (Debian's, driven by playwright-core) loads the demo page, which
// loads the optimized pkg/ exactly as users get it. A broken optimizer passes every
// `wasm-pack test` and only fails here. Usage: node tests/page/run.mjs <server url> <screenshot dir>
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const [baseUrl, shotDir = "test-output/screenshots"] = process.argv.slice(2);
if (!baseUrl) throw new Error("usage: run.mjs <server url> [screenshot dir]");
mkdirSync(shotDir, { recursive: true });

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test("demo page loads the package and shows the app's session", async (page) => {
  await page.goto(baseUrl + "/");
  await page.waitForSelector("body[data-status=ready]", { timeout: 15000 });
  const name = await page.textContent("#app-name");
  if (name !== "Acme Public API") throw new Error(`app name was ${JSON.stringify(name)}`);
  const rules = await page.$$eval("#rate-limits li", (items) => items.map((li) => li.textContent));
  if (rules.length !== 2 || !rules[0].includes("10 requests per 10 seconds")) throw new Error(`rate limits: ${JSON.stringify(rules)}`);
  await page.screenshot({ path: `${shotDir}/session-ready.png`, fullPage: true });
});

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
let passed = 0, failed = 0;
for (const { name, fn } of tests) {
  const context = await browser.newContext();
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
  } finally {
    await context.close();
  }
}
await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
