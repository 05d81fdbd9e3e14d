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
        let window = web_sys::window()?;
        let location = window.location();
        let search = location.search().ok()?;
        let query = search.strip_prefix('?').unwrap_or(&search);
        let mut found = None;
        let mut kept = form_urlencoded::Serializer::new(String::new());
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            if name == "__dev_session__" {
                found = Some(value.into_owned());
            } else {
                kept.append_pair(&name, &value);
            }
        }
        let value = found?;
        let kept = kept.finish();
        let path = location.pathname().unwrap_or_default();
        let hash = location.hash().unwrap_or_default();
        let url = if kept.is_empty() {
            [path.as_str(), hash.as_str()].concat()
        } else {
            [path.as_str(), "?", kept.as_str(), hash.as_str()].concat()
        };
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
        Some(value)
    }
}
