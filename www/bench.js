// Benchmarks of the wasm client in a real browser against the dev server. Run by
// `make bench` (scripts/bench.sh), which prints the figures; not part of `make test`.
import init, { WachtClient } from "/pkg/wacht_api_auth.js";

const median = (values) => { const s = [...values].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const until = (store, done) => new Promise((resolve) => {
  const check = () => { const s = store.getSnapshot(); if (done(s)) { unsubscribe(); resolve(s); } };
  const unsubscribe = store.subscribe(check);
  check();
});
const settled = (s) => !s.loading && !s.fetching;

async function ticket() {
  const response = await fetch("/api/settings/api-keys/embed-ticket", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ deploymentId: "42" }) });
  return (await response.json()).ticket;
}

async function run() {
  const results = {};
  let t = performance.now();
  await init();
  results.init_ms = performance.now() - t;
  await fetch("/api/demo/sign-in", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ identity: "owner" }) });
  const { publishableKey } = await (await fetch("/api/config")).json();

  // Ticket to a full screen: session + key list + logs + analytics, each run a fresh client.
  const screen = [];
  for (let i = 0; i < 10; i++) {
    const client = new WachtClient({ publishableKey });
    await client.mode();
    const pending = ticket();
    t = performance.now();
    const session = client.apiAuthAppSession(pending);
    const stores = [client.apiAuthKeys({ status: "active" }), client.apiAuthAuditLogs({ limit: 25 }), client.apiAuthAuditAnalytics({ include_top_keys: true })];
    await until(session, (s) => s.status === "ready");
    await Promise.all(stores.map((store) => until(store, settled)));
    screen.push(performance.now() - t);
    [session, ...stores].forEach((store) => store.dispose());
    client.free();
  }
  results.ticket_request_to_full_screen_ms_median = median(screen);

  const client = new WachtClient({ publishableKey });
  client.apiAuthAppSession(await ticket());
  const keys = client.apiAuthKeys({ status: "all" });
  await until(keys, settled);

  // getSnapshot on an unchanged store: the cached object is returned.
  const n = 200000;
  t = performance.now();
  for (let i = 0; i < n; i++) keys.getSnapshot();
  results.get_snapshot_ns = ((performance.now() - t) / n) * 1e6;

  // Create keys until the list holds 200, timing each create (request + list refetch).
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
  results.note = "times include the HTTP round trip to the local dev server";
  return results;
}

run().then((results) => {
  window.benchResults = results;
  document.getElementById("out").textContent = JSON.stringify(results, null, 2);
}, (error) => {
  window.benchResults = { error: String(error?.message ?? error) };
  document.getElementById("out").textContent = String(error);
});
