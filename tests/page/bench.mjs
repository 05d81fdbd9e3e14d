// Opens www/bench.html in Debian's Chromium against a dev server and prints the figures.
// Usage: node tests/page/bench.mjs <server url>
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const [baseUrl] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage();
await page.goto(`${baseUrl}/bench.html`);
await page.waitForFunction(() => window.benchResults, null, { timeout: 120000 });
const results = await page.evaluate(() => window.benchResults);
await browser.close();
if (results.error) { console.error(`bench failed: ${results.error}`); process.exit(1); }
for (const [name, value] of Object.entries(results)) {
  console.log(`bench: ${name.padEnd(34)} ${typeof value === "number" ? value.toFixed(value < 10 ? 3 : 1) : value}`);
}
