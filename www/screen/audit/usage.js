// The usage half of the audit panel: metrics, the requests chart, blocked reasons, top keys and paths.
import { zeroFillTimeseries } from "/pkg/wacht_api_auth.js";
import { fill, h, watch } from "../../shared/dom.js";
import { onGatewayTraffic } from "../events.js";
import { stackedBars } from "./chart.js";

function renderAnalytics({ metrics, blocked, topKeys, topPaths }, snapshot) {
  if (snapshot.error) {
    return fill(metrics, h("div", { role: "alert" }, `Could not load analytics: ${snapshot.error.message}`));
  }
  const a = snapshot.analytics;
  const metric = (label, value) => h("div", { class: "metric" }, h("dt", {}, label), h("dd", {}, a ? value() : "…"));
  fill(metrics,
    metric("Total requests", () => a.total_requests),
    metric("Allowed", () => a.allowed_requests),
    metric("Blocked", () => a.blocked_requests),
    metric("Success rate", () => `${a.success_rate.toFixed(1)}%`),
    metric("Keys used (24 h)", () => a.keys_used_24h));
  const list = (element, items, text, empty) =>
    fill(element, items?.length ? items.map((item) => h("li", {}, text(item))) : h("li", { class: "muted" }, empty));
  const reason = (r) => `${r.blocked_by_rule}: ${r.count} (${r.percentage.toFixed(0)}%)`;
  list(blocked, a?.blocked_reasons, reason, "Nothing blocked");
  list(topKeys, a?.top_keys, (k) => `${k.key_name}: ${k.total_requests}`, "No traffic yet");
  list(topPaths, a?.top_paths, (p) => `${p.path}: ${p.total_requests}`, "No traffic yet");
}

function renderSeries(chartBox, snapshot, dates) {
  if (snapshot.error) {
    return fill(chartBox, h("p", { role: "alert" }, `Could not load the chart: ${snapshot.error.message}`));
  }
  if (snapshot.loading) return fill(chartBox, h("p", { class: "muted" }, "Loading chart…"));
  try {
    const interval = snapshot.interval;
    const points = zeroFillTimeseries(snapshot.timeseries, { interval, start: dates.start_date, end: dates.end_date });
    const total = points.reduce((sum, p) => sum + p.total_requests, 0);
    fill(chartBox, stackedBars(points, { interval, label: `Requests per ${interval}: ${total} in range` }),
      h("p", { class: "legend muted", id: "chart-summary" },
        h("span", { class: "swatch allowed" }), " allowed ", h("span", { class: "swatch blocked" }),
        ` blocked · ${points.length} ${interval} buckets, ${total} requests`));
  } catch (error) {
    fill(chartBox, h("p", { role: "alert" }, `${error.message}. Pick a shorter range or a longer interval.`));
  }
}

/**
 * Mounts the usage views for the window `dates` ({ start_date, end_date }) in buckets of
 * `interval` into `root`; returns the function that unmounts them.
 */
export function mountUsage(root, client, { dates, interval }) {
  const parts = {
    metrics: h("dl", { class: "metrics", id: "metrics" }),
    blocked: h("ol", { id: "blocked-reasons" }),
    topKeys: h("ol", { id: "top-keys" }),
    topPaths: h("ol", { id: "top-paths" }),
  };
  const chartBox = h("div", { class: "chart-box", id: "chart" });
  fill(root, parts.metrics, chartBox,
    h("div", { class: "columns" },
      h("div", {}, h("h4", {}, "Blocked reasons"), parts.blocked),
      h("div", {}, h("h4", {}, "Top keys"), parts.topKeys),
      h("div", {}, h("h4", {}, "Top paths"), parts.topPaths)));

  const analytics = client.apiAuthAuditAnalytics({
    ...dates, include_top_keys: true, include_top_paths: true, include_blocked_reasons: true, top_limit: 5,
  });
  const series = client.apiAuthAuditTimeseries({ ...dates, interval });
  const stops = [
    watch(analytics, (snapshot) => renderAnalytics(parts, snapshot)),
    watch(series, (snapshot) => renderSeries(chartBox, snapshot, dates)),
    onGatewayTraffic(() => {
      analytics.refetch().catch(() => {});
      series.refetch().catch(() => {});
    }),
  ];
  return () => {
    stops.forEach((stop) => stop());
    root.replaceChildren();
  };
}
