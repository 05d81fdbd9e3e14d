//! Helpers of the Rust face's browser suites: where the dev servers are (scripts/test.sh starts
//! them), playing the app backend (minting tickets with the backend key), the fault injector,
//! and waiting on stores. A suite that asks where a dev server is also starts logging errors no
//! test awaits (`tests/support/uncaught.rs` of the JS face, shared).
#![allow(dead_code)]

use base64::Engine;
use std::future::Future;
use std::pin::Pin;
use wacht_api_auth_web::{ClientOptions, Snapshot, Store, Subscription, WachtClient};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[path = "../../../../tests/support/uncaught.rs"]
mod uncaught;
use uncaught::log_uncaught_errors;

/// Backend key of deployment 42 of the dev servers.
pub const BACKEND_KEY: &str = env!(
    "WACHT_TEST_BACKEND_KEY",
    "set by scripts/test.sh (make test)"
);

/// The staging dev server.
pub fn staging_url() -> &'static str {
    log_uncaught_errors();
    env!(
        "WACHT_TEST_STAGING_URL",
        "set by scripts/test.sh (make test)"
    )
}

/// The production dev server (an HttpOnly session cookie, `credentials: "include"`).
pub fn production_url() -> &'static str {
    log_uncaught_errors();
    env!(
        "WACHT_TEST_PRODUCTION_URL",
        "set by scripts/test.sh (make test)"
    )
}

/// The dev server whose API-auth sessions last 3 seconds.
pub fn short_session_url() -> &'static str {
    log_uncaught_errors();
    env!(
        "WACHT_TEST_SHORT_SESSION_URL",
        "set by scripts/test.sh (make test)"
    )
}

/// The dev server whose faults the fault suite injects.
pub fn faults_url() -> &'static str {
    log_uncaught_errors();
    env!(
        "WACHT_TEST_FAULTS_URL",
        "set by scripts/test.sh (make test)"
    )
}

/// The publishable key of a dev server (`pk_live_` for the production one).
pub fn publishable_key(url: &str) -> String {
    log_uncaught_errors();
    let encoded = base64::engine::general_purpose::STANDARD.encode(url);
    let prefix = if url == production_url() {
        "pk_live_"
    } else {
        "pk_test_"
    };
    format!("{prefix}{encoded}")
}

/// Options for a dev server.
pub fn options(url: &str) -> ClientOptions {
    ClientOptions::publishable_key(publishable_key(url))
}

/// A client for a dev server.
pub fn client_for(url: &str) -> WachtClient {
    WachtClient::new(options(url)).unwrap()
}

/// A client with a fresh API-auth app session.
pub async fn session_client(url: &str) -> WachtClient {
    let client = client_for(url);
    let ticket = mint_ticket(url).await;
    client.exchange_ticket(&ticket).await.unwrap();
    client
}

/// Plain fetch for test plumbing: (status, parsed JSON body or `null`).
pub async fn fetch_json(
    method: &str,
    url: &str,
    bearer: Option<&str>,
    body: Option<String>,
) -> (u16, serde_json::Value) {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().unwrap();
    if let Some(key) = bearer {
        headers
            .set("Authorization", &format!("Bearer {key}"))
            .unwrap();
    }
    if let Some(body) = body {
        headers.set("Content-Type", "application/json").unwrap();
        init.set_body(&JsValue::from_str(&body));
    }
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(url, &init).unwrap();
    let window = web_sys::window().unwrap();
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .unwrap()
        .dyn_into()
        .unwrap();
    let text = JsFuture::from(response.text().unwrap())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    (
        response.status(),
        serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
    )
}

/// An `api_auth_access` ticket for `aa_42`, minted as an app backend does.
pub async fn mint_ticket(url: &str) -> String {
    let body = serde_json::json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_42", "expires_in": 600});
    let (status, json) = fetch_json(
        "POST",
        &format!("{url}/session/tickets"),
        Some(BACKEND_KEY),
        Some(body.to_string()),
    )
    .await;
    assert_eq!(status, 200, "mint failed: {json}");
    json["ticket"].as_str().unwrap().to_owned()
}

