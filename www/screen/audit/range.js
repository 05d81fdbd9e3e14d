// The audit date range: the From/To days of the audit panel and the window they mean.
import { DAY_MS, isoDay } from "../../shared/time.js";

/** The default range: the last 7 days, today included, as yyyy-mm-dd days. */
export function lastSevenDays(now = new Date()) {
  return { from: isoDay(new Date(now.getTime() - 6 * DAY_MS)), to: isoDay(now) };
}

/** The window as the hosted pages send it: local midnight of `from` to the local end of `to`, in UTC. */
export function auditWindow(from, to) {
  return {
    start_date: new Date(`${from}T00:00:00.000`).toISOString(),
    end_date: new Date(`${to}T23:59:59.999`).toISOString(),
  };
}
