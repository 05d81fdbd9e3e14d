// The confirmations of the two key actions that cannot be undone: rotate and revoke.
import { h, labelled } from "../../shared/dom.js";
import { modal } from "../../shared/modal.js";

const masked = (key) => `“${key.name}” (${key.key_prefix}…${key.key_suffix})`;

/** A dialog with a title, content and Cancel + a confirm button; `modal` wiring included. */
function confirmDialog(root, { id, title, confirmText, confirmClass, content, fallback, onConfirm }) {
  const confirm = h("button", { type: "button", class: confirmClass }, confirmText);
  const cancel = h("button", { type: "button" }, "Cancel");
  const dialog = h("dialog", { "aria-labelledby": `${id}-title` }, h("h3", { id: `${id}-title` }, title),
    ...content, h("div", { class: "buttons" }, cancel, confirm));
  root.append(dialog);
  const dialogModal = modal(dialog, { fallback });
  cancel.addEventListener("click", () => dialogModal.close());
  confirm.addEventListener("click", () => {
    dialogModal.close();
    onConfirm();
  });
  return { dialog, open: (opener) => dialogModal.open(opener) };
}

/**
 * Mounts the rotate and revoke confirmations into `root`. `onRotate(key)` and
 * `onRevoke(key, reason)` run after the person confirmed.
 */
export function mountConfirmDialogs(root, { onRotate, onRevoke, fallback }) {
  let target = null;
  const rotateText = h("p");
  const rotate = confirmDialog(root, {
    id: "rotate", title: "Rotate key", confirmText: "Rotate key", confirmClass: "primary", fallback,
    content: [rotateText, h("p", {}, "The old key stops working now. Apps using it must switch to the new secret.")],
    onConfirm: () => onRotate(target),
  });
  const revokeText = h("p");
  const reason = h("input", { id: "revoke-reason", maxlength: 200, autocomplete: "off" });
  const revoke = confirmDialog(root, {
    id: "revoke", title: "Revoke key", confirmText: "Revoke key", confirmClass: "danger", fallback,
    content: [revokeText, h("p", {}, "This action cannot be undone."), labelled("Reason (optional)", reason)],
    onConfirm: () => onRevoke(target, reason.value.trim() || undefined),
  });
  return {
    /** Asks to rotate `key`; focus returns to `opener` (or the fallback) afterwards. */
    confirmRotate(key, opener) {
      target = key;
      rotateText.textContent = `Rotate ${masked(key)}?`;
      rotate.open(opener);
    },
    /** Asks to revoke `key`, with an optional reason. */
    confirmRevoke(key, opener) {
      target = key;
      reason.value = "";
      revokeText.textContent = `Revoke ${masked(key)}?`;
      revoke.open(opener);
    },
    /** Removes both dialogs. */
    dispose() {
      rotate.dialog.remove();
      revoke.dialog.remove();
    },
  };
}
