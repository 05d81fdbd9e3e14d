// The API keys settings screen, built only on the wasm client's stores and calls. Used by the
// app page (index.html, ticket from the app's backend) and the vanity page (vanity.html, ticket
// from the URL). Every value from users or the server is rendered as text.
import { auditOutcome, zeroFillTimeseries } from "/pkg/wacht_api_auth.js";
import { fill, formatDate, formatDateTime, h, labelled } from "./dom.js";
import { stackedBars } from "./chart.js";

const LOGS_PAGE_SIZE = 10;
const UNIT_WORDS = { millisecond: "millisecond", second: "second", minute: "minute", hour: "hour", day: "day", calendar_day: "calendar day", month: "month", calendar_month: "calendar month" };
const MODE_WORDS = { per_app: "across the whole app", per_key: "per key", per_key_and_ip: "per key and client IP", per_app_and_ip: "per client IP across the app", per_ip: "per client IP" };

/** "10 requests per 10 seconds, per key" */
export function describeRateLimit(rule) {
  const unit = UNIT_WORDS[rule.unit] ?? rule.unit;
  const window = rule.duration === 1 ? `per ${unit}` : `per ${rule.duration} ${unit}s`;
  const scope = MODE_WORDS[rule.mode ?? "per_app"];
  return `${rule.max_requests} requests ${window}${scope ? ", " + scope : ""}`;
}

