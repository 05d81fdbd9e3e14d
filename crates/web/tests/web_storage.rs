//! Storage that refuses, as in Safari with cookies blocked or in private windows: with
//! `localStorage` and `document.cookie` throwing, or absent, the staging session of the Rust face
//! lives in memory (shared by the page's clients) and works.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
const refuse = () => { throw new DOMException('The operation is insecure.', 'SecurityError'); };
let saved;
// "throw": every use of localStorage and document.cookie throws; "absent": no localStorage and
// a cookie jar that keeps nothing.
export function refuse_storage(mode) {
  saved ??= Object.getOwnPropertyDescriptor(window, 'localStorage');
  Object.defineProperty(window, 'localStorage', { configurable: true, get: mode === 'throw' ? refuse : () => undefined });
  Object.defineProperty(document, 'cookie', {
    configurable: true, get: mode === 'throw' ? refuse : () => '', set: mode === 'throw' ? refuse : () => {},
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
"#)]
extern "C" {
    fn refuse_storage(mode: &str);
    fn restore_storage();
    #[wasm_bindgen(catch)]
    fn storage_works() -> Result<bool, JsValue>;
}

/// Refuses the page's storage until dropped.
struct Refused;

impl Refused {
    fn new(mode: &str) -> Refused {
        refuse_storage(mode);
        Refused
    }
}

impl Drop for Refused {
    fn drop(&mut self) {
        restore_storage();
    }
}

#[wasm_bindgen_test]
async fn with_storage_throwing_or_absent_the_session_lives_in_memory() {
    restore_storage();
    for mode in ["throw", "absent"] {
        forget_dev_session(staging_url());
        let _refused = Refused::new(mode);
        assert!(
            storage_works().is_err(),
            "{mode}: the page's storage still works"
        );
        let client = client_for(staging_url());
        client
            .exchange_ticket(&mint_ticket(staging_url()).await)
            .await
            .unwrap();
        let session = client.api_auth_session().await;
        assert!(session.is_ok(), "{mode}: {session:?}");
        // Another client of the page shares the session kept in memory.
        let other = client_for(staging_url());
        let session = other.api_auth_session().await;
        assert!(session.is_ok(), "{mode}: {session:?}");
    }
    assert_eq!(
        storage_works().ok(),
        Some(true),
        "the page's storage is back"
    );
}
