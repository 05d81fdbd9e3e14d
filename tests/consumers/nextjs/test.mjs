// A Next.js 16 App Router app (React 19) with the README's Next.js snippets and the guide's screen
// as written (its import changed; under the README's provider at /, with a ticketProvider at
// /with-provider, under a client the page makes, importing the package statically, at
// /client-form), built with Turbopack and with webpack, each served by
// `next start` on a free loopback port and driven in Chromium against the staging dev server:
// the build prints no warning; the server-rendered page shows the hooks' loading state and
// building or rendering sent nothing to the frontend API; per page load one ticket is minted, one
// exchanged, the session and the keys read once, and an authorised user never sees "Access
// required" (with and without a ticketProvider); a refused ticket (403) ends in "Access
// required"; a failed ticket fetch ends within timeoutMs; create shows the secret, rotate, revoke;
// no page or console error, no hydration warning. Then `next dev` (Turbopack) serves the screen
// with no warning.
//
//   node test.mjs <dev server url>      (in the installed consumer, tests/consumers/run.sh)
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { assert, assertSameJson, run, test } from "../support/harness.mjs";
import { launchChromium, openPage } from "../support/browser.mjs";
import { BACKEND_KEY, clearRequests, counts, publishableKey } from "../support/dev-server.mjs";

const serverUrl = process.argv[2];
if (!serverUrl) throw new Error("usage: node test.mjs <dev server url>");
const NEXT = "node_modules/next/dist/bin/next";
const ENV = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  NEXT_PUBLIC_WACHT_PUBLISHABLE_KEY: publishableKey(serverUrl),
  WACHT_BACKEND_API_URL: serverUrl,
  WACHT_BACKEND_API_KEY: BACKEND_KEY,
};
/** The frontend API requests of one authorised page load, and the ticket mint. */
const LOAD = {
  "POST /session/tickets 200": 1,
  "GET /deployment 200": 1,
  "GET /session/ticket/exchange?ticket=[redacted] 200": 1,
  "GET /api-auth/session 200": 1,
  "GET /api-auth/keys?status=active 200": 1,
};

/** Every request the dev server saw since the last clear (the mint included), settled. */
async function requests(quietMs = 500) {
  let last = -1;
  for (let i = 0; i < 60; i++) {
    const { requests } = await (await fetch(`${serverUrl}/__dev/requests`)).json();
    const seen = requests.filter((r) => !r.path.startsWith("/__dev/")).map((r) => {
      const path = r.path.split("?")[0] + (r.path.includes("?") ? `?${r.path.split("?")[1].split("&")
        .filter((p) => !p.startsWith("__dev_session__=")).join("&")}` : "");
      return `${r.method} ${path.replace(/\?$/, "")} ${r.status}`;
    });
    if (seen.length === last) return seen;
    last = seen.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
  throw new Error("requests kept coming");
}

/** Runs `next <args>`; resolves to its output, rejects when it fails. */
function next(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT, ...args], { env: ENV, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`next ${args.join(" ")} exited ${code}:\n${output}`))));
  });
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `next start` (or `next dev`) on a free port until `stop()`; resolves once it answers. */
async function start(command = "start") {
  const port = await freePort();
  const child = spawn(process.execPath, [NEXT, command, "-H", "127.0.0.1", "-p", String(port)], { env: ENV, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited ${child.exitCode}:\n${output}`);
    try {
      const probe = await fetch(`${url}/api/settings/api-keys/embed-ticket`, { signal: AbortSignal.timeout(2000) });
      if (probe.status > 0) break;
    } catch {}
    if (i > 150) throw new Error(`next start did not answer:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // SIGTERM, and SIGKILL if it has not ended 5 s later.
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const kill = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.on("exit", () => { clearTimeout(kill); resolve(); });
    child.kill("SIGTERM");
  });
  return { url, stop, output: () => output };
}

/**
 * A page signed in as `user` (the route handler's cookie; its user lookup takes `lookupMs`) that
 * records every text the page showed.
 */
