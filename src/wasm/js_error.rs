//! `WachtError`s for JS, and client errors from what JS threw or rejected with.

use super::js_json::JsJson;
use wacht_api_auth_core::error::{ClientError, ErrorCode};
use wacht_api_auth_core::json::Json;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/browser.js")]
extern "C" {
    /// `{ message, status?, code? }` of a thrown or rejected value.
    fn thrown_parts(value: &JsValue) -> JsValue;
}

/// The JS `WachtError` of a client error.
pub fn to_js_error(error: &ClientError) -> JsValue {
    JsJson::error(error).into_js()
}

/// A client error from a thrown or rejected JS value (the app's provider or promise): its
/// `code` if it carries one of ours, else by its `status` (401/403: `no_session`), else
/// `network`.
pub fn error_from_js(value: &JsValue) -> ClientError {
    let parts = JsJson::from_js(thrown_parts(value));
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
