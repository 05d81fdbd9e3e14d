// What every read hook (keys, audit logs, analytics, timeseries) does: a shared store per options,
// compared by value, and `refetch`.
import { useMemo } from "react";
import { optionsKey } from "./options-key.js";
import { useWachtState } from "./provider.js";
import { refetchOf, useSharedStore } from "./use-shared-store.js";

/**
 * The snapshot of the `kind` read with `options` (`create(client)` makes its store), the client
 * (null while the provider makes it), `withClient(fn)` (`fn(client)`, once there is a client), the
 * store's key and `refetch`.
 */
export function useRead(kind, options, create) {
  const { client, ready } = useWachtState();
  const key = optionsKey(kind, options);
  const snapshot = useSharedStore(kind, key, create);
  const refetch = useMemo(() => () => refetchOf(client, key), [client, key]);
  const withClient = useMemo(() => (fn) => (client !== null ? fn(client) : ready.then(fn)), [client, ready]);
  return { snapshot, client, withClient, key, refetch };
}
