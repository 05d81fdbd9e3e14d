//! The client core: one state machine for everything the client does (deployment bootstrap,
//! session gate, ticket exchanges and session renewal, reads, the query cache, the stores, key
//! mutations). It never waits and never calls out: each call or event changes the state at once
//! and leaves [`Effect`]s for the host (see [`super::effects`]). Plain Rust, so `cargo test`
//! drives the same machine the browser runs.
//!
//! Here: the state, the effects the core leaves, and the host's reports (`on_response`,
//! `on_timer`, `on_answer`) with the waits they end. The rest by concern, one file each:
//! [`bootstrap`] (the deployment's session mode), [`reads`] (one request each, through the
//! gate), [`gate`] (the session gate, ticket exchanges, renewal), [`cache`] (one entry per
//! distinct read), [`stores`] (open, snapshot, subscribe, refetch, dispose), [`session_store`]
//! (the session store's tickets and reads), [`mutations`] (key mutations and what they
//! invalidate), [`logs`] (`loadMore`).

mod bootstrap;
mod cache;
mod gate;
mod logs;
mod mutations;
mod reads;
mod session_store;
mod stores;

use super::effects::{Answer, Effect, Id, Provider};
use super::lookup::{find_mut, position};
use super::ops::{Exchange, ReadOp, Stage, Then, Wait, WaitFor};
use super::stores::Store;
use crate::error::{ClientError, ErrorCode};
use crate::json::Json;
use crate::query::cache::Entry;
use crate::session::config::ClientConfig;
use crate::session::dev_session::{BrowserStorage, DevSessionStore};
use crate::text::decimal;
use crate::transport::envelope::{decode_data, ErrorKind};
use crate::transport::{HttpRequest, HttpResponse, Mode};
use std::rc::Rc;

/// The deployment bootstrap (`GET /deployment`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Boot {
    /// Not started, or failed (the next read retries).
    Idle,
    /// This request is on the wire.
    Running(Id),
    /// The deployment's session mode.
    Done(Mode),
}

/// Everything one client knows. See the module docs.
pub struct Core<J: Json> {
    config: ClientConfig,
    dev_session: DevSessionStore<dyn BrowserStorage>,
    has_ticket_provider: bool,
    has_token_provider: bool,
    boot: Boot,
    /// `mode()` calls waiting for the bootstrap.
    mode_calls: Vec<Id>,
    /// Exchanges (and ticket waits, and the renewal) in progress: `/api-auth/*` reads wait while
    /// it is above zero, so they never race the exchange that gives them their session.
    gate_pending: u32,
    /// Moves each time an `api_auth_access` exchange establishes a session.
    gate_epoch: u64,
    renewing: bool,
    reads: Vec<ReadOp>,
    exchanges: Vec<Exchange<J>>,
    waits: Vec<Wait>,
    entries: Vec<Entry<J>>,
    stores: Vec<Store<J>>,
    last_id: Id,
    effects: Vec<Effect<J>>,
}

/// How many ended exchanges the client remembers the outcomes of (see [`Core::exchange`]).
pub const KEPT_EXCHANGE_OUTCOMES: usize = 16;

fn disposed() -> ClientError {
    ClientError::disposed()
}

fn superseded() -> ClientError {
    ClientError::new(
        ErrorCode::Aborted,
        "request aborted: superseded or no longer observed",
    )
}

impl<J: Json> Core<J> {
    /// A client for `config`; the staging browser session lives in `storage`. Nothing is sent
    /// until the first call or store (a client made where pages are rendered on the server, or
    /// at build time, sends nothing).
    pub fn new(config: ClientConfig, storage: Rc<dyn BrowserStorage>) -> Core<J> {
        Core {
            dev_session: DevSessionStore::new(&config.frontend_api_url, storage),
            config,
            has_ticket_provider: false,
            has_token_provider: false,
            boot: Boot::Idle,
            mode_calls: Vec::new(),
            gate_pending: 0,
            gate_epoch: 0,
            renewing: false,
            reads: Vec::new(),
            exchanges: Vec::new(),
            waits: Vec::new(),
            entries: Vec::new(),
            stores: Vec::new(),
            last_id: 0,
            effects: Vec::new(),
        }
    }

