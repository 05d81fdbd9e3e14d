// Node 20 on the package's `node` condition, against the staging dev server: importing touches no
// browser global, the README's Node snippet runs as written (exchange, session, create, list,
// revoke, audit logs, one browser session kept in memory), and the React hooks render on the server
// without sending anything.
//
//   node test.mjs <dev server url>      (in the installed consumer, tests/consumers/run.sh)
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { assert, assertSameJson, run, test } from "../support/harness.mjs";
import { clearRequests, clientRequests, counts, mintTicket, publishableKey, settledRequests } from "../support/dev-server.mjs";

const serverUrl = process.argv[2];
if (!serverUrl) throw new Error("usage: node test.mjs <dev server url>");

// Traps first: any read of these globals while the package's entries load is recorded.
const BROWSER_GLOBALS = ["window", "document", "localStorage", "sessionStorage", "location", "history", "navigator", "self"];
const touched = [];
for (const name of BROWSER_GLOBALS) {
  if (name in globalThis) continue;
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      touched.push(name);
      return undefined;
    },
  });
}
const wacht = await import("wacht-api-auth");
const hooks = await import("wacht-api-auth/react");
const touchedAtImport = [...touched];
for (const name of BROWSER_GLOBALS) {
  if (Object.getOwnPropertyDescriptor(globalThis, name)?.get) delete globalThis[name];
}
const React = await import("react");
const { renderToString } = await import("react-dom/server");

test("importing both entries touches no browser global", () => {
  assertSameJson(touchedAtImport, [], "browser globals read at import");
});

test("the node condition is taken, ready on import (no init)", async () => {
  const require = createRequire(import.meta.url);
  const entry = require.resolve("wacht-api-auth").replace(/\\/g, "/");
  assert(entry.endsWith("/node_modules/wacht-api-auth/node.js"), `resolved to ${entry}`);
  assert(wacht.auditOutcome("RATE_LIMITED") === "blocked", "the module answers without init()");
  assert((await wacht.default()) !== undefined, "init() still resolves, for code shared with browsers");
  const react = require.resolve("wacht-api-auth/react");
  assert(react.endsWith("/wacht-api-auth/react/index.js"), `react entry: ${react}`);
});

test("the README's Node snippet runs as written", async () => {
  await clearRequests(serverUrl);
  const output = execFileSync(process.execPath, ["readme-node.mjs"], {
    encoding: "utf8",
    env: { ...process.env, WACHT_PUBLISHABLE_KEY: publishableKey(serverUrl), WACHT_SERVER_URL: serverUrl },
    timeout: 30000,
  });
  assert(/^Acme Public API: \d+ active keys, \d+ recent checks\n$/.test(output), `output: ${JSON.stringify(output)}`);
  const requests = await settledRequests(serverUrl);
  const seen = counts(requests);
  const expected = [
    "GET /deployment 200",
    "GET /session/ticket/exchange?ticket=[redacted] 200",
    "GET /api-auth/session 200",
    "POST /api-auth/keys 200",
    "GET /api-auth/keys?status=active 200",
    "GET /api-auth/audit/logs?limit=10 200",
  ];
  for (const request of expected) assert(seen[request] === 1, `${request} once, saw ${JSON.stringify(seen)}`);
  assert(requests.some((r) => /^POST \/api-auth\/keys\/\d+\/revoke 200$/.test(r)), `revoke: ${requests.join(", ")}`);
  assert(requests.every((r) => r.endsWith(" 200")), `every request answered 200 (one browser session, kept in memory): ${requests.join(", ")}`);
});

