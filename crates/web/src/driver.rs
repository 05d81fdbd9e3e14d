//! The browser as the core's host: performs the core's [`Effect`]s (requests, timers, the app's
//! providers, settling calls, notifying stores) and reports back what happened. Nothing here
//! decides anything; the core does.
//!
//! The core is borrowed only while it runs: every effect is performed after the borrow is
//! released, so app code (providers, listeners) never runs while the core is borrowed and may
//! call the client again. Every wait has a timer (the core bounds each by `timeout_ms`).

use crate::fetch;
use crate::json::WebJson;
use crate::timer::Timer;
use futures_channel::oneshot;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use wacht_api_auth_core::client::{Answer, Core, Effect, Id, Provider};
use wacht_api_auth_core::error::{ClientError, ErrorCode};
use wasm_bindgen_futures::spawn_local;

/// An app function the core asks (`ticket_provider`, `get_token`), as what it answers.
pub type AskFn = Rc<dyn Fn() -> Answering>;

/// What an app function or ticket future answers, once it settles.
pub type Answering = Pin<Box<dyn Future<Output = Answer>>>;

/// A store's listener.
type Listener = Rc<dyn Fn()>;

/// A call's outcome: the checked value, or why there is none.
pub type Outcome = Result<WebJson, ClientError>;

/// One client's core and the browser around it.
pub struct Driver {
    core: RefCell<Core<WebJson>>,
    /// Calls waiting for their outcome.
    calls: RefCell<HashMap<Id, oneshot::Sender<Outcome>>>,
    /// Requests on the wire.
    requests: RefCell<HashMap<Id, web_sys::AbortController>>,
    /// The core's timers.
    timers: RefCell<HashMap<Id, Timer>>,
    /// The listeners of each store, by token.
    listeners: RefCell<HashMap<Id, Vec<(u64, Listener)>>>,
    last_token: Cell<u64>,
    ticket_provider: Option<AskFn>,
    token_provider: Option<AskFn>,
    me: Weak<Driver>,
}

/// The error of a call made while the core runs, which the design rules out (no app code runs
/// while it is borrowed).
fn busy() -> ClientError {
    ClientError::new(ErrorCode::Aborted, "the client is busy")
}

impl Driver {
    /// A driver for `core` with the app's providers.
    pub fn new(mut core: Core<WebJson>, ticket: Option<AskFn>, token: Option<AskFn>) -> Rc<Driver> {
        core.set_providers(ticket.is_some(), token.is_some());
        Rc::new_cyclic(|me| Driver {
            core: RefCell::new(core),
            calls: RefCell::default(),
            requests: RefCell::default(),
            timers: RefCell::default(),
            listeners: RefCell::default(),
            last_token: Cell::new(0),
            ticket_provider: ticket,
            token_provider: token,
            me: me.clone(),
        })
    }

    /// Runs `f` on the core, then performs what it left to do; `None` if the core is busy.
    pub fn with<T>(&self, f: impl FnOnce(&mut Core<WebJson>) -> T) -> Option<T> {
        let out = f(&mut *self.core.try_borrow_mut().ok()?);
        self.pump();
        Some(out)
    }