async function userPage(browser, app, user, lookupMs = 0) {
  const { context, page, problems } = await openPage(browser, () => null);
  await context.addCookies([
    { name: "demo-user", value: user, url: app.url },
    { name: "demo-lookup-ms", value: String(lookupMs), url: app.url },
  ]);
  await context.addInitScript(() => {
    window.__texts = [];
    new MutationObserver(() => {
      const text = document.body?.innerText ?? "";
      if (window.__texts.at(-1) !== text) window.__texts.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return { page, problems };
}

const everShown = (page, text) => page.evaluate((text) => window.__texts.some((t) => t.includes(text)), text);
/** The console lines a failed request leaves (the browser reports each), which are expected here. */
const notHttp = (problems, statuses) => problems.filter((p) => !statuses.some((s) => p.includes(`status of ${s}`)));

for (const bundler of ["turbopack", "webpack"]) {
  const where = bundler === "turbopack" ? [] : ["--webpack"];
  test(`${bundler}: next build succeeds with no warning, sending nothing to the frontend API`, async (ctx) => {
    await clearRequests(serverUrl);
    const t0 = Date.now();
    const output = await next(["build", ...where]);
    console.log(`nextjs: ${bundler}: next build ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // Every warning fails the test but Next's advice, under CI=true, to keep .next/cache between
    // CI runs, which is about the build machine, not the app.
    const warnings = output.split("\n").filter((line) => /warn|⚠|wasm|top-level await/i.test(line))
      .filter((line) => !/No build cache found\. Please configure build caching/.test(line));
    assertSameJson(warnings, [], "warning lines of next build");
    assertSameJson(await requests(100), [], "requests sent while building (prerendering the pages)");
    // What the browser can load (the client chunks, the prerendered pages) never holds the
    // backend key, which only the route handler reads.
    const shipped = readdirSync(".next/static", { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `${entry.parentPath ?? entry.path}/${entry.name}`);
    assert(shipped.length > 0, "next build wrote .next/static");
    const leaks = shipped.filter((file) => readFileSync(file, "latin1").includes(BACKEND_KEY));
    assertSameJson(leaks, [], "files under .next/static that hold the backend key");
    ctx.app = await start();
  });

  test(`${bundler}: server rendering shows the loading state and sends nothing`, async ({ app }) => {
    await clearRequests(serverUrl);
    for (const path of ["/", "/with-provider", "/client-form"]) {
      const html = await (await fetch(`${app.url}${path}`, { headers: { cookie: "demo-user=owner" } })).text();
      assert(html.includes("Loading API key access..."), `${path}: the hooks' loading state: ${html.slice(0, 400)}`);
      assert(!html.includes("Access required"), `${path}: no "Access required" in the server HTML`);
      assert(!html.includes(BACKEND_KEY), `${path}: the server HTML holds the backend key`);
    }
    assertSameJson(await requests(100), [], "requests sent while rendering on the server");
  });

  // The ticket arrives at once (often before the provider's client is ready) or after 1.5 s
  // (long after: the hooks see `null` first).
  for (const [path, lookupMs] of [["/", 0], ["/", 1500], ["/with-provider", 0], ["/with-provider", 1500], ["/client-form", 1500]]) {
    test(`${bundler}: ${path}, ticket after ${lookupMs} ms: one mint, one exchange, one session and one key read, never "Access required"`, async ({ browser, app }) => {
      const { page, problems } = await userPage(browser, app, "owner", lookupMs);
      await clearRequests(serverUrl);
      await page.goto(`${app.url}${path}`);
      await page.getByRole("heading", { name: "Acme Public API" }).waitFor({ timeout: 20000 });
      assertSameJson(counts(await requests()), LOAD, "requests of one page load");
      assert(!(await everShown(page, "Access required")), `"Access required" showed: ${await page.evaluate(() => JSON.stringify(window.__texts))}`);
      assertSameJson(problems, [], "page errors, console errors or warnings (hydration included)");
    });
  }

  test(`${bundler}: create shows the secret, rotate gives a new one, revoke removes the key`, async ({ browser, app }) => {
    const { page, problems } = await userPage(browser, app, "owner");
    await page.goto(app.url);
    await page.getByRole("button", { name: "Create key" }).click();
    const created = await page.locator("pre").textContent({ timeout: 20000 });
    assert(/^acme_test_[A-Za-z0-9_-]{43}$/.test(created), `created secret: ${created}`);
    const row = (secret) => page.locator("div", { hasText: `...${secret.slice(-8)})` }).last();
    await row(created).getByRole("button", { name: "Rotate" }).click();
    await page.waitForFunction((old) => document.querySelector("pre")?.textContent !== old, created);
    const rotated = await page.locator("pre").textContent();
    assert(/^acme_test_[A-Za-z0-9_-]{43}$/.test(rotated), `rotated secret: ${rotated}`);
    await row(rotated).waitFor();
    await row(created).waitFor({ state: "detached" });
    await row(rotated).getByRole("button", { name: "Revoke" }).click();
    await row(rotated).waitFor({ state: "detached" });
    const seen = counts(await requests());
    for (const kind of ["rotate", "revoke"]) {
      const n = Object.entries(seen).filter(([r]) => new RegExp(`^POST /api-auth/keys/\\d+/${kind} 200$`).test(r)).reduce((a, [, c]) => a + c, 0);
      assert(n === 1, `one ${kind}: ${JSON.stringify(seen)}`);
    }
    await page.reload();
    await page.getByRole("heading", { name: "Acme Public API" }).waitFor();
    const html = await page.content();
    assert(!html.includes(created) && !html.includes(rotated), "a secret is shown once, gone after a reload");
    assertSameJson(problems, [], "page errors, console errors or warnings");
  });

  for (const [path, lookupMs] of [["/", 0], ["/", 1500], ["/with-provider", 1500]]) {
    test(`${bundler}: ${path}, refusal after ${lookupMs} ms: a refused ticket (403) ends in "Access required" promptly`, async ({ browser, app }) => {
      const { page, problems } = await userPage(browser, app, "viewer", lookupMs);
      await clearRequests(serverUrl);
      const t0 = Date.now();
      await page.goto(`${app.url}${path}`);
      await page.getByText("Access required").waitFor({ timeout: lookupMs + 4000 });
      const seen = counts(await requests());
      assert(!Object.keys(seen).some((r) => r.startsWith("POST /session/tickets")), `no ticket minted: ${JSON.stringify(seen)}`);
      assert(seen["GET /api-auth/session 401"] === 1, `one session read: ${JSON.stringify(seen)}`);
      console.log(`nextjs: ${bundler}: ${path}: 403 after ${lookupMs} ms, "Access required" after ${Date.now() - t0} ms`);
      assertSameJson(notHttp(problems, [401, 403]), [], "page errors, console errors or warnings");
    });
  }

  test(`${bundler}: a ticket fetch that fails ends within timeoutMs`, async ({ browser, app }) => {
    const { page, problems } = await userPage(browser, app, "broken");
    const t0 = Date.now();
    await page.goto(`${app.url}/with-provider`);
    // The provider's timeoutMs is 10 s: the session ends then, not loading any more.
    await page.waitForFunction(() => !document.body.innerText.includes("Loading"), null, { timeout: 15000 });
    const elapsed = Date.now() - t0;
    const text = await page.evaluate(() => document.body.innerText);
    assert(/Access required|Failed to establish/.test(text), `end state: ${text}`);
    assert(elapsed >= 9000, `it waited for the ticket (timeoutMs) first: ${elapsed} ms`);
    console.log(`nextjs: ${bundler}: failed ticket fetch ended after ${elapsed} ms: ${text.trim()}`);
    // The guide's fetch chain rejects (the endpoint's 500 is no JSON), which the page reports.
    const unexpected = notHttp(problems, [401, 500]).filter((p) => !/JSON|Unexpected end|Unexpected token/.test(p));
    assertSameJson(unexpected, [], "page errors, console errors or warnings");
  });

  test(`${bundler}: next start stops`, async (ctx) => {
    await ctx.app.stop();
    ctx.app = null;
  });
}

test("next dev (Turbopack): the screen loads with no warning, never showing 'Access required'", async (ctx) => {
  ctx.app = await start("dev");
  const { page, problems } = await userPage(ctx.browser, ctx.app, "owner");
  await clearRequests(serverUrl);
  await page.goto(ctx.app.url);
  await page.getByRole("heading", { name: "Acme Public API" }).waitFor({ timeout: 60000 });
  const seen = await requests();
  assert(seen.every((request) => request.endsWith(" 200")), `every request answered 200: ${JSON.stringify(counts(seen))}`);
  console.log(`nextjs: next dev: ${JSON.stringify(counts(seen))}`);
  assert(!(await everShown(page, "Access required")), `"Access required" showed: ${await page.evaluate(() => JSON.stringify(window.__texts))}`);
  assertSameJson(problems, [], "page errors, console errors or warnings");
  await ctx.app.stop();
  const warnings = ctx.app.output().split("\n").filter((line) => /warn|⚠|wasm|top-level await|error/i.test(line));
  assertSameJson(warnings, [], "warning lines of next dev");
  ctx.app = null;
});

const browser = await launchChromium();
const ctx = { browser, app: null };
const failed = await run({
  prefix: "nextjs",
  setup: async () => ctx,
  teardown: async () => {
    for (const context of browser.contexts()) await context.close();
  },
});
await ctx.app?.stop();
await browser.close();
process.exit(failed === 0 ? 0 : 1);
