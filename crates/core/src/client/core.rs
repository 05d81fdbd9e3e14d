//! The client core: one state machine for everything the client does (deployment bootstrap,
//! session gate, ticket exchanges and session renewal, reads, the query cache, the stores, key
//! mutations). It never waits and never calls out: each call or event changes the state at once
//! and leaves [`Effect`]s for the host (see [`super::effects`]). Plain Rust, so `cargo test`
//! drives the same machine the browser runs.

use super::effects::{Answer, Effect, Id, Provider};
use super::ops::{Exchange, ReadOp, Stage, Then, Wait, WaitFor};
use super::stores::{QueryStore, SessionStore, Store, StoreKind, TicketArg, View};
use crate::api::audit::LOGS_PAGE;
use crate::api::key_mutations::KeyMutation;
use crate::error::{ClientError, ErrorCode};
use crate::json::schema::Shape;
use crate::json::Json;
use crate::query::cache::{Entry, Query};
use crate::session::config::ClientConfig;
use crate::session::dev_session::{BrowserStorage, DevSessionStore};
use crate::session::exchange::{recognise, TicketType, EXCHANGE};
use crate::session::models::{SessionData, DEPLOYMENT, SESSION_DATA};
use crate::session::state::SessionState;
use crate::text::decimal;
use crate::transport::envelope::{decode_data, ErrorKind};
use crate::transport::request::ApiRequest;
use crate::transport::{BearerToken, HttpRequest, HttpResponse, Mode};
use sha2::{Digest, Sha256};
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
        let timer = self.next_id();
        let ms = self.config.timeout_ms;
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

    // ---- calls -------------------------------------------------------------------------------

    /// `mode()`: the deployment's session mode, bootstrapping first if needed.
    pub fn mode(&mut self) -> Id {
        let call = self.next_id();
        match self.boot {
            Boot::Done(mode) => self.settle(Some(call), Ok(J::string(mode.as_str()))),
            Boot::Idle => {
                self.start_boot();
                self.mode_calls.push(call);
            }
            Boot::Running(_) => self.mode_calls.push(call),
        }
        call
    }

    /// `exchangeTicket(ticket)`: resolves to the `TicketExchangeResult`.
    pub fn exchange_ticket(&mut self, ticket: &str) -> Id {
        let call = self.next_id();
        self.exchange(ticket, Then::Call(call));
        call
    }

    /// `getApiAuthSession()`.
    pub fn api_auth_session(&mut self) -> Id {
        let call = self.next_id();
        self.start_read(
            ApiRequest::api_auth_session(),
            &SESSION_DATA,
            Then::Call(call),
        );
        call
    }

    /// One read without a store (`listKeys`, `getAuditLogs`, ...).
    pub fn read(&mut self, query: &Query) -> Id {
        let call = self.next_id();
        self.start_read(query.request.clone(), query.shape, Then::Call(call));
        call
    }

    /// A key mutation on an input object: resolves `{ data }` as soon as the server answered
    /// (a one-time secret is never held back), then refetches every observed read a key
    /// mutation changes. A bad input rejects before any request.
    pub fn mutate(&mut self, mutation: &KeyMutation, input: &J) -> Id {
        let call = self.next_id();
        match mutation.request(input) {
            Ok(request) => {
                self.start_read(request, mutation.data, Then::Mutation(call));
            }
            Err(error) => self.settle(Some(call), Err(error)),
        }
        call
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
        let Some(op) = self.reads.iter_mut().find(|op| op.id == id) else {
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

    /// A timer ran out: a read stops waiting at the gate, or a wait ends in `timeout`.
    pub fn on_timer(&mut self, timer: Id) {
        if let Some(op) = self.reads.iter().find(|op| op.stage == Stage::Gate(timer)) {
            let id = op.id;
            self.ask_token(id);
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

    /// The app answered a wait (its promise settled, or its provider returned).
    pub fn on_answer(&mut self, wait: Id, answer: Answer) {
        let Some(at) = self.waits.iter().position(|w| w.id == wait) else {
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
        let timer = self.start_timer();
        self.waits.push(Wait { id, timer, what });
        if let Some(provider) = ask {
            self.effects.push(Effect::Ask { wait: id, provider });
        }
        id
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

    // ---- bootstrap ---------------------------------------------------------------------------

    fn start_boot(&mut self) {
        let mode = self.config.mode;
        let token = match mode {
            Mode::Staging => self.dev_session.bootstrap(),
            Mode::Production => None,
        };
        let http =
            ApiRequest::deployment().to_http(&self.config.frontend_api_url, mode, token.as_deref());
        let request = self.next_id();
        self.boot = Boot::Running(request);
        self.send(request, http);
    }

    fn boot_answered(&mut self, result: Result<HttpResponse<J>, ClientError>) {
        if self.config.mode == Mode::Staging {
            self.remember_dev_session(&result);
        }
        let result =
            result.and_then(|response| decode_data(&response, ErrorKind::Plain, &DEPLOYMENT));
        let waiting: Vec<Id> = self
            .reads
            .iter()
            .filter(|op| op.stage == Stage::Boot)
            .map(|op| op.id)
            .collect();
        let calls = std::mem::take(&mut self.mode_calls);
        match result {
            Ok(deployment) => {
                let mode = Mode::from_deployment(&deployment.string_at("mode").unwrap_or_default());
                self.boot = Boot::Done(mode);
                for call in calls {
                    self.settle(Some(call), Ok(J::string(mode.as_str())));
                }
                for id in waiting {
                    self.after_boot(id);
                }
            }
            Err(error) => {
                self.boot = Boot::Idle;
                for call in calls {
                    self.settle(Some(call), Err(error.clone()));
                }
                for id in waiting {
                    self.finish_read(id, Err(error.clone()));
                }
            }
        }
    }

    // ---- reads -------------------------------------------------------------------------------

    fn start_read(&mut self, request: ApiRequest, shape: &'static Shape, then: Then) -> Id {
        let id = self.next_id();
        self.start_read_as(id, request, shape, then);
        id
    }

    fn start_read_as(&mut self, id: Id, request: ApiRequest, shape: &'static Shape, then: Then) {
        self.reads.push(ReadOp {
            id,
            request,
            shape,
            stage: Stage::Boot,
            retried: false,
            epoch: self.gate_epoch,
            held: None,
            then,
        });
        self.advance(id);
    }

    /// Moves a read in [`Stage::Boot`] on, once the deployment is known.
    fn advance(&mut self, id: Id) {
        match self.boot {
            Boot::Done(_) => self.after_boot(id),
            Boot::Running(_) => {}
            Boot::Idle => self.start_boot(),
        }
    }

    fn after_boot(&mut self, id: Id) {
        let Some(op) = self.reads.iter().find(|op| op.id == id) else {
            return;
        };
        if self.gate_pending > 0 && op.request.error_kind == ErrorKind::ApiAuth {
            let timer = self.start_timer();
            if let Some(op) = self.reads.iter_mut().find(|op| op.id == id) {
                op.stage = Stage::Gate(timer);
            }
        } else {
            self.ask_token(id);
        }
    }

    fn ask_token(&mut self, id: Id) {
        if !self.has_token_provider {
            self.send_read(id, None);
            return;
        }
        let wait = self.start_wait(WaitFor::Token(id), Some(Provider::Token));
        if let Some(op) = self.reads.iter_mut().find(|op| op.id == id) {
            op.stage = Stage::Token(wait);
        }
    }

    fn send_read(&mut self, id: Id, bearer: Option<String>) {
        let Boot::Done(mode) = self.boot else {
            return;
        };
        let token = match mode {
            Mode::Staging => self.dev_session.load(),
            Mode::Production => None,
        };
        let request = self.next_id();
        let Some(op) = self.reads.iter_mut().find(|op| op.id == id) else {
            return;
        };
        let mut http = op
            .request
            .to_http(&self.config.frontend_api_url, mode, token.as_deref());
        http.bearer = bearer.filter(|t| !t.is_empty()).map(BearerToken);
        op.stage = Stage::Wire(request);
        let exchange = match op.then {
            Then::Exchange(exchange) => Some(exchange),
            _ => None,
        };
        self.send(request, http);
        if let Some(e) = self.exchanges.iter_mut().find(|e| Some(e.id) == exchange) {
            e.sent = true;
        }
    }

    fn finish_read(&mut self, id: Id, result: Result<J, ClientError>) {
        if let Some(at) = self.reads.iter().position(|op| op.id == id) {
            let op = self.reads.remove(at);
            self.deliver(op.then, result);
        }
    }

    /// Drops a read nobody waits for any more, with whatever it had going.
    fn abort_read(&mut self, id: Id) {
        let Some(at) = self.reads.iter().position(|op| op.id == id) else {
            return;
        };
        match self.reads.remove(at).stage {
            Stage::Wire(request) => self.effects.push(Effect::Abort(request)),
            Stage::Gate(timer) => self.effects.push(Effect::StopTimer(timer)),
            Stage::Token(wait) => {
                self.drop_wait(wait);
            }
            Stage::Boot | Stage::Renewal => {}
        }
    }

    /// Ends a wait nobody needs any more (its answer will be ignored) and stops its timer.
    fn drop_wait(&mut self, wait: Id) -> Option<WaitFor> {
        let at = self.waits.iter().position(|w| w.id == wait)?;
        let wait = self.waits.remove(at);
        self.effects.push(Effect::StopTimer(wait.timer));
        Some(wait.what)
    }

    fn deliver(&mut self, then: Then, result: Result<J, ClientError>) {
        match then {
            Then::Call(call) => self.settle(Some(call), result),
            Then::Entry { entry, read } => self.fetched(entry, read, result),
            Then::Exchange(id) => self.exchanged(id, result),
            Then::Renewal => self.renewed(result),
            Then::StoreExchanged {
                store,
                generation,
                call,
            } => match result {
                Ok(_) => self.begin_session_read(store, Some(generation), call),
                Err(error) => {
                    self.change_session(store, |s| {
                        s.exchange_finished(generation, Err(error.clone()))
                    });
                    self.settle(call, Err(error));
                }
            },
            Then::StoreRead {
                store,
                generation,
                call,
            } => {
                let result = result.map(SessionData::from_checked);
                self.change_session(store, |s| s.fetch_finished(generation, result.clone()));
                self.settle(call, result.map(|data| data.value));
            }
            Then::LoadMore { store, base } => self.loaded_more(store, base, result),
            Then::Mutation(call) => match result {
                Ok(data) => {
                    self.settle(Some(call), Ok(J::object_of(&[("data", data)])));
                    self.invalidate_after_key_mutation();
                }
                Err(error) => self.settle(Some(call), Err(error)),
            },
        }
    }

    // ---- the session gate, exchanges, renewal --------------------------------------------------

    fn gate_end(&mut self) {
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
    fn exchange(&mut self, ticket: &str, then: Then) {
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

    fn exchanged(&mut self, id: Id, result: Result<J, ClientError>) {
        let recognised = result.and_then(recognise);
        let established =
            matches!(&recognised, Ok(r) if r.ticket_type == TicketType::ApiAuthAccess);
        let result = recognised.map(|r| r.value);
        let Some(at) = self.exchanges.iter().position(|e| e.id == id) else {
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
    fn forget_old_outcomes(&mut self) {
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
    fn established(&mut self) {
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
    fn join_renewal(&mut self) {
        if self.renewing {
            return;
        }
        self.renewing = true;
        self.gate_pending += 1;
        self.start_wait(WaitFor::RenewalTicket, Some(Provider::Ticket));
    }

    fn renewed(&mut self, result: Result<J, ClientError>) {
        self.renewing = false;
        self.gate_end();
        let waiting: Vec<Id> = self
            .reads
            .iter()
            .filter(|op| op.stage == Stage::Renewal)
            .map(|op| op.id)
            .collect();
        for id in waiting {
            let Some(op) = self.reads.iter_mut().find(|op| op.id == id) else {
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

    // ---- the query cache ---------------------------------------------------------------------

    fn observe(&mut self, query: &Query) -> Id {
        let key = query.key();
        let id = match self.entries.iter().find(|e| e.key == key) {
            Some(entry) => entry.id,
            None => {
                let id = self.next_id();
                self.entries.push(Entry::new(id, key, query.clone()));
                id
            }
        };
        let mut needs_fetch = false;
        if let Some(entry) = self.entries.iter_mut().find(|e| e.id == id) {
            entry.observers += 1;
            needs_fetch = entry.state.data.is_none() && entry.in_flight.is_none();
        }
        if needs_fetch {
            self.start_fetch(id, None);
        }
        id
    }

    fn unobserve(&mut self, entry: Id) {
        let Some(at) = self.entries.iter().position(|e| e.id == entry) else {
            return;
        };
        if let Some(entry) = self.entries.get_mut(at) {
            entry.observers = entry.observers.saturating_sub(1);
            if entry.observers > 0 {
                return;
            }
        }
        let entry = self.entries.remove(at);
        if let Some(read) = entry.in_flight {
            self.abort_read(read);
        }
        for call in entry.callers {
            self.settle(Some(call), Err(superseded()));
        }
    }

    /// Fetches the entry now, superseding (and aborting) the fetch in flight, whose callers get
    /// an `aborted` error. `caller` gets this fetch's outcome.
    fn start_fetch(&mut self, entry: Id, caller: Option<Id>) {
        let read = self.next_id();
        let Some(e) = self.entries.iter_mut().find(|e| e.id == entry) else {
            self.settle(caller, Err(disposed()));
            return;
        };
        let old = e.in_flight.replace(read);
        let old_callers = std::mem::replace(&mut e.callers, caller.into_iter().collect());
        let (request, shape) = (e.query.request.clone(), e.query.shape);
        let changed = e.fetch_started();
        if let Some(old) = old {
            self.abort_read(old);
        }
        for call in old_callers {
            self.settle(Some(call), Err(superseded()));
        }
        if changed {
            self.notify_entry(entry);
        }
        self.start_read_as(read, request, shape, Then::Entry { entry, read });
    }

    /// The entry's fetch `read` ended. (A read on the wire when a session was established has
    /// already tried once more: see `on_response`.)
    fn fetched(&mut self, entry: Id, read: Id, result: Result<J, ClientError>) {
        let Some(e) = self.entries.iter_mut().find(|e| e.id == entry) else {
            return;
        };
        if e.in_flight != Some(read) {
            return; // a newer fetch owns the entry (superseded reads are aborted, so not reached)
        }
        let callers = std::mem::take(&mut e.callers);
        e.fetch_finished(&result);
        self.notify_entry(entry);
        for call in callers {
            self.settle(Some(call), result.clone());
        }
    }

    fn notify_entry(&mut self, entry: Id) {
        let stores: Vec<Id> = self
            .stores
            .iter()
            .filter(|s| s.entry() == Some(entry))
            .map(|s| s.id)
            .collect();
        for store in stores {
            self.notify(store);
        }
    }

    /// Refetches every entry (each has observers: the last one leaving removes it) whose kind a
    /// key mutation changes.
    fn invalidate_after_key_mutation(&mut self) {
        let entries: Vec<Id> = self
            .entries
            .iter()
            .filter(|e| e.query.kind.changed_by_key_mutation())
            .map(|e| e.id)
            .collect();
        for entry in entries {
            self.start_fetch(entry, None);
        }
    }

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
        let Some(store) = self.stores.iter_mut().find(|s| s.id == store) else {
            return J::undefined();
        };
        let entry = store.entry();
        let state = entry
            .and_then(|id| self.entries.iter().find(|e| e.id == id))
            .map(|e| &e.state);
        store.snapshot(state)
    }

    /// `subscribe`: a disposed store over an entry observes it again (React StrictMode's
    /// unmount-and-remount).
    pub fn subscribed(&mut self, store: Id) {
        let query = self
            .stores
            .iter()
            .find(|s| s.id == store)
            .and_then(|s| match &s.kind {
                StoreKind::Query(q) if q.entry.is_none() => Some(q.query.clone()),
                _ => None,
            });
        if let Some(query) = query {
            let entry = self.observe(&query);
            if let Some(StoreKind::Query(q)) = self
                .stores
                .iter_mut()
                .find(|s| s.id == store)
                .map(|s| &mut s.kind)
            {
                q.entry = Some(entry);
            }
        }
    }

    /// `refetch()`: reads again now.
    pub fn refetch(&mut self, store: Id) -> Id {
        let call = self.next_id();
        match self
            .stores
            .iter()
            .find(|s| s.id == store)
            .map(|s| (&s.kind, s.entry()))
        {
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
        let Some(s) = self.stores.iter_mut().find(|s| s.id == store) else {
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

    /// `store.exchange(ticket)` of a session store: resolves with the session.
    pub fn session_exchange(&mut self, store: Id, ticket: TicketArg) -> (Id, Option<Id>) {
        let call = self.next_id();
        let wait = match ticket {
            TicketArg::Ready(ticket) if !ticket.trim().is_empty() => {
                self.store_exchange(store, &ticket, Some(call));
                None
            }
            TicketArg::Pending => self.store_ticket_wait(store, Some(call)),
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

    fn session_mut(&mut self, store: Id) -> Option<&mut SessionStore<J>> {
        self.stores
            .iter_mut()
            .find(|s| s.id == store)
            .and_then(Store::session)
            .filter(|s| !s.disposed)
    }

    /// Applies `change` to a session store's state and notifies its listeners if it changed.
    fn change_session(&mut self, store: Id, change: impl FnOnce(&mut SessionState<J>) -> bool) {
        let changed = self
            .stores
            .iter_mut()
            .find(|s| s.id == store)
            .and_then(Store::session)
            .is_some_and(|s| change(&mut s.state));
        if changed {
            self.notify(store);
        }
    }

    fn store_exchange(&mut self, store: Id, ticket: &str, call: Option<Id>) {
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

    /// A ticket still on its way: the store shows "exchanging" and reads wait (at most
    /// `timeoutMs`) from now on.
    fn store_ticket_wait(&mut self, store: Id, call: Option<Id>) -> Option<Id> {
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
        let wait = self.start_wait(what, None);
        if let Some(session) = self.session_mut(store) {
            session.ticket_waits.push((generation, wait));
        }
        if changed {
            self.notify(store);
        }
        Some(wait)
    }

    fn store_ticket(
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

    fn end_ticket_wait(&mut self, store: Id, generation: u64) {
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
    fn begin_session_read(&mut self, store: Id, exchanged: Option<u64>, call: Option<Id>) {
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

    /// `loadMore()` of a logs store: loads the page after the last loaded one. Resolves `true`
    /// when a page was appended and `false` when there was nothing (more) to load; concurrent
    /// calls share one request.
    pub fn load_more(&mut self, store: Id) -> Id {
        let call = self.next_id();
        let read = self.next_id();
        let Some(s) = self.stores.iter_mut().find(|s| s.id == store) else {
            self.settle(Some(call), Err(disposed()));
            return call;
        };
        let StoreKind::Query(QueryStore {
            entry: Some(entry),
            view: View::Logs(pages),
            load_more,
            ..
        }) = &mut s.kind
        else {
            self.settle(Some(call), Err(disposed()));
            return call;
        };
        let Some(state) = self
            .entries
            .iter()
            .find(|e| e.id == *entry)
            .map(|e| &e.state)
        else {
            self.settle(Some(call), Err(disposed()));
            return call;
        };
        if let Some((_, calls)) = load_more {
            calls.push(call);
            return call;
        }
        let Some((request, base)) = pages.next_request(state) else {
            self.settle(Some(call), Ok(J::from_bool(false)));
            return call;
        };
        *load_more = Some((read, vec![call]));
        pages.version += 1;
        self.notify(store);
        self.start_read_as(read, request, &LOGS_PAGE, Then::LoadMore { store, base });
        call
    }

    fn loaded_more(&mut self, store: Id, base: u64, result: Result<J, ClientError>) {
        let Some(s) = self.stores.iter_mut().find(|s| s.id == store) else {
            return;
        };
        let entry = s.entry();
        let StoreKind::Query(QueryStore {
            view: View::Logs(pages),
            load_more,
            ..
        }) = &mut s.kind
        else {
            return;
        };
        let current = entry
            .and_then(|id| self.entries.iter().find(|e| e.id == id))
            .is_some_and(|e| e.state.data_version == base);
        let calls = load_more.take().map(|(_, calls)| calls).unwrap_or_default();
        let outcome = pages.loaded(base, current, result);
        self.notify(store);
        for call in calls {
            self.settle(Some(call), outcome.clone());
        }
    }
}
