//! The store behind `apiAuthAuditLogs`: the first page comes from the shared query cache;
//! `loadMore()` follows `next_cursor` (only while `has_more`) and appends pages the store owns.
//! When the first page is replaced (refetch, invalidation) the appended pages are dropped, so
//! the list never mixes an old tail with a new head.

use crate::audit::{logs_request, ApiAuditLog, ApiAuditLogsPage, AuditLogsOptions};
use crate::error::ClientError;
use crate::query_cache::{EntryState, Query, QueryCache, QueryData, QueryKind};
use crate::query_store::{disposed, first_load, QueryObserver};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Snapshot of `apiAuthAuditLogs`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogsSnapshot {
    /// Entries of the first page and every loaded page, newest first.
    pub logs: Vec<ApiAuditLog>,
    /// The server's page size, else the requested one, else 0.
    pub limit: u32,
    /// More entries follow the last loaded page.
    pub has_more: bool,
    /// Cursor after the last loaded page; `null` unless `has_more`.
    pub next_cursor: Option<String>,
    /// First load in progress.
    pub loading: bool,
    /// A request for the first page is in flight.
    pub fetching: bool,
    /// A `loadMore()` is in flight.
    pub loading_more: bool,
    /// The last error of the first page or of `loadMore()`.
    pub error: Option<ClientError>,
}

type SharedMore = Shared<LocalBoxFuture<'static, Result<bool, ClientError>>>;

#[derive(Default)]
struct ExtraPages {
    /// `data_version` of the first page these pages continue.
    base: u64,
    pages: Vec<ApiAuditLogsPage>,
    in_flight: Option<SharedMore>,
    error: Option<ClientError>,
}

/// The logs store.
pub struct LogsStore {
    observer: QueryObserver,
    options: AuditLogsOptions,
    extra: RefCell<ExtraPages>,
    local_version: Cell<u64>,
}

impl LogsStore {
    /// Observes the first page of `options`.
    pub fn new(cache: Rc<QueryCache>, options: AuditLogsOptions) -> Rc<LogsStore> {
        let query = Query {
            kind: QueryKind::AuditLogs,
            request: logs_request(&options),
        };
        Rc::new(LogsStore {
            observer: QueryObserver::new(cache, query),
            options,
            extra: RefCell::default(),
            local_version: Cell::new(0),
        })
    }

    /// The subscription to the first page (listeners, refetch, dispose).
    pub fn observer(&self) -> &QueryObserver {
        &self.observer
    }

    /// Changes whenever the snapshot may have changed.
    pub fn version(&self) -> (u64, u64) {
        (self.observer.version(), self.local_version.get())
    }

    fn changed(&self) {
        self.local_version.set(self.local_version.get() + 1);
        self.observer.notify();
    }

    /// Extra pages that still continue the current first page.
    fn valid_pages(&self, state: &EntryState) -> Vec<ApiAuditLogsPage> {
        let extra = self.extra.borrow();
        if extra.base == state.data_version {
            extra.pages.clone()
        } else {
            Vec::new()
        }
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> LogsSnapshot {
        let state = self.observer.state();
        let loading = first_load(&state);
        let Some(state) = state else {
            return LogsSnapshot {
                logs: Vec::new(),
                limit: self.options.limit.unwrap_or(0),
                has_more: false,
                next_cursor: None,
                loading,
                fetching: false,
                loading_more: false,
                error: None,
            };
        };
        let first = match &state.data {
            Some(QueryData::AuditLogs(page)) => Some(page.clone()),
            _ => None,
        };
        let pages: Vec<ApiAuditLogsPage> =
            first.into_iter().chain(self.valid_pages(&state)).collect();
        let last = pages.last();
        let has_more = last.is_some_and(|page| page.has_more);
        let next_cursor = if has_more {
            last.and_then(|page| page.next_cursor.clone())
        } else {
            None
        };
        let limit = pages
            .first()
            .map(|page| page.limit)
            .filter(|l| *l > 0)
            .or(self.options.limit)
            .unwrap_or(0);
        let extra = self.extra.borrow();
        LogsSnapshot {
            logs: pages
                .iter()
                .flat_map(|page| page.data.iter().cloned())
                .collect(),
            limit,
            has_more,
            next_cursor,
            loading,
            fetching: state.fetching,
            loading_more: extra.in_flight.is_some(),
            error: state.error.clone().or_else(|| extra.error.clone()),
        }
    }

    /// Loads the page after the last loaded one. Resolves `true` when a page was appended and
    /// `false` when there was nothing (more) to load; concurrent calls share one request.
    pub fn load_more(self: &Rc<Self>) -> LocalBoxFuture<'static, Result<bool, ClientError>> {
        let Some(state) = self.observer.state() else {
            return futures::future::ready(Err(disposed())).boxed_local();
        };
        if let Some(in_flight) = self.extra.borrow().in_flight.clone() {
            return in_flight.boxed_local();
        }
        let snapshot = self.snapshot();
        let Some(cursor) = snapshot.next_cursor else {
            return futures::future::ready(Ok(false)).boxed_local();
        };
        let base = state.data_version;
        let request = logs_request(&AuditLogsOptions {
            cursor: Some(cursor),
            ..self.options.clone()
        });
        let client = self.observer.cache().client().clone();
        let store = Rc::downgrade(self);
        let fetch = async move {
            let result = client.fetch_data::<ApiAuditLogsPage>(&request).await;
            let Some(store) = store.upgrade() else {
                return Err(disposed());
            };
            {
                let mut extra = store.extra.borrow_mut();
                extra.in_flight = None;
                if extra.base != base {
                    extra.pages.clear();
                    extra.base = base;
                }
            }
            let still_current = store
                .observer
                .state()
                .is_some_and(|s| s.data_version == base);
            let outcome = match result {
                Ok(page) if still_current => {
                    let mut extra = store.extra.borrow_mut();
                    extra.pages.push(page);
                    extra.error = None;
                    Ok(true)
                }
                Ok(_) => Ok(false),
                Err(error) => {
                    store.extra.borrow_mut().error = Some(error.clone());
                    Err(error)
                }
            };
            store.changed();
            outcome
        }
        .boxed_local()
        .shared();
        self.extra.borrow_mut().in_flight = Some(fetch.clone());
        self.changed();
        fetch.boxed_local()
    }

