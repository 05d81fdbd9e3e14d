//! Storage that refuses, as in Safari with cookies blocked or in private windows: with
//! `localStorage` and `document.cookie` throwing, or absent, the staging client keeps its browser
//! session in memory and works; and a `__dev_session__` in the page's address wins over a stale
//! value the browser still reads back but will not overwrite.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wacht_api_auth_core::session::dev_session::DevSessionKeys;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
const refuse = () => { throw new DOMException('The operation is insecure.', 'SecurityError'); };
let saved;
// Replaces the page's localStorage and document.cookie: "throw" (every use throws), "absent"
// (no localStorage, a cookie jar that keeps nothing), or "stale" (both read `entries`, a
// { name: value } object, and keep nothing written).
export function refuse_storage(mode, entries) {
  saved ??= Object.getOwnPropertyDescriptor(window, 'localStorage');
  const cookies = Object.entries(entries ?? {}).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  const local = mode === 'stale' ? { getItem: (k) => entries[k] ?? null, setItem: refuse } : undefined;
  Object.defineProperty(window, 'localStorage', { configurable: true, get: mode === 'throw' ? refuse : () => local });
  Object.defineProperty(document, 'cookie', {
    configurable: true, get: mode === 'throw' ? refuse : () => cookies, set: mode === 'throw' ? refuse : () => {},
  });
}
export function restore_storage() {
  if (saved) Object.defineProperty(window, 'localStorage', saved);
  delete document.cookie;
}
export function storage_works() {
  localStorage.setItem('wacht-probe', '1');
  localStorage.removeItem('wacht-probe');
  return typeof document.cookie === 'string';
}
// Sets the page address's query to `query` (and returns the address it had).
export function set_query(query) {
  const before = location.pathname + location.search + location.hash;
  history.replaceState(null, '', location.pathname + query + location.hash);
  return before;
}
export function restore_address(address) { history.replaceState(null, '', address); }
export function page_query() { return location.search; }
"#)]
extern "C" {
    fn refuse_storage(mode: &str, entries: JsValue);
    fn restore_storage();
    #[wasm_bindgen(catch)]
    fn storage_works() -> Result<bool, JsValue>;
    fn set_query(query: &str) -> String;
    fn restore_address(address: &str);
    fn page_query() -> String;
}

/// Puts the page's storage back when dropped. (A failed assertion aborts the test without
/// dropping: each test also puts it back first.)
struct Refused;

impl Refused {
    fn new(mode: &str, entries: serde_json::Value) -> Refused {
        refuse_storage(mode, js(entries));
        Refused
    }
}

impl Drop for Refused {
    fn drop(&mut self) {
        restore_storage();
    }
}

/// Exchanges a fresh ticket with `client`, then reads the session and the keys: every request
/// must carry the same browser session for that to work. Returns the session id.
async fn exchange_and_read(client: &wacht_api_auth::wasm::WachtClient) -> String {
    let ticket = mint_api_auth_ticket(staging_url(), 300).await;
    let exchanged = resolved(client.exchange_ticket(ticket.into())).await;
    let session = resolved(client.get_api_auth_session()).await;
    assert_eq!(
        get_str(&session, "session_id"),
        get_str(&exchanged, "session_id")
    );
    let keys = client.list_keys(JsValue::UNDEFINED);
    resolved(keys).await;
    get_str(&session, "session_id")
}

#[wasm_bindgen_test]
async fn with_storage_throwing_or_absent_the_session_lives_in_memory() {
    restore_storage();
    for mode in ["throw", "absent"] {
        forget_dev_session(staging_url());
        let _refused = Refused::new(mode, serde_json::Value::Null);
        assert!(
            storage_works().is_err(),
            "{mode}: the page's storage still works"
        );
        let client = client_for(staging_url());
        exchange_and_read(&client).await;
        // A second client of the page shares the session kept in memory, as it would share
        // localStorage.
        let other = client_for(staging_url());
        resolved(other.get_api_auth_session()).await;
    }
    assert_eq!(
        storage_works().ok(),
        Some(true),
        "the page's storage is back"
    );
}

#[wasm_bindgen_test]
async fn the_address_wins_over_a_stale_value_the_browser_will_not_overwrite() {
    restore_storage();
    // A browser session holding an API-auth app session, from a client with working storage.
    forget_dev_session(staging_url());
    let keys = DevSessionKeys::for_scope(staging_url());
    let first = client_for(staging_url());
    let session_id = exchange_and_read(&first).await;
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let token = local.get_item(&keys.value).unwrap().expect("stored token");
    forget_dev_session(staging_url());

    // Now the browser reads back an older token (newer by its time stamp) and keeps nothing, and
    // the page's address hands over the live one.
    let stale = serde_json::json!({
        keys.value.as_str(): "stale-token-of-an-old-visit",
        keys.updated_at.as_str(): "9999999999999",
    });
    let _refused = Refused::new("stale", stale);
    let address = set_query(&format!(
        "?keep=1&__dev_session__={}",
        js_sys::encode_uri_component(&token)
    ));
    let client = client_for(staging_url());
    let session = rejected_or_resolved(client.get_api_auth_session()).await;
    let query = page_query();
    restore_address(&address);
    let session = session.unwrap_or_else(|error| {
        panic!(
            "the session of the address was not used: {}",
            describe_error(&error)
        )
    });
    assert_eq!(get_str(&session, "session_id"), session_id);
    assert_eq!(query, "?keep=1", "the token left the address");
    // Every later read too.
    resolved(client.list_keys(JsValue::UNDEFINED)).await;
}

/// The outcome of `promise`, resolved or rejected.
async fn rejected_or_resolved(promise: js_sys::Promise) -> Result<JsValue, JsValue> {
    wasm_bindgen_futures::JsFuture::from(promise).await
}
