//! The API-auth app session store: its ticket (given, or a promise of one), its exchanges and
//! its session reads.

use super::{disposed, Core};
use crate::client::effects::Answer;
use crate::client::effects::Id;
use crate::client::lookup::find_mut;
use crate::client::ops::{Then, WaitFor};
use crate::client::stores::{SessionStart, SessionStore, Store, StoreKind, TicketArg};
use crate::error::ClientError;
use crate::json::Json;
use crate::session::models::SESSION_DATA;
use crate::session::state::SessionState;
use crate::transport::request::ApiRequest;

impl<J: Json> Core<J> {
    /// `store.exchange(ticket)` of a session store: resolves with the session.
    /// A store that has not started starts with this ticket instead of its own.
    pub fn session_exchange(&mut self, store: Id, ticket: TicketArg) -> (Id, Option<Id>) {
        let call = self.next_id();
        if let Some(session) = self.session_mut(store) {
            session.start = SessionStart::Started;
        }
        let wait = match ticket {
            TicketArg::Ready(ticket) if !ticket.trim().is_empty() => {
                self.store_exchange(store, &ticket, Some(call));
                None
            }
            TicketArg::Pending => {
                let wait = self.next_id();
                self.store_ticket_wait(store, Some(call), wait)
            }
            _ => {
                let error = ClientError::invalid_argument(
                    "exchange(ticket) needs a ticket string or a promise of one",
                );
                self.settle(Some(call), Err(error));
                None
            }
        };
        (call, wait)
    }

    pub(super) fn session_mut(&mut self, store: Id) -> Option<&mut SessionStore<J>> {
        find_mut(&mut self.stores, store)
            .and_then(Store::session)
            .filter(|s| !s.disposed)
    }

    /// Applies `change` to a session store's state and notifies its listeners if it changed.
    pub(super) fn change_session(
        &mut self,
        store: Id,
        change: impl FnOnce(&mut SessionState<J>) -> bool,
    ) {
        let changed = find_mut(&mut self.stores, store)
            .and_then(Store::session)
            .is_some_and(|s| change(&mut s.state));
        if changed {
            self.notify(store);
        }
    }

    pub(super) fn store_exchange(&mut self, store: Id, ticket: &str, call: Option<Id>) {
        let Some(session) = self.session_mut(store) else {
            self.settle(call, Err(disposed()));
            return;
        };
        let (generation, changed) = session.state.exchange_started();
        if changed {
            self.notify(store);
        }
        self.exchange(
            ticket,
            Then::StoreExchanged {
                store,
                generation,
                call,
            },
        );
    }

    /// A ticket still on its way (the host reports it on `wait`): the store shows "exchanging"
    /// and reads wait (at most `timeoutMs`) from now on.
    pub(super) fn store_ticket_wait(
        &mut self,
        store: Id,
        call: Option<Id>,
        wait: Id,
    ) -> Option<Id> {
        let Some(session) = self.session_mut(store) else {
            self.settle(call, Err(disposed()));
            return None;
        };
        let (generation, changed) = session.state.exchange_started();
        self.gate_pending += 1;
        let what = WaitFor::StoreTicket {
            store,
            generation,
            call,
        };
        self.start_wait_as(wait, what, None);
        if let Some(session) = self.session_mut(store) {
            session.ticket_waits.push((generation, wait));
        }
        if changed {
            self.notify(store);
        }
        Some(wait)
    }

    /// The app's promise answered for a session store that has not started: kept for its start.
    pub(super) fn early_ticket(&mut self, wait: Id, answer: Answer) {
        for store in &mut self.stores {
            if let StoreKind::Session(s) = &mut store.kind {
                if matches!(s.start, SessionStart::Await(w) if w == wait) {
                    s.start = SessionStart::Answered(wait, answer);
                    return;
                }
            }
        }
    }

    pub(super) fn store_ticket(
        &mut self,
        store: Id,
        generation: u64,
        call: Option<Id>,
        result: Result<Option<String>, ClientError>,
    ) {
        if self.session_mut(store).is_none() {
            self.settle(call, Err(disposed()));
            return;
        }
        match result {
            Ok(Some(ticket)) if !ticket.trim().is_empty() => {
                // The exchange closes the gate before the ticket wait opens it.
                let then = Then::StoreExchanged {
                    store,
                    generation,
                    call,
                };
                self.exchange(&ticket, then);
                self.end_ticket_wait(store, generation);
            }
            Ok(_) => {
                self.end_ticket_wait(store, generation);
                self.begin_session_read(store, Some(generation), call);
            }
            Err(error) => {
                self.end_ticket_wait(store, generation);
                self.change_session(store, |s| {
                    s.exchange_finished(generation, Err(error.clone()))
                });
                self.settle(call, Err(error));
            }
        }
    }

    pub(super) fn end_ticket_wait(&mut self, store: Id, generation: u64) {
        let Some(session) = self.session_mut(store) else {
            return;
        };
        if let Some(at) = session
            .ticket_waits
            .iter()
            .position(|(g, _)| *g == generation)
        {
            session.ticket_waits.remove(at);
            self.gate_end();
        }
    }

    /// Reads the session for a store; `exchanged` first marks that exchange as done.
    pub(super) fn begin_session_read(
        &mut self,
        store: Id,
        exchanged: Option<u64>,
        call: Option<Id>,
    ) {
        let Some(session) = self.session_mut(store) else {
            self.settle(call, Err(disposed()));
            return;
        };
        let finished = exchanged.is_some_and(|g| session.state.exchange_finished(g, Ok(())));
        let (generation, started) = session.state.fetch_started();
        if finished || started {
            self.notify(store);
        }
        self.start_read(
            ApiRequest::api_auth_session(),
            &SESSION_DATA,
            Then::StoreRead {
                store,
                generation,
                call,
            },
        );
    }
}
