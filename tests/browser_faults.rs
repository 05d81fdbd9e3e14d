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
    let keys = client.api_auth_keys(JsValue::UNDEFINED).unwrap();
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
    let session = client.api_auth_app_session(JsValue::NULL).unwrap();
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