    /// Which providers the app gave: `ticketProvider` (renews an expired session: one new
    /// ticket, exchanged, and one retry of the read) and `getToken` (`Authorization: Bearer`
    /// on every request after the bootstrap).
    pub fn set_providers(&mut self, ticket: bool, token: bool) {
        self.has_ticket_provider = ticket;
        self.has_token_provider = token;
    }

    /// The configuration the client was made with.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The work in flight, for tests that check what the core keeps.
    #[cfg(test)]
    pub fn debug_state(&self) -> String {
        format!(
            "{:?} {:?} {:?} {:?}",
            self.reads, self.exchanges, self.waits, self.entries
        )
    }

    /// The stores, for tests that look at what the core keeps.
    #[cfg(test)]
    pub fn stores_for_tests(&self) -> &[crate::client::stores::Store<J>] {
        &self.stores
    }

    /// How many exchanges the client remembers (ended or in flight).
    #[cfg(test)]
    pub fn exchanges_kept(&self) -> usize {
        self.exchanges.len()
    }

    /// Whether reads wait at the session gate now.
    #[cfg(test)]
    pub fn gate_is_closed(&self) -> bool {
        self.gate_pending > 0
    }

    /// What the host has to do, in order.
    pub fn take_effects(&mut self) -> Vec<Effect<J>> {
        std::mem::take(&mut self.effects)
    }

    fn next_id(&mut self) -> Id {
        self.last_id = self.last_id.wrapping_add(1);
        self.last_id
    }

    fn settle(&mut self, call: Option<Id>, result: Result<J, ClientError>) {
        if let Some(call) = call {
            self.effects.push(Effect::Settle { call, result });
        }
    }

    fn notify(&mut self, store: Id) {
        self.effects.push(Effect::Notify(store));
    }

    fn start_timer(&mut self) -> Id {
        self.timer(self.config.timeout_ms)
    }

    fn timer(&mut self, ms: u32) -> Id {
        let timer = self.next_id();
        self.effects.push(Effect::StartTimer { timer, ms });
        timer
    }

    /// Sends `http` with the configured bounds (its timeout and its body cap).
    fn send(&mut self, request: Id, mut http: HttpRequest) {
        http.timeout_ms = Some(self.config.timeout_ms);
        http.max_body_bytes = Some(self.config.max_body_bytes);
        self.effects.push(Effect::Send { request, http });
    }

    fn remember_dev_session(&self, response: &Result<HttpResponse<J>, ClientError>) {
        if let Ok(HttpResponse {
            dev_session: Some(token),
            ..
        }) = response
        {
            self.dev_session.persist(token);
        }
    }

    // ---- events ------------------------------------------------------------------------------

    /// A request ended: its response, or why none came (`network`, `aborted`, `timeout`, ...).
    /// Answers nobody waits for any more are dropped.
    pub fn on_response(&mut self, request: Id, result: Result<HttpResponse<J>, ClientError>) {
        if self.boot == Boot::Running(request) {
            self.boot_answered(result);
            return;
        }
        let Some(op) = self
            .reads
            .iter_mut()
            .find(|op| op.stage == Stage::Wire(request))
        else {
            return;
        };
        let id = op.id;
        let staging = self.boot == Boot::Done(Mode::Staging);
        if staging {
            self.remember_dev_session(&result);
        }
        let Some(op) = find_mut(&mut self.reads, id) else {
            return;
        };
        let kind = op.request.error_kind;
        match result.and_then(|response| decode_data(&response, kind, op.shape)) {
            Err(error)
                if error.code == ErrorCode::NoSession
                    && kind == ErrorKind::ApiAuth
                    && !op.retried =>
            {
                op.retried = true;
                if op.epoch != self.gate_epoch {
                    // A session was established while this read was on its way: once more now.
                    op.stage = Stage::Boot;
                    self.advance(id);
                } else if self.has_ticket_provider {
                    op.held = Some(error);
                    op.stage = Stage::Renewal;
                    self.join_renewal();
                } else {
                    self.finish_read(id, Err(error));
                }
            }
            other => self.finish_read(id, other),
        }
    }