test("a store's first snapshot in Node is the hooks' server snapshot", async () => {
  const client = new wacht.WachtClient({ publishableKey: publishableKey(serverUrl) });
  const ticket = await mintTicket(serverUrl);
  const reads = [
    ["keys", { status: "active" }, (o) => client.apiAuthKeys(o), (o) => hooks.useApiAuthKeys(o)],
    ["logs", { limit: 7, outcome: "blocked" }, (o) => client.apiAuthAuditLogs(o), (o) => hooks.useApiAuthAuditLogs(o)],
    ["logs", undefined, (o) => client.apiAuthAuditLogs(o), (o) => hooks.useApiAuthAuditLogs(o)],
    ["analytics", { include_top_keys: true }, (o) => client.apiAuthAuditAnalytics(o), (o) => hooks.useApiAuthAuditAnalytics(o)],
    ["timeseries", { interval: "week" }, (o) => client.apiAuthAuditTimeseries(o), (o) => hooks.useApiAuthAuditTimeseries(o)],
    ["timeseries", {}, (o) => client.apiAuthAuditTimeseries(o), (o) => hooks.useApiAuthAuditTimeseries(o)],
    ["session with a ticket", ticket, (t) => client.apiAuthAppSession(t), (t) => hooks.useApiAuthAppSession(t)],
    // null: the app's ticket is on its way, so the hook's store waits for a promised ticket.
    ["session awaiting its ticket", null, () => client.apiAuthAppSession(new Promise(() => {})), (t) => hooks.useApiAuthAppSession(t)],
    ["session without", undefined, (t) => client.apiAuthAppSession(t), (t) => hooks.useApiAuthAppSession(t)],
  ];
  for (const [what, options, store, hook] of reads) {
    const rendered = [];
    function Probe() {
      rendered.push(hook(options));
      return null;
    }
    renderToString(React.createElement(hooks.WachtProvider, { client }, React.createElement(Probe)));
    const first = store(options);
    const expected = first.getSnapshot();
    first.dispose();
    const fields = Object.fromEntries(Object.entries(rendered[0]).filter(([, value]) => typeof value !== "function"));
    // The logs hook hands out the store's `next_cursor: null` as undefined, as @wacht/jsx does.
    const hookView = "next_cursor" in expected ? { ...expected, next_cursor: expected.next_cursor ?? undefined } : expected;
    assertSameJson(fields, hookView, `${what}: server snapshot vs the store's first`);
  }
  await settledRequests(serverUrl); // the stores' requests end before the next test counts
});

test("server rendering sends nothing and leaves the ticket unexchanged", async () => {
  const client = new wacht.WachtClient({ publishableKey: publishableKey(serverUrl) });
  await client.mode(); // the client's own bootstrap, before the count starts
  const ticket = await mintTicket(serverUrl);
  await clearRequests(serverUrl);
  function Screen() {
    const session = hooks.useApiAuthAppSession(ticket);
    const keys = hooks.useApiAuthKeys({ status: "active" });
    const logs = hooks.useApiAuthAuditLogs({ limit: 5 });
    hooks.useApiAuthAuditAnalytics();
    hooks.useApiAuthAuditTimeseries({ interval: "day" });
    return React.createElement("p", null, session.sessionLoading ? "Loading" : "Ready", ` ${keys.keys.length} ${logs.logs.length}`);
  }
  const html = renderToString(React.createElement(hooks.WachtProvider, { client }, React.createElement(Screen)));
  assert(html === "<p>Loading<!-- --> 0 0</p>", `server markup: ${html}`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assertSameJson(await clientRequests(serverUrl), [], "requests caused by server rendering");
  const exchanged = await client.exchangeTicket(ticket);
  assert(exchanged.type === "api_auth_access", "the ticket is still good after server rendering");
});

test("constructing a client sends nothing; its first call bootstraps", async () => {
  await clearRequests(serverUrl);
  const client = new wacht.WachtClient({ publishableKey: publishableKey(serverUrl) });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assertSameJson(await clientRequests(serverUrl), [], "requests caused by the constructor");
  assert((await client.mode()) === "staging", "the first call bootstraps");
  assertSameJson(await clientRequests(serverUrl), ["GET /deployment 200"], "requests of the first call");
});

test("<WachtProvider publishableKey> renders the hooks' loading state on the server, sending nothing", async () => {
  await clearRequests(serverUrl);
  function Screen() {
    const session = hooks.useApiAuthAppSession(null);
    const keys = hooks.useApiAuthKeys({ status: "active" });
    const client = hooks.useWachtClient();
    return React.createElement("p", null, `${session.sessionLoading ? "Loading" : "Ready"} ${keys.loading} ${client}`);
  }
  const provider = React.createElement(hooks.WachtProvider, { publishableKey: publishableKey(serverUrl) }, React.createElement(Screen));
  const html = renderToString(provider);
  assert(html === "<p>Loading true null</p>", `server markup: ${html}`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assertSameJson(await clientRequests(serverUrl), [], "requests caused by server rendering");
});

test("two clients in one process share the in-memory dev session of their frontend API", async () => {
  const first = new wacht.WachtClient({ publishableKey: publishableKey(serverUrl) });
  await first.exchangeTicket(await mintTicket(serverUrl));
  const second = new wacht.WachtClient({ publishableKey: publishableKey(serverUrl) });
  const session = await second.getApiAuthSession();
  assert(session.api_auth_app.app_slug === "aa_42", "the second client sees the first one's session");
});

process.exit((await run({ prefix: "node" })) === 0 ? 0 : 1);
