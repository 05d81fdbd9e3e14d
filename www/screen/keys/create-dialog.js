// The "Create API key" dialog: a name and an expiry preset (never, 7/30/90 days, a date).
import { h, labelled, select } from "../../shared/dom.js";
import { modal } from "../../shared/modal.js";
import { describeExpiry, EXPIRY_CHOICES, expiryFor, firstCustomDay } from "./expiry.js";

const PICK_A_DAY = "Valid to the end of the day you pick (local time).";

/**
 * Mounts the (closed) dialog into `root`. On submit it checks the form and calls
 * `onSubmit({ name, expires_at })` (`expires_at`: RFC 3339 or undefined); a rejection is shown
 * in the dialog, and the caller closes it on success.
 * @param {HTMLElement} root
 * @param {{ onSubmit: (input: { name: string, expires_at?: string }) => Promise<void>,
 *           fallback?: () => HTMLElement | null }} options
 */
export function mountCreateDialog(root, { onSubmit, fallback }) {
  const name = h("input", { id: "key-name", required: true, maxlength: 120, autocomplete: "off" });
  const choice = select({ id: "key-expiry", "aria-describedby": "key-expiry-hint" }, EXPIRY_CHOICES);
  const day = h("input", { id: "key-expiry-date", type: "date", "aria-describedby": "key-expiry-hint" });
  const dayField = labelled("Expiry date", day);
  const hint = h("p", { id: "key-expiry-hint", class: "muted hint" });
  const error = h("p", { id: "create-error", role: "alert", class: "error" });
  const submit = h("button", { type: "submit", class: "primary" }, "Create");
  const cancel = h("button", { type: "button" }, "Cancel");
  const form = h("form", { novalidate: true },
    labelled("Name", name), labelled("Expires", choice), dayField, hint, error,
    h("div", { class: "buttons" }, cancel, submit));
  const dialog = h("dialog", { "aria-labelledby": "create-title" },
    h("h3", { id: "create-title" }, "Create API key"), form);
  root.append(dialog);
  const dialogModal = modal(dialog, { fallback });

  const refuse = (message, field) => {
    error.textContent = message;
    field?.setAttribute("aria-invalid", "true");
    field?.focus();
  };
  const describe = () => {
    dayField.hidden = choice.value !== "custom";
    const expiry = expiryFor(choice.value, day.value);
    hint.textContent = expiry.error ? PICK_A_DAY : describeExpiry(expiry.expiresAt);
    day.removeAttribute("aria-invalid");
  };
  choice.addEventListener("change", () => {
    describe();
    error.textContent = "";
  });
  day.addEventListener("input", describe);
  name.addEventListener("input", () => name.removeAttribute("aria-invalid"));
  cancel.addEventListener("click", () => dialogModal.close());

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const keyName = name.value.trim();
    if (!keyName) return refuse("Give the key a name.", name);
    const expiry = expiryFor(choice.value, day.value);
    if (expiry.error) return refuse(expiry.error, day);
    submit.disabled = true;
    try {
      await onSubmit({ name: keyName, expires_at: expiry.expiresAt?.toISOString() });
    } catch (failure) {
      refuse(`Could not create the key: ${failure.message}`);
    } finally {
      submit.disabled = false;
    }
  });

  return {
    /** Opens the dialog with an empty form; focus returns to `opener` when it closes. */
    open(opener) {
      form.reset();
      for (const field of [name, day]) field.removeAttribute("aria-invalid");
      day.min = firstCustomDay();
      error.textContent = "";
      describe();
      dialogModal.open(opener);
    },
    /** Closes the dialog. */
    close: () => dialogModal.close(),
    /** Removes the dialog. */
    dispose: () => dialog.remove(),
  };
}
