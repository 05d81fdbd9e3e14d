// Panel: sends checks to the API gateway (POST /v1/authz/check) with a key secret the person
// pastes, the way their API would, so allowed and rate-limited requests show up in the audit.
import { fill, h, labelled, select } from "../shared/dom.js";
import { announceGatewayTraffic } from "./events.js";

const COUNTS = [["1", "1 request"], ["5", "5 requests"], ["15", "15 requests (over the limit)"]];

/** One gateway check; `{ status, body, text }` (`body` is `{}` when the answer is not JSON). */
async function check(client, { secret, path, method }) {
  const response = await fetch(new URL("/v1/authz/check", client.frontendApiUrl), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      principal: { type: "api_key", value: secret }, resource: path, method, user_agent: "demo-traffic/1.0",
    }),
  });
  const text = await response.text();
  let body = {};
  try { body = JSON.parse(text) ?? {}; } catch { /* plain text, e.g. "Invalid API key" */ }
  return { status: response.status, body, text };
}

/** Why the gateway refused a check (no verdict): its message, else what an empty 401 means. */
function refusal({ status, body, text }) {
  const message = body.errors?.[0]?.message ?? (text && !text.startsWith("{") ? text.slice(0, 80) : null);
  if (message) return `${message} (HTTP ${status})`;
  return status === 401 ? "Key empty, malformed or expired (HTTP 401)" : `error (HTTP ${status})`;
}

/**
 * "10 allowed, 5 blocked by 10/10s" (+ ", 1 rejected: Invalid API key (HTTP 401)"). The gateway
 * answers a verdict (allowed or blocked) with HTTP 200; anything else is a refusal.
 */
function summary(results) {
  const verdicts = results.filter((r) => r.status === 200 && typeof r.body.allowed === "boolean");
  const allowed = verdicts.filter((r) => r.body.allowed).length;
  const blocked = verdicts.filter((r) => !r.body.allowed);
  const rejected = results.filter((r) => !verdicts.includes(r));
  const rules = new Set(blocked.map((r) => r.body.blocked_rule).filter(Boolean));
  const errors = new Set(rejected.map(refusal));
  const parts = [`${allowed} allowed`, `${blocked.length} blocked${rules.size ? ` by ${[...rules].join(", ")}` : ""}`];
  if (rejected.length) parts.push(`${rejected.length} rejected: ${[...errors].join(", ")}`);
  return parts.join(", ");
}

/**
 * Mounts the test-traffic panel into `root`; returns the function that unmounts it.
 * @param {HTMLElement} root
 * @param {import("/pkg/wacht_api_auth.js").WachtClient} client
 * @returns {() => void}
 */
export function mount(root, client) {
  const secret = h("input", {
    id: "traffic-key", type: "password", autocomplete: "off", spellcheck: "false", placeholder: "paste a key secret",
  });
  const path = h("input", { id: "traffic-path", value: "/v1/users" });
  const method = select({ id: "traffic-method" }, ["GET", "POST", "DELETE"].map((m) => [m, m]));
  const count = select({ id: "traffic-count" }, COUNTS);
  const result = h("p", { id: "traffic-result", role: "status" });
  const send = h("button", { type: "button", class: "primary" }, "Send test traffic");
  fill(root, h("section", { class: "card", "aria-labelledby": "traffic-title" },
    h("h3", { id: "traffic-title" }, "Send test traffic"),
    h("p", { class: "muted" }, "Calls the API gateway (POST /v1/authz/check) the way your API would, so allowed and "
      + "rate-limited requests show up in the audit below."),
    h("div", { class: "grid" },
      labelled("Key secret", secret), labelled("Method", method), labelled("Path", path), labelled("Requests", count)),
    h("div", { class: "buttons left" }, send), result));

  send.addEventListener("click", async () => {
    const value = secret.value.trim();
    if (!value) {
      result.textContent = "Paste a key secret first (create or rotate a key to get one).";
      return;
    }
    send.disabled = true;
    const request = { secret: value, path: path.value, method: method.value };
    const results = [];
    try {
      for (let i = 0; i < Number(count.value); i++) results.push(await check(client, request));
      result.textContent = summary(results);
    } catch (error) {
      result.textContent = `Could not reach the gateway: ${error.message}`;
    } finally {
      // The secret was for this one send: it does not stay in the page.
      secret.value = "";
      send.disabled = false;
      announceGatewayTraffic();
    }
  });
  // Nor does it outlive the page (the back/forward cache keeps form values).
  const wipe = () => { secret.value = ""; };
  addEventListener("pagehide", wipe);

  return () => {
    removeEventListener("pagehide", wipe);
    root.replaceChildren();
  };
}
