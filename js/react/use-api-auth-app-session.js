// useApiAuthAppSession(ticket), as in @wacht/jsx, with the ticket allowed to arrive late.
import { useCallback, useMemo } from "react";
import { useWachtState } from "./provider.js";
import { mountedStore, useSharedStore } from "./use-shared-store.js";

/**
 * Exchanges `ticket`, then reads the API-auth app session: `{ hasSession, sessionLoading,
 * sessionError, sessionId, apiAuthApp, ticketExchanged, ticketLoading, status, refetch }`.
 * `ticket` is
 * - a string: exchanged, then the session is read;
 * - a promise of one: the same, and every key and audit read of the client waits for the
 *   exchange (pass the same promise on every render);
 * - `null`: the app's ticket is on its way (the guide's `useState<string | null>(null)`): the
 *   store waits for it as for a promise, holding every read of the client, at most `timeoutMs`;
 *   when a later render brings the string, that same store exchanges it (one exchange, one
 *   session read); when it brings `undefined` (the app got no ticket), it reads the session as
 *   it is (no session: `hasSession: false`);
 * - `undefined` (or omitted, or blank): no ticket, the session is read as it is.
 * The store is made while rendering and starts (exchanges, reads) when the hook subscribes.
 */
export function useApiAuthAppSession(ticket) {
  const { client } = useWachtState();
  const awaited = ticket === null;
  const source = isTicket(ticket) ? ticket : null;
  // The store is the ticket's: a new ticket gets its own store (and exchange), the same ticket
  // (the same promise) keeps it, unless the store awaiting the app's ticket takes it (adopt). The
  // ticket stays in memory only while a hook holds it.
  const key = awaited ? AWAITED : typeof source === "string" ? `session:${source}` : source ?? "session";
  const snapshot = useSharedStore(
    awaited || source !== null ? "sessionWithTicket" : "session",
    key,
    awaited ? awaitTicket : (client) => client.apiAuthAppSession(source),
    awaited || typeof source === "object" ? undefined : (registry, shared) => adopt(registry, shared, source),
  );
  const refetch = useCallback(() => {
    const store = mountedStore(client, key);
    return store === null ? Promise.resolve() : store.refetch().then(nothing, nothing);
  }, [client, key]);
  return useMemo(() => ({ ...snapshot, refetch }), [snapshot, refetch]);
}

/** The key of the store that awaits the app's ticket (the hook was given `null`). */
const AWAITED = "session:awaited";
/** The awaiting store → how to hand it the ticket (or nothing), until that happened. */
const handOver = new WeakMap();

/** A session store whose ticket is a promise the hook resolves when the app has it. */
function awaitTicket(client) {
  let resolve;
  const store = client.apiAuthAppSession(new Promise((r) => (resolve = r)));
  handOver.set(store, resolve);
  return store;
}

/**
 * A string ticket after `null`: the awaiting store, while it still waits, gets it and becomes this
 * key's store too (unless the key has a store already, which then stays). No ticket after `null`
 * (`undefined`) takes a store of its own, and the awaiting one, left by its last hook, is disposed,
 * which ends its wait and so the hold on the client's reads.
 */
function adopt(registry, shared, ticket) {
  const waiting = registry.get(AWAITED);
  const resolve = waiting?.store ? handOver.get(waiting.store) : undefined;
  if (resolve === undefined || waiting.store.getSnapshot().ticketLoading !== true) return shared;
  handOver.delete(waiting.store);
  resolve(ticket);
  return shared ?? waiting;
}

const nothing = () => undefined;

function isTicket(ticket) {
  return (typeof ticket === "string" && ticket.trim() !== "") || (typeof ticket === "object" && ticket !== null);
}