    /// Leaves the cache entry; in-flight `loadMore` results are discarded. Subscribing again
    /// revives the store (see [`QueryObserver`]).
    pub fn dispose(&self) {
        self.observer.dispose();
        *self.extra.borrow_mut() = ExtraPages::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{cache_setup, envelope, FakeServer};
    use futures::executor::LocalPool;
    use serde_json::json;

    fn log(id: u32) -> serde_json::Value {
        json!({"request_id": format!("req_{id}"), "deployment_id":"42","app_slug":"aa_42","key_id":"1","key_name":"k",
            "outcome":"VALID","client_ip":"127.0.0.1","path":"GET /x","user_agent":"ua","timestamp":"2026-01-01T00:00:00Z"})
    }

    fn page(ids: &[u32], has_more: bool, cursor: &str) -> String {
        envelope(
            json!({"data": ids.iter().map(|i| log(*i)).collect::<Vec<_>>(), "limit": 2, "has_more": has_more, "next_cursor": cursor}),
        )
    }

    fn setup() -> (LocalPool, Rc<FakeServer>, Rc<QueryCache>) {
        cache_setup()
    }

    fn ids(snapshot: &LogsSnapshot) -> Vec<String> {
        snapshot.logs.iter().map(|l| l.request_id.clone()).collect()
    }

    #[test]
    fn load_more_follows_the_cursor_while_has_more() {
        let (mut pool, server, cache) = setup();
        server.respond("/api-auth/audit/logs", 200, page(&[5, 4], true, "c1"), None);
        let store = LogsStore::new(
            cache,
            AuditLogsOptions {
                limit: Some(2),
                ..Default::default()
            },
        );
        pool.run_until_stalled();
        assert_eq!(
            (
                store.snapshot().next_cursor.as_deref(),
                store.snapshot().has_more
            ),
            (Some("c1"), true)
        );
        server.respond("/api-auth/audit/logs", 200, page(&[3], false, "c2"), None);
        assert_eq!(pool.run_until(store.load_more()), Ok(true));
        let snapshot = store.snapshot();
        assert_eq!(ids(&snapshot), vec!["req_5", "req_4", "req_3"]);
        assert_eq!(
            (snapshot.has_more, snapshot.next_cursor),
            (false, None),
            "next_cursor is dropped without has_more"
        );
        assert_eq!(pool.run_until(store.load_more()), Ok(false));
        assert_eq!(server.count("/api-auth/audit/logs"), 2);
        let urls: Vec<String> = server.requests().into_iter().map(|r| r.url).collect();
        assert!(
            urls.iter()
                .any(|u| u.ends_with("/api-auth/audit/logs?limit=2&cursor=c1")),
            "{urls:?}"
        );
    }

    #[test]
    fn a_new_first_page_drops_the_appended_pages() {
        let (mut pool, server, cache) = setup();
        server.respond("/api-auth/audit/logs", 200, page(&[5, 4], true, "c1"), None);
        let store = LogsStore::new(cache, AuditLogsOptions::default());
        pool.run_until_stalled();
        server.respond("/api-auth/audit/logs", 200, page(&[3], false, "c2"), None);
        pool.run_until(store.load_more()).unwrap();
        server.respond("/api-auth/audit/logs", 200, page(&[6, 5], true, "c3"), None);
        pool.run_until(store.observer().refetch()).unwrap();
        assert_eq!(ids(&store.snapshot()), vec!["req_6", "req_5"]);
    }

    #[test]
    fn concurrent_load_more_calls_share_one_request() {
        let (mut pool, server, cache) = setup();
        server.respond("/api-auth/audit/logs", 200, page(&[2], true, "c1"), None);
        let store = LogsStore::new(cache, AuditLogsOptions::default());
        pool.run_until_stalled();
        server.respond("/api-auth/audit/logs", 200, page(&[1], false, "c2"), None);
        let (a, b) = (store.load_more(), store.load_more());
        assert!(store.snapshot().loading_more);
        assert_eq!(
            pool.run_until(futures::future::join(a, b)),
            (Ok(true), Ok(true))
        );
        assert_eq!(server.count("/api-auth/audit/logs"), 2);
        assert_eq!(ids(&store.snapshot()), vec!["req_2", "req_1"]);
    }
}
