//! The one query cache behind every key and audit store (in the manner of TanStack Query's core):
//!
//! * one entry per distinct query (kind + request URL); stores observe entries;
//! * an entry fetches when its first observer arrives and has no data; observers arriving while
//!   a request is in flight share it;
//! * an explicit refetch or an invalidation starts a new request and supersedes the older one,
//!   whose answer is dropped (and whose fetch is aborted);
//! * when the last observer leaves, the in-flight request is aborted and the entry removed.
//!
//! The cache knows no endpoint: a [`Query`] brings its kind, its request and the shape its data
//! is checked against. Entries hold only what list/read endpoints return (checked JS values as
//! the browser parsed them): key secrets never enter the cache.

use super::kind::QueryKind;
use crate::error::{ClientError, ErrorCode};
use crate::json::schema::Shape;
use crate::json::Value;
use crate::listeners::{notify, Listener, Listeners};
use crate::outcome::{share, SharedOutcome};
use crate::session::client::Client;
use crate::transport::request::ApiRequest;
use futures::future::{AbortHandle, Abortable, FutureExt, LocalBoxFuture};
use std::cell::RefCell;
use std::rc::{Rc, Weak};

/// A read the cache can perform.
#[derive(Debug, Clone)]
pub struct Query {
    /// Endpoint family.
    pub kind: QueryKind,
    /// The request.
    pub request: ApiRequest,
    /// What the response's `data` must be.
    pub shape: &'static Shape,
}

impl Query {
    /// The cache key: the request's path and query (the path names the endpoint), so equal
    /// reads share an entry.
    pub fn key(&self) -> String {
        self.request
            .to_http("", crate::transport::Mode::Production, None)
            .url
    }

    async fn run(self, client: Rc<Client>) -> Result<Value, ClientError> {
        client.fetch_data(&self.request, self.shape).await
    }
}

/// What observers see of an entry.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryState {
    /// The last successful result.
    pub data: Option<Value>,
    /// The last failure, cleared by the next success.
    pub error: Option<ClientError>,
    /// A request is in flight.
    pub fetching: bool,
    /// Moves whenever any of the above changes.
    pub version: u64,
    /// Moves whenever `data` is replaced.
    pub data_version: u64,
}

struct Entry {
    query: Query,
    state: EntryState,
    generation: u64,
    observers: Rc<RefCell<Listeners>>,
    /// Aborts the request in flight, if any.
    in_flight: Option<AbortHandle>,
}

/// The entries by key: a page has a handful, so a list is all it takes.
#[derive(Default)]
struct Entries(Vec<(String, Entry)>);

impl Entries {
    fn iter(&self) -> impl Iterator<Item = (&String, &Entry)> {
        self.0.iter().map(|(key, entry)| (key, entry))
    }

    fn get(&self, key: &str) -> Option<&Entry> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, entry)| entry)
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Entry> {
        self.0
            .iter_mut()
            .find(|(k, _)| k == key)
            .map(|(_, entry)| entry)
    }

    fn remove(&mut self, key: &str) -> Option<Entry> {
        let index = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.swap_remove(index).1)
    }

    /// The entry of `key`, made by `make` first if there is none.
    fn get_or_insert_with(
        &mut self,
        key: &str,
        make: impl FnOnce() -> Entry,
    ) -> Option<&mut Entry> {
        if self.get(key).is_none() {
            self.0.push((key.to_owned(), make()));
        }
        self.get_mut(key)
    }
}

/// The cache. Shared behind an `Rc` by the client's stores.
pub struct QueryCache {
    client: Rc<Client>,
    entries: RefCell<Entries>,
    established_listener: std::cell::Cell<u64>,
}

impl Drop for QueryCache {
    fn drop(&mut self) {
        self.client
            .gate()
            .off_established(self.established_listener.get());
    }
}

