//! The session gate, ticket exchanges and renewal: `/api-auth/*` reads wait while an exchange
//! (or a ticket wait, or the renewal) is in progress; each ticket is exchanged at most once.

use super::{disposed, Core, KEPT_EXCHANGE_OUTCOMES};
use crate::client::effects::{Effect, Id, Provider};
use crate::client::lookup::{find_mut, position};
use crate::client::ops::{Exchange, Stage, Then, WaitFor};
use crate::client::stores::StoreKind;
use crate::error::{ClientError, ErrorCode};
use crate::json::Json;
use crate::session::exchange::{recognise, TicketType, EXCHANGE};
use crate::transport::request::ApiRequest;
use sha2::{Digest, Sha256};

impl<J: Json> Core<J> {
    /// `exchangeTicket(ticket)`: resolves to the `TicketExchangeResult`.
    pub fn exchange_ticket(&mut self, ticket: &str) -> Id {
        let call = self.next_id();
        self.exchange(ticket, Then::Call(call));
        call
    }

    // ---- the session gate, exchanges, renewal --------------------------------------------------

    pub(super) fn gate_end(&mut self) {
        self.gate_pending = self.gate_pending.saturating_sub(1);
        if self.gate_pending > 0 {
            return;
        }
        let waiting: Vec<(Id, Id)> = self
            .reads
            .iter()
            .filter_map(|op| match op.stage {
                Stage::Gate(timer) => Some((op.id, timer)),
                _ => None,
            })
            .collect();
        for (id, timer) in waiting {
            self.effects.push(Effect::StopTimer(timer));
            self.ask_token(id);
        }
    }

    /// Exchanges a ticket once per client: calls with the same ticket, also concurrent ones,
    /// share the one exchange and its outcome (the outcomes of the last
    /// [`KEPT_EXCHANGE_OUTCOMES`] exchanges to end are kept); only failures that never reached
    /// the server (`network`, `aborted`, `timeout`, or any failure before the request went out:
    /// the bootstrap, `getToken`) are forgotten so the ticket can be tried again. The exchange
    /// holds the session gate closed until it ends.
    pub(super) fn exchange(&mut self, ticket: &str, then: Then) {
        let ticket = ticket.trim();
        if ticket.is_empty() {
            let error = ClientError::invalid_argument("ticket must be a non-empty string");
            self.deliver(then, Err(error));
            return;
        }
        let digest: [u8; 32] = Sha256::digest(ticket.as_bytes()).into();
        if let Some(known) = self.exchanges.iter_mut().find(|e| e.digest == digest) {
            match &known.outcome {
                Some(outcome) => {
                    let outcome = outcome.clone();
                    self.deliver(then, outcome);
                }
                None => known.waiters.push(then),
            }
            return;
        }
        self.gate_pending += 1;
        let id = self.next_id();
        self.exchanges.push(Exchange {
            id,
            digest,
            outcome: None,
            sent: false,
            waiters: vec![then],
        });
        self.start_read(
            ApiRequest::exchange_ticket(ticket),
            &EXCHANGE,
            Then::Exchange(id),
        );
    }

    pub(super) fn exchanged(&mut self, id: Id, result: Result<J, ClientError>) {
        let recognised = result.and_then(recognise);
        let established =
            matches!(&recognised, Ok(r) if r.ticket_type == TicketType::ApiAuthAccess);
        let result = recognised.map(|r| r.value);
        let Some(at) = position(&self.exchanges, id) else {
            return;
        };
        let unsent = self.exchanges.get(at).is_some_and(|e| !e.sent);
        let waiters = if unsent || result.as_ref().is_err_and(ClientError::is_transient) {
            self.exchanges.remove(at).waiters
        } else {
            // Ended exchanges move to the back, so they stand in the order they ended.
            let mut ended = self.exchanges.remove(at);
            ended.outcome = Some(result.clone());
            let waiters = std::mem::take(&mut ended.waiters);
            self.exchanges.push(ended);
            self.forget_old_outcomes();
            waiters
        };
        if established {
            self.established();
        }
        self.gate_end();
        for then in waiters {
            self.deliver(then, result.clone());
        }
    }

    /// Keeps the outcomes of the last [`KEPT_EXCHANGE_OUTCOMES`] exchanges to end, so a
    /// long-lived page that exchanges a ticket at each renewal does not grow without bound. An
    /// older ticket given again goes to the server, which refuses it as used.
    pub(super) fn forget_old_outcomes(&mut self) {
        let ended = self
            .exchanges
            .iter()
            .filter(|e| e.outcome.is_some())
            .count();
        if ended > KEPT_EXCHANGE_OUTCOMES {
            // The first ended exchange in the list is the one that ended first.
            if let Some(oldest) = self.exchanges.iter().position(|e| e.outcome.is_some()) {
                self.exchanges.remove(oldest);
            }
        }
    }

    /// An exchange established a session: reads that failed with `no_session` run again, once,
    /// and session stores told "no session" read again.
    pub(super) fn established(&mut self) {
        self.gate_epoch += 1;
        let entries: Vec<Id> = self
            .entries
            .iter()
            .filter(|e| {
                e.in_flight.is_none()
                    && e.state
                        .error
                        .as_ref()
                        .is_some_and(|e| e.code == ErrorCode::NoSession)
            })
            .map(|e| e.id)
            .collect();
        for entry in entries {
            self.start_fetch(entry, None);
        }
        let stores: Vec<Id> = self
            .stores
            .iter()
            .filter(|store| match &store.kind {
                StoreKind::Session(s) => {
                    let snapshot = s.state.snapshot();
                    !s.disposed && !snapshot.ticket_loading && !snapshot.has_session
                }
                StoreKind::Query(_) => false,
            })
            .map(|store| store.id)
            .collect();
        for store in stores {
            self.begin_session_read(store, None, None);
        }
    }

    /// One renewal at a time, shared by every read that found the session gone: one new ticket
    /// from the `ticketProvider`, exchanged. It holds the session gate closed meanwhile.
    pub(super) fn join_renewal(&mut self) {
        if self.renewing {
            return;
        }
        self.renewing = true;
        self.gate_pending += 1;
        self.start_wait(WaitFor::RenewalTicket, Some(Provider::Ticket));
    }

    pub(super) fn renewed(&mut self, result: Result<J, ClientError>) {
        self.renewing = false;
        self.gate_end();
        let waiting: Vec<Id> = self
            .reads
            .iter()
            .filter(|op| op.stage == Stage::Renewal)
            .map(|op| op.id)
            .collect();
        for id in waiting {
            let Some(op) = find_mut(&mut self.reads, id) else {
                continue;
            };
            if result.is_ok() {
                op.stage = Stage::Boot;
                self.advance(id);
            } else {
                let error = op.held.take().unwrap_or_else(disposed);
                self.finish_read(id, Err(error));
            }
        }
    }
}
