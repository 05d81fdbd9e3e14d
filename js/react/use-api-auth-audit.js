// useApiAuthAuditLogs, useApiAuthAuditAnalytics and useApiAuthAuditTimeseries, as in @wacht/jsx.
import { useMemo } from "react";
import { useRead } from "./use-read.js";
import { mountedStore } from "./use-shared-store.js";

/**
 * Audit logs `{ logs, limit, has_more, next_cursor, loading, fetching, loading_more, error }` plus
 * `refetch` and `loadMore()` (appends the next page while `has_more`; resolves `false` when there
 * is nothing more). `next_cursor` is `undefined` when there is none (the store's `null`), as in
 * @wacht/jsx. Options are compared by value.
 */
export function useApiAuthAuditLogs(options) {
  const { snapshot, client, key, refetch } = useRead("logs", options, (client) => client.apiAuthAuditLogs(options));
  const methods = useMemo(
    () => ({ refetch, loadMore: () => mountedStore(client, key)?.loadMore() ?? Promise.resolve(false) }),
    [client, key, refetch],
  );
  return useMemo(() => ({ ...snapshot, next_cursor: snapshot.next_cursor ?? undefined, ...methods }), [snapshot, methods]);
}

/** Audit analytics `{ analytics, loading, fetching, error }` plus `refetch`. */
export function useApiAuthAuditAnalytics(options) {
  const { snapshot, refetch } = useRead("analytics", options, (client) => client.apiAuthAuditAnalytics(options));
  return useMemo(() => ({ ...snapshot, refetch }), [snapshot, refetch]);
}

/** An audit timeseries `{ timeseries, interval, loading, fetching, error }` plus `refetch`. */
export function useApiAuthAuditTimeseries(options) {
  const { snapshot, refetch } = useRead("timeseries", options, (client) => client.apiAuthAuditTimeseries(options));
  return useMemo(() => ({ ...snapshot, refetch }), [snapshot, refetch]);
}
