//! Stores over the query cache: what `apiAuthKeys`, `apiAuthAuditAnalytics` and
//! `apiAuthAuditTimeseries` return (the logs store with its extra pages is in `logs_store`).
//! Snapshots keep the hooks' field names (`keys`, `analytics`, `timeseries`, `interval`,
//! `loading`, `error`) and add `fetching` (a request is in flight, also with data on screen).

use crate::audit::{ApiAuditAnalytics, TimeseriesPoint};
use crate::error::{ClientError, ErrorCode};
use crate::keys::ApiKey;
use crate::listeners::{notify, Listener, Listeners};
use crate::query_cache::{EntryState, Query, QueryCache, QueryData};
use futures::future::LocalBoxFuture;
use serde::Serialize;
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
    pub fn refetch(&self) -> LocalBoxFuture<'static, Result<QueryData, ClientError>> {
        if self.is_disposed() {
            return Box::pin(futures::future::ready(Err(disposed())));
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

#[cfg(test)]
mod observer_tests {
    use super::*;
    use crate::query_cache::QueryKind;
    use crate::test_support::{cache_setup, envelope};
    use serde_json::json;

    #[test]
    fn a_disposed_observer_revives_when_subscribed_again() {
        let (mut pool, server, cache) = cache_setup();
        server.respond("/api-auth/keys", 200, envelope(json!([])), None);
        let observer = QueryObserver::new(
            cache,
            Query {
                kind: QueryKind::Keys,
                request: crate::keys::list_request(&Default::default()),
            },
        );
        pool.run_until_stalled();
        observer.dispose();
        assert!(observer.state().is_none());
        let calls = Rc::new(Cell::new(0));
        let c = calls.clone();
        observer.subscribe(Rc::new(move || c.set(c.get() + 1)));
        pool.run_until_stalled();
        assert!(!observer.is_disposed());
        assert_eq!(keys_snapshot(observer.state()).keys.len(), 0);
        assert!(
            observer.state().unwrap().data.is_some(),
            "the entry was fetched again"
        );
        assert_eq!(server.count("/api-auth/keys"), 2);
        assert!(calls.get() >= 1);
    }
}

impl Drop for QueryObserver {
    fn drop(&mut self) {
        self.dispose();
    }
}

/// The error of calls on a disposed store.
pub fn disposed() -> ClientError {
    ClientError::new(ErrorCode::Aborted, "the store was disposed")
}

/// `loading` as the hooks mean it: the first load, with nothing to show yet.
pub fn first_load(state: &Option<EntryState>) -> bool {
    state
        .as_ref()
        .is_some_and(|s| s.fetching && s.data.is_none())
}

/// Snapshots that carry the last read error (`error` in JS).
pub trait HasError {
    /// The error, if any.
    fn error(&self) -> Option<&ClientError>;
}

macro_rules! has_error {
    ($($snapshot:ty),*) => {$(
        impl HasError for $snapshot {
            fn error(&self) -> Option<&ClientError> {
                self.error.as_ref()
            }
        }
    )*};
}
has_error!(
    KeysSnapshot,
    AnalyticsSnapshot,
    TimeseriesSnapshot,
    crate::logs_store::LogsSnapshot
);

/// Snapshot of `apiAuthKeys`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeysSnapshot {
    /// The keys (`[]` until loaded).
    pub keys: Vec<ApiKey>,
    /// First load in progress.
    pub loading: bool,
    /// A request is in flight.
    pub fetching: bool,
    /// The last read error.
    pub error: Option<ClientError>,
}

/// Builds the keys snapshot from an entry state.
pub fn keys_snapshot(state: Option<EntryState>) -> KeysSnapshot {
    let loading = first_load(&state);
    let (data, fetching, error) = parts(state);
    let keys = match data {
        Some(QueryData::Keys(keys)) => keys,
        _ => Vec::new(),
    };
    KeysSnapshot {
        keys,
        loading,
        fetching,
        error,
    }
}

/// Snapshot of `apiAuthAuditAnalytics`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalyticsSnapshot {
    /// The analytics (`null` until loaded).
    pub analytics: Option<ApiAuditAnalytics>,
    /// First load in progress.
    pub loading: bool,
    /// A request is in flight.
    pub fetching: bool,
    /// The last read error.
    pub error: Option<ClientError>,
}

/// Builds the analytics snapshot from an entry state.
pub fn analytics_snapshot(state: Option<EntryState>) -> AnalyticsSnapshot {
    let loading = first_load(&state);
    let (data, fetching, error) = parts(state);
    let analytics = match data {
        Some(QueryData::AuditAnalytics(analytics)) => Some(analytics),
        _ => None,
    };
    AnalyticsSnapshot {
        analytics,
        loading,
        fetching,
        error,
    }
}

/// Snapshot of `apiAuthAuditTimeseries`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeseriesSnapshot {
    /// Non-empty buckets (`[]` until loaded or when the server sent `null`).
    pub timeseries: Vec<TimeseriesPoint>,
    /// The server's interval, else the requested one, else `hour`.
    pub interval: String,
    /// First load in progress.
    pub loading: bool,
    /// A request is in flight.
    pub fetching: bool,
    /// The last read error.
    pub error: Option<ClientError>,
}

/// Builds the timeseries snapshot from an entry state and the requested interval.
pub fn timeseries_snapshot(
    state: Option<EntryState>,
    requested_interval: Option<&str>,
) -> TimeseriesSnapshot {
    let loading = first_load(&state);
    let (data, fetching, error) = parts(state);
    let (timeseries, served_interval) = match data {
        Some(QueryData::AuditTimeseries(series)) => (series.data, series.interval),
        _ => (Vec::new(), String::new()),
    };
    let interval = [Some(served_interval.as_str()), requested_interval]
        .into_iter()
        .flatten()
        .find(|i| !i.is_empty())
        .unwrap_or("hour")
        .to_string();
    TimeseriesSnapshot {
        timeseries,
        interval,
        loading,
        fetching,
        error,
    }
}

fn parts(state: Option<EntryState>) -> (Option<QueryData>, bool, Option<ClientError>) {
    match state {
        Some(state) => (state.data, state.fetching, state.error),
        None => (None, false, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::ApiAuditTimeseries;

    fn state(data: Option<QueryData>, fetching: bool) -> Option<EntryState> {
        Some(EntryState {
            data,
            error: None,
            fetching,
            version: 1,
            data_version: 1,
        })
    }

    #[test]
    fn loading_means_first_load_only() {
        assert!(keys_snapshot(state(None, true)).loading);
        let loaded = keys_snapshot(state(Some(QueryData::Keys(Vec::new())), true));
        assert!(!loaded.loading && loaded.fetching);
        assert!(!keys_snapshot(None).loading);
    }

    #[test]
    fn timeseries_interval_falls_back_like_the_hook() {
        let served = QueryData::AuditTimeseries(ApiAuditTimeseries {
            data: Vec::new(),
            interval: "day".into(),
        });
        assert_eq!(
            timeseries_snapshot(state(Some(served), false), Some("week")).interval,
            "day"
        );
        assert_eq!(
            timeseries_snapshot(state(None, true), Some("week")).interval,
            "week"
        );
        assert_eq!(
            timeseries_snapshot(state(None, true), None).interval,
            "hour"
        );
        assert_eq!(analytics_snapshot(state(None, false)).analytics, None);
    }

    #[test]
    fn snapshots_serialize_with_hook_field_names() {
        let json = serde_json::to_value(keys_snapshot(state(None, true))).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"keys": [], "loading": true, "fetching": true, "error": null})
        );
    }
}
