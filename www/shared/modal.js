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
 * `opener`, or to `fallback()` when the opener is gone or disabled by then, unless something
 * else took the focus meanwhile (another modal, or a rebuilt row's button).
 * @param {HTMLDialogElement} dialog
 * @param {{ fallback?: () => HTMLElement | null }} options
 */
export function modal(dialog, { fallback } = {}) {
  let opener = null;
  // The element that had the focus when the dialog opened: where the browser gives it back.
  let before = null;
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
  // The close event comes a task after the dialog closed. By then another modal may have the
  // focus (create → secret), or a refetch may have rebuilt the opener's row and given its new
  // button the focus: those keep it. Otherwise the focus is on the page, in a closed dialog, or
  // where the browser put it back, and it moves to the opener (or the fallback).
  dialog.addEventListener("close", () => {
    const target = opener?.isConnected && !opener.disabled ? opener : fallback?.();
    const active = document.activeElement;
    const movedOn = active && active !== document.body && active !== before && !active.closest("dialog:not([open])");
    opener = null;
    before = null;
    if (document.querySelector("dialog:modal") || movedOn) return;
    target?.focus();
  });
  return {
    /** Shows the dialog; focus returns to `from` when it closes. */
    open(from = document.activeElement) {
      opener = from;
      before = document.activeElement;
      dialog.showModal();
    },
    /** Closes the dialog (focus goes back as above). */
    close() {
      dialog.close();
    },
  };
}
