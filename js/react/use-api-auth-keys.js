// useApiAuthKeys(filters), as in @wacht/jsx.
import { useMemo } from "react";
import { initialKeys } from "./initial-snapshots.js";
import { useRead } from "./use-read.js";

/**
 * The key list `{ keys, loading, fetching, error }` plus `createKey`, `rotateKey`, `revokeKey`
 * (each resolves to `{ data }`; the secret of a new key is only there; every key list and audit
 * read of the client is refreshed after) and `refetch`. `filters` (`{ status }`) are compared by
 * value.
 */
export function useApiAuthKeys(filters) {
  const { snapshot, client, refetch } = useRead("keys", filters, () => initialKeys, (client) => client.apiAuthKeys(filters));
  const methods = useMemo(
    () => ({
      createKey: (input) => client.createKey(input),
      rotateKey: (input) => client.rotateKey(input),
      revokeKey: (input) => client.revokeKey(input),
      refetch,
    }),
    [client, refetch],
  );
  return useMemo(() => ({ ...snapshot, ...methods }), [snapshot, methods]);
}
