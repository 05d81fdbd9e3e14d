//! A store's subscription to one cache entry, and what every query snapshot has: the hooks'
//! `loading` and `error`, plus `fetching` (a request is in flight, also with data on screen).
//! Each endpoint builds its own snapshot from a [`Read`] (see `crate::api`).

use super::cache::{EntryState, Query, QueryCache};
use crate::error::ClientError;
use crate::json::Value;
use crate::listeners::{notify, Listener, Listeners};
use futures::future::LocalBoxFuture;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A store's subscription to one cache entry. Entry changes reach the store's own listeners;
/// disposing (or dropping) it leaves the entry, which aborts a request nobody waits for. A
/// disposed observer that gets a new subscriber observes again (React's StrictMode unmounts and
/// remounts once, calling `dispose` in between).
pub struct QueryObserver {
    cache: Rc<QueryCache>,
    query: Query,
    key: String,
    entry_listener: Cell<Option<u64>>,
    listeners: Rc<RefCell<Listeners>>,
}

impl QueryObserver {
    /// Observes `query` (fetching it if the cache has nothing yet).
    pub fn new(cache: Rc<QueryCache>, query: Query) -> QueryObserver {
        let observer = QueryObserver {
            cache,
            key: query.key(),
            query,
            entry_listener: Cell::new(None),
            listeners: Rc::new(RefCell::new(Listeners::default())),
        };
        observer.observe();
        observer
    }

    fn observe(&self) {
        let forward = self.listeners.clone();
        let (_, id) = self
            .cache
            .observe(self.query.clone(), Rc::new(move || notify(&forward)));
        self.entry_listener.set(Some(id));
    }

    /// The cache this observer reads.
    pub fn cache(&self) -> &Rc<QueryCache> {
        &self.cache
    }

    /// Adds a store listener; a disposed observer starts observing again.
    pub fn subscribe(&self, listener: Listener) -> u64 {
        let id = self.listeners.borrow_mut().add(listener);
        if self.is_disposed() {
            self.observe();
        }
        id
    }

    /// Removes a store listener.
    pub fn unsubscribe(&self, id: u64) {
        self.listeners.borrow_mut().remove(id);
    }

    /// Calls the store listeners (for changes the store makes itself).
    pub fn notify(&self) {
        notify(&self.listeners);
    }

    /// The entry's state; `None` once disposed.
    pub fn state(&self) -> Option<EntryState> {
        self.entry_listener.get()?;
        self.cache.state(&self.key)
    }

    /// The entry's version (0 once disposed).
    pub fn version(&self) -> u64 {
        self.entry_listener
            .get()
            .and_then(|_| self.cache.version(&self.key))
            .unwrap_or(0)
    }

    /// True once disposed.
    pub fn is_disposed(&self) -> bool {
        self.entry_listener.get().is_none()
    }

    /// Fetches the entry again now.
    pub fn refetch(&self) -> LocalBoxFuture<'static, Result<Value, ClientError>> {
        if self.is_disposed() {
            return Box::pin(futures::future::ready(Err(ClientError::disposed())));
        }
        self.cache.refetch(&self.key)
    }

    /// Leaves the entry and drops every listener. Idempotent.
    pub fn dispose(&self) {
        if let Some(id) = self.entry_listener.take() {
            self.cache.unobserve(&self.key, id);
        }
        *self.listeners.borrow_mut() = Listeners::default();
    }
}

impl Drop for QueryObserver {
    fn drop(&mut self) {
        self.dispose();
    }
}

/// `loading` as the hooks mean it: the first load, with nothing to show yet.
pub fn first_load(state: &Option<EntryState>) -> bool {
    state
        .as_ref()
        .is_some_and(|s| s.fetching && s.data.is_none())
}

/// An entry's state as every query snapshot shows it.
#[derive(Debug, Clone, Default)]
pub struct Read {
    /// The last data, if any.
    pub data: Option<Value>,
    /// First load in progress (nothing to show yet).
    pub loading: bool,
    /// A request is in flight.
    pub fetching: bool,
    /// The last read error.
    pub error: Option<ClientError>,
}

impl Read {
    /// Reads an entry state (`None`: disposed, nothing loaded).
    pub fn of(state: Option<EntryState>) -> Read {
        let loading = first_load(&state);
        match state {
            Some(state) => Read {
                data: state.data,
                loading,
                fetching: state.fetching,
                error: state.error,
            },
            None => Read::default(),
        }
    }

    /// A snapshot object: `fields`, then `loading`, `fetching` and `error` (a `WachtError`).
    pub fn snapshot(&self, fields: &[(&'static str, Value)]) -> Value {
        let snapshot = Value::object_of(fields);
        snapshot.set("loading", &Value::from_bool(self.loading));
        snapshot.set("fetching", &Value::from_bool(self.fetching));
        snapshot.set(
            "error",
            &Value::or_null(self.error.as_ref().map(Value::error)),
        );
        snapshot
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn snapshots_carry_loading_fetching_and_a_js_error() {
        let read = Read {
            data: None,
            loading: true,
            fetching: true,
            error: Some(ClientError::with_status(ErrorCode::Http, 500, "boom")),
        };
        let json = read
            .snapshot(&[("keys", Value::array(Vec::new()))])
            .to_json();
        assert_eq!(
            json,
            json!({"keys": [], "loading": true, "fetching": true,
                "error": {"name": "WachtError", "code": "http", "status": 500, "message": "boom"}})
        );
    }

    use crate::api::keys::keys_list_query;
    use crate::test_support::{cache_setup, envelope};
    use serde_json::json;

    #[test]
    fn a_disposed_observer_revives_when_subscribed_again() {
        let (mut pool, server, cache) = cache_setup();
        server.respond("/api-auth/keys", 200, envelope(json!([])), None);
        let observer = QueryObserver::new(cache, keys_list_query(&Default::default()));
        pool.run_until_stalled();
        observer.dispose();
        assert!(observer.state().is_none());
        let calls = Rc::new(Cell::new(0));
        let c = calls.clone();
        observer.subscribe(Rc::new(move || c.set(c.get() + 1)));
        pool.run_until_stalled();
        assert!(!observer.is_disposed());
        assert_eq!(Read::of(observer.state()).data.map(|d| d.length()), Some(0));
        assert!(
            observer.state().unwrap().data.is_some(),
            "the entry was fetched again"
        );
        assert_eq!(server.count("/api-auth/keys"), 2);
        assert!(calls.get() >= 1);
    }
}
