//! Building blocks for the JS store objects: plain objects whose methods are closures (so
//! `useSyncExternalStore(store.subscribe, store.getSnapshot)` works unbound), cached snapshots,
//! listeners, app inputs read through their shape tables, and promises of results.

use super::js_error::to_js_error;
use crate::error::ClientError;
use crate::json::schema::{read_input, Input};
use crate::json::Value;
use crate::listeners::Listener;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// What a promise of this package resolves to: data the server sent, or a plain value.
pub trait ToJs {
    /// The JS value.
    fn to_js(self) -> JsValue;
}

impl ToJs for Value {
    fn to_js(self) -> JsValue {
        self.into_js()
    }
}

impl ToJs for bool {
    fn to_js(self) -> JsValue {
        JsValue::from_bool(self)
    }
}

impl ToJs for &'static str {
    fn to_js(self) -> JsValue {
        JsValue::from_str(self)
    }
}

/// A promise that resolves with the value or rejects with a `WachtError`.
pub fn promise_of<T, F>(future: F) -> js_sys::Promise
where
    T: ToJs + 'static,
    F: Future<Output = Result<T, ClientError>> + 'static,
{
    promise(Box::pin(async move { future.await.map(ToJs::to_js) }))
}

/// The one promise adapter behind [`promise_of`] (one copy in the module, whatever the type).
fn promise(
    future: std::pin::Pin<Box<dyn Future<Output = Result<JsValue, ClientError>>>>,
) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        future.await.map_err(|error| to_js_error(&error))
    })
}

/// A promise rejected with a `WachtError` (for bad arguments to promise-returning methods).
pub fn rejected(error: &ClientError) -> js_sys::Promise {
    js_sys::Promise::reject(&to_js_error(error))
}

/// Wraps a JS callback as a store listener. A listener that throws does not disturb the store
/// or the other listeners; its exception surfaces as an unhandled rejection in the console.
pub fn js_listener(callback: js_sys::Function) -> Listener {
    Rc::new(move || {
        if let Err(thrown) = callback.call0(&JsValue::UNDEFINED) {
            let _ = js_sys::Promise::reject(&thrown);
        }
    })
}

/// Keeps the JS snapshot object of the current version, so `getSnapshot()` returns the same
/// object until the store changes.
pub struct SnapshotCache<V> {
    cached: RefCell<Option<(V, JsValue)>>,
}

impl<V> Default for SnapshotCache<V> {
    fn default() -> Self {
        SnapshotCache {
            cached: RefCell::new(None),
        }
    }
}

impl<V: PartialEq> SnapshotCache<V> {
    /// The cached object for `version`, building (and freezing) a new one when it moved.
    pub fn get(&self, version: V, build: impl FnOnce() -> Value) -> JsValue {
        if let Some((cached_version, value)) = self.cached.borrow().as_ref() {
            if *cached_version == version {
                return value.clone();
            }
        }
        let value = build();
        value.freeze();
        let value = value.into_js();
        *self.cached.borrow_mut() = Some((version, value.clone()));
        value
    }
}

#[wasm_bindgen(module = "/src/wasm/browser.js")]
extern "C" {
    /// A copy of an input object as `JSON.stringify` would see it: its `Date`s as ISO strings
    /// (an invalid one as `null`), its non-finite numbers left out (the app's object is not
    /// changed); anything else as it is.
    pub fn as_json_would(input: &JsValue) -> JsValue;
}

/// Reads an options object; `undefined`/`null` mean the defaults.
pub fn parse_options<T: Input + Default>(value: &JsValue, what: &str) -> Result<T, ClientError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    parse_input(value, what)
}

/// Reads a required input object (checked against its model), as `JSON.stringify` would see
/// it: a `Date` is its ISO string, a `NaN` or infinite number is not set.
pub fn parse_input<T: Input>(value: &JsValue, what: &str) -> Result<T, ClientError> {
    read_input(&Value::from_js(as_json_would(value)), what)
}

/// Sets `dispose` and, where the runtime has it, `[Symbol.dispose]` (for `using`).
pub fn set_dispose(object: &js_sys::Object, dispose: JsValue) {
    set_function(object, "dispose", dispose.clone());
    if let Ok(symbol_ctor) = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Symbol")) {
        if let Ok(key) = js_sys::Reflect::get(&symbol_ctor, &JsValue::from_str("dispose")) {
            if key.is_symbol() {
                let _ = js_sys::Reflect::set(object, &key, &dispose);
            }
        }
    }
}

/// Sets `object[name] = function`.
pub fn set_function(object: &js_sys::Object, name: &str, function: JsValue) {
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(name), &function);
}

/// `subscribe(listener)` for a store with the given add/remove functions: validates the
/// argument and returns an idempotent unsubscribe function.
pub fn subscribe_function(
    add: impl Fn(Listener) -> u64 + 'static,
    remove: Rc<dyn Fn(u64)>,
) -> JsValue {
    Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(move |listener: JsValue| {
        let Some(callback) = listener.dyn_ref::<js_sys::Function>() else {
            return Err(to_js_error(&ClientError::invalid_argument(
                "subscribe(listener) needs a function",
            )));
        };
        let id = add(js_listener(callback.clone()));
        let remove = remove.clone();
        Ok(Closure::<dyn FnMut()>::new(move || remove(id)).into_js_value())
    })
    .into_js_value()
}

/// Reads an optional string argument: `undefined`, `null` and `""` are `None`.
pub fn optional_string(value: &JsValue, what: &str) -> Result<Option<String>, ClientError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.as_string() {
        Some(text) if text.trim().is_empty() => Ok(None),
        Some(text) => Ok(Some(text)),
        None => Err(ClientError::invalid_argument(
            [what, " must be a string"].concat(),
        )),
    }
}