    /// A timer ran out: a read looks at the session gate, stops waiting at it, or a wait ends
    /// in `timeout`.
    pub fn on_timer(&mut self, timer: Id) {
        if let Some(op) = self
            .reads
            .iter()
            .find(|op| matches!(op.stage, Stage::Soon(t) | Stage::Gate(t) if t == timer))
        {
            let id = op.id;
            if op.stage == Stage::Soon(timer) {
                self.at_gate(id);
            } else {
                self.ask_token(id);
            }
            return;
        }
        let Some(at) = self.waits.iter().position(|w| w.timer == timer) else {
            return;
        };
        let wait = self.waits.remove(at);
        let error = ClientError::new(
            ErrorCode::Timeout,
            [
                wait.what.label(),
                " did not answer within ",
                &decimal(u64::from(self.config.timeout_ms)),
                " ms (timeoutMs)",
            ]
            .concat(),
        );
        self.waited(wait.what, Err(error));
    }

    /// The app answered a wait (its promise settled, or its provider returned). A session
    /// store's ticket that came before the store started is kept until it does.
    #[inline(never)]
    pub fn on_answer(&mut self, wait: Id, answer: Answer) {
        let Some(at) = position(&self.waits, wait) else {
            self.early_ticket(wait, answer);
            return;
        };
        let wait = self.waits.remove(at);
        self.effects.push(Effect::StopTimer(wait.timer));
        let result = match answer {
            Answer::Text(text) => Ok(text),
            Answer::NotText => Err(ClientError::invalid_argument(wait.what.not_text())),
            Answer::Failed(error) => Err(error),
        };
        self.waited(wait.what, result);
    }

    fn start_wait(&mut self, what: WaitFor, ask: Option<Provider>) -> Id {
        let id = self.next_id();
        self.start_wait_as(id, what, ask);
        id
    }

    fn start_wait_as(&mut self, id: Id, what: WaitFor, ask: Option<Provider>) {
        let timer = self.start_timer();
        self.waits.push(Wait { id, timer, what });
        if let Some(provider) = ask {
            self.effects.push(Effect::Ask { wait: id, provider });
        }
    }

    fn waited(&mut self, what: WaitFor, result: Result<Option<String>, ClientError>) {
        match what {
            WaitFor::Token(read) => match result {
                Ok(token) => self.send_read(read, token),
                Err(error) => self.finish_read(read, Err(error)),
            },
            // A blank ticket is refused by the exchange itself (the read's own error stands).
            WaitFor::RenewalTicket => match result {
                Ok(Some(ticket)) => self.exchange(&ticket, Then::Renewal),
                Ok(None) => self.renewed(Err(ClientError::new(
                    ErrorCode::NoSession,
                    "the ticket provider had no ticket",
                ))),
                Err(error) => self.renewed(Err(error)),
            },
            WaitFor::StoreTicket {
                store,
                generation,
                call,
            } => self.store_ticket(store, generation, call, result),
        }
    }

    /// Ends a wait nobody needs any more (its answer will be ignored) and stops its timer.
    fn drop_wait(&mut self, wait: Id) -> Option<WaitFor> {
        let at = position(&self.waits, wait)?;
        let wait = self.waits.remove(at);
        self.effects.push(Effect::StopTimer(wait.timer));
        Some(wait.what)
    }
}
