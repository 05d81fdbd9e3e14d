// The reference integration: the app's backend issues a short-lived ticket, the wasm client
// exchanges it in the browser and exposes the API-auth app session as an observable store.
import init, { WachtClient } from "/pkg/wacht_api_auth.js";

const $ = (id) => document.getElementById(id);

/** Asks this app's own backend for a ticket. Tickets are never minted in the browser. */
async function fetchTicket(deploymentId) {
  const response = await fetch("/api/settings/api-keys/embed-ticket", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ deploymentId }),
  });
  if (!response.ok) throw Object.assign(new Error(`ticket endpoint answered ${response.status}`), { status: response.status });
  return (await response.json()).ticket;
}

/** "100 requests per 10 seconds, per key" */
function describeRule(rule) {
  const unit = rule.duration === 1 ? rule.unit : `${rule.unit}s`;
  const window = rule.duration === 1 ? `per ${unit}` : `per ${rule.duration} ${unit}`;
  const scope = { per_app: "for the whole app", per_key: "per key", per_key_and_ip: "per key and IP", per_app_and_ip: "per app and IP" }[rule.mode] ?? "";
  return `${rule.max_requests} requests ${window}${scope ? ", " + scope : ""}`;
}

function show(sectionId) {
  for (const id of ["loading", "denied", "failed", "app"]) $(id).hidden = id !== sectionId;
}

/** Renders one snapshot. Everything from the server goes in as text, never as HTML. */
function render(snapshot) {
  document.body.dataset.status = snapshot.status;
  if (snapshot.sessionLoading) return show("loading");
  // 401/403 from our backend or "no session" from Wacht: the policy gate, not a crash.
  if (snapshot.sessionError?.code === "no_session") return show("denied");
  if (snapshot.sessionError) {
    $("failed-message").textContent = `${snapshot.sessionError.message} (${snapshot.sessionError.code})`;
    return show("failed");
  }
  if (!snapshot.hasSession || !snapshot.apiAuthApp) return show("denied");
  const app = snapshot.apiAuthApp;
  $("app-name").textContent = app.name;
  $("key-prefix").textContent = app.key_prefix;
  $("session-id").textContent = snapshot.sessionId;
  $("rate-limits").replaceChildren(...app.rate_limits.map((rule) => {
    const item = document.createElement("li");
    item.textContent = describeRule(rule);
    return item;
  }));
  show("app");
}

async function main() {
  await init();
  const config = await (await fetch("/api/config")).json();
  const client = new WachtClient({ publishableKey: config.publishableKey });
  window.wachtClient = client; // handy in the console

  let session = null;
  const open = () => {
    session?.dispose();
    // Hand the client the *promise* of a ticket: the store mounts at once, and reads wait for
    // the exchange instead of failing with 401 while the backend answers.
    session = client.apiAuthAppSession(fetchTicket(config.deploymentId));
    session.subscribe(() => render(session.getSnapshot()));
    render(session.getSnapshot());
  };
  $("retry").addEventListener("click", open);
  open();
}

main().catch((error) => {
  $("failed-message").textContent = String(error?.message ?? error);
  show("failed");
});
