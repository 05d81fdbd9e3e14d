//! The stores: opening them, their snapshots, subscription, refetch and disposal.

use super::{disposed, Core};
use crate::client::effects::Id;
use crate::client::lookup::{find, find_mut};
use crate::client::ops::{Then, WaitFor};
use crate::client::stores::{
    QueryStore, SessionStart, SessionStore, Store, StoreKind, TicketArg, View,
};
use crate::json::Json;
use crate::query::cache::{EntryState, Query};
use crate::session::state::SessionState;

impl<J: Json> Core<J> {
    // ---- stores ------------------------------------------------------------------------------

    /// `apiAuthAppSession(ticket?)`: a store that, from its first subscriber on, exchanges the
    /// ticket and then reads the session (without one, reads the session right away). Returns
    /// the store, and for a ticket on its way the wait the host reports it on (an answer before
    /// the store starts is kept until it does). Sends nothing; the snapshot is already
    /// "exchanging"/"loading".
    pub fn open_session_store(&mut self, ticket: TicketArg) -> (Id, Option<Id>) {
        let id = self.next_id();
        let (start, wait) = match ticket {
            TicketArg::Ready(ticket) if !ticket.trim().is_empty() => {
                (SessionStart::Exchange(ticket), None)
            }
            TicketArg::Pending => {
                let wait = self.next_id();
                (SessionStart::Await(wait), Some(wait))
            }
            _ => (SessionStart::Read, None),
        };
        self.stores.push(Store::new(
            id,
            StoreKind::Session(SessionStore {
                state: SessionState::new(!matches!(start, SessionStart::Read)),
                start,
                disposed: false,
                ticket_waits: Vec::new(),
            }),
        ));
        (id, wait)
    }

    /// A store over `query`, shown as `view`. Sends nothing until it starts.
    pub fn open_query_store(&mut self, query: Query, view: View<J>) -> Id {
        let id = self.next_id();
        self.stores.push(Store::new(
            id,
            StoreKind::Query(QueryStore {
                query,
                entry: None,
                started: false,
                view,
                load_more: None,
            }),
        ));
        id
    }

    /// The store's snapshot (the same object until it changes); `undefined` for a store that
    /// is gone. Before the store starts: its loading state.
    pub fn snapshot(&mut self, store: Id) -> J {
        let Some(store) = find_mut(&mut self.stores, store) else {
            return J::undefined();
        };
        let loading = EntryState {
            fetching: true,
            ..EntryState::default()
        };
        let state = match &store.kind {
            StoreKind::Query(QueryStore {
                entry: Some(id), ..
            }) => find(&self.entries, *id).map(|e| &e.state),
            StoreKind::Query(QueryStore { started: false, .. }) => Some(&loading),
            _ => None,
        };
        store.snapshot(state)
    }

    /// `subscribe`: a store that has not started (or a disposed key or audit store, as after
    /// React StrictMode's unmount-and-remount) starts. Its `/api-auth/*` reads look at the
    /// session gate once the current task is over, so a ticket handed to a session store
    /// subscribed later in the same task still holds them.
    pub fn subscribed(&mut self, store: Id) {
        self.start(store, None);
    }

    /// `refetch()`: reads again now (a store that has not started starts now, and this is its
    /// first read).
    pub fn refetch(&mut self, store: Id) -> Id {
        let call = self.next_id();
        self.start(store, Some(call));
        call
    }

    /// Starts a store that has not started; with a `call` (a refetch), a started store reads
    /// again. `call` gets the outcome of that read.
    fn start(&mut self, store: Id, call: Option<Id>) {
        if let Some(session) = self.session_mut(store) {
            match std::mem::replace(&mut session.start, SessionStart::Started) {
                SessionStart::Started if call.is_none() => {}
                SessionStart::Started | SessionStart::Read => {
                    self.begin_session_read(store, None, call)
                }
                SessionStart::Exchange(ticket) => self.store_exchange(store, &ticket, call),
                SessionStart::Await(wait) => {
                    self.store_ticket_wait(store, call, wait);
                }
                SessionStart::Answered(wait, answer) => {
                    self.store_ticket_wait(store, call, wait);
                    self.on_answer(wait, answer);
                }
            }
            return;
        }
        let query = match find(&self.stores, store).map(|s| &s.kind) {
            Some(StoreKind::Query(q)) => match q.entry {
                Some(entry) => {
                    if call.is_some() {
                        self.start_fetch(entry, call);
                    }
                    return;
                }
                // A disposed store starts again on a subscriber, not on a call.
                None if !(q.started && call.is_some()) => Some(q.query.clone()),
                None => None,
            },
            _ => None,
        };
        let Some(query) = query else {
            self.settle(call, Err(disposed()));
            return;
        };
        let (entry, needs_fetch) = self.observe(&query);
        if let Some(StoreKind::Query(q)) = find_mut(&mut self.stores, store).map(|s| &mut s.kind) {
            q.entry = Some(entry);
            q.started = true;
        }
        if needs_fetch || call.is_some() {
            self.start_fetch(entry, call);
        } else {
            self.notify(store);
        }
    }

    /// `dispose()`: the store stops. A session store sends nothing more (its session reads are
    /// aborted, its tickets on their way are no longer waited for and stop holding the gate,
    /// their calls reject); a store over an entry leaves it (the last observer leaving aborts
    /// its request) and drops its `loadMore` pages.
    pub fn dispose(&mut self, store: Id) {
        let Some(s) = find_mut(&mut self.stores, store) else {
            return;
        };
        let mut ticket_waits = Vec::new();
        let mut entry = None;
        let mut load_more = None;
        match &mut s.kind {
            StoreKind::Session(session) => {
                session.disposed = true;
                // A ticket kept for the start is let go of: a disposed session store stays stopped.
                session.start = SessionStart::Started;
                ticket_waits = std::mem::take(&mut session.ticket_waits);
            }
            StoreKind::Query(query) => {
                entry = query.entry.take();
                query.started = true;
                load_more = query.load_more.take();
                if let View::Logs(pages) = &mut query.view {
                    pages.clear();
                }
            }
        }
        for (_, wait) in ticket_waits {
            if let Some(WaitFor::StoreTicket { call, .. }) = self.drop_wait(wait) {
                self.settle(call, Err(disposed()));
            }
            self.gate_end();
        }
        let reads: Vec<(Id, Option<Id>)> = self
            .reads
            .iter()
            .filter_map(|op| match op.then {
                Then::StoreRead { store: s, call, .. } if s == store => Some((op.id, call)),
                _ => None,
            })
            .collect();
        for (read, call) in reads {
            self.abort_read(read);
            self.settle(call, Err(disposed()));
        }
        if let Some((read, calls)) = load_more {
            self.abort_read(read);
            for call in calls {
                self.settle(Some(call), Err(disposed()));
            }
        }
        if let Some(entry) = entry {
            self.unobserve(entry);
        }
    }

    /// The host dropped the store: disposes it and forgets it.
    pub fn drop_store(&mut self, store: Id) {
        self.dispose(store);
        self.stores.retain(|s| s.id != store);
    }
}