/// Queues a fault on the faults server.
pub async fn fault(fault: serde_json::Value) {
    let url = format!("{}/__dev/faults", faults_url());
    let (status, answer) = fetch_json("POST", &url, None, Some(fault.to_string())).await;
    assert_eq!(status, 201, "fault refused: {answer}");
}

/// Clears the faults server's pending faults.
pub async fn clear_faults() {
    let (status, _) = fetch_json(
        "DELETE",
        &format!("{}/__dev/faults", faults_url()),
        None,
        None,
    )
    .await;
    assert_eq!(status, 204);
}

/// Requests the dev server logged whose method is `method` and path starts with `prefix`.
pub async fn count_requests(url: &str, method: &str, prefix: &str) -> usize {
    let (_, json) = fetch_json("GET", &format!("{url}/__dev/requests"), None, None).await;
    json["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["method"] == method && r["path"].as_str().unwrap().starts_with(prefix))
        .count()
}

/// One gateway check with `secret` (it lands in the audit log).
pub async fn gateway_check(url: &str, secret: &str) {
    let body = serde_json::json!({"principal": {"type": "api_key", "value": secret}, "resource": "/v1/things", "method": "GET", "user_agent": "rust-face-test"});
    let (status, answer) = fetch_json(
        "POST",
        &format!("{url}/v1/authz/check"),
        None,
        Some(body.to_string()),
    )
    .await;
    assert_eq!(status, 200, "gateway: {answer}");
}

/// Forgets the staging browser session of `url` (cookie and localStorage): a fresh browser.
pub fn forget_dev_session(url: &str) {
    let keys = wacht_api_auth_core::session::dev_session::DevSessionKeys::for_scope(url);
    let window = web_sys::window().unwrap();
    let storage = window.local_storage().unwrap().unwrap();
    let document: web_sys::HtmlDocument = window.document().unwrap().dyn_into().unwrap();
    for key in [&keys.value, &keys.updated_at] {
        storage.remove_item(key).unwrap();
        document
            .set_cookie(&format!("{key}=; Path=/; Max-Age=0; SameSite=Lax"))
            .unwrap();
    }
}

/// Sleeps on the browser's timer.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Milliseconds since the epoch.
pub fn now() -> f64 {
    js_sys::Date::now()
}

/// Subscribes a listener that does nothing to `store`: a store starts (sends its first request)
/// on its first subscriber. The store runs while the subscription is held.
pub fn with_subscriber<S: Snapshot>(store: Store<S>) -> (Store<S>, Subscription) {
    let subscription = store.subscribe(|_| {});
    (store, subscription)
}

/// Waits (at most 10 s) until the store's snapshot satisfies `done`; that snapshot.
pub async fn wait_until<S: Snapshot + std::fmt::Debug>(
    store: &Store<S>,
    what: &str,
    done: impl Fn(&S) -> bool,
) -> S {
    for _ in 0..500 {
        let snapshot = store.get();
        if done(&snapshot) {
            return snapshot;
        }
        sleep(20).await;
    }
    panic!(
        "timed out waiting for {what}; last snapshot {:?}",
        store.get()
    );
}

/// The next item of a stream, or `None` if none comes within `ms`.
pub async fn next_within<S: futures_core::Stream + Unpin>(
    stream: &mut S,
    ms: i32,
) -> Option<S::Item> {
    let next = std::future::poll_fn(|cx| Pin::new(&mut *stream).poll_next(cx));
    let timeout = async {
        sleep(ms).await;
        None
    };
    race(async { next.await }, timeout).await
}

/// Whichever future ends first.
pub async fn race<T>(a: impl Future<Output = T>, b: impl Future<Output = T>) -> T {
    let (mut a, mut b) = (std::pin::pin!(a), std::pin::pin!(b));
    std::future::poll_fn(move |cx| {
        if let std::task::Poll::Ready(v) = a.as_mut().poll(cx) {
            return std::task::Poll::Ready(v);
        }
        b.as_mut().poll(cx)
    })
    .await
}

/// A name no other test uses.
pub fn unique_name(prefix: &str) -> String {
    format!("{prefix} {}", (js_sys::Math::random() * 1e12) as u64)
}
