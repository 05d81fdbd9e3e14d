// The one-time secret dialog: shown once after a create or rotate, with a copy button and an
// explicit acknowledgment. The secret lives only in this dialog's text while it is open: no
// variable, store, notice or field keeps it, and closing the dialog wipes it.
import { h } from "../shared/dom.js";
import { modal } from "../shared/modal.js";

/**
 * Mounts the (closed) dialog into `root`. `show(key, opener)` opens it for a key that carries
 * its `secret`; focus returns to `opener` (or `fallback()`) when it closes.
 * @param {HTMLElement} root
 * @param {{ fallback?: () => HTMLElement | null }} options
 * @returns {{ show(key: { secret: string }, opener?: HTMLElement): void, dispose(): void }}
 */
export function mountSecretDialog(root, { fallback } = {}) {
  const value = h("code", { id: "secret-value", class: "secret" });
  const acknowledge = h("input", { type: "checkbox", id: "secret-ack" });
  const done = h("button", { type: "button", class: "primary", disabled: true }, "Done");
  const copyStatus = h("span", { role: "status", class: "muted" });
  const copy = h("button", { type: "button" }, "Copy secret");
  const dialog = h("dialog", { "aria-labelledby": "secret-title", "aria-describedby": "secret-warning" },
    h("h3", { id: "secret-title" }, "Your new API key"),
    h("p", { id: "secret-warning" }, "Copy your secret now — it won't be shown again."),
    value,
    h("div", { class: "buttons left" }, copy, copyStatus),
    h("label", { class: "check" }, acknowledge, " I have stored this secret somewhere safe"),
    h("div", { class: "buttons" }, done));
  root.append(dialog);
  const dialogModal = modal(dialog, { fallback });

  const wipe = () => {
    value.textContent = "";
    copyStatus.textContent = "";
    getSelection()?.removeAllRanges();
  };
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(value.textContent);
      copyStatus.textContent = "Copied.";
    } catch {
      const range = document.createRange();
      range.selectNodeContents(value);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      copyStatus.textContent = "Select and copy the secret manually.";
    }
  });
  acknowledge.addEventListener("change", () => { done.disabled = !acknowledge.checked; });
  done.addEventListener("click", () => dialogModal.close());
  // Escape must not dismiss the secret before it was acknowledged.
  dialog.addEventListener("cancel", (event) => { if (!acknowledge.checked) event.preventDefault(); });
  dialog.addEventListener("close", wipe);

  return {
    show(key, opener) {
      value.textContent = key.secret;
      acknowledge.checked = false;
      done.disabled = true;
      copyStatus.textContent = "";
      dialogModal.open(opener);
    },
    dispose() {
      if (dialog.open) dialog.close();
      wipe();
      dialog.remove();
    },
  };
}
