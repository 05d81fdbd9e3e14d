//! Arguments from JS: option and input objects as `JSON.stringify` would see them (the shape
//! tables check them), and ticket arguments.

use super::js_json::JsJson;
use wacht_api_auth_core::client::TicketArg;
use wacht_api_auth_core::error::ClientError;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/browser.js")]
extern "C" {
    /// A copy of an input object as `JSON.stringify` would see it: its `Date`s as ISO strings
    /// (an invalid one as `null`), its non-finite numbers left out (the app's object is not
    /// changed); anything else as it is.
    fn as_json_would(input: &JsValue) -> JsValue;
    /// `value instanceof Promise`.
    fn is_promise(value: &JsValue) -> bool;
}

/// An input object as `JSON.stringify` would see it (a `Date` is its ISO string, a `NaN` or
/// infinite number is not set).
pub fn input_value(value: &JsValue) -> JsJson {
    JsJson::from_js(as_json_would(value))
}

/// A ticket argument: a string, a promise of one (or of `null`: no ticket after all), or
/// nothing (`undefined`, `null`, a blank string).
pub fn ticket_arg(value: &JsValue) -> Result<TicketArg, ClientError> {
    if value.is_undefined() || value.is_null() {
        return Ok(TicketArg::None);
    }
    if let Some(ticket) = value.as_string() {
        return Ok(if ticket.trim().is_empty() {
            TicketArg::None
        } else {
            TicketArg::Ready(ticket)
        });
    }
    if is_promise(value) {
        return Ok(TicketArg::Pending);
    }
    Err(ClientError::invalid_argument(
        "ticket must be a string, a promise of a string, or null",
    ))
}
