// The expiry choices of the create dialog and the `expires_at` each one means.
import { DAY_MS, formatDate, formatDateTime, isoDay } from "../../shared/time.js";

/** The options of the "Expires" select, in order. */
export const EXPIRY_CHOICES = [
  ["never", "Never"], ["7", "In 7 days"], ["30", "In 30 days"], ["90", "In 90 days"], ["custom", "On a date…"],
];

/** The end (23:59:59.999, local time) of the yyyy-mm-dd day `day`, or null when it is no date. */
function endOfDay(day) {
  const end = new Date(`${day}T23:59:59.999`);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(end.getTime()) ? end : null;
}

/**
 * What a choice means at `now`: `{ expiresAt: Date | null }` (null: never), or `{ error }` with
 * the message the form shows. A custom date is valid until the end of that local day, so a
 * date before today is refused.
 */
export function expiryFor(choice, customDay, now = new Date()) {
  if (choice === "never") return { expiresAt: null };
  if (choice !== "custom") return { expiresAt: new Date(now.getTime() + Number(choice) * DAY_MS) };
  if (!customDay) return { error: "Pick the date the key expires, or choose another option." };
  const end = endOfDay(customDay);
  if (!end) return { error: "That is not a date: use the date picker." };
  if (end <= now) {
    const [day, today] = [formatDate(end.toISOString()), formatDate(now.toISOString())];
    return { error: `${day} has passed: pick today (${today}) or a later date.` };
  }
  return { expiresAt: end };
}

/** The smallest date the custom date picker offers: today. */
export function firstCustomDay(now = new Date()) {
  return isoDay(now);
}

/** "Expires Dec 9, 2026, 11:17:00 AM (local time)", or "Never expires". */
export function describeExpiry(expiresAt) {
  return expiresAt ? `Expires ${formatDateTime(expiresAt.toISOString())} (local time)` : "Never expires";
}
