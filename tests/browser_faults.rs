//! A server that misbehaves, over real HTTP: the dev server's `/__dev/faults` answers chosen
//! requests with an error page, hangs them, or drops the connection. Every call still ends within
//! its bound, in a typed `WachtError` or a value, stale answers never win, a secret is never lost,
//! and the client is usable afterwards.
//!
//! Faults are global to a dev server, so these run against their own server
//! (`WACHT_TEST_FAULTS_URL`) in one test, one scenario after the other.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The dev server for fault tests, started by `make test`.
fn faults_url() -> &'static str {
    env!(
        "WACHT_TEST_FAULTS_URL",
        "set by scripts/test.sh (make test)"
    )
}

/// Queues one fault (`POST /__dev/faults`).
async fn fault(fault: serde_json::Value) {
    let url = format!("{}/__dev/faults", faults_url());
    let (status, answer) = fetch_json("POST", &url, None, Some(fault.to_string())).await;
    assert_eq!(status, 201, "fault refused: {}", stringify(&answer));
}

/// Clears every pending fault.
async fn clear_faults() {
    let url = format!("{}/__dev/faults", faults_url());
    let (status, _) = fetch_json("DELETE", &url, None, None).await;
    assert_eq!(status, 204);
}

fn now() -> f64 {
    js_sys::Date::now()
}

#[wasm_bindgen_test]
async fn a_misbehaving_server_never_hangs_loses_or_confuses_the_client() {
    let url = faults_url();
    clear_faults().await;
    let client = client_with(url, &[("timeoutMs", 1_500.0.into())]);
    let ticket = mint_api_auth_ticket(url, 600).await;
    resolved(client.exchange_ticket(ticket.into())).await;

    // An HTML error page is an `http` error with its status; the next call works.
    fault(
        serde_json::json!({"method": "GET", "path_prefix": "/api-auth/keys", "status": 502,
        "body": "<html><body>Bad gateway</body></html>", "content_type": "text/html"}),
    )
    .await;
    let error = rejected(client.list_keys(JsValue::UNDEFINED)).await;
    assert_wacht_error(&error, "http", Some(502));
    resolved(client.list_keys(JsValue::UNDEFINED)).await;

    // A 200 whose body is not JSON is a `decode` error.
    fault(
        serde_json::json!({"method": "GET", "path_prefix": "/api-auth/keys", "status": 200,
        "body": "<html>maintenance</html>", "content_type": "text/html"}),
    )
    .await;
    let error = rejected(client.list_keys(JsValue::UNDEFINED)).await;
    assert_wacht_error(&error, "decode", Some(200));
    assert!(
        get_str(&error, "message").contains("text/html"),
        "{}",
        get_str(&error, "message")
    );

    // A 200 with no body at all is a `decode` error that says so, in every engine.
    fault(serde_json::json!({"method": "GET", "path_prefix": "/api-auth/keys", "status": 200}))
        .await;
    let error = rejected(client.list_keys(JsValue::UNDEFINED)).await;
    assert_wacht_error(&error, "decode", Some(200));
    assert_eq!(
        get_str(&error, "message"),
        "expected a JSON envelope, got an empty body"
    );

    // A dropped connection is a `network` error; the next call works. Firefox silently resends
    // a GET whose connection closed before any byte of the answer (10 attempts in all, measured
    // with Firefox ESR 153), so the fault catches up to 20: the client must end in the same
    // error whatever the engine resends. What Chromium and WebKit leave of it is cleared.
    fault(
        serde_json::json!({"method": "GET", "path_prefix": "/api-auth/keys", "reset": true,
        "times": 20}),
    )
    .await;
    let error = rejected(client.list_keys(JsValue::UNDEFINED)).await;
    assert_wacht_error(&error, "network", None);
    clear_faults().await;
    resolved(client.list_keys(JsValue::UNDEFINED)).await;

    // A request that hangs past timeoutMs is a `timeout`, within the bound.
    fault(serde_json::json!({"method": "GET", "path_prefix": "/api-auth/keys", "hang_ms": 4_000}))
        .await;
    let started = now();
    let error = rejected(client.list_keys(JsValue::UNDEFINED)).await;
    let waited = now() - started;
    assert_wacht_error(&error, "timeout", None);
    assert!(
        (1_400.0..3_000.0).contains(&waited),
        "ended after {waited} ms"
    );
    resolved(client.list_keys(JsValue::UNDEFINED)).await;

    // A created key's secret arrives as soon as the server answered, while the refetches of
    // the key list after it hang.
    let keys = with_subscriber(client.api_auth_keys(JsValue::UNDEFINED).unwrap());
    settled(&keys).await;
    fault(
        serde_json::json!({"method": "GET", "path_prefix": "/api-auth/keys", "hang_ms": 1_200,
        "times": 5}),
    )
    .await;
    let started = now();
    let created = call_async(
        &keys,
        "createKey",
        &[js(
            serde_json::json!({"name": unique_name("during a hang")}),
        )],
    )
    .await
    .unwrap();
    let waited = now() - started;
    assert!(get_str(&get(&created, "data"), "secret").len() > 40);
    assert!(
        waited < 1_000.0,
        "the secret waited {waited} ms for the refetch"
    );
    assert_eq!(get(&snapshot(&keys), "fetching"), JsValue::TRUE);
    call(&keys, "dispose", &[]);
    clear_faults().await;

    // A slow exchange that fails after a newer one succeeded does not turn the live session
    // into an error.
    let session = with_subscriber(client.api_auth_app_session(JsValue::NULL).unwrap());
    wait_for_status(&session, &["ready"]).await;
    fault(serde_json::json!({"path_prefix": "/session/ticket/exchange", "hang_ms": 800})).await;
    let slow: js_sys::Promise =
        call(&session, "exchange", &["not-a-ticket".into()]).unchecked_into();
    sleep(100).await;
    let fresh = mint_api_auth_ticket(url, 600).await;
    call_async(&session, "exchange", &[fresh.into()])
        .await
        .unwrap();
    assert_wacht_error(&rejected(slow).await, "invalid_ticket", Some(401));
    let snap = snapshot(&session);
    assert_eq!(get_str(&snap, "status"), "ready", "{}", stringify(&snap));
    assert!(get(&snap, "sessionError").is_null(), "{}", stringify(&snap));
    call(&session, "dispose", &[]);
    clear_faults().await;
}

