//! [`ClientError`] → a real JS `Error` with `name = "WachtError"`, `code`, `status`, `serverCode`.

use crate::error::{ClientError, ErrorCode};
use crate::json::Value;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

/// Builds the JS `Error` for a client error (see [`Value::error`]).
pub fn to_js_error(error: &ClientError) -> JsValue {
    Value::error(error).into_js()
}

/// Text of a thrown JS value (an `Error`'s message, a string, or its `String()` form).
pub fn describe_js_value(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value.as_string().unwrap_or_else(|| {
        let kind = value.js_typeof().as_string().unwrap_or_default();
        ["a thrown ", kind.as_str(), " that is not an Error"].concat()
    })
}

/// A `ClientError` for a value JS rejected with (e.g. a ticket provider's failure): a
/// `WachtError` keeps its code; a failure with an HTTP `status` of 401/403 means no access
/// (`no_session`), another status `http`; anything else `network`.
pub fn error_from_js(value: &JsValue) -> ClientError {
    let message = describe_js_value(value);
    let status = Reflect::get(value, &JsValue::from_str("status"))
        .ok()
        .and_then(|s| s.as_f64())
        .filter(|s| (100.0..600.0).contains(s))
        .map(|s| s as u16);
    let code = Reflect::get(value, &JsValue::from_str("code"))
        .ok()
        .and_then(|c| c.as_string());
    let code = code
        .and_then(|c| ErrorCode::parse(&c))
        .unwrap_or(match status {
            Some(401 | 403) => ErrorCode::NoSession,
            Some(_) => ErrorCode::Http,
            None => ErrorCode::Network,
        });
    ClientError {
        code,
        status,
        message,
        server_code: None,
    }
}