impl QueryCache {
    /// A cache sending through `client`. Reads that failed with `no_session` run again, once,
    /// when the client establishes a session.
    pub fn new(client: Rc<Client>) -> Rc<QueryCache> {
        let cache = Rc::new(QueryCache {
            client,
            entries: RefCell::new(Entries::default()),
            established_listener: std::cell::Cell::new(0),
        });
        let weak = Rc::downgrade(&cache);
        let id = cache.client.gate().on_established(Rc::new(move || {
            if let Some(cache) = weak.upgrade() {
                cache.rerun_no_session_reads();
            }
        }));
        cache.established_listener.set(id);
        cache
    }

    fn rerun_no_session_reads(self: &Rc<Self>) {
        let keys: Vec<String> = self
            .entries
            .borrow()
            .iter()
            .filter(|(_, entry)| {
                entry.in_flight.is_none()
                    && entry
                        .state
                        .error
                        .as_ref()
                        .is_some_and(|e| e.code == ErrorCode::NoSession)
            })
            .map(|(key, _)| key.clone())
            .collect();
        for key in keys {
            drop(self.start_fetch(&key));
        }
    }

    /// The client the cache sends through.
    pub fn client(&self) -> &Rc<Client> {
        &self.client
    }

    /// Starts observing `query`; `listener` runs after every change of its entry. Fetches if the
    /// entry has neither data nor a request in flight. Returns the entry key and listener id.
    pub fn observe(self: &Rc<Self>, query: Query, listener: Listener) -> (String, u64) {
        let key = query.key();
        let (id, needs_fetch) = {
            let mut entries = self.entries.borrow_mut();
            let entry = entries.get_or_insert_with(&key, || Entry {
                query,
                state: EntryState {
                    data: None,
                    error: None,
                    fetching: false,
                    version: 0,
                    data_version: 0,
                },
                generation: 0,
                observers: Rc::new(RefCell::new(Listeners::default())),
                in_flight: None,
            });
            // The entry is there: found or just made. (Ids start at 1, so 0 observes nothing.)
            entry.map_or((0, false), |entry| {
                let id = entry.observers.borrow_mut().add(listener);
                (id, entry.state.data.is_none() && entry.in_flight.is_none())
            })
        };
        if needs_fetch {
            drop(self.start_fetch(&key));
        }
        (key, id)
    }

    /// Stops observing. The last observer leaving aborts the request in flight and removes the
    /// entry.
    pub fn unobserve(&self, key: &str, id: u64) {
        let removed = {
            let mut entries = self.entries.borrow_mut();
            let Some(entry) = entries.get_mut(key) else {
                return;
            };
            let mut observers = entry.observers.borrow_mut();
            observers.remove(id);
            let empty = observers.is_empty();
            drop(observers);
            if empty {
                entries.remove(key)
            } else {
                None
            }
        };
        if let Some(in_flight) = removed.and_then(|entry| entry.in_flight) {
            in_flight.abort();
        }
    }

    /// The entry's state, if the entry exists.
    pub fn state(&self, key: &str) -> Option<EntryState> {
        self.entries
            .borrow()
            .get(key)
            .map(|entry| entry.state.clone())
    }

    /// The entry's version, if the entry exists (cheap; for snapshot caching).
    pub fn version(&self, key: &str) -> Option<u64> {
        self.entries
            .borrow()
            .get(key)
            .map(|entry| entry.state.version)
    }