/// The staging token the client keeps for `url` (its localStorage entry).
fn stored_dev_session(url: &str) -> Option<String> {
    let keys = wacht_api_auth_core::session::dev_session::DevSessionKeys::for_scope(url);
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.get_item(&keys.value).unwrap()
}

/// `GET url` with plain fetch; the `X-Development-Session` of the answer.
async fn dev_session_of(url: &str) -> String {
    let window = web_sys::window().unwrap();
    let response: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url))
            .await
            .unwrap()
            .dyn_into()
            .unwrap();
    assert_eq!(response.status(), 200, "GET {url}");
    response
        .headers()
        .get("x-development-session")
        .unwrap()
        .expect("X-Development-Session exposed")
}

/// Wacht sends the staging token back on every answer; the client keeps whatever a key read
/// brings, and its next request carries it.
#[wasm_bindgen_test]
async fn the_client_keeps_the_token_that_any_answer_brings() {
    let url = faults_url();
    clear_faults().await;
    let client = client_with(url, &[("timeoutMs", 3_000.0.into())]);
    let ticket = mint_api_auth_ticket(url, 600).await;
    resolved(client.exchange_ticket(ticket.into())).await;
    resolved(client.list_keys(JsValue::UNDEFINED)).await;
    let first = stored_dev_session(url).expect("a token after the exchange");

    // Another browser session with an app session of its own, as a server could slide to.
    let other = dev_session_of(&format!("{url}/deployment")).await;
    assert_ne!(other, first);
    let ticket = mint_api_auth_ticket(url, 600).await;
    dev_session_of(&format!(
        "{url}/session/ticket/exchange?ticket={ticket}&__dev_session__={other}"
    ))
    .await;

    // A key read (not the bootstrap, not an exchange) answers with that token.
    let envelope = serde_json::json!({"status": 200, "message": "", "data": [], "session": null,
        "errors": null});
    fault(
        serde_json::json!({"method": "GET", "path_prefix": "/api-auth/keys", "status": 200,
        "body": envelope.to_string(), "dev_session": other}),
    )
    .await;
    resolved(client.list_keys(JsValue::UNDEFINED)).await;
    assert_eq!(stored_dev_session(url).as_deref(), Some(other.as_str()));

    // The next request carries it: the server slides that session, so its answer brings the same
    // token back (had the request carried the old token, that one would be stored again).
    resolved(client.list_keys(JsValue::UNDEFINED)).await;
    assert_eq!(stored_dev_session(url).as_deref(), Some(other.as_str()));
    clear_faults().await;
}

/// Turns the dev server's copy of Wacht's per-IP limiter on or off.
async fn ip_limiter(enabled: bool) {
    let url = format!("{}/__dev/ip-limiter", faults_url());
    let body = serde_json::json!({ "enabled": enabled }).to_string();
    let (status, answer) = fetch_json("POST", &url, None, Some(body)).await;
    assert_eq!(status, 200, "{}", stringify(&answer));
}

/// Wacht's limiter answers its 429 before CORS headers are added: a page on another origin sees
/// a network failure, which the client reports as a `network` error.
#[wasm_bindgen_test]
async fn the_limiters_early_429_is_a_network_error() {
    let url = faults_url();
    clear_faults().await;
    let client = client_with(url, &[("timeoutMs", 3_000.0.into())]);
    let ticket = mint_api_auth_ticket(url, 600).await;
    resolved(client.exchange_ticket(ticket.into())).await;
    // The limiter counts per clock minute, so the 21st request must fall in the same minute as
    // the first. The 21 take well under a second: only with less than 5 s of this minute left
    // does the test wait for the next one. It waits no longer than that: the test runner gives a
    // whole suite one time budget, and a wait of up to 20 s here once ran the suite out of it.
    let into_minute = js_sys::Date::now() % 60_000.0;
    if into_minute > 55_000.0 {
        sleep((60_500.0 - into_minute) as i32).await;
    }
    ip_limiter(true).await;
    let mut answered = 0;
    let mut error = None;
    for _ in 0..45 {
        match wasm_bindgen_futures::JsFuture::from(client.list_keys(JsValue::UNDEFINED)).await {
            Ok(_) => answered += 1,
            Err(refused) => {
                error = Some(refused);
                break;
            }
        }
    }
    ip_limiter(false).await;
    let error = error.expect("the limiter refused a request");
    assert!((1..=20).contains(&answered), "{answered} answered first");
    assert_wacht_error(&error, "network", None);
    let message = get_str(&error, "message");
    // The engine's own words ("Failed to fetch", "NetworkError when attempting to fetch
    // resource.", "Load failed") name no cause, so the client's message names the likely ones.
    assert!(
        message.starts_with("network error (no answer, or one without CORS headers): "),
        "{message}"
    );
    console_log!("the limiter's 429 reached the client as: {message}");
    // Usable again once the limiter lets requests through.
    resolved(client.list_keys(JsValue::UNDEFINED)).await;
}
