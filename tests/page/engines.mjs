// Page tests in Firefox ESR and WebKitGTK (engines.test.mjs) through WebDriver (webdriver.mjs):
// one browser session for the run, its cookies and storage cleared before each test. The dev server's page
// policy reports violations to /__dev/csp-reports: a test fails on any report made during it.
//
// Usage: node tests/page/engines.mjs <firefox|webkit> <server url> [name filter]
//        (WebKit under `xvfb-run -a`; the server is a staging dev server with the optimized pkg/)
import { ENGINES, launch } from "./webdriver.mjs";
import { sleep } from "./helpers.mjs";
import { tests } from "./engines.test.mjs";

const [engine, url, only = ""] = process.argv.slice(2);
if (!ENGINES[engine] || !url) throw new Error("usage: engines.mjs <firefox|webkit> <server url> [name filter]");

const reports = async () => (await (await fetch(`${url}/__dev/csp-reports`)).json()).reports;
const clearReports = () => fetch(`${url}/__dev/csp-reports`, { method: "DELETE" });
// Reports are posted after the violation, not with it: read them until two reads 300 ms apart
// agree (at most 3 s), so a late one on a loaded machine is not left to the next test.
async function settledReports() {
  let last = JSON.stringify(await reports());
  for (let waited = 0; waited < 3000; waited += 300) {
    await sleep(300);
    const now = JSON.stringify(await reports());
    if (now === last) break;
    last = now;
  }
  return JSON.parse(last);
}

const { driver, close } = await launch(engine);
let passed = 0, failed = 0;
try {
  const version = (await driver.getCapabilities()).get("browserVersion");
  console.log(`${engine} ${version}`);
  for (const { name, fn, violations } of tests.filter((t) => t.name.includes(only))) {
    const started = Date.now();
    try {
      await driver.get(`${url}/style.css`); // a plain document of the origin whose cookies and storage go
      await driver.manage().deleteAllCookies();
      await driver.executeScript("localStorage.clear(); sessionStorage.clear();");
      await clearReports();
      await fn(driver, url, reports);
      if (!violations) {
        const seen = await settledReports();
        if (seen.length) throw new Error(`CSP violations: ${JSON.stringify(seen)}`);
      }
      passed++;
      console.log(`ok - ${engine}: ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed++;
      console.log(`FAILED - ${engine}: ${name}: ${error.message}`);
    }
  }
} finally {
  await close();
}
console.log(`${engine}: ${passed} passed, ${failed} failed`);
process.exit(failed || passed === 0 ? 1 : 0);
