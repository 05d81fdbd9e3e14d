// What a hook shows before its store exists (the first render, and server rendering): the first
// snapshot the client's store would have. tests/consumers/node checks them against real stores.

const freeze = Object.freeze;

/** The session with a ticket to exchange (`hasTicket`) or without. */
export function initialSession(hasTicket) {
  return freeze({
    hasSession: true,
    sessionLoading: true,
    sessionError: null,
    sessionId: null,
    apiAuthApp: null,
    ticketExchanged: !hasTicket,
    ticketLoading: hasTicket,
    status: hasTicket ? "exchanging" : "loading",
  });
}

/** The session when the client refused the ticket argument. */
export function failedSession(initial, error) {
  return freeze({ ...initial, sessionLoading: false, ticketLoading: false, sessionError: error, status: "error" });
}

/** `useApiAuthKeys`. */
export const initialKeys = freeze({ keys: freeze([]), loading: true, fetching: true, error: null });

/** `useApiAuthAuditLogs(options)`: `limit` is the requested one until the server answers. */
export function initialLogs(options) {
  const limit = options?.limit;
  return freeze({
    logs: freeze([]),
    limit: typeof limit === "number" && Number.isFinite(limit) ? limit : 0,
    has_more: false,
    next_cursor: null,
    loading: true,
    fetching: true,
    loading_more: false,
    error: null,
  });
}

/** `useApiAuthAuditAnalytics`. */
export const initialAnalytics = freeze({ analytics: null, loading: true, fetching: true, error: null });

/** `useApiAuthAuditTimeseries(options)`: `interval` is the requested one, else `hour`. */
export function initialTimeseries(options) {
  const interval = options?.interval;
  return freeze({
    timeseries: freeze([]),
    interval: typeof interval === "string" && interval !== "" ? interval : "hour",
    loading: true,
    fetching: true,
    error: null,
  });
}

/** A read whose options the client refused. */
export function failedRead(initial, error) {
  return freeze({ ...initial, loading: false, fetching: false, error });
}
