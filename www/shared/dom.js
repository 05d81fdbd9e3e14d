// Tiny DOM helpers. Everything that comes from users or the server is set as text
// (textContent / attribute values), never parsed as HTML.

const present = (child) => child !== null && child !== undefined && child !== false;
const asNode = (child) => (child instanceof Node ? child : String(child));

/** Creates an element: h("button", { type: "button", onclick }, "Text", child, ...). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(element.dataset, value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children.flat().filter(present).map(asNode));
  return element;
}

/** Replaces the children of `element`. */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat().filter(present).map(asNode));
}

/** A labelled form control: <label>Text <control></label>. */
export function labelled(text, control) {
  return h("label", { class: "field" }, h("span", {}, text), control);
}

/** A <select> with one <option> per `[value, text]` of `choices`. */
export function select(attributes, choices) {
  return h("select", attributes, ...choices.map(([value, text]) => h("option", { value }, text)));
}

/**
 * Runs `rebuild`, which replaces what `container` holds. When a button with an aria-label in it
 * had the focus, the new button with the same label gets it, so a refresh does not drop it.
 */
export function keepingFocus(container, rebuild) {
  const focused = container.contains(document.activeElement) ? document.activeElement.getAttribute("aria-label") : null;
  rebuild();
  if (!focused) return;
  [...container.querySelectorAll("button[aria-label]")].find((b) => b.getAttribute("aria-label") === focused)?.focus();
}

/** A table row with one cell across `columns`: "Loading…", "No keys", an error (`role`). */
export function messageRow(columns, text, { role, kind = "muted" } = {}) {
  return h("tr", {}, h("td", { colspan: columns, class: role ? null : kind, role }, text));
}

/**
 * Subscribes `render` to a store of the client and renders its current snapshot now. The
 * returned function unsubscribes and disposes the store: a panel keeps one per store it made.
 */
export function watch(store, render) {
  const unsubscribe = store.subscribe(() => render(store.getSnapshot()));
  render(store.getSnapshot());
  return () => {
    unsubscribe();
    store.dispose();
  };
}
