// The stores behind the hooks, shared by key within one client: every hook that asks for the same
// read with equal options (or the same ticket) gets the same store, and a store may have several
// keys (the session store awaiting the app's ticket is also the store of the ticket it then gets,
// see use-api-auth-app-session.js). A store is created by the
// first subscription, never while rendering, and disposed once its last subscriber has been gone
// for a moment: React StrictMode unmounts and remounts every component once, and the store (and
// its request) outlives that. Nothing here runs during server rendering, which only reads the
// hooks' initial snapshots.

/** client → Map(key → SharedStore). */
const registries = new WeakMap();

/** One store and the hooks subscribed to it. */
class SharedStore {
  constructor(create, forget) {
    this.create = create;
    this.forget = forget;
    /** The client's store, once created. */
    this.store = null;
    /** What creating the store threw (options the client refused), if it did. */
    this.failure = null;
    this.holders = 0;
    this.listeners = new Set();
    this.startQueued = false;
    this.disposeTimer = undefined;
    this.stopped = false;
  }

  /** Creates the store now, if that has not happened yet. */
  start() {
    if (this.store !== null || this.failure !== null || this.stopped) return;
    try {
      this.store = this.create();
    } catch (error) {
      this.failure = error;
      this.notify();
      return;
    }
    this.store.subscribe(() => this.notify());
    this.notify();
  }

  /** Creates the store after the current commit's effects (so a session hook anywhere in the
   *  same commit has handed its ticket to the client first, and reads wait for the exchange). */
  startSoon() {
    if (this.store !== null || this.startQueued) return;
    this.startQueued = true;
    queueMicrotask(() => {
      this.startQueued = false;
      if (this.holders > 0) this.start();
    });
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
    this.stopped = true;
    this.forget();
    this.listeners.clear();
    this.store?.dispose();
  }
}

/** The shared store of `key` while some hook holds it. */
export function peek(client, key) {
  return registries.get(client)?.get(key);
}

/**
 * Holds the shared store of `key` (created with `create()` if there is none), for one subscriber;
 * call `release()` on it when that subscriber leaves. With `soon`, the client's store is created
 * after the current commit's effects instead of now. `adopt(registry, shared)`, if given, sees the
 * store of `key` (or undefined) and may name another held store instead, which is then the store of
 * `key` too (an alias).
 */
export function hold(client, key, create, soon, adopt) {
  let registry = registries.get(client);
  if (registry === undefined) {
    registry = new Map();
    registries.set(client, registry);
  }
  let shared = registry.get(key);
  if (adopt !== undefined) shared = adopt(registry, shared);
  if (shared === undefined) {
    const created = new SharedStore(create, () => {
      for (const [name, store] of registry) if (store === created) registry.delete(name);
    });
    shared = created;
  }
  registry.set(key, shared);
  shared.holders += 1;
  clearTimeout(shared.disposeTimer);
  if (soon) shared.startSoon();
  else shared.start();
  return shared;
}
