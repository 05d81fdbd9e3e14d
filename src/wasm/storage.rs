//! [`BrowserStorage`] over `document.cookie`, `localStorage` and the page address. Every failure
//! (no window in a worker, storage disabled) is swallowed: persistence is best effort.

use crate::session::dev_session::BrowserStorage;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlDocument, Storage};

/// The page's cookies and localStorage.
pub struct WebStorage;

fn html_document() -> Option<HtmlDocument> {
    web_sys::window()?
        .document()?
        .dyn_into::<HtmlDocument>()
        .ok()
}

fn local_storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl BrowserStorage for WebStorage {
    fn cookies(&self) -> String {
        html_document()
            .and_then(|d| d.cookie().ok())
            .unwrap_or_default()
    }

    fn set_cookie(&self, cookie: &str) {
        if let Some(document) = html_document() {
            let _ = document.set_cookie(cookie);
        }
    }

    fn get_item(&self, key: &str) -> Option<String> {
        local_storage()?.get_item(key).ok().flatten()
    }

    fn set_item(&self, key: &str, value: &str) {
        if let Some(storage) = local_storage() {
            let _ = storage.set_item(key, value);
        }
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    fn take_page_dev_session(&self) -> Option<String> {
        // The browser's URL and URLSearchParams read and rewrite the query (the module has no
        // query parser of its own).
        let window = web_sys::window()?;
        let url = web_sys::Url::new(&window.location().href().ok()?).ok()?;
        let params = url.search_params();
        let value = params.get("__dev_session__")?;
        params.delete("__dev_session__");
        let rest = [url.pathname(), url.search(), url.hash()].concat();
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&rest));
        }
        Some(value)
    }
}
