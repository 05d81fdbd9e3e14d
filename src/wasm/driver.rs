//! The browser as the client core's host: runs the core's [`Effect`]s with `fetch`, timers,
//! the app's providers and promises, and reports back what happened. Nothing here decides
//! anything; the core does.
//!
//! The core is borrowed only while it runs; every effect is performed after the borrow is
//! released, so listeners and providers may call the client again.

use super::js_error::{error_from_js, to_js_error};
use super::js_json::JsJson;
use crate::protocol::{APP_ANSWERED, REQUEST_ENDED, TIMER_RAN_OUT};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wacht_api_auth_core::client::{Answer, Core, Effect, Id, Provider};
use wacht_api_auth_core::error::{ClientError, ErrorCode};
use wacht_api_auth_core::json::{Json, Kind};
use wacht_api_auth_core::transport::{Body, Credentials, HttpResponse};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/browser.js")]
extern "C" {
    /// The JS side of one client's ids; `cb(kind, id, value)` reports back.
    fn make_host(cb: &JsValue) -> JsValue;
    /// Starts a request; `cb(0, id, result)` when it ended (unless aborted first).
    #[allow(clippy::too_many_arguments)]
    fn send(
        host: &JsValue,
        id: Id,
        url: &str,
        method: &str,
        body: Option<String>,
        include: bool,
        bearer: Option<String>,
        timeout: u32,
        cap: u32,
    );
    fn abort(host: &JsValue, id: Id);
    /// `cb(1, id)` after `ms`.
    fn start_timer(host: &JsValue, id: Id, ms: u32);
    fn stop_timer(host: &JsValue, id: Id);
    /// Calls a provider (or takes a promise); `cb(2, id, { v } | { failed, e })` with what it
    /// gives.
    fn answer(host: &JsValue, source: &JsValue, id: Id);
    /// The promise of call `id`; it holds `keep` until it settles.
    fn promise(host: &JsValue, id: Id, keep: JsValue) -> js_sys::Promise;
    fn settle(host: &JsValue, id: Id, ok: bool, value: &JsValue);
    /// The JS object of store `id`, with `methods` (space-separated), holding `handle`.
    fn make_store(host: &JsValue, id: Id, methods: &str, handle: JsValue) -> JsValue;
    /// Calls the listeners of store `id`.
    fn notify(host: &JsValue, id: Id);
    fn forget_store(host: &JsValue, id: Id);
}

/// Runs an operation of a store object (`op`, numbered by `browser.js`) on store `id` with its
/// argument; its JS result.
pub type StoreOps = fn(&Driver, u32, Id, &JsValue) -> JsValue;

/// One client's core and the browser around it.
pub struct Driver {
    core: RefCell<Core<JsJson>>,
    store_ops: StoreOps,
    /// `make_host`'s object: the JS side of the core's ids.
    host: JsValue,
    ticket_provider: JsValue,
    token_provider: JsValue,
    /// The driver itself: a pending call's promise keeps it alive, so the call settles also
    /// when the app let go of the client meanwhile (`free()`, `using`, the garbage collector).
    me: Weak<Driver>,
}

impl Driver {
    /// A driver for `core`; `ticket_provider` and `get_token` are the app's functions (or
    /// `undefined`); `store_ops` runs the operations of store objects.
    pub fn new(
        mut core: Core<JsJson>,
        ticket_provider: JsValue,
        get_token: JsValue,
        store_ops: StoreOps,
    ) -> Rc<Driver> {
        core.set_providers(!ticket_provider.is_undefined(), !get_token.is_undefined());
        Rc::new_cyclic(|me: &Weak<Driver>| {
            let weak = me.clone();
            let callback =
                Closure::<dyn Fn(u32, Id, JsValue) -> JsValue>::new(move |kind, id, value| {
                    match weak.upgrade() {
                        Some(driver) => driver.event(kind, id, &value),
                        None => JsValue::UNDEFINED,
                    }
                });
            Driver {
                core: RefCell::new(core),
                store_ops,
                host: make_host(&callback.into_js_value()),
                ticket_provider,
                token_provider: get_token,
                me: me.clone(),
            }
        })
    }

    /// Runs `f` on the core, then performs what it left to do. `None` only if the core is
    /// busy, which the design rules out (no JS runs while it is borrowed).
    pub fn with<T>(&self, f: impl FnOnce(&mut Core<JsJson>) -> T) -> Option<T> {
        let out = f(&mut *self.core.try_borrow_mut().ok()?);
        self.pump();
        Some(out)
    }

    /// A call's promise: `f` starts the call and returns its id; the core settles it.
    pub fn call(&self, f: impl FnOnce(&mut Core<JsJson>) -> Id) -> js_sys::Promise {
        let id = self.core.try_borrow_mut().ok().map(|mut core| f(&mut core));
        self.promise_of(id)
    }

    /// The promise of call `id` (`None`: the core was busy), then what the call left to do:
    /// the part of [`Driver::call`] that does not depend on `f`, so that it is in the module
    /// once.
    #[inline(never)]
    fn promise_of(&self, id: Option<Id>) -> js_sys::Promise {
        let Some(id) = id else {
            let busy = ClientError::new(ErrorCode::Aborted, "the client is busy");
            return js_sys::Promise::reject(&to_js_error(&busy));
        };
        let keep = self
            .me
            .upgrade()
            .map_or(JsValue::UNDEFINED, StoreHandle::keep);
        let promise = promise(&self.host, id, keep);
        self.pump();
        promise
    }

