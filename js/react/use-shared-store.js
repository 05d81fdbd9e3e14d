// The one place the hooks meet React: useSyncExternalStore over a shared store (shared-stores.js).
import { useCallback, useMemo, useSyncExternalStore } from "react";
import { FAILED, FIRST } from "./first-snapshots.js";
import { useWachtState } from "./provider.js";
import { hold, peek, wasDisposed } from "./shared-stores.js";

/**
 * The snapshot of the shared store of `key`. The hook makes its store (`create(client)`) as soon
 * as there is a client, and shows that store's snapshots (its loading state until the first
 * subscriber starts it, then those of the store shared under `key`). Where there is no store to
 * ask, it shows the `kind` of store's snapshot generated from the client's stores
 * (first-snapshots.js): its first one while the provider makes the client (and on the server),
 * its failed one, with the error, when the client refused `create` (bad options) or the provider
 * could not make the client. `adopt(registry)`: see `hold`.
 */
export function useSharedStore(kind, key, create, adopt) {
  const { client, error } = useWachtState();
  // Made from the render that produced `key`; every render with the same key asks for the same
  // store, so new functions (or an equal options object) alone make nothing new.
  const own = useMemo(() => {
    if (client === null) return { failed: error === null ? FIRST[kind] : failure(kind, error) };
    try {
      return { store: create(client) };
    } catch (refused) {
      return { failed: failure(kind, refused) };
    }
  }, [client, error, key]);
  const subscribe = useCallback(
    (onChange) => {
      if (own.store === undefined) return () => undefined;
      const mine = () => (wasDisposed(own.store) ? create(client) : own.store);
      const shared = hold(client, key, mine, adopt);
      const unsubscribe = shared.subscribe(onChange);
      return () => {
        unsubscribe();
        shared.release();
      };
    },
    [client, key, own],
  );
  const getSnapshot = () => own.failed ?? (peek(client, key)?.store ?? own.store).getSnapshot();
  return useSyncExternalStore(subscribe, getSnapshot, () => own.failed ?? own.store.getSnapshot());
}

/** The failed snapshot of `kind` with `error`, the same object for the same pair. */
const failures = new Map();

function failure(kind, error) {
  let byError = failures.get(kind);
  if (byError === undefined) failures.set(kind, (byError = new WeakMap()));
  const key = typeof error === "object" && error !== null ? error : failures;
  if (!byError.has(key)) {
    const field = kind.startsWith("session") ? "sessionError" : "error";
    byError.set(key, Object.freeze({ ...FAILED[kind], [field]: error }));
  }
  return byError.get(key);
}

// The generated snapshots are shared by every hook: frozen, as the client's are.
for (const snapshots of [FIRST, FAILED]) {
  for (const snapshot of Object.values(snapshots)) {
    for (const value of Object.values(snapshot)) if (typeof value === "object" && value !== null) Object.freeze(value);
    Object.freeze(snapshot);
  }
}

/** The client's store of `key` while a mounted hook holds it, or null. */
export function mountedStore(client, key) {
  return (client === null ? undefined : peek(client, key))?.store ?? null;
}

/**
 * `refetch()` of a read hook: resolves to the data read, or to `undefined` when the read failed
 * (the error is in the snapshot), as SWR's `mutate()` behind the `@wacht/jsx` hooks does.
 */
export function refetchOf(client, key) {
  const store = mountedStore(client, key);
  if (store === null) return Promise.resolve(undefined);
  return store.refetch().then((data) => data, () => undefined);
}
