//! Reads: one request each, through the bootstrap, the session gate and `getToken`, bounded by
//! the timeout, retried once after `no_session`; their results go where [`Then`] says.

use super::{Boot, Core};
use crate::client::effects::{Effect, Id, Provider};
use crate::client::lookup::{find, find_mut, position};
use crate::client::ops::{ReadOp, Stage, Then, WaitFor};
use crate::error::ClientError;
use crate::json::schema::Shape;
use crate::json::Json;
use crate::query::cache::Query;
use crate::session::models::{SessionData, SESSION_DATA};
use crate::transport::envelope::ErrorKind;
use crate::transport::request::ApiRequest;
use crate::transport::{BearerToken, Mode};

impl<J: Json> Core<J> {
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

    // ---- reads -------------------------------------------------------------------------------

    pub(super) fn start_read(
        &mut self,
        request: ApiRequest,
        shape: &'static Shape,
        then: Then,
    ) -> Id {
        let id = self.next_id();
        self.start_read_as(id, request, shape, then);
        id
    }

    pub(super) fn start_read_as(
        &mut self,
        id: Id,
        request: ApiRequest,
        shape: &'static Shape,
        then: Then,
    ) {
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
    pub(super) fn advance(&mut self, id: Id) {
        match self.boot {
            Boot::Done(_) => self.after_boot(id),
            Boot::Running(_) => {}
            Boot::Idle => self.start_boot(),
        }
    }

    /// An `/api-auth/*` read looks at the session gate once the current task is over.
    pub(super) fn after_boot(&mut self, id: Id) {
        if find(&self.reads, id).is_some_and(|op| op.request.error_kind == ErrorKind::ApiAuth) {
            let timer = self.timer(0);
            if let Some(op) = find_mut(&mut self.reads, id) {
                op.stage = Stage::Soon(timer);
            }
        } else {
            self.ask_token(id);
        }
    }

    pub(super) fn at_gate(&mut self, id: Id) {
        if self.gate_pending > 0 {
            let timer = self.start_timer();
            if let Some(op) = find_mut(&mut self.reads, id) {
                op.stage = Stage::Gate(timer);
            }
        } else {
            self.ask_token(id);
        }
    }

    pub(super) fn ask_token(&mut self, id: Id) {
        if !self.has_token_provider {
            self.send_read(id, None);
            return;
        }
        let wait = self.start_wait(WaitFor::Token(id), Some(Provider::Token));
        if let Some(op) = find_mut(&mut self.reads, id) {
            op.stage = Stage::Token(wait);
        }
    }

    pub(super) fn send_read(&mut self, id: Id, bearer: Option<String>) {
        let Boot::Done(mode) = self.boot else {
            return;
        };
        let token = match mode {
            Mode::Staging => self.dev_session.load(),
            Mode::Production => None,
        };
        let request = self.next_id();
        let Some(op) = find_mut(&mut self.reads, id) else {
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
        if let Some(e) = exchange.and_then(|id| find_mut(&mut self.exchanges, id)) {
            e.sent = true;
        }
    }

    pub(super) fn finish_read(&mut self, id: Id, result: Result<J, ClientError>) {
        if let Some(at) = position(&self.reads, id) {
            let op = self.reads.remove(at);
            self.deliver(op.then, result);
        }
    }

    /// Drops a read nobody waits for any more, with whatever it had going.
    pub(super) fn abort_read(&mut self, id: Id) {
        let Some(at) = position(&self.reads, id) else {
            return;
        };
        match self.reads.remove(at).stage {
            Stage::Wire(request) => self.effects.push(Effect::Abort(request)),
            Stage::Gate(timer) | Stage::Soon(timer) => self.effects.push(Effect::StopTimer(timer)),
            Stage::Token(wait) => {
                self.drop_wait(wait);
            }
            Stage::Boot | Stage::Renewal => {}
        }
    }

    pub(super) fn deliver(&mut self, then: Then, result: Result<J, ClientError>) {
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
}
