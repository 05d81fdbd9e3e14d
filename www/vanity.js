// The hosted ("vanity") page: /vanity/api-auth?ticket=… . The ticket is read from the address
// and removed from it before anything else is loaded, then exchanged once. It is never stored.

// First, with nothing imported yet: the ticket leaves the address bar even when the package,
// the module or the screen then fails to load or start.
const url = new URL(location.href);
const ticket = url.searchParams.get("ticket");
if (url.searchParams.has("ticket")) {
  url.searchParams.delete("ticket");
  history.replaceState(null, "", url.pathname + url.search + url.hash);
}

async function main() {
  const [{ default: init, WachtClient }, { mountApiKeysScreen }] = await Promise.all([
    import("/pkg/wacht_api_auth.js"),
    import("./screen/screen.js"),
  ]);
  await init();
  // Hosted pages talk to the frontend API they are served from.
  const client = new WachtClient({ frontendApiUrl: location.origin, mode: "staging" });
  mountApiKeysScreen(document.getElementById("screen"), { client, ticket });
}

main().catch((error) => {
  const alert = document.createElement("p");
  alert.setAttribute("role", "alert");
  alert.textContent = `The page failed to start: ${error?.message ?? error}`;
  document.getElementById("screen").replaceChildren(alert);
});
