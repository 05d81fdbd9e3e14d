//! The store behind `apiAuthAuditLogs`: the first page comes from the shared query cache;
//! `loadMore()` follows `next_cursor` (only while `has_more`) and appends pages the store owns.
//! When the first page is replaced (refetch, invalidation) the appended pages are dropped, so
//! the list never mixes an old tail with a new head.

use super::audit::{logs_query, logs_request, AuditLogsOptions, LOGS_PAGE};
use crate::error::ClientError;
use crate::json::Value;
use crate::outcome::{share, SharedOutcome};
use crate::query::cache::{EntryState, QueryCache};
use crate::query::observer::{QueryObserver, Read};
use futures::future::{FutureExt, LocalBoxFuture};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

#[derive(Default)]
struct ExtraPages {
    /// `data_version` of the first page these pages continue.
    base: u64,
    /// Checked `ApiAuditLogsPage`s.
    pages: Vec<Value>,
    /// The `loadMore` in flight; resolves to `true` when it appended a page.
    in_flight: Option<SharedOutcome>,
    error: Option<ClientError>,
}

/// The logs store.
pub struct LogsStore {
    observer: QueryObserver,
    options: AuditLogsOptions,
    extra: RefCell<ExtraPages>,
    local_version: Cell<u64>,
    /// The `logs` of several pages, kept while the pages are the same, so `logs` changes
    /// identity only when its content does.
    joined: RefCell<Option<(Vec<Value>, Value)>>,
}

/// The pages a logs snapshot is made of, and where they lead.
struct Pages {
    pages: Vec<Value>,
    has_more: bool,
    next_cursor: Option<String>,
}

