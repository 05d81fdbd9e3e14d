//! [`ClientError`] → a real JS `Error` with `name = "WachtError"`, `code`, `status`, `serverCode`.

use crate::error::{ClientError, ErrorCode};
use crate::json::Value;
use wasm_bindgen::prelude::*;

/// Builds the JS `Error` for a client error (see [`Value::error`]).
pub fn to_js_error(error: &ClientError) -> JsValue {
    Value::error(error).into_js()
}

#[wasm_bindgen(module = "/src/wasm/browser.js")]
extern "C" {
    /// `{ message, status?, code? }` of a thrown or rejected JS value: an `Error`'s message, a
    /// string, or a description of anything else; an HTTP-like `status` and a string `code`
    /// when it carries them.
    fn thrown_parts(value: &JsValue) -> JsValue;
}

/// A `ClientError` for a value JS rejected with (e.g. a ticket provider's failure): a
/// `WachtError` keeps its code; a failure with an HTTP `status` of 401/403 means no access
/// (`no_session`), another status `http`; anything else `network`.
pub fn error_from_js(value: &JsValue) -> ClientError {
    let parts = Value::from_js(thrown_parts(value));
    let status = parts.get("status").as_f64().map(|s| s as u16);
    let code = parts
        .string_at("code")
        .and_then(|c| ErrorCode::parse(&c))
        .unwrap_or(match status {
            Some(401 | 403) => ErrorCode::NoSession,
            Some(_) => ErrorCode::Http,
            None => ErrorCode::Network,
        });
    ClientError {
        code,
        status,
        message: parts.string_at("message").unwrap_or_default(),
        server_code: None,
    }
}
