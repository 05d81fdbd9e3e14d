//! The pages of an `apiAuthAuditLogs` store: the first page is the shared cache entry's data;
//! `loadMore()` follows `next_cursor` (only while `has_more`) and appends pages the store owns.
//! When the first page is replaced (refetch, invalidation) the appended pages are dropped, so
//! the list never mixes an old tail with a new head.

use super::audit::LOGS_READ;
use crate::error::ClientError;
use crate::json::Json;
use crate::query::cache::EntryState;
use crate::query::read::Read;
use crate::transport::request::ApiRequest;

/// The store's own part of the log list.
#[derive(Debug)]
pub struct LogsPages<J: Json> {
    /// The checked options the store was made with.
    options: J,
    /// `data_version` of the first page the extra pages continue.
    base: u64,
    /// Checked `ApiAuditLogsPage`s after the first.
    pages: Vec<J>,
    /// The last `loadMore` failure.
    error: Option<ClientError>,
    /// Moves whenever the store's own part changes.
    pub version: u64,
    /// The `logs` of several pages, kept while the pages are the same, so `logs` changes
    /// identity only when its content does.
    joined: Option<(Vec<J>, J)>,
}

impl<J: Json> LogsPages<J> {
    /// The pages of a store made with checked `options`.
    pub fn new(options: J) -> LogsPages<J> {
        LogsPages {
            options,
            base: 0,
            pages: Vec::new(),
            error: None,
            version: 0,
            joined: None,
        }
    }

    /// The first page and the extra pages that still continue it.
    fn all_pages(&self, state: Option<&EntryState<J>>) -> Vec<J> {
        let first = state.and_then(|s| s.data.clone());
        let continues = state.is_some_and(|s| s.data_version == self.base);
        let mut pages: Vec<J> = first.into_iter().collect();
        if continues {
            pages.extend(self.pages.iter().cloned());
        }
        pages
    }

    /// Where the last loaded page leads: `next_cursor` while `has_more`.
    fn next_cursor(pages: &[J]) -> Option<String> {
        let last = pages.last()?;
        if last.get("has_more").as_bool() == Some(true) {
            last.string_at("next_cursor")
        } else {
            None
        }
    }

    /// The request of the page after the last loaded one, and the `data_version` of the first
    /// page it continues; `None` when there is nothing more to load.
    pub fn next_request(&self, state: &EntryState<J>) -> Option<(ApiRequest, u64)> {
        let cursor = Self::next_cursor(&self.all_pages(Some(state)))?;
        let query = LOGS_READ.query_with(&self.options, Some(("cursor", &cursor)));
        Some((query.request, state.data_version))
    }

    /// A `loadMore` read ended. `current` says whether the first page is still the one (by
    /// `data_version`) the read continued. Resolves `true` when a page was appended.
    pub fn loaded(
        &mut self,
        base: u64,
        current: bool,
        result: Result<J, ClientError>,
    ) -> Result<J, ClientError> {
        if self.base != base {
            self.pages.clear();
            self.base = base;
        }
        self.version += 1;
        match result {
            Ok(page) if current => {
                self.pages.push(page);
                self.error = None;
                Ok(J::from_bool(true))
            }
            Ok(_) => Ok(J::from_bool(false)),
            Err(error) => {
                self.error = Some(error.clone());
                Err(error)
            }
        }
    }

    /// Forgets the extra pages (the store was disposed).
    pub fn clear(&mut self) {
        *self = LogsPages::new(self.options.clone());
    }

    /// The entries of `pages` in one array, the same array while the pages are the same.
    fn joined_logs(&mut self, pages: &[J]) -> J {
        if let Some((joined_pages, logs)) = &self.joined {
            let same = joined_pages.len() == pages.len()
                && joined_pages.iter().zip(pages).all(|(a, b)| a.is_same(b));
            if same {
                return logs.clone();
            }
        }
        let logs = J::concat(
            &pages
                .iter()
                .map(|page| page.get("data"))
                .collect::<Vec<_>>(),
        );
        self.joined = Some((pages.to_vec(), logs.clone()));
        logs
    }

    /// Snapshot of `apiAuthAuditLogs`: `{ logs, limit, has_more, next_cursor, loading, fetching,
    /// loading_more, error }`. `logs` holds the first page and every loaded page, newest first;
    /// `limit` is the server's page size, else the requested one, else 0; `next_cursor` is
    /// `null` unless `has_more`; `error` is the first page's or the last `loadMore()`'s;
    /// `loading_more` is whether a `loadMore()` is in flight. `state` is `None` while the store
    /// is disposed.
    pub fn snapshot(&mut self, state: Option<&EntryState<J>>, loading_more: bool) -> J {
        let pages = self.all_pages(state);
        let mut read = Read::of(state);
        if read.error.is_none() && state.is_some() {
            read.error = self.error.clone();
        }
        let served_limit = pages
            .first()
            .and_then(|page| page.get("limit").as_f64())
            .filter(|l| *l > 0.0);
        let requested_limit = self.options.get("limit").as_f64();
        let limit = served_limit.or(requested_limit).unwrap_or(0.0);
        let next_cursor = Self::next_cursor(&pages);
        let has_more = pages
            .last()
            .is_some_and(|page| page.get("has_more").as_bool() == Some(true));
        let logs = match pages.as_slice() {
            [only] => only.get("data"),
            all => self.joined_logs(all),
        };
        let snapshot = read.snapshot(&[
            ("logs", logs),
            ("limit", J::from_f64(limit)),
            ("has_more", J::from_bool(has_more)),
            (
                "next_cursor",
                J::or_null(next_cursor.as_deref().map(J::string)),
            ),
        ]);
        snapshot.set(
            "loading_more",
            &J::from_bool(state.is_some() && loading_more),
        );
        snapshot
    }
}

/// Snapshot of `apiAuthAuditLogs` before any `loadMore`.
pub fn logs_snapshot<J: Json>(state: Option<&EntryState<J>>, options: &J) -> J {
    LogsPages::new(options.clone()).snapshot(state, false)
}
