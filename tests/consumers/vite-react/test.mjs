// The Vite 8 + React 18 builds (dist/: production, dist-dev/: development, where StrictMode
// mounts every component twice), served on their own origin and driven in Chromium against the
// staging dev server: the README's hooks snippet as written, a full screen over every hook with
// its request counts from GET /__dev/requests, and a ticket that arrives after the first render.
//
//   node test.mjs <dev server url>      (after `npm run build`, in the installed consumer)
import { assert, assertSameJson, run, test } from "../support/harness.mjs";
import { launchChromium, openPage, serveStatic } from "../support/browser.mjs";
import { clearRequests, counts, gatewayCheck, mintTicket, settledRequests } from "../support/dev-server.mjs";

const serverUrl = process.argv[2];
if (!serverUrl) throw new Error("usage: node test.mjs <dev server url>");
const api = encodeURIComponent(serverUrl);

/** The requests a screen that mounts every read once sends, each once (StrictMode included). */
const MOUNT = {
  "GET /deployment 200": 1,
  "GET /session/ticket/exchange?ticket=[redacted] 200": 1,
  "GET /api-auth/session 200": 1,
  "GET /api-auth/keys?status=active 200": 1,
  "GET /api-auth/audit/logs?limit=10 200": 1,
  "GET /api-auth/audit/analytics?include_top_keys=true 200": 1,
  "GET /api-auth/audit/timeseries?interval=day 200": 1,
};
const READS = Object.keys(MOUNT).filter((request) => request.includes("/api-auth/keys") || request.includes("/audit/"));
const plus = (base, added) => {
  const result = { ...base };
  for (const [request, n] of Object.entries(added)) result[request] = (result[request] ?? 0) + n;
  return result;
};
const onceMore = (base) => plus(base, Object.fromEntries(READS.map((request) => [request, 1])));

for (const build of ["dist", "dist-dev"]) {
  test(`${build}: the README's hooks snippet runs as written (session, keys, create, revoke)`, async ({ browser, servers }) => {
    const { page, problems } = await openPage(browser, () => mintTicket(serverUrl));
    await clearRequests(serverUrl);
    await page.goto(`${servers[build].url}/?app=readme&api=${api}`);
    await page.getByRole("heading", { name: "Acme Public API" }).waitFor({ timeout: 20000 });
    await page.getByRole("button", { name: "Create key" }).click();
    await page.locator("#shown-once").waitFor();
    const secret = await page.textContent("#shown-once");
    assert(/^acme_test_[A-Za-z0-9_-]{43}$/.test(secret), `showOnce got the secret: ${secret}`);
    const row = page.locator("li", { hasText: "CI key" });
    await row.first().waitFor();
    await settledRequests(serverUrl); // the list refreshed after the create is on the page
    const before = await row.count();
    await row.first().getByRole("button", { name: "Revoke" }).click();
    await page.waitForFunction((n) => [...document.querySelectorAll("li")].filter((li) => li.textContent.includes("CI key")).length === n - 1, before);
    const seen = counts(await settledRequests(serverUrl));
    const revoked = Object.keys(seen).filter((request) => /^POST \/api-auth\/keys\/\d+\/revoke 200$/.test(request));
    assert(revoked.length === 1, `one revoke: ${JSON.stringify(seen)}`);
    assertSameJson(problems, [], "page errors and console errors or warnings");
  });
}