    /// Reports an app promise (or provider) on `wait`.
    pub fn attach(&self, source: &JsValue, wait: Id) {
        answer(&self.host, source, wait);
    }

    /// The JS object of store `id`, with `methods` (space-separated) besides `subscribe`,
    /// `getSnapshot` and `dispose`, holding `handle` for as long as it lives.
    pub fn store_object(&self, id: Id, methods: &str, handle: JsValue) -> JsValue {
        make_store(&self.host, id, methods, handle)
    }

    /// The store is gone (its JS object was collected or freed).
    pub fn forget_store(&self, id: Id) {
        forget_store(&self.host, id);
        self.with(|core| core.drop_store(id));
    }

    /// The frontend API origin.
    pub fn frontend_api_url(&self) -> String {
        self.core
            .try_borrow()
            .map(|core| core.config().frontend_api_url.clone())
            .unwrap_or_default()
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

    fn perform(&self, effect: Effect<JsJson>) {
        let host = &self.host;
        match effect {
            Effect::Send { request, http } => send(
                host,
                request,
                &http.url,
                http.method.as_str(),
                http.form_body,
                http.credentials == Credentials::Include,
                http.bearer.map(|token| token.0),
                http.timeout_ms.unwrap_or(0),
                http.max_body_bytes.unwrap_or(u32::MAX),
            ),
            Effect::Abort(request) => abort(host, request),
            Effect::StartTimer { timer, ms } => start_timer(host, timer, ms),
            Effect::StopTimer(timer) => stop_timer(host, timer),
            Effect::Ask { wait, provider } => {
                let source = match provider {
                    Provider::Ticket => &self.ticket_provider,
                    Provider::Token => &self.token_provider,
                };
                answer(host, source, wait);
            }
            Effect::Settle { call, result } => match result {
                Ok(value) => settle(host, call, true, value.as_js()),
                Err(error) => settle(host, call, false, &to_js_error(&error)),
            },
            Effect::Notify(store) => notify(host, store),
        }
    }

    /// What JS reports (numbered in `crate::protocol`): a request ended, a timer ran out, the
    /// app answered, else an operation of a store object (`store_ops`), whose result goes back.
    fn event(&self, kind: u32, id: Id, value: &JsValue) -> JsValue {
        match kind {
            REQUEST_ENDED => {
                let result = response_of(value);
                self.with(|core| core.on_response(id, result));
            }
            TIMER_RAN_OUT => {
                self.with(|core| core.on_timer(id));
            }
            APP_ANSWERED => {
                let answer = answer_of(value);
                self.with(|core| core.on_answer(id, answer));
            }
            op => return (self.store_ops)(self, op, id, value),
        }
        JsValue::UNDEFINED
    }
}

/// Held by a store object (not part of the public API).
#[wasm_bindgen(skip_typescript)]
pub struct StoreHandle {
    driver: Rc<Driver>,
    id: Id,
}

impl StoreHandle {
    /// The JS object of store `id`, with `methods` (space-separated) besides `subscribe`,
    /// `getSnapshot` and `dispose`.
    pub fn object(driver: &Rc<Driver>, id: Id, methods: &str) -> JsValue {
        let handle = StoreHandle {
            driver: driver.clone(),
            id,
        };
        driver.store_object(id, methods, handle.into())
    }

    /// A handle of no store (id 0), held by a pending call's promise to keep the client alive.
    pub fn keep(driver: Rc<Driver>) -> JsValue {
        StoreHandle { driver, id: 0 }.into()
    }
}

impl Drop for StoreHandle {
    fn drop(&mut self) {
        self.driver.forget_store(self.id);
    }
}

/// What `send` reported: `{ status, statusText, devSession?, json }`, `{ ..., notJson }` (a
/// description of a body that is not JSON) or `{ error, message, status? }`.
fn response_of(value: &JsValue) -> Result<HttpResponse<JsJson>, ClientError> {
    let result = JsJson::from_js(value.clone());
    if result.kind() != Kind::Object {
        return Err(ClientError::new(
            ErrorCode::Network,
            "network error: no answer",
        ));
    }
    let status = result
        .get("status")
        .as_f64()
        .filter(|s| (0.0..1000.0).contains(s))
        .map(|s| s as u16);
    if let Some(code) = result.string_at("error") {
        return Err(ClientError {
            code: ErrorCode::parse(&code).unwrap_or(ErrorCode::Network),
            status,
            message: result.string_at("message").unwrap_or_default(),
            server_code: None,
        });
    }
    let body = match result.string_at("notJson") {
        Some(description) => Body::NotJson(description),
        None => Body::Json(result.get("json")),
    };
    Ok(HttpResponse {
        status: status.unwrap_or(0),
        status_text: result.string_at("statusText").unwrap_or_default(),
        body,
        dev_session: result.string_at("devSession"),
    })
}

/// What `answer` reported: `{ v }` or `{ failed: true, e }`.
fn answer_of(value: &JsValue) -> Answer {
    let result = JsJson::from_js(value.clone());
    if result.get("failed").as_bool() == Some(true) {
        return Answer::Failed(error_from_js(result.get("e").as_js()));
    }
    let given = result.get("v");
    if given.is_nullish() {
        Answer::Text(None)
    } else {
        given
            .as_string()
            .map_or(Answer::NotText, |t| Answer::Text(Some(t)))
    }
}