    /// Starts a call with `f` (which returns its id) and waits for its outcome.
    pub fn call(
        &self,
        f: impl FnOnce(&mut Core<WebJson>) -> Id,
    ) -> impl Future<Output = Outcome> + 'static {
        let (tx, rx) = oneshot::channel();
        match self.core.try_borrow_mut() {
            Ok(mut core) => {
                let id = f(&mut core);
                drop(core);
                self.calls.borrow_mut().insert(id, tx);
                self.pump();
            }
            Err(_) => {
                let _ = tx.send(Err(busy()));
            }
        }
        async move {
            rx.await.unwrap_or_else(|_| {
                Err(ClientError::new(
                    ErrorCode::Aborted,
                    "the client was dropped",
                ))
            })
        }
    }

    /// Reports what `answer` gives on `wait` (a ticket on its way).
    pub fn attach(&self, wait: Id, answer: Answering) {
        let me = self.me.clone();
        spawn_local(async move {
            let answer = answer.await;
            if let Some(driver) = me.upgrade() {
                driver.with(|core| core.on_answer(wait, answer));
            }
        });
    }

    /// Adds a listener of store `store`; its token for [`Driver::unlisten`].
    pub fn listen(&self, store: Id, listener: Listener) -> u64 {
        let token = self.last_token.get() + 1;
        self.last_token.set(token);
        self.listeners
            .borrow_mut()
            .entry(store)
            .or_default()
            .push((token, listener));
        self.with(|core| core.subscribed(store));
        token
    }

    /// Removes a listener. The listener is dropped after the borrow of the list ends: it may hold
    /// the last handle of another store, whose drop comes back here.
    pub fn unlisten(&self, store: Id, token: u64) {
        let removed = {
            let mut listeners = self.listeners.borrow_mut();
            let list = listeners.get_mut(&store);
            let at = list
                .as_ref()
                .and_then(|list| list.iter().position(|(t, _)| *t == token));
            list.zip(at).map(|(list, at)| list.remove(at))
        };
        drop(removed);
    }

    /// The store's last handle is gone: the core disposes and forgets it. Its listeners are
    /// dropped after the borrow of the list ends (see [`Driver::unlisten`]).
    pub fn forget_store(&self, store: Id) {
        let removed = self.listeners.borrow_mut().remove(&store);
        drop(removed);
        self.with(|core| core.drop_store(store));
    }

    fn pump(&self) {
        loop {
            let effects = match self.core.try_borrow_mut() {
                Ok(mut core) => core.take_effects(),
                Err(_) => return,
            };
            if effects.is_empty() {
                return;
            }
            for effect in effects {
                self.perform(effect);
            }
        }
    }

    fn perform(&self, effect: Effect<WebJson>) {
        match effect {
            Effect::Send { request, http } => {
                let controller = match web_sys::AbortController::new() {
                    Ok(controller) => controller,
                    Err(_) => {
                        let error = ClientError::new(ErrorCode::Network, "no AbortController");
                        return self.later(move |core| core.on_response(request, Err(error)));
                    }
                };
                self.requests
                    .borrow_mut()
                    .insert(request, controller.clone());
                let me = self.me.clone();
                spawn_local(async move {
                    let outcome = fetch::send(http, controller).await;
                    let Some(driver) = me.upgrade() else { return };
                    // An aborted request's answer is dropped.
                    let wanted = driver.requests.borrow_mut().remove(&request).is_some();
                    if wanted {
                        driver.with(|core| core.on_response(request, outcome));
                    }
                });
            }
            Effect::Abort(request) => {
                if let Some(controller) = self.requests.borrow_mut().remove(&request) {
                    controller.abort();
                }
            }
            Effect::StartTimer { timer, ms } => {
                let me = self.me.clone();
                let started = Timer::start(ms, move || {
                    let Some(driver) = me.upgrade() else { return };
                    let fired = driver.timers.borrow_mut().remove(&timer);
                    if fired.is_some() {
                        driver.with(|core| core.on_timer(timer));
                    }
                    // The timer's callback is running: it is freed after it returns.
                    spawn_local(async move { drop(fired) });
                });
                self.timers.borrow_mut().insert(timer, started);
            }
            Effect::StopTimer(timer) => {
                let stopped = self.timers.borrow_mut().remove(&timer);
                drop(stopped);
            }
            Effect::Ask { wait, provider } => {
                let ask = match provider {
                    Provider::Ticket => &self.ticket_provider,
                    Provider::Token => &self.token_provider,
                };
                let answer: Answering = match ask {
                    Some(ask) => ask(),
                    None => Box::pin(async { Answer::Text(None) }),
                };
                self.attach(wait, answer);
            }
            Effect::Settle { call, result } => {
                let waiting = self.calls.borrow_mut().remove(&call);
                if let Some(tx) = waiting {
                    let _ = tx.send(result);
                }
            }
            Effect::Notify(store) => {
                let listeners: Vec<Listener> = match self.listeners.borrow().get(&store) {
                    Some(list) => list.iter().map(|(_, l)| l.clone()).collect(),
                    None => return,
                };
                for listener in listeners {
                    listener();
                }
            }
        }
    }

    /// Runs `f` on the core in a later task (a report never comes from inside the call that
    /// caused it).
    fn later(&self, f: impl FnOnce(&mut Core<WebJson>) + 'static) {
        let me = self.me.clone();
        spawn_local(async move {
            if let Some(driver) = me.upgrade() {
                driver.with(f);
            }
        });
    }

    /// The frontend API origin.
    pub fn frontend_api_url(&self) -> String {
        self.core
            .try_borrow()
            .map(|core| core.config().frontend_api_url.clone())
            .unwrap_or_default()
    }
}

impl Drop for Driver {
    /// Requests nobody can see the end of any more are aborted (timers clear themselves).
    fn drop(&mut self) {
        for (_, controller) in self.requests.get_mut().drain() {
            controller.abort();
        }
    }
}
