// What the keys table shows of a key, as plain functions of the key and the time: its status,
// whether it expires soon, and the client-side search and sort of the list.
import { DAY_MS } from "../../shared/time.js";

/** A key whose expiry is this close (or closer) carries the "expires soon" badge. */
export const EXPIRING_SOON_MS = 7 * DAY_MS;

const time = (timestamp) => (timestamp ? new Date(timestamp).getTime() : NaN);

/** ["Revoked", "revoked"] | ["Expired", "expired"] | ["Active", "active"]: label and badge class. */
export function keyStatus(key, now = Date.now()) {
  if (!key.is_active) return ["Revoked", "revoked"];
  if (time(key.expires_at) <= now) return ["Expired", "expired"];
  return ["Active", "active"];
}

/** True for an active key that expires within {@link EXPIRING_SOON_MS} from `now`. */
export function expiresSoon(key, now = Date.now()) {
  const left = time(key.expires_at) - now;
  return key.is_active && left > 0 && left <= EXPIRING_SOON_MS;
}

/** The keys whose name or suffix contains `query` (case-insensitive; all keys when it is blank). */
export function searchKeys(keys, query) {
  const needle = query.trim().toLowerCase();
  if (!needle) return keys;
  return keys.filter((key) => key.name.toLowerCase().includes(needle)
    || key.key_suffix.toLowerCase().includes(needle));
}

const created = (key) => time(key.created_at);
const lastUsed = (key) => time(key.last_used_at);

/** The sort orders of the keys table, by the `value` of its "Sort by" select. */
export const SORT_ORDERS = {
  "created-desc": { label: "Newest first", column: "Created", by: created, descending: true },
  "created-asc": { label: "Oldest first", column: "Created", by: created, descending: false },
  "last-used-desc": { label: "Recently used", column: "Last used", by: lastUsed, descending: true },
  "last-used-asc": { label: "Least recently used", column: "Last used", by: lastUsed, descending: false },
};

/**
 * A sorted copy of `keys`. Keys never used sort after used ones when the most recent use comes
 * first, and before them when the least recent comes first (never is the least recent of all).
 * Ties keep the server's order (newest first).
 */
export function sortKeys(keys, order) {
  const { by, descending } = SORT_ORDERS[order] ?? SORT_ORDERS["created-desc"];
  const rank = (key) => {
    const value = by(key);
    return Number.isNaN(value) ? -Infinity : value;
  };
  return keys
    .map((key, index) => ({ key, index, value: rank(key) }))
    .sort((a, b) => (descending ? b.value - a.value : a.value - b.value) || a.index - b.index)
    .map(({ key }) => key);
}
