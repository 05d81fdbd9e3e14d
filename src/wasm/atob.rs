//! Base64 decoding by the browser's own `atob` (for publishable keys), so the module carries no
//! decoder.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `globalThis.atob`, caught: it throws on text that is not base64.
    #[wasm_bindgen(js_name = atob, catch)]
    fn global_atob(text: &str) -> Result<String, JsValue>;
}

/// Standard base64 (padding optional) to bytes; `None` when `atob` refuses it. `atob` returns
/// one character per byte (U+0000 to U+00FF).
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let binary = global_atob(text).ok()?;
    binary.chars().map(|c| u8::try_from(c).ok()).collect()
}