impl LogsStore {
    /// Observes the first page of `options`.
    pub fn new(cache: Rc<QueryCache>, options: AuditLogsOptions) -> Rc<LogsStore> {
        Rc::new(LogsStore {
            observer: QueryObserver::new(cache, logs_query(&options)),
            options,
            extra: RefCell::default(),
            local_version: Cell::new(0),
            joined: RefCell::new(None),
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

    /// The first page and the extra pages that still continue it.
    fn pages(&self, state: Option<&EntryState>) -> Pages {
        let extra = self.extra.borrow();
        let first = state.and_then(|s| s.data.clone());
        let continues = state.is_some_and(|s| s.data_version == extra.base);
        let extra_pages = if continues {
            extra.pages.clone()
        } else {
            Vec::new()
        };
        let pages: Vec<Value> = first.into_iter().chain(extra_pages).collect();
        let last = pages.last();
        let has_more = last.is_some_and(|page| page.get("has_more").as_bool() == Some(true));
        let next_cursor = if has_more {
            last.and_then(|page| page.string_at("next_cursor"))
        } else {
            None
        };
        Pages {
            pages,
            has_more,
            next_cursor,
        }
    }

    /// The entries of `pages` in one array, the same array while the pages are the same.
    fn joined_logs(&self, pages: &[Value]) -> Value {
        let mut joined = self.joined.borrow_mut();
        if let Some((joined_pages, logs)) = joined.as_ref() {
            let same = joined_pages.len() == pages.len()
                && joined_pages.iter().zip(pages).all(|(a, b)| a.is_same(b));
            if same {
                return logs.clone();
            }
        }
        let logs = Value::concat(
            &pages
                .iter()
                .map(|page| page.get("data"))
                .collect::<Vec<_>>(),
        );
        *joined = Some((pages.to_vec(), logs.clone()));
        logs
    }

    /// Snapshot of `apiAuthAuditLogs`: `{ logs, limit, has_more, next_cursor, loading, fetching,
    /// loading_more, error }`. `logs` holds the first page and every loaded page, newest first;
    /// `limit` is the server's page size, else the requested one, else 0; `next_cursor` is
    /// `null` unless `has_more`; `error` is the first page's or the last `loadMore()`'s.
    pub fn snapshot(&self) -> Value {
        let state = self.observer.state();
        let pages = self.pages(state.as_ref());
        let mut read = Read::of(state);
        let extra = self.extra.borrow();
        if read.error.is_none() && !self.observer.is_disposed() {
            read.error = extra.error.clone();
        }
        let served_limit = pages
            .pages
            .first()
            .and_then(|page| page.get("limit").as_f64())
            .filter(|l| *l > 0.0);
        let limit = served_limit
            .or(self.options.limit.map(f64::from))
            .unwrap_or(0.0);
        let logs = match pages.pages.as_slice() {
            [only] => only.get("data"),
            all => self.joined_logs(all),
        };
        let snapshot = read.snapshot(&[
            ("logs", logs),
            ("limit", Value::from_f64(limit)),
            ("has_more", Value::from_bool(pages.has_more)),
            (
                "next_cursor",
                Value::or_null(pages.next_cursor.as_deref().map(Value::string)),
            ),
        ]);
        snapshot.set(
            "loading_more",
            &Value::from_bool(!self.observer.is_disposed() && extra.in_flight.is_some()),
        );
        snapshot
    }

    /// Loads the page after the last loaded one. Resolves `true` when a page was appended and
    /// `false` when there was nothing (more) to load (a JS boolean); concurrent calls share one
    /// request.
    pub fn load_more(self: &Rc<Self>) -> LocalBoxFuture<'static, Result<Value, ClientError>> {
        let Some(state) = self.observer.state() else {
            return futures::future::ready(Err(ClientError::disposed())).boxed_local();
        };
        if let Some(in_flight) = self.extra.borrow().in_flight.clone() {
            return in_flight.boxed_local();
        }
        let Some(cursor) = self.pages(Some(&state)).next_cursor else {
            return futures::future::ready(Ok(Value::from_bool(false))).boxed_local();
        };
        let base = state.data_version;
        let request = logs_request(&AuditLogsOptions {
            cursor: Some(cursor),
            ..self.options.clone()
        });
        let client = self.observer.cache().client().clone();
        let store = Rc::downgrade(self);
        let fetch = share(async move {
            let result = client.fetch_data(&request, &LOGS_PAGE).await;
            let Some(store) = store.upgrade() else {
                return Err(ClientError::disposed());
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
                    Ok(Value::from_bool(true))
                }
                Ok(_) => Ok(Value::from_bool(false)),
                Err(error) => {
                    store.extra.borrow_mut().error = Some(error.clone());
                    Err(error)
                }
            };
            store.changed();
            outcome
        });
        self.extra.borrow_mut().in_flight = Some(fetch.clone());
        self.changed();
        fetch.boxed_local()
    }

    /// Leaves the cache entry; in-flight `loadMore` results are discarded. Subscribing again
    /// revives the store (see [`QueryObserver`]).
    pub fn dispose(&self) {
        self.observer.dispose();
        *self.extra.borrow_mut() = ExtraPages::default();
        *self.joined.borrow_mut() = None;
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
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

    fn ids(snapshot: &Value) -> Vec<String> {
        snapshot
            .get("logs")
            .items()
            .iter()
            .filter_map(|l| l.string_at("request_id"))
            .collect()
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
        let snapshot = store.snapshot().to_json();
        assert_eq!(
            (
                &snapshot["next_cursor"],
                &snapshot["has_more"],
                &snapshot["limit"]
            ),
            (&json!("c1"), &json!(true), &json!(2))
        );
        server.respond("/api-auth/audit/logs", 200, page(&[3], false, "c2"), None);
        assert_eq!(
            pool.run_until(store.load_more()).unwrap().as_bool(),
            Some(true)
        );
        let snapshot = store.snapshot();
        assert_eq!(ids(&snapshot), vec!["req_5", "req_4", "req_3"]);
        assert!(
            snapshot.get("logs").is_same(&store.snapshot().get("logs")),
            "the joined pages keep their array"
        );
        let json = snapshot.to_json();
        assert_eq!(
            (&json["has_more"], &json["next_cursor"]),
            (&json!(false), &json!(null)),
            "next_cursor is dropped without has_more"
        );
        assert_eq!(
            pool.run_until(store.load_more()).unwrap().as_bool(),
            Some(false)
        );
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
        assert_eq!(store.snapshot().get("loading_more").as_bool(), Some(true));
        let (a, b) = pool.run_until(futures::future::join(a, b));
        assert_eq!(
            (a.unwrap().as_bool(), b.unwrap().as_bool()),
            (Some(true), Some(true))
        );
        assert_eq!(server.count("/api-auth/audit/logs"), 2);
        assert_eq!(ids(&store.snapshot()), vec!["req_2", "req_1"]);
    }
}
