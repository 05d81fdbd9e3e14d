// The one place the hooks meet React: useSyncExternalStore over a shared store (shared-stores.js).
import { useCallback, useSyncExternalStore } from "react";
import { useWachtState } from "./provider.js";
import { hold, peek } from "./shared-stores.js";

/**
 * The snapshot of the shared store of `key`: `initial` until the store exists (on the server,
 * where it never does, and while the provider makes its client), then the store's own snapshots.
 * `create(client)` makes the store; `failed(initial, error)` is the snapshot when the client
 * refused to make it (bad options) or the provider could not make the client. `soon`: make it
 * after the commit's effects (reads) instead of at once (the session, whose ticket must reach the
 * client before any read of the same commit starts). `adopt(registry)`: see `hold`.
 */
export function useSharedStore(key, create, initial, failed, soon, adopt) {
  const { client, error } = useWachtState();
  // `create` and `adopt` come from the render that produced `key`; every render with the same
  // key asks for the same store, so new functions alone do not resubscribe.
  const subscribe = useCallback(
    (onChange) => {
      if (client === null) return () => undefined;
      const shared = hold(client, key, () => create(client), soon, adopt);
      const unsubscribe = shared.subscribe(onChange);
      return () => {
        unsubscribe();
        shared.release();
      };
    },
    [client, key, soon],
  );
  const getSnapshot = () =>
    error !== null ? failedOnce(initial, error, failed) : snapshotOf(peek(client, key), initial, failed);
  return useSyncExternalStore(subscribe, getSnapshot, () => initial);
}

function snapshotOf(shared, initial, failed) {
  if (shared === undefined) return initial;
  if (shared.store !== null) return shared.store.getSnapshot();
  if (shared.failure !== null) return (shared.failedSnapshot ??= failed(initial, shared.failure));
  return initial;
}

/** initial → error → its failed snapshot, the same object for the same pair. */
const failures = new WeakMap();

function failedOnce(initial, error, failed) {
  let byError = failures.get(initial);
  if (byError === undefined) failures.set(initial, (byError = new WeakMap()));
  const key = typeof error === "object" && error !== null ? error : failures;
  if (!byError.has(key)) byError.set(key, failed(initial, error));
  return byError.get(key);
}

/**
 * The client's store of `key` while a mounted hook holds it (made now if it was about to be), or
 * null.
 */
export function mountedStore(client, key) {
  const shared = client === null ? undefined : peek(client, key);
  if (shared === undefined) return null;
  shared.start();
  return shared.store;
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
