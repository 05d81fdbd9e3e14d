//! What the browser parses for the module: base64 (`atob`, for publishable keys) and URLs
//! (`URL`, for the frontend API origin), so the module carries neither decoder.

use super::js_json::JsJson;
use wacht_api_auth_core::json::Json;
use wacht_api_auth_core::session::config::UrlParts;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `globalThis.atob`, caught: it throws on text that is not base64.
    #[wasm_bindgen(js_name = atob, catch)]
    fn global_atob(text: &str) -> Result<String, JsValue>;
}

#[wasm_bindgen(module = "/src/wasm/browser.js")]
extern "C" {
    /// `{ scheme, host, origin, credentials }` of `new URL(text)`, or `undefined`.
    fn url_parts(text: &str) -> JsValue;
}

/// Standard base64 (padding optional) to bytes; `None` when `atob` refuses it. `atob` returns
/// one character per byte (U+0000 to U+00FF).
pub fn base64(text: &str) -> Option<Vec<u8>> {
    let binary = global_atob(text).ok()?;
    binary.chars().map(|c| u8::try_from(c).ok()).collect()
}

/// The parts of an absolute URL, by the browser's `URL`.
pub fn url(text: &str) -> Option<UrlParts> {
    let parts = JsJson::from_js(url_parts(text));
    Some(UrlParts {
        scheme: parts.string_at("scheme")?,
        host: parts.string_at("host")?,
        origin: parts.string_at("origin")?,
        credentials: parts.get("credentials").as_bool()?,
    })
}
