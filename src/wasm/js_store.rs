//! Building blocks for the JS store objects: plain objects whose methods are closures (so
//! `useSyncExternalStore(store.subscribe, store.getSnapshot)` works unbound), cached snapshots,
//! listeners, and promises of typed results.

use super::js_error::to_js_error;
use crate::error::ClientError;
use crate::listeners::Listener;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// Converts a value to a plain JS value through JSON text (`JSON.parse` of serde_json's output).
/// One serializer for everything keeps the module small; the values are plain data anyway.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| {
        JsValue::from(js_sys::Error::new(&format!(
            "cannot convert a value for JS: {e}"
        )))
    })?;
    js_sys::JSON::parse(&text)
}

/// Reads a JS value as `T` through `JSON.stringify` (so a `Date` arrives as its ISO string).
pub fn from_js<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, ClientError> {
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| ClientError::invalid_argument(format!("{what} cannot be read as JSON")))?;
    serde_json::from_str(&text).map_err(|e| ClientError::invalid_argument(format!("{what}: {e}")))
}

/// A promise that resolves with the serialized value or rejects with a `WachtError`.
pub fn promise_of<T, F>(future: F) -> js_sys::Promise
where
    T: Serialize + 'static,
    F: Future<Output = Result<T, ClientError>> + 'static,
{
    wasm_bindgen_futures::future_to_promise(async move {
        match future.await {
            Ok(value) => to_js(&value),
            Err(error) => Err(to_js_error(&error)),
        }
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
    pub fn get(&self, version: V, build: impl FnOnce() -> JsValue) -> JsValue {
        if let Some((cached_version, value)) = self.cached.borrow().as_ref() {
            if *cached_version == version {
                return value.clone();
            }
        }
        let value = build();
        if value.is_object() {
            js_sys::Object::freeze(value.unchecked_ref::<js_sys::Object>());
        }
        *self.cached.borrow_mut() = Some((version, value.clone()));
        value
    }
}

/// Serializes a snapshot and replaces its `field` with a real `WachtError` (or `null`).
pub fn snapshot_value<T: Serialize>(
    snapshot: &T,
    field: &str,
    error: Option<&ClientError>,
) -> JsValue {
    let value = to_js(snapshot).unwrap_or_else(|e| e);
    let error = error.map(to_js_error).unwrap_or(JsValue::NULL);
    let _ = js_sys::Reflect::set(&value, &JsValue::from_str(field), &error);
    value
}

/// Parses an options object; `undefined`/`null` mean the defaults.
pub fn parse_options<T: DeserializeOwned + Default>(
    value: &JsValue,
    what: &str,
) -> Result<T, ClientError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    parse_input(value, what)
}

/// Parses a required input object.
pub fn parse_input<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, ClientError> {
    if !value.is_object() {
        return Err(ClientError::invalid_argument(format!(
            "{what} must be an object"
        )));
    }
    from_js(value, what)
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
        None => Err(ClientError::invalid_argument(format!(
            "{what} must be a string"
        ))),
    }
}
