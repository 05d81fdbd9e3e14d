//! The JS object for `client.apiAuthAppSession(ticket?)`.

use super::js_error::to_js_error;
use super::js_store::{optional_string, promise_of, rejected, set_function, subscribe_function, to_js, SnapshotCache};
use crate::error::ClientError;
use crate::session_store::SessionStore;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Builds `{ subscribe, getSnapshot, refetch, exchange }` over a session store.
pub fn session_store_object(store: Rc<SessionStore>) -> JsValue {
    let object = js_sys::Object::new();
    let cache = Rc::new(SnapshotCache::default());

    let (s, c) = (store.clone(), cache.clone());
    let get_snapshot = Closure::<dyn Fn() -> JsValue>::new(move || c.get(s.version(), || snapshot_object(&s)));
    set_function(&object, "getSnapshot", get_snapshot.into_js_value());

    let (add_to, remove_from) = (store.clone(), store.clone());
    let subscribe = subscribe_function(move |listener| add_to.subscribe(listener), Rc::new(move |id| remove_from.unsubscribe(id)));
    set_function(&object, "subscribe", subscribe);

    let s = store.clone();
    let refetch = Closure::<dyn Fn() -> js_sys::Promise>::new(move || promise_of(s.refetch()));
    set_function(&object, "refetch", refetch.into_js_value());

    let s = store;
    let exchange = Closure::<dyn Fn(JsValue) -> js_sys::Promise>::new(move |ticket: JsValue| {
        match optional_string(&ticket, "ticket") {
            Ok(Some(ticket)) => promise_of(s.exchange(&ticket)),
            Ok(None) => rejected(&ClientError::invalid_argument("exchange(ticket) needs a non-empty ticket string")),
            Err(error) => rejected(&error),
        }
    });
    set_function(&object, "exchange", exchange.into_js_value());
    object.into()
}

fn snapshot_object(store: &SessionStore) -> JsValue {
    let (_, snapshot) = store.snapshot();
    let value = to_js(&snapshot).unwrap_or_else(|e| e);
    if let Some(error) = &snapshot.session_error {
        let _ = js_sys::Reflect::set(&value, &JsValue::from_str("sessionError"), &to_js_error(error));
    }
    value
}
