// The glue's browser helpers for Node, where there is no localStorage and no document.cookie: the
// staging dev-session token (the only thing the client stores) is kept in this Map instead, for
// as long as the process runs. Like a page's localStorage it is shared by every client of the
// same frontend API in the process, so a server acting for several people must not use a
// staging (pk_test_) key. Everything else is the browser helpers as they are.
// "wacht-api-auth:browser-helpers" names the glue's own helper module (scripts/package.mjs).
export * from "wacht-api-auth:browser-helpers";

const memory = new Map();

/** The stored value of `key`, if any. */
export function get_item(key) {
  return memory.get(key);
}

/** Stores `value` under `key` until the process ends. */
export function set_item(key, value) {
  memory.set(key, value);
}