/** yyyy-mm-dd of a local date. */
function isoDay(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The audit window as the hosted pages send it: local midnight to local end of day, in UTC. */
function auditRange(from, to) {
  return { start_date: new Date(`${from}T00:00:00.000`).toISOString(), end_date: new Date(`${to}T23:59:59.999`).toISOString() };
}

/**
 * Mounts the screen into `root`.
 * @param {HTMLElement} root
 * @param {{ client: import("/pkg/wacht_api_auth.js").WachtClient,
 *           ticket: string | Promise<string | null> | null,
 *           onRetry?: () => void,
 *           onSessionSnapshot?: (snapshot) => void }} options
 * @returns {{ dispose(): void }}
 */
export function mountApiKeysScreen(root, { client, ticket, onRetry, onSessionSnapshot }) {
  const disposers = [];
  const session = client.apiAuthAppSession(ticket);
  disposers.push(() => session.dispose());
  let dashboard = null;

  const gate = h("section", { class: "gate", "aria-live": "polite" });
  const main = h("div", { class: "dashboard", hidden: true });
  fill(root, gate, main);

  function renderGate(snapshot) {
    onSessionSnapshot?.(snapshot);
    document.body.dataset.status = snapshot.status;
    const error = snapshot.sessionError;
    if (snapshot.sessionLoading) {
      gate.hidden = false;
      main.hidden = true;
      return fill(gate, h("div", { class: "skeleton", "aria-busy": "true" }, h("div", { class: "skeleton-line wide" }), h("div", { class: "skeleton-line" }), h("div", { class: "skeleton-line" }), h("p", { class: "muted" }, "Loading API key access…")));
    }
    // 401/403 from the app's backend and "no session" from Wacht go to the policy message.
    if (!snapshot.hasSession || error?.code === "no_session") {
      document.body.dataset.status = "access_required";
      gate.hidden = false;
      main.hidden = true;
      return fill(gate, h("h2", {}, "Access required"), h("p", {}, "You do not have access to this resource."), error?.message ? h("p", { class: "muted" }, error.message) : null);
    }
    if (error) {
      gate.hidden = false;
      main.hidden = true;
      const expired = error.code === "invalid_ticket";
      return fill(
        gate,
        h("h2", {}, expired ? "This access link has expired" : "Could not open the API keys screen"),
        h("p", { role: "alert" }, `${error.message}${error.status ? ` (HTTP ${error.status})` : ""}`),
        onRetry ? h("button", { type: "button", onclick: onRetry }, "Retry") : null,
      );
    }
    if (snapshot.status !== "ready") return;
    gate.hidden = true;
    main.hidden = false;
    if (!dashboard) dashboard = buildDashboard(main, client, disposers);
    dashboard.renderApp(snapshot.apiAuthApp);
  }
  disposers.push(session.subscribe(() => renderGate(session.getSnapshot())));
  renderGate(session.getSnapshot());

  return { dispose: () => disposers.splice(0).forEach((dispose) => dispose()) };
}

function buildDashboard(main, client, disposers) {
  // ---- header: app, prefix, rate limits in words ----
  const appName = h("h2", { id: "app-name" });
  const appMeta = h("p", { class: "muted" });
  const rules = h("ul", { id: "rate-limits", class: "rules" });
  const header = h("header", { class: "card app-header" }, appName, appMeta, h("h3", {}, "Rate limits"), rules);

  // ---- notices ----
  const notice = h("p", { id: "notice", role: "status", class: "notice" });
  const say = (text, kind = "ok") => { notice.textContent = text; notice.dataset.kind = kind; };

  // ---- keys ----
  let busy = false;
  let keysStore = null;
  let lastKeys = { keys: [], loading: true, error: null };
  const statusSelect = h("select", { id: "key-status" }, h("option", { value: "active" }, "Active"), h("option", { value: "revoked" }, "Revoked"), h("option", { value: "all" }, "All"));
  const createButton = h("button", { type: "button", class: "primary", onclick: () => openCreate() }, "Create key");
  const keysBody = h("tbody");
  const keysTable = h("table", { class: "keys", "aria-label": "API keys" },
    h("thead", {}, h("tr", {}, ...["Name", "Key", "Created", "Expires", "Status", "Actions"].map((c) => h("th", { scope: "col" }, c)))), keysBody);
  const keysCard = h("section", { class: "card", "aria-labelledby": "keys-title" },
    h("div", { class: "toolbar" }, h("h3", { id: "keys-title" }, "API keys"), labelled("Status", statusSelect), createButton), keysTable);

  function setBusy(value) {
    busy = value;
    createButton.disabled = value;
    renderKeys(lastKeys);
  }

  function mountKeys() {
    keysStore?.dispose();
    keysStore = client.apiAuthKeys({ status: statusSelect.value });
    const store = keysStore;
    store.subscribe(() => renderKeys(store.getSnapshot()));
    renderKeys(store.getSnapshot());
  }
  statusSelect.addEventListener("change", mountKeys);
  disposers.push(() => keysStore?.dispose());

  function keyStatus(key) {
    if (!key.is_active) return ["Revoked", "revoked"];
    if (key.expires_at && new Date(key.expires_at) < new Date()) return ["Expired", "expired"];
    return ["Active", "active"];
  }

  function renderKeys(snapshot) {
    lastKeys = snapshot;
    if (snapshot.loading) return fill(keysBody, h("tr", {}, h("td", { colspan: 6, class: "muted" }, "Loading keys…")));
    if (snapshot.error) return fill(keysBody, h("tr", {}, h("td", { colspan: 6, role: "alert" }, `Could not load keys: ${snapshot.error.message}`)));
    if (snapshot.keys.length === 0) return fill(keysBody, h("tr", {}, h("td", { colspan: 6, class: "muted" }, "No keys here yet.")));
    fill(keysBody, snapshot.keys.map((key) => {
      const [label, kind] = keyStatus(key);
      const inactive = !key.is_active;
      return h("tr", { dataset: { keyId: key.id } },
        h("td", { class: "key-name" }, key.name),
        h("td", {}, h("code", {}, `${key.key_prefix}…${key.key_suffix}`)),
        h("td", {}, formatDate(key.created_at)),
        h("td", {}, key.expires_at ? formatDate(key.expires_at) : "Never"),
        h("td", {}, h("span", { class: `badge ${kind}` }, label), key.revoked_reason ? h("span", { class: "muted reason" }, ` ${key.revoked_reason}`) : null),
        h("td", { class: "actions" },
          h("button", { type: "button", "aria-label": `Rotate ${key.name}`, disabled: inactive || busy, onclick: () => confirmRotate(key) }, "Rotate"),
          h("button", { type: "button", class: "danger", "aria-label": `Revoke ${key.name}`, disabled: inactive || busy, onclick: () => confirmRevoke(key) }, "Revoke")));
    }));
  }

  // ---- dialogs ----
  const dialogs = h("div");
  function dialog(titleText, ...content) {
    const title = h("h3", { id: `dialog-${Math.random().toString(36).slice(2)}` }, titleText);
    const element = h("dialog", { "aria-labelledby": title.id }, title, ...content);
    dialogs.append(element);
    return element;
  }

  const nameInput = h("input", { id: "key-name", required: true, maxlength: 120, autocomplete: "off" });
  const expiresInput = h("input", { id: "key-expires", type: "datetime-local" });
  const createError = h("p", { role: "alert", class: "error" });
  const createSubmit = h("button", { type: "submit", class: "primary" }, "Create");
  const createDialog = dialog("Create API key",
    h("form", { method: "dialog", onsubmit: (event) => { event.preventDefault(); submitCreate(); } },
      labelled("Name", nameInput), labelled("Expires (optional)", expiresInput), createError,
      h("div", { class: "buttons" }, h("button", { type: "button", onclick: () => createDialog.close() }, "Cancel"), createSubmit)));

  function openCreate() {
    nameInput.value = "";
    expiresInput.value = "";
    createError.textContent = "";
    createDialog.showModal();
  }

  async function submitCreate() {
    const name = nameInput.value.trim();
    if (!name) { createError.textContent = "Give the key a name."; return; }
    createSubmit.disabled = true;
    setBusy(true);
    try {
      const expires = expiresInput.value ? new Date(expiresInput.value).toISOString() : undefined;
      const { data } = await keysStore.createKey({ name, expires_at: expires });
      createDialog.close();
      showSecret(data, "created");
    } catch (error) {
      createError.textContent = `Could not create the key: ${error.message}`;
    } finally {
      createSubmit.disabled = false;
      setBusy(false);
    }
  }

  // The one-time secret: shown once, copy button, explicit acknowledgment, wiped on close.
  const secretValue = h("code", { id: "secret-value", class: "secret" });
  const acknowledge = h("input", { type: "checkbox", id: "secret-ack" });
  const doneButton = h("button", { type: "button", class: "primary", disabled: true, onclick: () => closeSecret() }, "Done");
  const copyStatus = h("span", { role: "status", class: "muted" });
  const secretDialog = dialog("Your new API key",
    h("p", {}, "Copy your secret now — it won't be shown again."),
    secretValue,
    h("div", { class: "buttons left" },
      h("button", { type: "button", onclick: () => copySecret() }, "Copy secret"),
      h("button", { type: "button", onclick: () => { trafficKey.value = secretValue.textContent; copyStatus.textContent = "Filled into Send test traffic."; } }, "Use for test traffic"),
      copyStatus),
    h("label", { class: "check" }, acknowledge, " I have stored this secret somewhere safe"),
    h("div", { class: "buttons" }, doneButton));
  acknowledge.addEventListener("change", () => { doneButton.disabled = !acknowledge.checked; });
  // Escape must not dismiss the secret before it was acknowledged.
  secretDialog.addEventListener("cancel", (event) => { if (!acknowledge.checked) event.preventDefault(); });
  secretDialog.addEventListener("close", () => { secretValue.textContent = ""; });

  function showSecret(key, verb) {
    secretValue.textContent = key.secret;
    acknowledge.checked = false;
    doneButton.disabled = true;
    copyStatus.textContent = "";
    say(`Key “${key.name}” ${verb}. Its secret was shown once.`);
    secretDialog.showModal();
  }

  async function copySecret() {
    try {
      await navigator.clipboard.writeText(secretValue.textContent);
      copyStatus.textContent = "Copied.";
    } catch {
      const range = document.createRange();
      range.selectNodeContents(secretValue);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      copyStatus.textContent = "Select and copy the secret manually.";
    }
  }

  function closeSecret() {
    secretValue.textContent = "";
    secretDialog.close();
  }

  const rotateText = h("p");
  const rotateButton = h("button", { type: "button", class: "primary" }, "Rotate key");
  const rotateDialog = dialog("Rotate key", rotateText, h("p", {}, "The old key stops working now. Apps using it must switch to the new secret."),
    h("div", { class: "buttons" }, h("button", { type: "button", onclick: () => rotateDialog.close() }, "Cancel"), rotateButton));
  let rotateTarget = null;
  rotateButton.addEventListener("click", async () => {
    rotateDialog.close();
    setBusy(true);
    try {
      const { data } = await keysStore.rotateKey({ key_id: rotateTarget.id });
      showSecret(data, "rotated");
    } catch (error) {
      say(`Could not rotate “${rotateTarget.name}”: ${error.message}`, "error");
    } finally {
      setBusy(false);
    }
  });
  function confirmRotate(key) {
    rotateTarget = key;
    rotateText.textContent = `Rotate “${key.name}” (${key.key_prefix}…${key.key_suffix})?`;
    rotateDialog.showModal();
  }

  const revokeText = h("p");
  const reasonInput = h("input", { id: "revoke-reason", maxlength: 200, autocomplete: "off" });
  const revokeButton = h("button", { type: "button", class: "danger" }, "Revoke key");
  const revokeDialog = dialog("Revoke key", revokeText, h("p", {}, "This action cannot be undone."), labelled("Reason (optional)", reasonInput),
    h("div", { class: "buttons" }, h("button", { type: "button", onclick: () => revokeDialog.close() }, "Cancel"), revokeButton));
  let revokeTarget = null;
  revokeButton.addEventListener("click", async () => {
    revokeDialog.close();
    setBusy(true);
    try {
      await keysStore.revokeKey({ key_id: revokeTarget.id, reason: reasonInput.value.trim() || undefined });
      say(`Key “${revokeTarget.name}” revoked.`);
    } catch (error) {
      say(`Could not revoke “${revokeTarget.name}”: ${error.message}`, "error");
    } finally {
      setBusy(false);
    }
  });
  function confirmRevoke(key) {
    revokeTarget = key;
    reasonInput.value = "";
    revokeText.textContent = `Revoke “${key.name}” (${key.key_prefix}…${key.key_suffix})?`;
    revokeDialog.showModal();
  }

  // ---- test traffic through the gateway ----
  const trafficKey = h("input", { id: "traffic-key", type: "password", autocomplete: "off", spellcheck: "false", placeholder: "paste a key secret" });
  // Nor does it outlive the page (the back/forward cache keeps form values).
  addEventListener("pagehide", () => { trafficKey.value = ""; });
  const trafficPath = h("input", { id: "traffic-path", value: "/v1/users" });
  const trafficMethod = h("select", { id: "traffic-method" }, ...["GET", "POST", "DELETE"].map((m) => h("option", { value: m }, m)));
  const trafficCount = h("select", { id: "traffic-count" }, h("option", { value: "1" }, "1 request"), h("option", { value: "5" }, "5 requests"), h("option", { value: "15" }, "15 requests (over the limit)"));
  const trafficResult = h("p", { id: "traffic-result", role: "status" });
  const trafficButton = h("button", { type: "button", class: "primary", onclick: () => sendTraffic() }, "Send test traffic");
  const trafficCard = h("section", { class: "card", "aria-labelledby": "traffic-title" },
    h("h3", { id: "traffic-title" }, "Send test traffic"),
    h("p", { class: "muted" }, "Calls the API gateway (POST /v1/authz/check) the way your API would, so allowed and rate-limited requests show up in the audit below."),
    h("div", { class: "grid" }, labelled("Key secret", trafficKey), labelled("Method", trafficMethod), labelled("Path", trafficPath), labelled("Requests", trafficCount)),
    h("div", { class: "buttons left" }, trafficButton), trafficResult);

  async function sendTraffic() {
    const secret = trafficKey.value.trim();
    if (!secret) { trafficResult.textContent = "Paste a key secret first (create or rotate a key to get one)."; return; }
    trafficButton.disabled = true;
    const tally = { allowed: 0, blocked: 0, rejected: 0, rules: new Set(), errors: new Set() };
    try {
      for (let i = 0; i < Number(trafficCount.value); i++) {
        const response = await fetch(new URL("/v1/authz/check", client.frontendApiUrl), {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ principal: { type: "api_key", value: secret }, resource: trafficPath.value, method: trafficMethod.value, user_agent: "demo-traffic/1.0" }),
        });
        const body = await response.json().catch(() => ({}));
        if (response.status === 200) tally.allowed++;
        else if (response.status === 429 || response.status === 403) { tally.blocked++; if (body.blocked_by_rule) tally.rules.add(body.blocked_by_rule); }
        else { tally.rejected++; tally.errors.add(`${body.errors?.[0]?.message ?? "error"} (HTTP ${response.status})`); }
      }
      const parts = [`${tally.allowed} allowed`, `${tally.blocked} blocked${tally.rules.size ? ` by ${[...tally.rules].join(", ")}` : ""}`];
      if (tally.rejected) parts.push(`${tally.rejected} rejected: ${[...tally.errors].join(", ")}`);
      trafficResult.textContent = parts.join(", ");
    } catch (error) {
      trafficResult.textContent = `Could not reach the gateway: ${error.message}`;
    } finally {
      // The secret was for this one send: it does not stay in the page.
      trafficKey.value = "";
      trafficButton.disabled = false;
      refreshAudit();
    }
  }

  // ---- audit dashboard ----
  const today = new Date();
  const weekAgo = new Date(today.getTime() - 6 * 86400000);
  const fromInput = h("input", { id: "audit-from", type: "date", value: isoDay(weekAgo) });
  const toInput = h("input", { id: "audit-to", type: "date", value: isoDay(today) });
  const intervalSelect = h("select", { id: "audit-interval" }, h("option", { value: "hour" }, "Hour"), h("option", { value: "day" }, "Day"), h("option", { value: "minute" }, "Minute"));
  const metrics = h("dl", { class: "metrics", id: "metrics" });
  const chartBox = h("div", { class: "chart-box", id: "chart" });
  const blockedList = h("ol", { id: "blocked-reasons" });
  const topKeysList = h("ol", { id: "top-keys" });
  const topPathsList = h("ol", { id: "top-paths" });
  const outcomeSelect = h("select", { id: "log-outcome" }, h("option", { value: "" }, "All"), h("option", { value: "allowed" }, "Allowed"), h("option", { value: "blocked" }, "Blocked"));
  const logsBody = h("tbody");
  const pageLabel = h("span", { class: "muted", id: "log-page" });
  const prevButton = h("button", { type: "button", onclick: () => goToPage(page - 1) }, "Previous page");
  const nextButton = h("button", { type: "button", onclick: () => goToPage(page + 1) }, "Next page");
  const auditCard = h("section", { class: "card", "aria-labelledby": "audit-title" },
    h("div", { class: "toolbar" }, h("h3", { id: "audit-title" }, "Usage and audit"), labelled("From", fromInput), labelled("To", toInput), labelled("Interval", intervalSelect)),
    metrics, chartBox,
    h("div", { class: "columns" },
      h("div", {}, h("h4", {}, "Blocked reasons"), blockedList),
      h("div", {}, h("h4", {}, "Top keys"), topKeysList),
      h("div", {}, h("h4", {}, "Top paths"), topPathsList)),
    h("div", { class: "toolbar" }, h("h4", {}, "Access logs"), labelled("Outcome", outcomeSelect)),
    h("table", { class: "logs", "aria-label": "Access logs" },
      h("thead", {}, h("tr", {}, ...["Time", "Key", "Request", "Outcome", "Rule", "Client IP", "User agent"].map((c) => h("th", { scope: "col" }, c)))), logsBody),
    h("div", { class: "buttons left" }, prevButton, pageLabel, nextButton));

  let analyticsStore = null;
  let seriesStore = null;
  let logsStore = null;
  let cursors = [null]; // cursor of each page; page n (1-based) starts at cursors[n-1]
  let page = 1;
  disposers.push(() => [analyticsStore, seriesStore, logsStore].forEach((s) => s?.dispose()));

  function range() {
    if (!fromInput.value || !toInput.value || fromInput.value > toInput.value) {
      fromInput.value = isoDay(weekAgo);
      toInput.value = isoDay(today);
    }
    return auditRange(fromInput.value, toInput.value);
  }

  function mountAudit() {
    const dates = range();
    analyticsStore?.dispose();
    seriesStore?.dispose();
    analyticsStore = client.apiAuthAuditAnalytics({ ...dates, include_top_keys: true, include_top_paths: true, include_blocked_reasons: true, top_limit: 5 });
    seriesStore = client.apiAuthAuditTimeseries({ ...dates, interval: intervalSelect.value });
    const [a, s] = [analyticsStore, seriesStore];
    a.subscribe(() => renderAnalytics(a.getSnapshot()));
    s.subscribe(() => renderSeries(s.getSnapshot(), dates));
    renderAnalytics(a.getSnapshot());
    renderSeries(s.getSnapshot(), dates);
    cursors = [null];
    goToPage(1);
  }

  function goToPage(n) {
    page = Math.max(1, Math.min(n, cursors.length));
    logsStore?.dispose();
    logsStore = client.apiAuthAuditLogs({ ...range(), limit: LOGS_PAGE_SIZE, outcome: outcomeSelect.value || undefined, cursor: cursors[page - 1] ?? undefined });
    const store = logsStore;
    store.subscribe(() => renderLogs(store.getSnapshot()));
    renderLogs(store.getSnapshot());
  }

  function refreshAudit() {
    analyticsStore?.refetch().catch(() => {});
    seriesStore?.refetch().catch(() => {});
    logsStore?.refetch().catch(() => {});
  }

  for (const control of [fromInput, toInput, intervalSelect]) control.addEventListener("change", mountAudit);
  outcomeSelect.addEventListener("change", () => { cursors = [null]; goToPage(1); });

  function renderAnalytics(snapshot) {
    if (snapshot.error) return fill(metrics, h("div", { role: "alert" }, `Could not load analytics: ${snapshot.error.message}`));
    const a = snapshot.analytics;
    const metric = (label, value) => h("div", { class: "metric" }, h("dt", {}, label), h("dd", {}, value));
    fill(metrics,
      metric("Total requests", a ? a.total_requests : "…"),
      metric("Allowed", a ? a.allowed_requests : "…"),
      metric("Blocked", a ? a.blocked_requests : "…"),
      metric("Success rate", a ? `${a.success_rate.toFixed(1)}%` : "…"),
      metric("Keys used (24 h)", a ? a.keys_used_24h : "…"));
    const empty = (list, text) => fill(list, h("li", { class: "muted" }, text));
    if (a?.blocked_reasons?.length) fill(blockedList, a.blocked_reasons.map((r) => h("li", {}, `${r.blocked_by_rule}: ${r.count} (${r.percentage.toFixed(0)}%)`)));
    else empty(blockedList, "Nothing blocked");
    if (a?.top_keys?.length) fill(topKeysList, a.top_keys.map((k) => h("li", {}, `${k.key_name}: ${k.total_requests}`)));
    else empty(topKeysList, "No traffic yet");
    if (a?.top_paths?.length) fill(topPathsList, a.top_paths.map((p) => h("li", {}, `${p.path}: ${p.total_requests}`)));
    else empty(topPathsList, "No traffic yet");
  }

  function renderSeries(snapshot, dates) {
    if (snapshot.error) return fill(chartBox, h("p", { role: "alert" }, `Could not load the chart: ${snapshot.error.message}`));
    if (snapshot.loading) return fill(chartBox, h("p", { class: "muted" }, "Loading chart…"));
    try {
      const points = zeroFillTimeseries(snapshot.timeseries, { interval: snapshot.interval, start: dates.start_date, end: dates.end_date });
      const total = points.reduce((sum, p) => sum + p.total_requests, 0);
      fill(chartBox, stackedBars(points, { label: `Requests per ${snapshot.interval}: ${total} in range` }),
        h("p", { class: "legend muted", id: "chart-summary" }, h("span", { class: "swatch allowed" }), " allowed ", h("span", { class: "swatch blocked" }), ` blocked · ${points.length} ${snapshot.interval} buckets, ${total} requests`));
    } catch (error) {
      fill(chartBox, h("p", { role: "alert" }, `${error.message}. Pick a shorter range or a longer interval.`));
    }
  }

  function renderLogs(snapshot) {
    pageLabel.textContent = `Page ${page}`;
    prevButton.disabled = page <= 1 || snapshot.loading;
    nextButton.disabled = !snapshot.has_more || snapshot.loading;
    if (snapshot.has_more && snapshot.next_cursor && cursors.length === page) cursors.push(snapshot.next_cursor);
    if (snapshot.loading) return fill(logsBody, h("tr", {}, h("td", { colspan: 7, class: "muted" }, "Loading logs…")));
    if (snapshot.error) return fill(logsBody, h("tr", {}, h("td", { colspan: 7, role: "alert" }, `Could not load logs: ${snapshot.error.message}`)));
    if (!snapshot.logs.length) return fill(logsBody, h("tr", {}, h("td", { colspan: 7, class: "muted" }, "No requests in this range.")));
    fill(logsBody, snapshot.logs.map((log) => {
      const outcome = auditOutcome(log.outcome);
      return h("tr", { dataset: { outcome } },
        h("td", {}, formatDateTime(log.timestamp)),
        h("td", {}, log.key_name),
        h("td", {}, h("code", {}, log.path)),
        h("td", {}, h("span", { class: `badge ${outcome}` }, outcome === "allowed" ? "Allowed" : outcome === "blocked" ? "Blocked" : log.outcome)),
        h("td", {}, log.blocked_by_rule ?? ""),
        h("td", {}, log.client_ip),
        h("td", { class: "ua" }, log.user_agent));
    }));
  }

  main.append(header, notice, keysCard, trafficCard, auditCard, dialogs);
  mountKeys();
  mountAudit();

  return {
    renderApp(app) {
      appName.textContent = app.name;
      appMeta.textContent = `Keys start with ${app.key_prefix}_ · app ${app.app_slug}${app.description ? ` · ${app.description}` : ""}`;
      if (app.rate_limits.length) fill(rules, app.rate_limits.map((rule) => h("li", {}, describeRateLimit(rule))));
      else fill(rules, h("li", {}, "No rate limits configured (the gateway allows 1000 requests per minute across the app)."));
    },
  };
}
