// Dates and times as the screen shows them, in the browser's locale and time zone.

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

const validDate = (timestamp) => {
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** "Nov 22, 2026" for an RFC 3339 timestamp, "—" when absent. */
export function formatDate(timestamp) {
  if (!timestamp) return "—";
  const date = validDate(timestamp);
  return date ? date.toLocaleDateString(undefined, { month: "short", day: "numeric", year: "numeric" }) : timestamp;
}

/** "Nov 22, 2026, 06:17:32 AM" for an RFC 3339 timestamp. */
export function formatDateTime(timestamp) {
  const date = validDate(timestamp);
  if (!date) return String(timestamp);
  return date.toLocaleString(undefined, {
    month: "short", day: "numeric", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit",
  });
}

const UNITS = [
  ["year", 365 * DAY_MS], ["month", 30 * DAY_MS], ["week", 7 * DAY_MS], ["day", DAY_MS],
  ["hour", 3_600_000], ["minute", 60_000], ["second", 1000],
];

/** "2 minutes ago", "in 7 days", "now": `timestamp` relative to `now` (ms), in the largest unit it fills. */
export function relativeTime(timestamp, now = Date.now()) {
  const date = validDate(timestamp);
  if (!date) return String(timestamp);
  const words = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const delta = date.getTime() - now;
  const [unit, size] = UNITS.find(([, ms]) => Math.abs(delta) >= ms) ?? ["second", 1000];
  return words.format(Math.round(delta / size), unit);
}

/** yyyy-mm-dd of a local date. */
export function isoDay(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
