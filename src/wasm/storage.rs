//! [`BrowserStorage`] over `document.cookie`, `localStorage` and the page address. Every failure
//! (no window in a worker or in Node, storage disabled, throwing or not keeping what is written)
//! is swallowed, and a value the browser does not keep is kept in memory by `browser.js` instead:
//! the staging session works without storage.
//!
//! The browser calls are a few lines of JS: through web-sys the same calls cost about 2 KB of
//! the module (a typed import and its conversions per call), for nothing the client checks.

use wacht_api_auth_core::session::dev_session::BrowserStorage;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/browser.js")]
extern "C" {
    /// The cookie `name` of `document.cookie`, decoded by `decodeURIComponent`.
    fn get_cookie(name: &str) -> Option<String>;
    /// Sets a session cookie (`name=encodeURIComponent(value); Path=/; SameSite=Lax`, and `Secure`
    /// on https pages).
    fn set_cookie(name: &str, value: &str);
    /// `localStorage.getItem(key)`.
    fn get_item(key: &str) -> Option<String>;
    /// `localStorage.setItem(key, value)`.
    fn set_item(key: &str, value: &str);
    /// The query parameter `name` of the page address, removed from the address (the rest of
    /// the query, re-encoded as URLSearchParams does, and the hash stay).
    fn take_page_param(name: &str) -> Option<String>;
}

/// The page's cookies and localStorage.
pub struct WebStorage;

impl BrowserStorage for WebStorage {
    fn cookie(&self, name: &str) -> Option<String> {
        get_cookie(name)
    }

    fn set_cookie(&self, name: &str, value: &str) {
        set_cookie(name, value);
    }

    fn get_item(&self, key: &str) -> Option<String> {
        get_item(key)
    }

    fn set_item(&self, key: &str, value: &str) {
        set_item(key, value);
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn take_page_dev_session(&self) -> Option<String> {
        take_page_param("__dev_session__")
    }
}
