// useApiAuthAppSession(ticket), as in @wacht/jsx, with the ticket allowed to arrive late.
import { useCallback, useMemo } from "react";
import { failedSession, initialSession } from "./initial-snapshots.js";
import { useWachtClient } from "./provider.js";
import { mountedStore, useSharedStore } from "./use-shared-store.js";

/**
 * Exchanges `ticket`, then reads the API-auth app session: `{ hasSession, sessionLoading,
 * sessionError, sessionId, apiAuthApp, ticketExchanged, ticketLoading, status, refetch }`.
 * `ticket` is a string, a promise of one (every key and audit read of the client waits for its
 * exchange instead of failing with 401; pass the same promise on every render), or null/undefined
 * (read the session as it is). A ticket that arrives later, null at mount and a string after, is
 * exchanged when it arrives, and reads that found no session run again once it is established.
 */
export function useApiAuthAppSession(ticket) {
  const client = useWachtClient();
  const source = isTicket(ticket) ? ticket : null;
  // The store is the ticket's: a new ticket gets its own store (and exchange), the same ticket
  // (the same promise) keeps it. The ticket stays in memory only while a hook holds it.
  const key = typeof source === "string" ? `session:${source}` : source ?? "session";
  const snapshot = useSharedStore(
    key,
    (client) => client.apiAuthAppSession(source),
    source === null ? INITIAL_WITHOUT_TICKET : INITIAL_WITH_TICKET,
    failedSession,
    false,
  );
  const refetch = useCallback(() => {
    const store = mountedStore(client, key);
    return store === null ? Promise.resolve() : store.refetch().then(nothing, nothing);
  }, [client, key]);
  return useMemo(() => ({ ...snapshot, refetch }), [snapshot, refetch]);
}

const INITIAL_WITH_TICKET = initialSession(true);
const INITIAL_WITHOUT_TICKET = initialSession(false);
const nothing = () => undefined;

function isTicket(ticket) {
  return (typeof ticket === "string" && ticket.trim() !== "") || (typeof ticket === "object" && ticket !== null);
}
