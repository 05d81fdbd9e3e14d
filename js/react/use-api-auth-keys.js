// useApiAuthKeys(filters), as in @wacht/jsx.
import { useMemo } from "react";
import { useRead } from "./use-read.js";

/**
 * The key list `{ keys, loading, fetching, error }` plus `createKey`, `rotateKey`, `revokeKey`
 * (each resolves to `{ data }`; the secret of a new key is only there; every key list and audit
 * read of the client is refreshed after) and `refetch`. `filters` (`{ status }`) are compared by
 * value.
 */
export function useApiAuthKeys(filters) {
  const { snapshot, withClient, refetch } = useRead("keys", filters, (client) => client.apiAuthKeys(filters));
  const methods = useMemo(
    () => ({
      createKey: (input) => withClient((client) => client.createKey(input)),
      rotateKey: (input) => withClient((client) => client.rotateKey(input)),
      revokeKey: (input) => withClient((client) => client.revokeKey(input)),
      refetch,
    }),
    [withClient, refetch],
  );
  return useMemo(() => ({ ...snapshot, ...methods }), [snapshot, methods]);
}
