// The API keys settings screen, built only on the wasm client's stores and calls. Used by the
// app page (index.html, ticket from the app's backend) and the hosted page (vanity.html, ticket
// from the URL). The gate shows loading, "Access required" or an error until the session is
// ready; then each panel mounts into its own element. Every value from users or the server is
// rendered as text.
import { fill, h, watch } from "../shared/dom.js";
import * as appCard from "./app-card.js";
import * as audit from "./audit/panel.js";
import * as keys from "./keys/panel.js";
import * as testTraffic from "./test-traffic.js";

/** The panels, top to bottom; each is `mount(root, client) → dispose`. */
const PANELS = [appCard, keys, testTraffic, audit];

function skeleton() {
  return h("div", { class: "skeleton", "aria-busy": "true" },
    h("div", { class: "skeleton-line wide" }),
    h("div", { class: "skeleton-line" }),
    h("div", { class: "skeleton-line" }),
    h("p", { class: "muted" }, "Loading API key access…"));
}

/**
 * Mounts the screen into `root`.
 * @param {HTMLElement} root
 * @param {{ client: import("/pkg/wacht_api_auth.js").WachtClient,
 *           ticket: string | Promise<string | null> | null,
 *           onRetry?: () => void }} options
 * @returns {{ dispose(): void }}
 */
export function mountApiKeysScreen(root, { client, ticket, onRetry }) {
  const gate = h("section", { class: "gate", "aria-live": "polite" });
  const dashboard = h("div", { class: "dashboard", hidden: true });
  fill(root, gate, dashboard);
  let unmountPanels = null;

  const showGate = (status, ...content) => {
    document.body.dataset.status = status;
    gate.hidden = false;
    dashboard.hidden = true;
    fill(gate, ...content);
  };

  function render(snapshot) {
    const error = snapshot.sessionError;
    if (snapshot.sessionLoading) return showGate(snapshot.status, skeleton());
    // 401/403 from the app's backend and "no session" from Wacht go to the policy message.
    if (!snapshot.hasSession || error?.code === "no_session") {
      return showGate("access_required",
        h("h2", {}, "Access required"),
        h("p", {}, "You do not have access to this resource."),
        error?.message ? h("p", { class: "muted" }, error.message) : null);
    }
    if (error) {
      const expired = error.code === "invalid_ticket";
      return showGate(snapshot.status,
        h("h2", {}, expired ? "This access link has expired" : "Could not open the API keys screen"),
        h("p", { role: "alert" }, `${error.message}${error.status ? ` (HTTP ${error.status})` : ""}`),
        onRetry ? h("button", { type: "button", onclick: onRetry }, "Retry") : null);
    }
    document.body.dataset.status = snapshot.status;
    if (snapshot.status !== "ready") return;
    gate.hidden = true;
    dashboard.hidden = false;
    if (unmountPanels) return;
    const unmounts = PANELS.map((panel) => {
      const panelRoot = h("div");
      dashboard.append(panelRoot);
      return panel.mount(panelRoot, client);
    });
    unmountPanels = () => unmounts.forEach((unmount) => unmount());
  }
  const stopSession = watch(client.apiAuthAppSession(ticket), render);

  return {
    dispose() {
      stopSession();
      unmountPanels?.();
      root.replaceChildren();
    },
  };
}
