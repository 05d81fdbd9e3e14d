//! The core's [`BrowserStorage`] over web-sys: `document.cookie`, `localStorage` and the page
//! address. A value the browser does not keep (storage blocked or throwing, no window) is kept
//! in memory instead and read from there first, so the staging session works without storage;
//! once the browser keeps a value again its memory copy goes. The memory is the page's (every
//! client of the page shares it, as they would share the browser's storage).

use std::cell::RefCell;
use std::collections::HashMap;
use wacht_api_auth_core::session::dev_session::BrowserStorage;
use wasm_bindgen::JsCast;

/// The page's cookies and localStorage, with a memory fallback.
pub struct WebStorage;

thread_local! {
    /// Values the browser did not keep: cookies under `" name"`, items under their key.
    static MEMORY: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
}

fn document() -> Option<web_sys::HtmlDocument> {
    web_sys::window()?.document()?.dyn_into().ok()
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The cookie `name` of `document.cookie`, decoded as `decodeURIComponent` does.
fn read_cookie(name: &str) -> Option<String> {
    let cookies = document()?.cookie().ok()?;
    let raw = cookies.split(';').find_map(|pair| {
        let (key, value) = pair.trim_start().split_once('=')?;
        (key == name).then_some(value)
    })?;
    js_sys::decode_uri_component(raw).ok().map(String::from)
}

fn read_item(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok()?
}

impl WebStorage {
    fn recall(&self, key: &str, read: impl FnOnce() -> Option<String>) -> Option<String> {
        match MEMORY.with(|memory| memory.borrow().get(key).cloned()) {
            Some(value) => Some(value),
            None => read(),
        }
    }

    fn keep(
        &self,
        key: &str,
        value: &str,
        write: impl FnOnce(),
        read: impl FnOnce() -> Option<String>,
    ) {
        write();
        let kept = read().as_deref() == Some(value);
        MEMORY.with(|memory| {
            let mut memory = memory.borrow_mut();
            if kept {
                memory.remove(key);
            } else {
                memory.insert(key.to_owned(), value.to_owned());
            }
        });
    }
}

impl BrowserStorage for WebStorage {
    fn cookie(&self, name: &str) -> Option<String> {
        self.recall(&[" ", name].concat(), || read_cookie(name))
    }

    /// A session cookie, as the hooks set it; `Secure` on https pages only (WebKit refuses a
    /// Secure cookie from an http page, even localhost).
    fn set_cookie(&self, name: &str, value: &str) {
        let write = || {
            let Some(document) = document() else { return };
            let https = document
                .location()
                .and_then(|l| l.protocol().ok())
                .as_deref()
                == Some("https:");
            let encoded = String::from(js_sys::encode_uri_component(value));
            let secure = if https { "; Secure" } else { "" };
            let _ = document.set_cookie(&format!("{name}={encoded}; Path=/; SameSite=Lax{secure}"));
        };
        self.keep(&[" ", name].concat(), value, write, || read_cookie(name));
    }

    fn get_item(&self, key: &str) -> Option<String> {
        self.recall(key, || read_item(key))
    }

    fn set_item(&self, key: &str, value: &str) {
        let write = || {
            if let Some(storage) = local_storage() {
                let _ = storage.set_item(key, value);
            }
        };
        self.keep(key, value, write, || read_item(key));
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    /// Takes `__dev_session__` out of the page's address (the rest of the query and the hash
    /// stay), as the hooks' deployment provider does.
    fn take_page_dev_session(&self) -> Option<String> {
        let window = web_sys::window()?;
        let url = web_sys::Url::new(&window.location().href().ok()?).ok()?;
        let value = url.search_params().get("__dev_session__")?;
        url.search_params().delete("__dev_session__");
        let address = [url.pathname(), url.search(), url.hash()].concat();
        let _ = window.history().ok()?.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&address),
        );
        Some(value)
    }
}
