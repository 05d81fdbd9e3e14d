// Panel: the API keys table (status filter, search, sort, last used, expiry) and its actions:
// create (with the one-time secret), rotate, revoke.
import { fill, h, keepingFocus, labelled, messageRow, select, watch } from "../../shared/dom.js";
import { onGatewayTraffic } from "../events.js";
import { mountSecretDialog } from "../secret-dialog.js";
import { mountConfirmDialogs } from "./confirm-dialogs.js";
import { mountCreateDialog } from "./create-dialog.js";
import { COLUMNS, keyRows, refreshRelativeTimes } from "./key-rows.js";
import { searchKeys, SORT_ORDERS, sortKeys } from "./key-view.js";

/** How often "2 minutes ago" is brought up to date. */
const RELATIVE_TIME_REFRESH_MS = 30_000;

const STATUS_CHOICES = [["active", "Active"], ["expired", "Expired"], ["revoked", "Revoked"], ["all", "All"]];

/**
 * Mounts the keys panel into `root`; returns the function that unmounts it (its key store, its
 * dialogs, its timer).
 * @param {HTMLElement} root
 * @param {import("/pkg/wacht_api_auth.js").WachtClient} client
 * @returns {() => void}
 */
export function mount(root, client) {
  const status = select({ id: "key-status" }, STATUS_CHOICES);
  const search = h("input", {
    id: "key-search", type: "search", autocomplete: "off", placeholder: "Name or suffix",
  });
  const sort = select({ id: "key-sort" }, Object.entries(SORT_ORDERS).map(([value, { label }]) => [value, label]));
  const count = h("p", { id: "key-count", class: "muted count", role: "status" });
  const createButton = h("button", { type: "button", class: "primary" }, "Create key");
  // Where focus goes when a dialog's opener is gone (a revoked row) or disabled (busy).
  const title = h("h3", { id: "keys-title", tabindex: -1 }, "API keys");
  const headings = COLUMNS.map((column) => h("th", { scope: "col" }, column));
  const body = h("tbody");
  const notice = h("p", { id: "notice", role: "status", class: "notice" });
  const dialogs = h("div");
  fill(root, h("section", { class: "card", "aria-labelledby": "keys-title" },
    h("div", { class: "toolbar" }, title, createButton),
    h("div", { class: "toolbar filters" },
      labelled("Search keys", search), labelled("Status", status), labelled("Sort by", sort), count),
    notice,
    h("table", { class: "keys", "aria-labelledby": "keys-title" }, h("thead", {}, h("tr", {}, headings)), body),
    dialogs));

  const say = (text, kind = "ok") => {
    notice.textContent = text;
    notice.dataset.kind = kind;
  };
  const fallback = () => title;
  let busy = false;
  let snapshot = { keys: [], loading: true, error: null };
  let keysStore = null;
  let stopKeys = () => {};

  function render() {
    const order = SORT_ORDERS[sort.value];
    headings.forEach((th) => {
      if (th.textContent === order.column) th.setAttribute("aria-sort", order.descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
    const columns = COLUMNS.length;
    if (snapshot.loading) {
      count.textContent = "";
      return fill(body, messageRow(columns, "Loading keys…"));
    }
    if (snapshot.error) {
      count.textContent = "";
      return fill(body, messageRow(columns, `Could not load keys: ${snapshot.error.message}`, { role: "alert" }));
    }
    const shown = sortKeys(searchKeys(snapshot.keys, search.value), sort.value);
    const total = snapshot.keys.length;
    const noun = total === 1 ? "key" : "keys";
    count.textContent = search.value.trim() ? `${shown.length} of ${total} ${noun} match` : `${total} ${noun}`;
    if (total === 0) return fill(body, messageRow(columns, "No keys here yet."));
    if (shown.length === 0) {
      return fill(body, messageRow(columns, `No key name or suffix contains “${search.value.trim()}”.`));
    }
    // A refetch rebuilds the rows: a focused action keeps the focus in its new row.
    keepingFocus(body, () => fill(body, keyRows(shown, {
      busy,
      onRotate: (key, button) => confirm.confirmRotate(key, button),
      onRevoke: (key, button) => confirm.confirmRevoke(key, button),
    })));
  }

  function setBusy(value) {
    busy = value;
    createButton.disabled = value;
    render();
  }

  function watchKeys() {
    stopKeys();
    keysStore = client.apiAuthKeys({ status: status.value });
    stopKeys = watch(keysStore, (next) => {
      snapshot = next;
      render();
    });
  }

  /** Runs a key mutation with the actions disabled; a failure becomes the notice. */
  async function mutate(failureText, action) {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      say(`${failureText}: ${error.message}`, "error");
    } finally {
      setBusy(false);
    }
  }

  const secret = mountSecretDialog(dialogs, { fallback });
  const create = mountCreateDialog(dialogs, {
    fallback,
    onSubmit: async (input) => {
      setBusy(true);
      try {
        const { data } = await keysStore.createKey(input);
        create.close();
        say(`Key “${data.name}” created. Its secret was shown once.`);
        secret.show(data, createButton);
      } finally {
        setBusy(false);
      }
    },
  });
  const confirm = mountConfirmDialogs(dialogs, {
    fallback,
    onRotate: (key) => mutate(`Could not rotate “${key.name}”`, async () => {
      const { data } = await keysStore.rotateKey({ key_id: key.id });
      say(`Key “${key.name}” rotated. Its new secret was shown once.`);
      secret.show(data, null); // the row that opened it is revoked now: focus goes to the title
    }),
    onRevoke: (key, reason) => mutate(`Could not revoke “${key.name}”`, async () => {
      await keysStore.revokeKey({ key_id: key.id, reason });
      say(`Key “${key.name}” revoked.`);
    }),
  });

  createButton.addEventListener("click", () => create.open(createButton));
  status.addEventListener("change", watchKeys);
  search.addEventListener("input", render);
  sort.addEventListener("change", render);
  const timer = setInterval(() => refreshRelativeTimes(body), RELATIVE_TIME_REFRESH_MS);
  // Checks at the gateway change "Last used": read the list again.
  const stopTraffic = onGatewayTraffic(() => keysStore?.refetch().catch(() => {}));
  watchKeys();

  return () => {
    clearInterval(timer);
    stopTraffic();
    stopKeys();
    for (const part of [secret, create, confirm]) part.dispose();
    root.replaceChildren();
  };
}
