// Tiny DOM helpers. Everything that comes from users or the server is set as text
// (textContent / attribute values), never parsed as HTML.

/** Creates an element: h("button", { type: "button", onclick }, "Text", child, ...). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false).map((c) => (c instanceof Node ? c : String(c))));
  return element;
}

/** Replaces the children of `element`. */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false).map((c) => (c instanceof Node ? c : String(c))));
}

/** A labelled form control: <label>Text <control></label>. */
export function labelled(text, control) {
  return h("label", { class: "field" }, h("span", {}, text), control);
}

/** "Nov 22, 2026" for an RFC 3339 timestamp, "—" when absent. */
export function formatDate(timestamp) {
  if (!timestamp) return "—";
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? timestamp : date.toLocaleDateString(undefined, { month: "short", day: "numeric", year: "numeric" });
}

/** "Nov 22, 2026, 06:17:32" for an RFC 3339 timestamp. */
export function formatDateTime(timestamp) {
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? String(timestamp) : date.toLocaleString(undefined, { month: "short", day: "numeric", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}
