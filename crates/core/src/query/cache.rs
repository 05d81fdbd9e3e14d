//! The entries of the one query cache behind every key and audit store (in the manner of
//! TanStack Query's core), as plain data: [`crate::client::Core`] decides when an entry fetches;
//! an entry keeps what its last fetch brought and moves its versions only on visible changes.
//!
//! * one entry per distinct query (kind + request URL); stores observe entries;
//! * an entry fetches when its first observer arrives and has no data; observers arriving while
//!   a request is in flight share it;
//! * a refetch or an invalidation starts a new request and supersedes the older one, whose
//!   answer is dropped (and whose request is aborted);
//! * when the last observer leaves, the request in flight is aborted and the entry removed.
//!
//! The cache knows no endpoint: a [`Query`] brings its kind, its request and the shape its data
//! is checked against. Entries hold only what list/read endpoints return (checked JS values as
//! the browser parsed them): key secrets never enter the cache.

use super::kind::QueryKind;
use crate::error::ClientError;
use crate::ids::Id;
use crate::json::schema::Shape;
use crate::json::Json;
use crate::transport::request::ApiRequest;

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
}

/// What observers see of an entry.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryState<J: Json> {
    /// The last successful result.
    pub data: Option<J>,
    /// The last failure, cleared by the next success.
    pub error: Option<ClientError>,
    /// A request is in flight.
    pub fetching: bool,
    /// Moves whenever any of the above changes.
    pub version: u64,
    /// Moves whenever `data` is replaced.
    pub data_version: u64,
}

impl<J: Json> Default for EntryState<J> {
    fn default() -> EntryState<J> {
        EntryState {
            data: None,
            error: None,
            fetching: false,
            version: 0,
            data_version: 0,
        }
    }
}

/// One cached query.
#[derive(Debug)]
pub struct Entry<J: Json> {
    /// The entry's id.
    pub id: Id,
    /// [`Query::key`].
    pub key: String,
    /// The query it fetches.
    pub query: Query,
    /// What observers see.
    pub state: EntryState<J>,
    /// How many stores observe it.
    pub observers: u32,
    /// The read in flight, if any.
    pub in_flight: Option<Id>,
    /// The calls (refetch promises) waiting for the read in flight.
    pub callers: Vec<Id>,
}

impl<J: Json> Entry<J> {
    /// A new entry for `query` (whose [`Query::key`] is `key`), with no data and no observer.
    pub fn new(id: Id, key: String, query: Query) -> Entry<J> {
        Entry {
            id,
            key,
            query,
            state: EntryState::default(),
            observers: 0,
            in_flight: None,
            callers: Vec::new(),
        }
    }

    /// A fetch starts: `fetching` is set. Returns whether the state changed.
    pub fn fetch_started(&mut self) -> bool {
        let changed = !self.state.fetching;
        self.state.fetching = true;
        if changed {
            self.state.version += 1;
        }
        changed
    }

    /// The newest fetch ended: `fetching` is cleared (so the state always changes). The same
    /// data again keeps the data (and its objects) as they were; new data is frozen, since every
    /// store of the query shares it; an error keeps the last good data next to it.
    pub fn fetch_finished(&mut self, result: &Result<J, ClientError>) {
        self.in_flight = None;
        self.state.fetching = false;
        self.state.version += 1;
        match result {
            Ok(data) => {
                let same = self.state.data.as_ref().is_some_and(|d| d.same_json(data));
                if !same {
                    data.freeze_deep();
                    self.state.data = Some(data.clone());
                    self.state.data_version += 1;
                }
                self.state.error = None;
            }
            Err(error) => self.state.error = Some(error.clone()),
        }
    }
}
