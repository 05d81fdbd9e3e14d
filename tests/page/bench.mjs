// Opens www/bench.html in Debian's Chromium against a dev server and prints the figures.
// Usage: node tests/page/bench.mjs <server url>   (a loopback dev server: the page sends it
// about 1100 gateway checks and reads audit logs, and must never target anything else)
import { launchChromium } from "./chromium.mjs";

const [baseUrl] = process.argv.slice(2);
if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(baseUrl ?? "")) {
  console.error(`bench: expected a loopback dev server URL like http://127.0.0.1:PORT, got ${baseUrl}`);
  process.exit(2);
}
const TIMEOUT_MS = 240000;
const browser = await launchChromium();
let results;
try {
  const page = await browser.newPage();
  page.on("pageerror", (error) => console.error(`bench: page error: ${error.message}`));
  await page.goto(`${baseUrl}/bench.html`);
  try {
    await page.waitForFunction(() => window.benchResults, null, { timeout: TIMEOUT_MS });
  } catch (error) {
    const step = await page.evaluate(() => window.benchProgress).catch(() => undefined);
    results = { error: `no results within ${TIMEOUT_MS / 1000} s (last step: ${step ?? "none"}): ${error.message}` };
  }
  results ??= await page.evaluate(() => window.benchResults);
} finally {
  await browser.close();
}
if (results.error) { console.error(`bench failed: ${results.error}`); process.exit(1); }
// Times and ratios with decimals (as before); counts as integers.
const format = (name, value) => typeof value !== "number" ? value
  : Number.isInteger(value) && !/_(ms|ns)(_|$)|ratio/.test(name) ? String(value) : value.toFixed(value < 10 ? 3 : 1);
for (const [name, value] of Object.entries(results)) {
  console.log(`bench: ${name.padEnd(44)} ${format(name, value)}`);
}