test("dist-dev: a full screen in StrictMode sends one request per distinct read", async ({ browser, servers }) => {
  const { page, problems } = await openPage(browser, () => mintTicket(serverUrl));
  await clearRequests(serverUrl);
  await page.goto(`${servers["dist-dev"].url}/?app=screen&api=${api}`);
  await page.getByRole("heading", { name: "Acme Public API" }).waitFor({ timeout: 20000 });
  // 20 re-renders with inline options objects, then everything loaded.
  await page.waitForSelector("main[data-ticks='20'] #keys[data-loading=false]", { timeout: 20000 });
  await page.waitForSelector("#logs[data-loading=false], #analytics[data-loading=false], #series[data-loading=false]");
  assertSameJson(counts(await settledRequests(serverUrl)), MOUNT, "requests at mount");

  // A panel mounted now, with the session live: StrictMode mounts it twice, one request goes out.
  await page.getByRole("button", { name: "Show revoked keys" }).click();
  await page.waitForSelector("#revoked[data-loading=false]");
  const mounted = plus(MOUNT, { "GET /api-auth/keys?status=revoked 200": 1 });
  assertSameJson(counts(await settledRequests(serverUrl)), mounted, "requests after the panel mounted");
  // Unmounted and mounted again in one commit (a new React key): the store and its data stay.
  await page.getByRole("button", { name: "Remount revoked keys" }).click();
  await page.waitForSelector("#revoked[data-mounts='2'][data-loading=false]");
  assertSameJson(counts(await settledRequests(serverUrl)), mounted, "requests after the panel was mounted anew");

  // Create: the secret is shown once, then gone; every observed read is refreshed once.
  const name = `Vite key ${Math.random().toString(36).slice(2, 8)}`;
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  await page.locator("#secret").waitFor();
  const secret = await page.textContent("#secret");
  assert(/^acme_test_[A-Za-z0-9_-]{43}$/.test(secret), `secret: ${secret}`);
  await page.locator("#keys li", { hasText: name }).waitFor();
  const afterCreate = onceMore(plus(mounted, { "POST /api-auth/keys 200": 1, "GET /api-auth/keys?status=revoked 200": 1 }));
  assertSameJson(counts(await settledRequests(serverUrl)), afterCreate, "requests after create");
  await page.getByRole("button", { name: "Done" }).click();
  assert(!(await page.content()).includes(secret), "the secret is gone once dismissed");

  // Traffic with the new key, then the audit panels show it after a refresh.
  for (let i = 0; i < 3; i++) assert((await gatewayCheck(serverUrl, secret)) === 200, "the new key is allowed");
  await page.getByRole("button", { name: "Refresh audit" }).click();
  await page.waitForFunction(() => /^[3-9]\d* checks|^\d{2,} checks/.test(document.querySelector("#logs").textContent));
  assert((await page.textContent("#logs")).includes("VALID"), `logs: ${await page.textContent("#logs")}`);
  await page.waitForFunction(() => parseInt(document.querySelector("#analytics").textContent, 10) >= 3);
  await page.waitForFunction(() => parseInt(document.querySelector("#series").textContent, 10) >= 1);

  // Revoke: the key leaves the active list.
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await page.locator("#keys li", { hasText: name }).waitFor({ state: "detached" });
  const seen = counts(await settledRequests(serverUrl));
  assert(Object.keys(seen).filter((request) => /^POST \/api-auth\/keys\/\d+\/revoke 200$/.test(request)).length === 1, `one revoke: ${JSON.stringify(seen)}`);
  assert(Object.keys(seen).every((request) => request.endsWith(" 200")), `no request failed: ${JSON.stringify(seen)}`);
  assertSameJson(problems, [], "page errors and console errors or warnings");
});

test("dist-dev: a ticket that arrives after the first render: one exchange, reads held until then", async ({ browser, servers }) => {
  const { page, problems } = await openPage(browser, () => new Promise((resolve) => setTimeout(() => resolve(mintTicket(serverUrl)), 500)));
  await page.addInitScript(() => {
    window.__headings = [];
    new MutationObserver(() => window.__headings.push(document.querySelector("h1")?.textContent))
      .observe(document, { subtree: true, childList: true, characterData: true });
  });
  await clearRequests(serverUrl);
  await page.goto(`${servers["dist-dev"].url}/?app=late-ticket&api=${api}`);
  await page.waitForSelector("main[data-has-ticket=true][data-status=ready]", { timeout: 20000 });
  await page.waitForSelector("#keys[data-loading=false]");
  assert((await page.textContent("h1")) === "Acme Public API", `heading: ${await page.textContent("h1")}`);
  assert((await page.getAttribute("#keys", "data-error")) === "", "the key list has no error");
  // `null` means the ticket is on its way: nothing is read before it is exchanged, so nothing
  // fails and the heading never says "Access required".
  const expected = {
    "GET /deployment 200": 1,
    "GET /session/ticket/exchange?ticket=[redacted] 200": 1,
    "GET /api-auth/session 200": 1,
    "GET /api-auth/keys?status=active 200": 1,
  };
  assertSameJson(counts(await settledRequests(serverUrl)), expected, "requests of the page");
  const headings = await page.evaluate(() => window.__headings);
  assert(!headings.includes("Access required"), `"Access required" showed: ${JSON.stringify(headings)}`);
  assertSameJson(problems, [], "page errors and console errors or warnings");
});

const browser = await launchChromium();
const servers = { dist: await serveStatic("dist"), "dist-dev": await serveStatic("dist-dev") };
const failed = await run({
  prefix: "vite-react",
  setup: async () => ({ browser, servers }),
  teardown: async () => {
    for (const context of browser.contexts()) await context.close();
  },
});
for (const server of Object.values(servers)) await server.close();
await browser.close();
process.exit(failed === 0 ? 0 : 1);
