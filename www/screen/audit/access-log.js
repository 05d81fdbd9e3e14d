// The access log of the audit panel: outcome filter, cursor pages, CSV export of the filtered log.
import { auditOutcome } from "/pkg/wacht_api_auth.js";
import { fill, h, labelled, messageRow, select, watch } from "../../shared/dom.js";
import { formatDateTime } from "../../shared/time.js";
import { onGatewayTraffic } from "../events.js";
import { accessLogCsv, collectAccessLog, download, EXPORT_CAP } from "./export.js";

const PAGE_SIZE = 10;
const COLUMNS = ["Time", "Key", "Request", "Outcome", "Rule", "Client IP", "User agent"];
const OUTCOME_LABELS = { allowed: "Allowed", blocked: "Blocked" };
const number = (n) => n.toLocaleString();

function logRow(log) {
  const outcome = auditOutcome(log.outcome);
  return h("tr", { dataset: { outcome } },
    h("td", {}, formatDateTime(log.timestamp)),
    h("td", {}, log.key_name),
    h("td", {}, h("code", {}, log.path)),
    h("td", {}, h("span", { class: `badge ${outcome}` }, OUTCOME_LABELS[outcome] ?? log.outcome)),
    h("td", {}, log.blocked_by_rule ?? ""),
    h("td", {}, log.client_ip),
    h("td", { class: "ua" }, log.user_agent));
}

/**
 * Mounts the access log for the window `dates` ({ start_date, end_date }) and days `from`/`to`
 * (for the file name) into `root`; returns the function that unmounts it.
 */
export function mountAccessLog(root, client, { dates, from, to }) {
  const outcome = select({ id: "log-outcome" }, [["", "All"], ["allowed", "Allowed"], ["blocked", "Blocked"]]);
  const body = h("tbody");
  const pageLabel = h("span", { class: "muted", id: "log-page" });
  const previous = h("button", { type: "button" }, "Previous page");
  const next = h("button", { type: "button" }, "Next page");
  const exportButton = h("button", { type: "button", id: "export-csv" }, "Export CSV");
  const progress = h("progress", {
    id: "export-progress", max: EXPORT_CAP, value: 0, "aria-label": "Export progress", hidden: true,
  });
  const exportStatus = h("p", { id: "export-status", role: "status", class: "muted" });
  fill(root,
    h("div", { class: "toolbar" },
      h("h4", { id: "logs-title" }, "Access logs"), labelled("Outcome", outcome), exportButton),
    h("div", { class: "export" }, progress, exportStatus),
    h("table", { class: "logs", "aria-labelledby": "logs-title" },
      h("thead", {}, h("tr", {}, COLUMNS.map((c) => h("th", { scope: "col" }, c)))), body),
    h("div", { class: "buttons left" }, previous, pageLabel, next));

  let cursors = [null]; // cursor of each page; page n (1-based) starts at cursors[n - 1]
  let page = 1;
  let logsStore = null;
  let stopLogs = () => {};
  let disposed = false;
  const filters = () => ({ ...dates, outcome: outcome.value || undefined });

  function render(snapshot) {
    pageLabel.textContent = `Page ${page}`;
    previous.disabled = page <= 1 || snapshot.loading;
    next.disabled = !snapshot.has_more || snapshot.loading;
    if (snapshot.has_more && snapshot.next_cursor && cursors.length === page) cursors.push(snapshot.next_cursor);
    const columns = COLUMNS.length;
    if (snapshot.loading) return fill(body, messageRow(columns, "Loading logs…"));
    if (snapshot.error) {
      return fill(body, messageRow(columns, `Could not load logs: ${snapshot.error.message}`, { role: "alert" }));
    }
    if (!snapshot.logs.length) return fill(body, messageRow(columns, "No requests in this range."));
    fill(body, snapshot.logs.map(logRow));
  }

  function goToPage(n) {
    page = Math.max(1, Math.min(n, cursors.length));
    stopLogs();
    logsStore = client.apiAuthAuditLogs({ ...filters(), limit: PAGE_SIZE, cursor: cursors[page - 1] ?? undefined });
    stopLogs = watch(logsStore, render);
  }

  async function exportCsv() {
    exportButton.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    exportStatus.textContent = "Exporting…";
    try {
      const { logs, pages, capped } = await collectAccessLog(client, filters(), {
        onProgress: ({ rows, pages: read }) => {
          progress.value = rows;
          exportStatus.textContent = `Exporting… ${number(rows)} rows (${read} ${read === 1 ? "page" : "pages"})`;
        },
      });
      if (disposed) return;
      const filename = `access-log-${from}-to-${to}${outcome.value ? `-${outcome.value}` : ""}.csv`;
      download(filename, accessLogCsv(logs));
      exportStatus.textContent = capped
        ? `Exported the first ${number(logs.length)} rows (the cap) to ${filename}. `
          + "Narrow the range or the outcome filter for the rest."
        : `Exported ${number(logs.length)} rows (${pages} ${pages === 1 ? "page" : "pages"}) to ${filename}.`;
    } catch (error) {
      exportStatus.textContent = `Could not export the log: ${error.message}`;
    } finally {
      exportButton.disabled = false;
      progress.hidden = true;
    }
  }

  previous.addEventListener("click", () => goToPage(page - 1));
  next.addEventListener("click", () => goToPage(page + 1));
  outcome.addEventListener("change", () => {
    cursors = [null];
    goToPage(1);
  });
  exportButton.addEventListener("click", exportCsv);
  const stopTraffic = onGatewayTraffic(() => logsStore?.refetch().catch(() => {}));
  goToPage(1);

  return () => {
    disposed = true;
    stopTraffic();
    stopLogs();
    root.replaceChildren();
  };
}
