//! The Rust face against a misbehaving server (the dev server's fault injector): an HTML error
//! page, a body that is not JSON, data of the wrong shape, a hang past the timeout, a body over
//! the cap, a dropped connection and 401/403 answers each end in the typed error with the JS
//! face's code, within the bound, and the client works afterwards.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wacht_api_auth_web::models::KeyListOptions;
use wacht_api_auth_web::{ErrorCode, WachtClient};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn all() -> KeyListOptions {
    KeyListOptions { status: None }
}

async fn keys_fault(extra: serde_json::Value) {
    let mut fault_json = serde_json::json!({"method": "GET", "path_prefix": "/api-auth/keys"});
    fault_json
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    fault(fault_json).await;
}

#[wasm_bindgen_test]
async fn every_fault_ends_in_its_typed_error_within_the_bound() {
    let url = faults_url();
    clear_faults().await;
    forget_dev_session(url);
    let client = WachtClient::new(options(url).timeout_ms(1_500)).unwrap();
    client
        .exchange_ticket(&mint_ticket(url).await)
        .await
        .unwrap();
    client.list_keys(&all()).await.unwrap();

    // An HTML error page: `http` with its status.
    keys_fault(serde_json::json!({"status": 502, "body": "<html>Bad gateway</html>", "content_type": "text/html"})).await;
    let error = client.list_keys(&all()).await.unwrap_err();
    assert_eq!(
        (error.code, error.status),
        (ErrorCode::Http, Some(502)),
        "{error}"
    );

    // A 200 that is not JSON: `decode`, naming the media type.
    keys_fault(serde_json::json!({"status": 200, "body": "{\"data\": [", "content_type": "application/json"})).await;
    let error = client.list_keys(&all()).await.unwrap_err();
    assert_eq!(
        (error.code, error.status),
        (ErrorCode::Decode, Some(200)),
        "{error}"
    );
    assert!(error.message.contains("not JSON"), "{error}");

    // An empty 200: `decode`, told by its byte count.
    keys_fault(serde_json::json!({"status": 200})).await;
    let error = client.list_keys(&all()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Decode, "{error}");
    assert!(error.message.contains("an empty body"), "{error}");

    // Data of the wrong shape: `decode`, naming the field.
    keys_fault(
        serde_json::json!({"status": 200, "body": "{\"data\": [{\"id\": \"1\", \"name\": 7}]}"}),
    )
    .await;
    let error = client.list_keys(&all()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Decode, "{error}");
    assert!(error.message.contains("data[0].name"), "{error}");

    // A hang past the timeout: `timeout`, at the bound.
    keys_fault(serde_json::json!({"hang_ms": 4_000})).await;
    let started = now();
    let error = client.list_keys(&all()).await.unwrap_err();
    let took = now() - started;
    assert_eq!(error.code, ErrorCode::Timeout, "{error}");
    assert!((1_400.0..3_000.0).contains(&took), "ended after {took} ms");

    // A dropped connection: `network`. Firefox silently resends a GET whose connection closed
    // before any byte of the answer (10 attempts in all), so the fault catches up to 20; what
    // Chromium and WebKit leave of it is cleared.
    keys_fault(serde_json::json!({"reset": true, "times": 20})).await;
    let error = client.list_keys(&all()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::Network, "{error}");
    clear_faults().await;

    // 401 and 403 from the API-auth routes: `no_session` with the status.
    for status in [401, 403] {
        keys_fault(
            serde_json::json!({"status": status, "body": "{\"message\": \"no\"}", "times": 2}),
        )
        .await;
        let error = client.list_keys(&all()).await.unwrap_err();
        assert_eq!(
            (error.code, error.status),
            (ErrorCode::NoSession, Some(status)),
            "{error}"
        );
        clear_faults().await;
    }

    // The client works afterwards.
    client.list_keys(&all()).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_body_over_the_cap_is_not_read() {
    let url = faults_url();
    clear_faults().await;
    let capped = WachtClient::new(options(url).max_body_bytes(64)).unwrap();
    let big = format!(
        "{{\"data\": {{\"mode\": \"staging\", \"padding\": \"{}\"}}}}",
        "x".repeat(200)
    );
    fault(serde_json::json!({"method": "GET", "path_prefix": "/deployment", "status": 200, "body": big})).await;
    let error = capped.mode().await.unwrap_err();
    assert_eq!(
        (error.code, error.status),
        (ErrorCode::Decode, Some(200)),
        "{error}"
    );
    assert_eq!(
        error.message,
        "the response body is longer than maxBodyBytes"
    );
    // A body within the cap is read.
    let roomy = WachtClient::new(options(url).max_body_bytes(4_096)).unwrap();
    roomy.mode().await.unwrap();
}
