// The hosted ("vanity") page: /vanity/api-auth?ticket=… . The ticket is read from the address,
// exchanged once, and removed from the address bar as soon as the exchange settled. It is
// never stored.
import init, { WachtClient } from "/pkg/wacht_api_auth.js";
import { mountApiKeysScreen } from "./screen.js";
import { fill, h } from "./dom.js";

async function main() {
  await init();
  const url = new URL(location.href);
  const ticket = url.searchParams.get("ticket");
  // Hosted pages talk to the frontend API they are served from.
  const client = new WachtClient({ frontendApiUrl: location.origin, mode: "staging" });
  let stripped = false;
  const stripTicket = () => {
    if (stripped || !url.searchParams.has("ticket")) return;
    stripped = true;
    url.searchParams.delete("ticket");
    history.replaceState(null, "", url.pathname + (url.search ? url.search : "") + url.hash);
  };
  mountApiKeysScreen(document.getElementById("screen"), {
    client,
    ticket,
    onSessionSnapshot: (snapshot) => { if (!snapshot.ticketLoading) stripTicket(); },
  });
}

main().catch((error) => {
  fill(document.getElementById("screen"), h("p", { role: "alert" }, `The page failed to start: ${error?.message ?? error}`));
});
