// The app page: the "custom hook flow" of Wacht's guide on the wasm client.
//   1. The signed-in user opens Settings → API keys for a deployment.
//   2. This app's backend checks the user (401/403/400) and issues a short-lived ticket.
//   3. The client exchanges it and the screen renders from the client's stores.
import init, { WachtClient } from "/pkg/wacht_api_auth.js";
import { mountApiKeysScreen } from "./screen.js";
import { fill, h, labelled } from "./dom.js";

const params = new URLSearchParams(location.search);

async function getJson(path, options) {
  const response = await fetch(path, options);
  return response.json();
}

/** Asks this app's backend for a ticket. Tickets are never minted in the browser. */
async function fetchTicket(deploymentId) {
  const response = await fetch("/api/settings/api-keys/embed-ticket", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ deploymentId }),
  });
  if (!response.ok) {
    const reason = { 401: "Sign in to manage API keys.", 403: "Your role or organization cannot manage API keys for this deployment." }[response.status];
    // A `status` of 401/403 tells the client this means "no access", not a crash.
    throw Object.assign(new Error(reason ?? `The ticket endpoint answered ${response.status}.`), { status: response.status });
  }
  return (await response.json()).ticket;
}

/** The demo's sign-in: pick who you are, so every policy branch can be seen. */
function identityBar(current, identities) {
  const select = h("select", { id: "identity" },
    h("option", { value: "" }, "Signed out"),
    ...identities.map((i) => h("option", { value: i.id, selected: i.id === current?.id }, `${i.name} — ${i.role}, ${i.tenant_name}${i.tenant_status !== "active" ? ` (${i.tenant_status})` : ""}`)));
  select.addEventListener("change", async () => {
    const url = new URL(location.href);
    url.searchParams.set("as", select.value || "signed-out");
    // The screen manages deployment 42; users of suspended/deleted tenants open their own.
    const picked = identities.find((i) => i.id === select.value);
    if (picked && picked.tenant_status !== "active") url.searchParams.set("deployment", picked.deployment_id);
    else url.searchParams.delete("deployment");
    location.assign(url);
  });
  fill(document.getElementById("identity-bar"), labelled("Signed in as", select));
}

async function main() {
  await init();
  // `?as=<identity>` links straight to a state of the demo.
  const as = params.get("as");
  if (as === "signed-out") await fetch("/api/demo/sign-out", { method: "POST" });
  else if (as) await fetch("/api/demo/sign-in", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ identity: as }) });
  const [config, demo] = await Promise.all([getJson("/api/config"), getJson("/api/demo/identities")]);
  const current = demo.identities.find((i) => i.id === demo.current) ?? null;
  identityBar(current, demo.identities);

  const deploymentId = params.get("deployment") ?? config.deploymentId;
  document.getElementById("deployment").textContent = deploymentId;
  const client = new WachtClient({
    publishableKey: config.publishableKey,
    // When the API-auth session expires, the client asks for one fresh ticket and retries.
    ticketProvider: () => fetchTicket(deploymentId),
  });
  window.wachtClient = client; // handy in the console

  const root = document.getElementById("screen");
  let screen = null;
  const open = () => {
    screen?.dispose();
    // Hand over the *promise* of a ticket: reads wait for the exchange instead of failing.
    screen = mountApiKeysScreen(root, { client, ticket: fetchTicket(deploymentId), onRetry: open });
  };
  open();
}

main().catch((error) => {
  document.body.dataset.status = "error";
  fill(document.getElementById("screen"), h("p", { role: "alert" }, `The demo failed to start: ${error?.message ?? error}`));
});
