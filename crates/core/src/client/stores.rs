//! The observable stores as data: the API-auth app session store and the stores over one cache
//! entry (keys, analytics, timeseries, logs with their extra pages), and how each builds its
//! snapshot. Snapshots are cached per version, so `getSnapshot()` returns the same frozen object
//! until something visible changed.

use super::effects::{Answer, Id};
use crate::api::audit_logs_pages::LogsPages;
use crate::api::endpoint::ReadEndpoint;
use crate::api::read_snapshot;
use crate::json::Json;
use crate::query::cache::{EntryState, Query};
use crate::session::state::SessionState;

/// Where a session store's ticket comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketArg {
    /// No ticket: read the session as it is.
    None,
    /// A ticket in hand.
    Ready(String),
    /// A ticket on its way (a promise): reads wait for it. The host reports it with
    /// `on_answer` on the wait the core returns.
    Pending,
}

/// How a store over a cache entry shows it.
#[derive(Debug)]
pub enum View<J: Json> {
    /// As its endpoint's snapshot, with the store's checked options (`apiAuthKeys`,
    /// `apiAuthAuditAnalytics`, `apiAuthAuditTimeseries`).
    Read(&'static ReadEndpoint, J),
    /// `apiAuthAuditLogs`: the first page from the entry and the pages `loadMore` appended.
    Logs(Box<LogsPages<J>>),
}

/// A store over one cache entry.
#[derive(Debug)]
pub struct QueryStore<J: Json> {
    /// The query it observes.
    pub query: Query,
    /// The entry it observes; `None` before it starts and while disposed.
    pub entry: Option<Id>,
    /// It started (had a subscriber) or was disposed; until then it shows its loading state.
    pub started: bool,
    /// How it shows the entry.
    pub view: View<J>,
    /// A logs store's `loadMore` read in flight and the calls waiting for it.
    pub load_more: Option<(Id, Vec<Id>)>,
}

/// What a session store does when it starts (its first subscriber, or a method call). Its
/// `Debug` never prints the ticket it keeps.
pub enum SessionStart {
    /// Nothing: it has started.
    Started,
    /// Read the session as it is.
    Read,
    /// Exchange this ticket (kept in memory until then, never stored).
    Exchange(String),
    /// Wait for the ticket the app's promise brings; the host reports it on this wait.
    Await(Id),
    /// That promise answered (on this wait) before the store started.
    Answered(Id, Answer),
}

impl std::fmt::Debug for SessionStart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SessionStart::Started => f.write_str("Started"),
            SessionStart::Read => f.write_str("Read"),
            SessionStart::Exchange(_) => f.write_str("Exchange([ticket])"),
            SessionStart::Await(wait) => f.debug_tuple("Await").field(wait).finish(),
            SessionStart::Answered(wait, _) => f
                .debug_tuple("Answered")
                .field(wait)
                .field(&"[answer]")
                .finish(),
        }
    }
}

/// The API-auth app session store.
#[derive(Debug)]
pub struct SessionStore<J: Json> {
    /// The hook's state machine.
    pub state: SessionState<J>,
    /// What it does when it starts.
    pub start: SessionStart,
    /// Disposed: sends nothing more.
    pub disposed: bool,
    /// Tickets still on their way (exchange generation, wait); each holds the session gate.
    pub ticket_waits: Vec<(u64, Id)>,
}

/// What a store is.
#[derive(Debug)]
pub enum StoreKind<J: Json> {
    /// `apiAuthAppSession`.
    Session(SessionStore<J>),
    /// A key or audit store.
    Query(QueryStore<J>),
}

/// A store and its cached snapshot.
#[derive(Debug)]
pub struct Store<J: Json> {
    /// The store's id.
    pub id: Id,
    /// What it is.
    pub kind: StoreKind<J>,
    /// The last snapshot and the version it was built at.
    pub cached: Option<([u64; 3], J)>,
}

impl<J: Json> Store<J> {
    /// A store of `kind`.
    pub fn new(id: Id, kind: StoreKind<J>) -> Store<J> {
        Store {
            id,
            kind,
            cached: None,
        }
    }

    /// The cache entry it observes, if any.
    pub fn entry(&self) -> Option<Id> {
        match &self.kind {
            StoreKind::Query(store) => store.entry,
            StoreKind::Session(_) => None,
        }
    }

    /// The session store, if this is one.
    pub fn session(&mut self) -> Option<&mut SessionStore<J>> {
        match &mut self.kind {
            StoreKind::Session(store) => Some(store),
            StoreKind::Query(_) => None,
        }
    }

    /// The snapshot, rebuilt only when its version moved. `state` is the observed entry's.
    pub fn snapshot(&mut self, state: Option<&EntryState<J>>) -> J {
        let version = match &self.kind {
            StoreKind::Session(store) => [store.state.version(), 0, 0],
            StoreKind::Query(store) => [
                store
                    .entry
                    .map_or(u64::from(!store.started) << 32, u64::from),
                state.map_or(0, |s| s.version),
                match &store.view {
                    View::Logs(pages) => pages.version,
                    _ => 0,
                },
            ],
        };
        if let Some((cached, value)) = &self.cached {
            if *cached == version {
                return value.clone();
            }
        }
        let value = match &mut self.kind {
            StoreKind::Session(store) => store.state.snapshot().to_value(),
            StoreKind::Query(store) => match &mut store.view {
                View::Read(endpoint, options) => read_snapshot(endpoint, state, options),
                View::Logs(pages) => pages.snapshot(state, store.load_more.is_some()),
            },
        };
        value.freeze();
        self.cached = Some((version, value.clone()));
        value
    }
}
