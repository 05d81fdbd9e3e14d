// The rows of the keys table. Names and every other server value are set as text.
import { h } from "../../shared/dom.js";
import { formatDate, formatDateTime, relativeTime } from "../../shared/time.js";
import { expiresSoon, keyStatus } from "./key-view.js";

/** The column headings, in order. */
export const COLUMNS = ["Name", "Key", "Created", "Last used", "Expires", "Status", "Actions"];

/**
 * A <time> that reads `prefix` + "2 minutes ago", with the exact local time as its tooltip.
 * {@link refreshRelativeTimes} brings the words up to date without rebuilding the row.
 */
function relativeTimeElement(timestamp, now, prefix = "") {
  const attributes = { datetime: timestamp, title: formatDateTime(timestamp), "data-relative": prefix };
  return h("time", attributes, prefix + relativeTime(timestamp, now));
}

/** Rewrites every relative time under `root` for `now` (ms). */
export function refreshRelativeTimes(root, now = Date.now()) {
  for (const element of root.querySelectorAll("time[data-relative]")) {
    element.textContent = element.dataset.relative + relativeTime(element.dateTime, now);
  }
}

/** A <time> with the date, and the exact local time as its tooltip. */
function dateElement(timestamp) {
  return h("time", { datetime: timestamp, title: formatDateTime(timestamp) }, formatDate(timestamp));
}

function expiryCell(key, now) {
  if (!key.expires_at) return h("td", {}, "Never");
  if (!expiresSoon(key, now)) return h("td", {}, dateElement(key.expires_at));
  const badge = h("span", { class: "badge expiring" }, relativeTimeElement(key.expires_at, now, "Expires "));
  return h("td", { dataset: { expiringSoon: "" } }, dateElement(key.expires_at), " ", badge);
}

/**
 * One row per key. `busy` disables the actions while a mutation runs; `onRotate(key, button)`
 * and `onRevoke(key, button)` open the confirmations.
 */
export function keyRows(keys, { busy, now = Date.now(), onRotate, onRevoke }) {
  return keys.map((key) => {
    const [label, kind] = keyStatus(key, now);
    const inactive = !key.is_active;
    const action = (text, className, handler) => {
      const button = h("button", {
        type: "button", class: className, "aria-label": `${text} ${key.name}`, disabled: inactive || busy,
      }, text);
      button.addEventListener("click", () => handler(key, button));
      return button;
    };
    return h("tr", { dataset: { keyId: key.id } },
      h("td", { class: "key-name" }, key.name),
      h("td", {}, h("code", {}, `${key.key_prefix}…${key.key_suffix}`)),
      h("td", {}, dateElement(key.created_at)),
      h("td", { class: "last-used" }, key.last_used_at ? relativeTimeElement(key.last_used_at, now) : "Never"),
      expiryCell(key, now),
      h("td", {}, h("span", { class: `badge ${kind}` }, label),
        key.revoked_reason ? h("span", { class: "muted reason" }, ` ${key.revoked_reason}`) : null),
      h("td", { class: "actions" }, action("Rotate", null, onRotate), action("Revoke", "danger", onRevoke)));
  });
}
