// Panel: the API-auth app of the session: name, key prefix, rate limits in words.
import { fill, h, watch } from "../shared/dom.js";

const UNIT_WORDS = {
  millisecond: "millisecond", second: "second", minute: "minute", hour: "hour", day: "day",
  calendar_day: "calendar day", month: "month", calendar_month: "calendar month",
};
const MODE_WORDS = {
  per_app: "across the whole app", per_key: "per key", per_key_and_ip: "per key and client IP",
  per_app_and_ip: "per client IP across the app", per_ip: "per client IP",
};
const DEFAULT_LIMIT = "No rate limits configured (the gateway allows 1000 requests per minute across the app).";

/** "10 requests per 10 seconds, per key" */
export function describeRateLimit(rule) {
  const unit = UNIT_WORDS[rule.unit] ?? rule.unit;
  const window = rule.duration === 1 ? `per ${unit}` : `per ${rule.duration} ${unit}s`;
  const scope = MODE_WORDS[rule.mode ?? "per_app"];
  return `${rule.max_requests} requests ${window}${scope ? ", " + scope : ""}`;
}

/**
 * Mounts the app card into `root`. It reads the session the screen established (its own
 * session store, with no ticket). Returns the function that unmounts it.
 * @param {HTMLElement} root
 * @param {import("/pkg/wacht_api_auth.js").WachtClient} client
 * @returns {() => void}
 */
export function mount(root, client) {
  const name = h("h2", { id: "app-name" });
  const meta = h("p", { class: "muted" });
  const rules = h("ul", { id: "rate-limits", class: "rules" });
  fill(root, h("section", { class: "card app-header", "aria-labelledby": "app-name" },
    name, meta, h("h3", {}, "Rate limits"), rules));

  const render = ({ apiAuthApp: app }) => {
    if (!app) return;
    name.textContent = app.name;
    const description = app.description ? ` · ${app.description}` : "";
    meta.textContent = `Keys start with ${app.key_prefix}_ · app ${app.app_slug}${description}`;
    if (app.rate_limits.length) fill(rules, app.rate_limits.map((rule) => h("li", {}, describeRateLimit(rule))));
    else fill(rules, h("li", {}, DEFAULT_LIMIT));
  };
  const stop = watch(client.apiAuthAppSession(), render);
  return () => {
    stop();
    root.replaceChildren();
  };
}
