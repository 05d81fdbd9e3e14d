// Modal dialogs that keep the keyboard inside while open and give focus back when closed.

const FOCUSABLE = "button, input, select, textarea, a[href], [tabindex]";

/** The elements of `container` that Tab can reach, in document order. */
function tabbable(container) {
  return [...container.querySelectorAll(FOCUSABLE)].filter((element) =>
    !element.disabled && element.tabIndex >= 0 && element.getClientRects().length > 0);
}

/**
 * Wires a <dialog> as a modal. `open(opener)` shows it; while it is open Tab and Shift+Tab cycle
 * through its controls only; when it closes (a button, Escape, or `close()`), focus goes back to
 * `opener`, or to `fallback()` when the opener is gone or disabled by then.
 * @param {HTMLDialogElement} dialog
 * @param {{ fallback?: () => HTMLElement | null }} options
 */
export function modal(dialog, { fallback } = {}) {
  let opener = null;
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const items = tabbable(dialog);
    if (items.length === 0) return;
    const [first, last] = [items[0], items.at(-1)];
    const inside = items.includes(document.activeElement);
    if (event.shiftKey && (!inside || document.activeElement === first)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (!inside || document.activeElement === last)) {
      event.preventDefault();
      first.focus();
    }
  });
  // The close event comes a task after the dialog closed. By then the focus may be where it
  // belongs already: the browser gave it back to the opener, another modal took it (create →
  // secret), or a refetch rebuilt the opener's row and its new button has it. It moves only when
  // nothing outside the dialog has it (the opener was gone or disabled).
  dialog.addEventListener("close", () => {
    const target = opener?.isConnected && !opener.disabled ? opener : fallback?.();
    opener = null;
    const active = document.activeElement;
    if (document.querySelector("dialog:modal") || (active && active !== document.body && !dialog.contains(active))) {
      return;
    }
    target?.focus();
  });
  return {
    /** Shows the dialog; focus returns to `from` when it closes. */
    open(from = document.activeElement) {
      opener = from;
      dialog.showModal();
    },
    /** Closes the dialog (focus goes back as above). */
    close() {
      dialog.close();
    },
  };
}
