// The webpack 5 build of the README's stores snippet (the package's main entry, browser
// condition), served on its own origin and run in Chromium against the staging dev server:
// exchange, key list, create with the secret handed over once, and the reads it refreshed.
//
//   node test.mjs <dev server url>      (after `npm run build`, in the installed consumer)
import { existsSync, readdirSync } from "node:fs";
import { assert, assertSameJson, run, test } from "../support/harness.mjs";
import { launchChromium, openPage, serveStatic } from "../support/browser.mjs";
import { addFault, clearFaults, clearRequests, counts, mintTicket, settledRequests } from "../support/dev-server.mjs";

const serverUrl = process.argv[2];
if (!serverUrl) throw new Error("usage: node test.mjs <dev server url>");

test("the build emits the bundle and the .wasm as an asset", () => {
  assert(existsSync("dist/main.js"), "dist/main.js");
  const wasm = readdirSync("dist").filter((file) => file.endsWith(".wasm"));
  assert(wasm.length === 1, `one .wasm asset in dist/: ${readdirSync("dist").join(", ")}`);
});

test("the README's stores snippet runs in Chromium: exchange, keys, create", async ({ browser, app }) => {
  await clearRequests(serverUrl);
  let context;
  try {
    // The session read answers after the key list, the create and its refresh: the page must
    // still show the session once it is ready (the snippet subscribes to both stores).
    await addFault(serverUrl, { method: "GET", path_prefix: "/api-auth/session", times: 1, hang_ms: 3000 });
    const opened = await openPage(browser, () => mintTicket(serverUrl));
    context = opened.context;
    const { page, problems } = opened;
    await page.goto(`${app.url}/?api=${encodeURIComponent(serverUrl)}`);
    await page.waitForFunction(() => typeof window.shownOnce === "string", null, { timeout: 20000 });
    const secret = await page.evaluate(() => window.shownOnce);
    assert(/^acme_test_[A-Za-z0-9_-]{43}$/.test(secret), `showOnce got the secret: ${secret}`);
    await page.waitForFunction(() => window.lastRender?.keys.includes("CI key") && !window.lastRender.loading, null, { timeout: 20000 });
    assert(await page.evaluate(() => window.renders.some((r) => r.keys.includes("CI key") && r.status === "loading")),
      "the created key was shown while the session read was still held back (else this test proves nothing)");
    await page.waitForFunction(() => window.lastRender.status !== "loading", null, { timeout: 10000 }).catch(() => {});
    const last = await page.evaluate(() => window.lastRender);
    assert(last.status === "ready" && last.app === "Acme Public API" && last.error === null, `last render: ${JSON.stringify(last)}`);
    assert(!(await page.content()).includes(secret), "the secret is not on the page");
    // The snippet creates the key while the first reads may still be in flight; the refresh after
    // the create supersedes those (aborted, they may not reach the server), so each read is seen
    // once or twice. Everything else exactly once, nothing more.
    const seen = counts(await settledRequests(serverUrl));
    const expected = {
      "GET /deployment 200": [1, 1],
      "GET /session/ticket/exchange?ticket=[redacted] 200": [1, 1],
      "GET /api-auth/session 200": [1, 1],
      "POST /api-auth/keys 200": [1, 1],
      "GET /api-auth/keys?status=active 200": [1, 2],
      "GET /api-auth/audit/logs?limit=25&outcome=blocked 200": [1, 2],
      "GET /api-auth/audit/analytics?include_top_keys=true 200": [1, 2],
      "GET /api-auth/audit/timeseries?interval=hour 200": [1, 2],
    };
    assertSameJson(Object.keys(seen).sort(), Object.keys(expected).sort(), "the requests sent");
    for (const [request, [least, most]] of Object.entries(expected)) {
      assert(seen[request] >= least && seen[request] <= most, `${request}: ${seen[request]} times, expected ${least}-${most}`);
    }
    assertSameJson(problems, [], "page errors and console errors or warnings");
  } finally {
    await context?.close();
    await clearFaults(serverUrl);
  }
});

const browser = await launchChromium();
const app = await serveStatic(".");
const failed = await run({ prefix: "webpack", setup: async () => ({ browser, app }) });
await app.close();
await browser.close();
process.exit(failed === 0 ? 0 : 1);
