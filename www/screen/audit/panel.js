// Panel: usage and audit for a date range: metrics, chart, top lists (usage.js) and the access
// log with its CSV export (access-log.js).
import { fill, h, labelled, select } from "../../shared/dom.js";
import { mountAccessLog } from "./access-log.js";
import { auditWindow, lastSevenDays } from "./range.js";
import { mountUsage } from "./usage.js";

const INTERVALS = [["hour", "Hour"], ["day", "Day"], ["minute", "Minute"]];

/**
 * Mounts the usage and audit panel into `root`; returns the function that unmounts it.
 * @param {HTMLElement} root
 * @param {import("/pkg/wacht_api_auth.js").WachtClient} client
 * @returns {() => void}
 */
export function mount(root, client) {
  const initial = lastSevenDays();
  const from = h("input", { id: "audit-from", type: "date", value: initial.from });
  const to = h("input", { id: "audit-to", type: "date", value: initial.to });
  const interval = select({ id: "audit-interval" }, INTERVALS);
  const usageRoot = h("div");
  const logRoot = h("div");
  fill(root, h("section", { class: "card", "aria-labelledby": "audit-title" },
    h("div", { class: "toolbar" }, h("h3", { id: "audit-title" }, "Usage and audit"),
      labelled("From", from), labelled("To", to), labelled("Interval", interval)),
    usageRoot, logRoot));

  let stopUsage = () => {};
  let stopLog = () => {};
  /** The window of the From/To days; an empty or reversed range goes back to the last 7 days. */
  const range = () => {
    if (!from.value || !to.value || from.value > to.value) {
      const reset = lastSevenDays();
      [from.value, to.value] = [reset.from, reset.to];
    }
    return auditWindow(from.value, to.value);
  };
  const showUsage = () => {
    stopUsage();
    stopUsage = mountUsage(usageRoot, client, { dates: range(), interval: interval.value });
  };
  const showLog = () => {
    stopLog();
    stopLog = mountAccessLog(logRoot, client, { dates: range(), from: from.value, to: to.value });
  };
  for (const control of [from, to]) {
    control.addEventListener("change", () => {
      showUsage();
      showLog();
    });
  }
  interval.addEventListener("change", showUsage);
  showUsage();
  showLog();

  return () => {
    stopUsage();
    stopLog();
    root.replaceChildren();
  };
}
