// The "vanity pages" flow: this app's backend issues the ticket, the page embeds Wacht's hosted
// screen in an iframe with it. `vanityUrl` builds the address with the ticket encoded.
import init, { vanityUrl } from "/pkg/wacht_api_auth.js";
import { fill, h } from "./shared/dom.js";
import { signInAs } from "./shared/demo-sign-in.js";
import { fetchEmbedTicket } from "./shared/embed-ticket.js";

async function main() {
  await init();
  const params = new URLSearchParams(location.search);
  if (params.get("as")) await signInAs(params.get("as"));
  const config = await (await fetch("/api/config")).json();
  const deploymentId = params.get("deployment") ?? config.deploymentId;
  const root = document.getElementById("embed");
  let ticket;
  try {
    ticket = await fetchEmbedTicket(deploymentId);
  } catch (error) {
    if (!error.status) throw error;
    document.body.dataset.status = "access_required";
    return fill(root, h("h2", {}, "Access required"),
      h("p", {}, `You do not have access to this resource (HTTP ${error.status}).`));
  }
  // The frontend API of this deployment is this origin in the demo (the publishable key says so).
  const frame = h("iframe", { src: vanityUrl(location.origin, ticket), title: "API Key Manager", class: "embed" });
  fill(root, frame);
  document.body.dataset.status = "embedded";
}

main().catch((error) => {
  const alert = h("p", { role: "alert" }, `The page failed to start: ${error?.message ?? error}`);
  fill(document.getElementById("embed"), alert);
});
