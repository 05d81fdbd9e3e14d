// Benchmarks of the wasm client in a real browser against the dev server. Run by
// `make bench` (scripts/bench.sh), which prints the figures; not part of `make test`.
import init, { WachtClient } from "/pkg/wacht_api_auth.js";
import { signInAs } from "./shared/demo-sign-in.js";
import { fetchEmbedTicket } from "./shared/embed-ticket.js";

const median = (values) => { const s = [...values].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const until = (store, done) => new Promise((resolve) => {
  const check = () => { const s = store.getSnapshot(); if (done(s)) { unsubscribe(); resolve(s); } };
  const unsubscribe = store.subscribe(check);
  check();
});
const settled = (s) => !s.loading && !s.fetching;
// Rejects when `promise` has not settled within `ms`: every wait below is bounded.
const within = (promise, ms, what) => {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};
const progress = (step) => { window.benchProgress = step; };

// Gateway checks with one key until `rows` of them were audited (allowed or blocked; the key is
// limited to 10 per 10 s, so most are rate-limited, which the gateway audits too). Bounded: at
// most `rows` + 100 checks, `concurrency` at a time, within `deadlineMs`, same origin only.
async function gatewayTraffic(secret, rows, { concurrency = 6, deadlineMs = 60000 } = {}) {
  const maxChecks = rows + 100;
  const deadline = performance.now() + deadlineMs;
  const counts = { sent: 0, allowed: 0, blocked: 0, other: 0 };
  const body = JSON.stringify({ principal: { type: "api_key", value: secret }, resource: "/v1/users", method: "GET" });
  const worker = async () => {
    while (counts.allowed + counts.blocked < rows && counts.sent < maxChecks && performance.now() < deadline) {
      counts.sent++;
      const headers = { "Content-Type": "application/json" };
      const request = fetch("/v1/authz/check", { method: "POST", headers, body });
      const response = await within(request, 10000, "gateway check");
      // A verdict is HTTP 200 with `allowed`; a refused key is a 401.
      const verdict = response.status === 200 ? await response.json() : (await response.arrayBuffer(), null);
      if (verdict?.allowed === true) counts.allowed++;
      else if (verdict?.allowed === false) counts.blocked++;
      else counts.other++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const audited = counts.allowed + counts.blocked;
  if (audited < rows) {
    throw new Error(`gateway traffic: ${audited} audited checks of ${rows} (${JSON.stringify(counts)})`);
  }
  return counts;
}

// Same naming as the client's staging session storage: `__dev_session__` + `_<host_port>`.
function devSessionToken() {
  const suffix = `_${location.host.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 64)}`;
  const token = localStorage.getItem(`__dev_session__${suffix}`);
  if (!token) throw new Error(`no __dev_session__${suffix} in localStorage`);
  return token;
}

async function run() {
  const results = {};
  progress("init");
  let t = performance.now();
  await init();
  results.init_ms = performance.now() - t;

  // Compile + instantiate only: the .wasm bytes are fetched once, then each run imports a fresh
  // copy of the glue (a new module instance, so its init really runs again) and times init.
  progress("init x10");
  const wasmBytes = await (await fetch("/pkg/wacht_api_auth_bg.wasm")).arrayBuffer();
  const inits = [];
  for (let i = 0; i < 10; i++) {
    const glue = await import(`/pkg/wacht_api_auth.js?run=${i}`);
    t = performance.now();
    await glue.default({ module_or_path: wasmBytes });
    inits.push(performance.now() - t);
  }
  results.init_ms_median = median(inits);
  results.init_ms_min = Math.min(...inits);
  results.init_ms_max = Math.max(...inits);

  await signInAs("owner");
  const { publishableKey } = await (await fetch("/api/config")).json();

  // Ticket to a full screen: session + key list + logs + analytics, each run a fresh client.
  progress("full screen");
  const screen = [];
  for (let i = 0; i < 10; i++) {
    const client = new WachtClient({ publishableKey });
    await client.mode();
    const pending = fetchEmbedTicket("42");
    t = performance.now();
    const session = client.apiAuthAppSession(pending);
    const stores = [
      client.apiAuthKeys({ status: "active" }),
      client.apiAuthAuditLogs({ limit: 25 }),
      client.apiAuthAuditAnalytics({ include_top_keys: true }),
    ];
    // Subscribed together, as a screen does: the stores start at once, the reads held by the ticket.
    await Promise.all([until(session, (s) => s.status === "ready"), ...stores.map((store) => until(store, settled))]);
    screen.push(performance.now() - t);
    [session, ...stores].forEach((store) => store.dispose());
    client.free();
  }
  results.ticket_request_to_full_screen_ms_median = median(screen);

  const client = new WachtClient({ publishableKey });
  await client.exchangeTicket(await fetchEmbedTicket("42"));
  const keys = client.apiAuthKeys({ status: "all" });
  await until(keys, settled);

  // getSnapshot on an unchanged store: the cached object is returned.
  progress("getSnapshot");
  const n = 200000;
  t = performance.now();
  for (let i = 0; i < n; i++) keys.getSnapshot();
  results.get_snapshot_ns = ((performance.now() - t) / n) * 1e6;

  // Create keys until the list holds 200, timing each create (request + list refetch).
  progress("create keys");
  const creates = [];
  while (keys.getSnapshot().keys.length < 200) {
    t = performance.now();
    await keys.createKey({ name: `bench ${keys.getSnapshot().keys.length}` });
    creates.push(performance.now() - t);
  }
  results.create_key_ms_median = creates.length ? median(creates) : null;
  const refetches = [];
  for (let i = 0; i < 10; i++) {
    t = performance.now();
    await keys.refetch();
    refetches.push(performance.now() - t);
  }
  results.list_200_keys_refetch_ms_median = median(refetches);

  // 1000 audit rows: a store's first settled snapshot vs fetch + JSON.parse of the same URL.
  progress("gateway traffic");
  const ROWS = 1000;
  const { data: { secret } } = await within(keys.createKey({ name: "bench gateway" }), 30000, "createKey");
  const traffic = await gatewayTraffic(secret, ROWS);
  results.gateway_checks_sent = traffic.sent;
  results.gateway_checks_allowed = traffic.allowed;
  results.gateway_checks_blocked = traffic.blocked;
  keys.dispose();
  client.free();

  // Each store read uses a fresh client (bootstrapped before the clock starts) so no query cache
  // answers it; the browser session, and so the API-auth app session, is the one above.
  const storeRead = async () => {
    const reader = new WachtClient({ publishableKey });
    await within(reader.mode(), 30000, "client bootstrap");
    const start = performance.now();
    const logs = reader.apiAuthAuditLogs({ limit: ROWS });
    const s = await within(until(logs, settled), 30000, "audit logs store");
    const ms = performance.now() - start;
    logs.dispose();
    reader.free();
    if (s.error) throw new Error(`audit logs store: ${s.error.code}: ${s.error.message}`);
    if (s.logs.length !== ROWS) throw new Error(`audit logs store settled with ${s.logs.length} logs, not ${ROWS}`);
    return ms;
  };
  progress("decode warm-up");
  await fetch("/__dev/requests", { method: "DELETE" });
  await storeRead();
  // The URL the client used (the log redacts the session token; the client's storage has it).
  const { requests } = await (await fetch("/__dev/requests")).json();
  const logsRequests = requests.filter((r) =>
    r.method === "GET" && r.path.startsWith("/api-auth/audit/logs") && r.status === 200);
  if (logsRequests.length !== 1) {
    throw new Error(`expected one audit logs request from the store, saw ${JSON.stringify(logsRequests)}`);
  }
  const logsUrl = logsRequests[0].path
    .replace(/([?&]__dev_session__=)\[redacted\]/, (_, key) => key + encodeURIComponent(devSessionToken()));
  let jsonBytes = 0;
  const fetchRead = async () => {
    const start = performance.now();
    const response = await within(fetch(logsUrl), 30000, "audit logs fetch");
    const text = await response.text();
    const parsed = JSON.parse(text);
    const ms = performance.now() - start;
    const rows = parsed?.data?.data ?? parsed?.data?.logs;
    if (!response.ok || !Array.isArray(rows) || rows.length !== ROWS) {
      const count = Array.isArray(rows) ? rows.length : "no";
      throw new Error(`audit logs fetch: status ${response.status}, ${count} rows`);
    }
    jsonBytes = text.length;
    return ms;
  };
  await fetchRead();
  progress("decode pairs");
  const storeTimes = [], fetchTimes = [];
  // 15 pairs, not the 5 first asked for: one read takes about 25 ms, and on a busy machine the
  // median of 5 moved by ±0.1 from run to run.
  for (let i = 0; i < 15; i++) {
    if (i % 2 === 0) { storeTimes.push(await storeRead()); fetchTimes.push(await fetchRead()); }
    else { fetchTimes.push(await fetchRead()); storeTimes.push(await storeRead()); }
  }
  results.audit_1000_rows_json_chars = jsonBytes;
  results.decode_store_1000_rows_ms_median = median(storeTimes);
  results.decode_fetch_json_parse_1000_rows_ms_median = median(fetchTimes);
  results.decode_ratio_store_vs_fetch_json_parse = median(storeTimes) / median(fetchTimes);
  results.note = "times include the HTTP round trip to the local dev server";
  progress("done");
  return results;
}

run().then((results) => {
  window.benchResults = results;
  document.getElementById("out").textContent = JSON.stringify(results, null, 2);
}, (error) => {
  window.benchResults = { error: `${window.benchProgress ?? "?"}: ${String(error?.message ?? error)}` };
  document.getElementById("out").textContent = String(error);
});
