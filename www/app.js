// The app page: the "custom hook flow" of Wacht's guide on the wasm client.
//   1. The signed-in user opens Settings → API keys for a deployment.
//   2. This app's backend checks the user (401/403/400) and issues a short-lived ticket.
//   3. The client exchanges it and the screen renders from the client's stores.
import init, { WachtClient } from "/pkg/wacht_api_auth.js";
import { mountApiKeysScreen } from "./screen/screen.js";
import { signInAs } from "./shared/demo-sign-in.js";
import { fill, h, labelled } from "./shared/dom.js";
import { fetchEmbedTicket } from "./shared/embed-ticket.js";

const params = new URLSearchParams(location.search);

async function getJson(path, options) {
  const response = await fetch(path, options);
  return response.json();
}

/** "Olivia Owner — owner, Acme Inc." (+ " (suspended)" for a tenant that is not active). */
function identityLabel(identity) {
  const tenant = identity.tenant_status !== "active" ? ` (${identity.tenant_status})` : "";
  return `${identity.name} — ${identity.role}, ${identity.tenant_name}${tenant}`;
}

/** The demo's sign-in: pick who you are, so every policy branch can be seen. */
function identityBar(current, identities) {
  const select = h("select", { id: "identity" },
    h("option", { value: "" }, "Signed out"),
    ...identities.map((i) => h("option", { value: i.id, selected: i.id === current?.id }, identityLabel(i))));
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
  if (params.get("as")) await signInAs(params.get("as"));
  const [config, demo] = await Promise.all([getJson("/api/config"), getJson("/api/demo/identities")]);
  const current = demo.identities.find((i) => i.id === demo.current) ?? null;
  identityBar(current, demo.identities);

  const deploymentId = params.get("deployment") ?? config.deploymentId;
  document.getElementById("deployment").textContent = deploymentId;
  const client = new WachtClient({
    publishableKey: config.publishableKey,
    // When the API-auth session expires, the client asks for one fresh ticket and retries.
    ticketProvider: () => fetchEmbedTicket(deploymentId),
  });
  window.wachtClient = client; // handy in the console

  const root = document.getElementById("screen");
  let screen = null;
  const open = () => {
    screen?.dispose();
    // Hand over the *promise* of a ticket: reads wait for the exchange instead of failing.
    screen = mountApiKeysScreen(root, { client, ticket: fetchEmbedTicket(deploymentId), onRetry: open });
  };
  open();
}

main().catch((error) => {
  document.body.dataset.status = "error";
  if (error?.code) document.body.dataset.errorCode = error.code; // a WachtError's, e.g. "csp"
  const alert = h("p", { role: "alert" }, `The demo failed to start: ${error?.message ?? error}`);
  fill(document.getElementById("screen"), alert);
});
