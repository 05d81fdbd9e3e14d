//! The stores: opening them, their snapshots, subscription, refetch and disposal.

use super::{disposed, Core};
use crate::client::effects::Id;
use crate::client::lookup::{find, find_mut};
use crate::client::ops::{Then, WaitFor};
use crate::client::stores::{QueryStore, SessionStore, Store, StoreKind, TicketArg, View};
use crate::json::Json;
use crate::query::cache::Query;
use crate::session::state::SessionState;

impl<J: Json> Core<J> {
    // ---- stores ------------------------------------------------------------------------------

    /// `apiAuthAppSession(ticket?)`: with a ticket, exchange it and then read the session;
    /// without one, read the session right away. Returns the store, and for a ticket on its way
    /// the wait to report it on. The snapshot is already "exchanging"/"loading".
    pub fn open_session_store(&mut self, ticket: TicketArg) -> (Id, Option<Id>) {
        let ticket = match ticket {
            TicketArg::Ready(ticket) if ticket.trim().is_empty() => TicketArg::None,
            other => other,
        };
        let id = self.next_id();
        self.stores.push(Store::new(
            id,
            StoreKind::Session(SessionStore {
                state: SessionState::new(ticket != TicketArg::None),
                disposed: false,
                ticket_waits: Vec::new(),
            }),
        ));
        let wait = match ticket {
            TicketArg::None => {
                self.begin_session_read(id, None, None);
                None
            }
            TicketArg::Ready(ticket) => {
                self.store_exchange(id, &ticket, None);
                None
            }
            TicketArg::Pending => self.store_ticket_wait(id, None),
        };
        (id, wait)
    }

    /// A store over `query`, shown as `view`; fetches if the entry has neither data nor a
    /// request in flight.
    pub fn open_query_store(&mut self, query: Query, view: View<J>) -> Id {
        let id = self.next_id();
        let entry = self.observe(&query);
        self.stores.push(Store::new(
            id,
            StoreKind::Query(QueryStore {
                query,
                entry: Some(entry),
                view,
                load_more: None,
            }),
        ));
        id
    }

    /// The store's snapshot (the same object until it changes); `undefined` for a store that
    /// is gone.
    pub fn snapshot(&mut self, store: Id) -> J {
        let Some(store) = find_mut(&mut self.stores, store) else {
            return J::undefined();
        };
        let entry = store.entry();
        let state = entry
            .and_then(|id| find(&self.entries, id))
            .map(|e| &e.state);
        store.snapshot(state)
    }

    /// `subscribe`: a disposed store over an entry observes it again (React StrictMode's
    /// unmount-and-remount).
    pub fn subscribed(&mut self, store: Id) {
        let query = find(&self.stores, store).and_then(|s| match &s.kind {
            StoreKind::Query(q) if q.entry.is_none() => Some(q.query.clone()),
            _ => None,
        });
        if let Some(query) = query {
            let entry = self.observe(&query);
            if let Some(StoreKind::Query(q)) =
                find_mut(&mut self.stores, store).map(|s| &mut s.kind)
            {
                q.entry = Some(entry);
            }
        }
    }

    /// `refetch()`: reads again now.
    pub fn refetch(&mut self, store: Id) -> Id {
        let call = self.next_id();
        match find(&self.stores, store).map(|s| (&s.kind, s.entry())) {
            Some((StoreKind::Session(_), _)) => self.begin_session_read(store, None, Some(call)),
            Some((_, Some(entry))) => self.start_fetch(entry, Some(call)),
            _ => self.settle(Some(call), Err(disposed())),
        }
        call
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
                ticket_waits = std::mem::take(&mut session.ticket_waits);
            }
            StoreKind::Query(query) => {
                entry = query.entry.take();
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
