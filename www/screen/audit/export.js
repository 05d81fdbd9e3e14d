// Export of the access log as filtered: every page, following `next_cursor`, up to a cap.
import { auditOutcome } from "/pkg/wacht_api_auth.js";
import { toCsv } from "./csv.js";

/** Rows per request (the server's maximum). */
export const EXPORT_PAGE_SIZE = 1000;
/** At most this many rows go into one file. */
export const EXPORT_CAP = 10_000;

const HEADER = ["Time", "Request ID", "Key ID", "Key name", "Request", "Outcome", "Rule", "Client IP", "User agent"];

/**
 * Reads the logs of `query` (the access log's filters, without `cursor`/`limit`) page by page
 * with `client.getAuditLogs`, following `next_cursor` while `has_more`, until `cap` rows.
 * `onProgress({ rows, pages })` runs after each page. Resolves to `{ logs, pages, capped }`.
 */
export async function collectAccessLog(client, query, options = {}) {
  const { pageSize = EXPORT_PAGE_SIZE, cap = EXPORT_CAP, onProgress } = options;
  const logs = [];
  let cursor;
  let pages = 0;
  while (logs.length < cap) {
    const page = await client.getAuditLogs({ ...query, limit: Math.min(pageSize, cap - logs.length), cursor });
    pages += 1;
    logs.push(...page.data.slice(0, cap - logs.length));
    onProgress?.({ rows: logs.length, pages });
    if (!page.has_more || !page.next_cursor) return { logs, pages, capped: false };
    cursor = page.next_cursor;
  }
  return { logs, pages, capped: true };
}

/** The CSV file of `logs`. */
export function accessLogCsv(logs) {
  return toCsv(HEADER, logs.map((log) => [
    log.timestamp, log.request_id, log.key_id, log.key_name, log.path, auditOutcome(log.outcome),
    log.blocked_by_rule ?? "", log.client_ip, log.user_agent,
  ]));
}

/** Hands `text` to the browser as a download named `filename`. */
export function download(filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 40_000); // as FileSaver.js: after the browser read it
}
