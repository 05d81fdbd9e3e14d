// The stores behind the hooks, shared by key within one client: every hook that asks for the same
// read with equal options (or the same ticket) gets the same store, and a store may have several
// keys (the session store awaiting the app's ticket is also the store of the ticket it then gets,
// see use-api-auth-app-session.js). A hook makes its store while rendering (that sends nothing: a
// store starts on its first subscriber); the first hook to subscribe shares it under its key, and
// it is disposed once its last subscriber has been gone for a moment: React StrictMode unmounts
// and remounts every component once, and the store (and its request) outlives that.

/** client → Map(key → SharedStore). */
const registries = new WeakMap();
/** The client's stores disposed here (a hook that held one makes a new one). */
const disposed = new WeakSet();

/** One store and the hooks subscribed to it. */
class SharedStore {
  constructor(store, forget) {
    this.store = store;
    this.forget = forget;
    this.holders = 0;
    this.listeners = new Set();
    this.disposeTimer = undefined;
    // Subscribing starts the client's store.
    store.subscribe(() => this.notify());
  }

  /** Calls `listener` after every change of the store; returns the unsubscribe function. */
  subscribe(listener) {
    const entry = { listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  notify() {
    for (const { listener } of [...this.listeners]) listener();
  }

  /** A subscriber left; the last one out disposes the store unless another comes right back. */
  release() {
    this.holders -= 1;
    if (this.holders > 0) return;
    clearTimeout(this.disposeTimer);
    this.disposeTimer = setTimeout(() => {
      if (this.holders === 0) this.stop();
    }, 0);
  }

  stop() {
    this.forget();
    this.listeners.clear();
    disposed.add(this.store);
    this.store.dispose();
  }
}

/** The shared store of `key` while some hook holds it. */
export function peek(client, key) {
  return registries.get(client)?.get(key);
}

/**
 * Holds the shared store of `key` (sharing `store()` if there is none), for one subscriber; call
 * `release()` on it when that subscriber leaves. `adopt(registry, shared)`, if given, sees the
 * store of `key` (or undefined) and may name another held store instead, which is then the store of
 * `key` too (an alias).
 */
export function hold(client, key, store, adopt) {
  let registry = registries.get(client);
  if (registry === undefined) {
    registry = new Map();
    registries.set(client, registry);
  }
  let shared = registry.get(key);
  if (adopt !== undefined) shared = adopt(registry, shared);
  if (shared === undefined) {
    const created = new SharedStore(store(), () => {
      for (const [name, store] of registry) if (store === created) registry.delete(name);
    });
    shared = created;
  }
  registry.set(key, shared);
  shared.holders += 1;
  clearTimeout(shared.disposeTimer);
  return shared;
}

/** Whether the hooks disposed `store` (its last subscriber left). */
export function wasDisposed(store) {
  return disposed.has(store);
}
