//! The handle behind each store object. JS gets a plain object (`make_store` in `browser.js`)
//! whose methods work unbound and call these; the store itself lives in the client core.

use super::driver::Driver;
use super::inputs::{input_value, ticket_arg};
use super::js_error::to_js_error;
use crate::api::key_mutations::{KeyMutation, CREATE_KEY, REVOKE_KEY, ROTATE_KEY};
use crate::client::{Id, TicketArg};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// One store of a client (not part of the public API: JS sees the object built around it).
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
        driver.store_object(id, handle.into(), methods)
    }

    fn mutate(&self, mutation: &'static KeyMutation, input: &JsValue) -> js_sys::Promise {
        let input = input_value(input);
        self.driver.call(|core| core.mutate(mutation, &input))
    }
}

impl Drop for StoreHandle {
    fn drop(&mut self) {
        self.driver.forget_store(self.id);
    }
}

#[wasm_bindgen]
impl StoreHandle {
    /// A listener was added: a disposed store comes back.
    pub fn subscribed(&self) {
        self.driver.with(|core| core.subscribed(self.id));
    }

    /// The current snapshot (the same frozen object until it changes).
    #[wasm_bindgen(js_name = getSnapshot)]
    pub fn get_snapshot(&self) -> JsValue {
        self.driver
            .with(|core| core.snapshot(self.id).into_js())
            .unwrap_or(JsValue::UNDEFINED)
    }

    /// Stops the store.
    pub fn dispose(&self) {
        self.driver.with(|core| core.dispose(self.id));
    }

    /// Reads again now.
    pub fn refetch(&self) -> js_sys::Promise {
        self.driver.call(|core| core.refetch(self.id))
    }

    /// `createKey(input)`.
    #[wasm_bindgen(js_name = createKey)]
    pub fn create_key(&self, input: JsValue) -> js_sys::Promise {
        self.mutate(&CREATE_KEY, &input)
    }

    /// `rotateKey(input)`.
    #[wasm_bindgen(js_name = rotateKey)]
    pub fn rotate_key(&self, input: JsValue) -> js_sys::Promise {
        self.mutate(&ROTATE_KEY, &input)
    }

    /// `revokeKey(input)`.
    #[wasm_bindgen(js_name = revokeKey)]
    pub fn revoke_key(&self, input: JsValue) -> js_sys::Promise {
        self.mutate(&REVOKE_KEY, &input)
    }

    /// `loadMore()` of a logs store.
    #[wasm_bindgen(js_name = loadMore)]
    pub fn load_more(&self) -> js_sys::Promise {
        self.driver.call(|core| core.load_more(self.id))
    }

    /// `exchange(ticket)` of a session store: a ticket or a promise of one.
    pub fn exchange(&self, ticket: JsValue) -> js_sys::Promise {
        let arg = match ticket_arg(&ticket) {
            Ok(TicketArg::None) => TicketArg::Ready(String::new()),
            Ok(arg) => arg,
            Err(error) => return js_sys::Promise::reject(&to_js_error(&error)),
        };
        let mut wait = None;
        let promise = self.driver.call(|core| {
            let (call, waiting) = core.session_exchange(self.id, arg);
            wait = waiting;
            call
        });
        if let Some(wait) = wait {
            self.driver.attach(&ticket, wait);
        }
        promise
    }
}