    /// Fetches the entry again now, superseding any request in flight.
    pub fn refetch(
        self: &Rc<Self>,
        key: &str,
    ) -> LocalBoxFuture<'static, Result<Value, ClientError>> {
        match self.start_fetch(key) {
            Some(fetch) => fetch.boxed_local(),
            None => futures::future::ready(Err(ClientError::disposed())).boxed_local(),
        }
    }

    /// Refetches every observed entry whose kind `matches`; returns each kind with its fetch.
    pub fn invalidate(
        self: &Rc<Self>,
        matches: impl Fn(QueryKind) -> bool,
    ) -> Vec<(
        QueryKind,
        LocalBoxFuture<'static, Result<Value, ClientError>>,
    )> {
        let keys: Vec<(String, QueryKind)> = self
            .entries
            .borrow()
            .iter()
            .filter(|(_, entry)| matches(entry.query.kind) && !entry.observers.borrow().is_empty())
            .map(|(key, entry)| (key.clone(), entry.query.kind))
            .collect();
        keys.into_iter()
            .map(|(key, kind)| (kind, self.refetch(&key)))
            .collect()
    }

    /// Applies `change` to the entry's state; bumps versions and notifies observers if it changed.
    fn update(&self, key: &str, change: impl FnOnce(&mut Entry)) {
        let observers = {
            let mut entries = self.entries.borrow_mut();
            let Some(entry) = entries.get_mut(key) else {
                return;
            };
            let before = entry.state.clone();
            change(entry);
            if entry.state.data != before.data {
                entry.state.data_version += 1;
            }
            let changed = entry.state.data != before.data
                || entry.state.error != before.error
                || entry.state.fetching != before.fetching;
            if !changed {
                return;
            }
            entry.state.version += 1;
            entry.observers.clone()
        };
        notify(&observers);
    }

    fn start_fetch(self: &Rc<Self>, key: &str) -> Option<SharedOutcome> {
        let (abort, registration) = AbortHandle::new_pair();
        let cache: Weak<QueryCache> = Rc::downgrade(self);
        let (fetch, superseded) = {
            let mut entries = self.entries.borrow_mut();
            let entry = entries.get_mut(key)?;
            entry.generation += 1;
            let (generation, key) = (entry.generation, key.to_owned());
            let epoch = self.client.gate().epoch();
            let run = entry.query.clone().run(self.client.clone());
            // The result lands in the entry before anyone awaiting the fetch sees it.
            let fetch = share(Abortable::new(run, registration).map(move |result| {
                let result = result.unwrap_or_else(|_| {
                    Err(ClientError::new(
                        ErrorCode::Aborted,
                        "request aborted: superseded or no longer observed",
                    ))
                });
                if let Some(cache) = cache.upgrade() {
                    let missed_session = result
                        .as_ref()
                        .is_err_and(|e| e.code == ErrorCode::NoSession)
                        && cache.client.gate().epoch() != epoch;
                    cache.finish(&key, generation, result.clone());
                    if missed_session {
                        // A session was established while this read was on the wire.
                        drop(cache.start_fetch(&key));
                    }
                }
                result
            }));
            let superseded = entry.in_flight.replace(abort);
            (fetch, superseded)
        };
        if let Some(old) = superseded {
            old.abort();
        }
        self.update(key, |entry| entry.state.fetching = true);
        let driver = fetch.clone();
        self.client.spawn_detached(async move {
            let _ = driver.await;
        });
        Some(fetch)
    }

    fn finish(&self, key: &str, generation: u64, result: Result<Value, ClientError>) {
        self.update(key, |entry| {
            if entry.generation != generation {
                return; // a newer request owns the entry; this answer is stale
            }
            entry.in_flight = None;
            entry.state.fetching = false;
            match result {
                Ok(data) => {
                    // The same data again keeps the snapshot (and its objects) as it was.
                    let same = entry
                        .state
                        .data
                        .as_ref()
                        .is_some_and(|d| d.same_json(&data));
                    if !same {
                        // Every store of the query shares it: nobody may change it.
                        data.freeze_deep();
                        entry.state.data = Some(data);
                    }
                    entry.state.error = None;
                }
                Err(error) => entry.state.error = Some(error),
            }
        });
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::api::keys::{keys_list_query, KeyListOptions};
    use crate::test_support::{cache_setup, envelope, FakeServer};
    use futures::executor::LocalPool;
    use serde_json::json;
    use std::cell::Cell;

    struct Harness {
        pool: LocalPool,
        server: Rc<FakeServer>,
        cache: Rc<QueryCache>,
    }

    fn harness() -> Harness {
        let (pool, server, cache) = cache_setup();
        Harness {
            pool,
            server,
            cache,
        }
    }

    fn keys_query(status: Option<&str>) -> Query {
        keys_list_query(&KeyListOptions {
            status: status.map(str::to_string),
        })
    }

    fn keys_body(names: &[&str]) -> String {
        let keys: Vec<_> = names
            .iter()
            .enumerate()
            .map(|(i, name)| json!({"id": i.to_string(), "name": name, "key_prefix":"p","key_suffix":"s","is_active":true,"created_at":"2026-01-01T00:00:00Z"}))
            .collect();
        envelope(json!(keys))
    }

    fn names(state: &EntryState) -> Vec<String> {
        match &state.data {
            Some(keys) => keys
                .items()
                .iter()
                .filter_map(|k| k.string_at("name"))
                .collect(),
            None => Vec::new(),
        }
    }

    fn counter() -> (Rc<Cell<u32>>, Listener) {
        let count = Rc::new(Cell::new(0));
        let c = count.clone();
        (count, Rc::new(move || c.set(c.get() + 1)))
    }

    #[test]
    fn two_observers_of_one_query_share_one_request() {
        let mut h = harness();
        h.server
            .respond("/api-auth/keys", 200, keys_body(&["a"]), None);
        let (_, l1) = counter();
        let (_, l2) = counter();
        let (key1, _) = h.cache.observe(keys_query(Some("active")), l1);
        let (key2, _) = h.cache.observe(keys_query(Some("active")), l2);
        assert_eq!(key1, key2);
        h.pool.run_until_stalled();
        assert_eq!(h.server.count("/api-auth/keys"), 1);
        assert_eq!(names(&h.cache.state(&key1).unwrap()), vec!["a"]);
        // A different query is a different entry.
        let (l3_count, l3) = counter();
        let (key3, _) = h.cache.observe(keys_query(None), l3);
        h.pool.run_until_stalled();
        assert_ne!(key1, key3);
        assert_eq!(h.server.count("/api-auth/keys"), 2);
        assert_eq!(l3_count.get(), 2, "fetching, then data");
    }

    #[test]
    fn an_observer_arriving_mid_flight_joins_the_request() {
        let mut h = harness();
        h.server.hold("/api-auth/keys");
        let (_, l1) = counter();
        let (key, _) = h.cache.observe(keys_query(None), l1);
        h.pool.run_until_stalled();
        let (_, l2) = counter();
        h.cache.observe(keys_query(None), l2);
        h.pool.run_until_stalled();
        assert_eq!(h.server.pending().len(), 1);
        assert!(h.server.release(0, 200, keys_body(&["x"])));
        h.pool.run_until_stalled();
        let state = h.cache.state(&key).unwrap();
        assert_eq!(
            (names(&state), state.fetching),
            (vec!["x".to_string()], false)
        );
    }

    #[test]
    fn an_older_answer_arriving_after_a_newer_one_is_dropped() {
        let mut h = harness();
        h.server.hold("/api-auth/keys");
        let (_, listener) = counter();
        let (key, _) = h.cache.observe(keys_query(None), listener);
        h.pool.run_until_stalled();
        let newer = h.cache.refetch(&key);
        h.pool.run_until_stalled();
        let pending = h.server.pending();
        assert_eq!(pending.len(), 2);
        assert!(!pending[0].1, "the superseded request is aborted");
        h.server.release(1, 200, keys_body(&["new"]));
        h.server.release(0, 200, keys_body(&["old"]));
        h.pool.run_until_stalled();
        assert_eq!(names(&h.cache.state(&key).unwrap()), vec!["new"]);
        assert_eq!(h.pool.run_until(newer).unwrap().length(), 1);
    }

    #[test]
    fn the_last_observer_leaving_aborts_and_removes_the_entry() {
        let mut h = harness();
        h.server.hold("/api-auth/keys");
        let (_, l1) = counter();
        let (_, l2) = counter();
        let (key, id1) = h.cache.observe(keys_query(None), l1);
        let (_, id2) = h.cache.observe(keys_query(None), l2);
        h.pool.run_until_stalled();
        h.cache.unobserve(&key, id1);
        h.pool.run_until_stalled();
        assert!(h.server.pending()[0].1, "one observer still waits");
        h.cache.unobserve(&key, id2);
        h.pool.run_until_stalled();
        assert!(!h.server.pending()[0].1, "nobody waits: aborted");
        assert!(h.cache.state(&key).is_none());
        assert_eq!(
            h.cache
                .refetch(&key)
                .now_or_never()
                .unwrap()
                .unwrap_err()
                .code,
            ErrorCode::Aborted
        );
    }

    #[test]
    fn invalidation_refetches_each_observed_entry_of_the_kinds_once() {
        let mut h = harness();
        h.server
            .respond("/api-auth/keys", 200, keys_body(&["a"]), None);
        h.server.respond("/api-auth/audit/analytics", 200, envelope(json!({"total_requests":0,"allowed_requests":0,"blocked_requests":0,"success_rate":0.0})), None);
        let (_, l1) = counter();
        let (_, l2) = counter();
        let (_, l3) = counter();
        h.cache.observe(keys_query(Some("active")), l1);
        h.cache.observe(keys_query(Some("all")), l2);
        let analytics = crate::api::audit::analytics_query(&Default::default());
        h.cache.observe(analytics, l3);
        h.pool.run_until_stalled();
        assert_eq!(
            (
                h.server.count("/api-auth/keys"),
                h.server.count("/api-auth/audit/analytics")
            ),
            (2, 1)
        );
        let fetches = h.cache.invalidate(|kind| kind == QueryKind::Keys);
        assert_eq!(fetches.len(), 2);
        h.pool.run_until_stalled();
        assert_eq!(
            (
                h.server.count("/api-auth/keys"),
                h.server.count("/api-auth/audit/analytics")
            ),
            (4, 1)
        );
        h.cache.invalidate(|kind| kind != QueryKind::Keys);
        h.pool.run_until_stalled();
        assert_eq!(
            (
                h.server.count("/api-auth/keys"),
                h.server.count("/api-auth/audit/analytics")
            ),
            (4, 2)
        );
    }

    #[test]
    fn versions_move_only_on_visible_changes_and_errors_keep_data() {
        let mut h = harness();
        h.server
            .respond("/api-auth/keys", 200, keys_body(&["a"]), None);
        let (count, listener) = counter();
        let (key, _) = h.cache.observe(keys_query(None), listener);
        h.pool.run_until_stalled();
        let loaded = h.cache.state(&key).unwrap();
        let _ = h.pool.run_until(h.cache.refetch(&key));
        h.pool.run_until_stalled();
        let same = h.cache.state(&key).unwrap();
        assert_eq!(
            same.data_version, loaded.data_version,
            "same data, same data version"
        );
        assert!(
            same.data.unwrap().is_same(&loaded.data.unwrap()),
            "the same objects are kept"
        );
        assert_eq!(count.get(), 4, "fetching/data, then fetching/not fetching");
        h.server.respond(
            "/api-auth/keys",
            500,
            json!({"message":"boom"}).to_string(),
            None,
        );
        let result = h.pool.run_until(h.cache.refetch(&key));
        h.pool.run_until_stalled();
        assert_eq!(result.unwrap_err().message, "boom");
        let failed = h.cache.state(&key).unwrap();
        assert_eq!(names(&failed), vec!["a"]);
        assert_eq!(failed.error.unwrap().status, Some(500));
    }
}
