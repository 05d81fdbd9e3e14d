//! Demo app backend (`POST /api/settings/api-keys/embed-ticket`) and the request log.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{now_s, with_dev_session, TestApp};
use serde_json::json;
use wacht_dev_server::config::Mode;

#[tokio::test]
async fn embed_ticket_requires_deployment_id() {
    let app = TestApp::new(Mode::Staging);
    let cookie = app.sign_in("owner").await;
    for body in [
        "{}",
        "",
        r#"{"deploymentId":""}"#,
        r#"{"deploymentId":null}"#,
    ] {
        let reply = app.embed_ticket(Some(&cookie), body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(
            reply.json(),
            json!({"error": "deploymentId is required"}),
            "{body}"
        );
    }
    let reply = app.embed_ticket(Some(&cookie), "{not json").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json(), json!({"error": "Invalid JSON body"}));
    assert!(app.state.lock().tickets.is_empty());
}

#[tokio::test]
async fn embed_ticket_returns_a_ticket_that_exchanges() {
    let app = TestApp::new(Mode::Staging);
    let cookie = app.sign_in("owner").await;
    let reply = app
        .embed_ticket(Some(&cookie), r#"{"deploymentId":"42"}"#)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let body = reply.json();
    let object = body.as_object().expect("object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["expires_at", "ticket"]);
    let expires_at = body["expires_at"].as_i64().expect("expires_at");
    assert!((expires_at - (now_s() + 120)).abs() <= 1, "{expires_at}");
    let ticket = body["ticket"].as_str().expect("ticket").to_string();

    {
        let store = app.state.lock();
        let stored = &store.tickets[&ticket];
        assert_eq!(stored.deployment_id, "42");
        assert_eq!(stored.api_auth_app_slug.as_deref(), Some("aa_42"));
    }

    let session = app.staging_session().await;
    let data = app.exchange(&ticket, &session).await.envelope_data();
    assert_eq!(data["api_auth_app"]["name"], "Acme Public API");
    let data = app
        .get(&with_dev_session("/api-auth/session", &session))
        .await
        .envelope_data();
    assert_eq!(data["api_auth_app"]["app_slug"], "aa_42");
}

#[tokio::test]
async fn request_log_records_requests_and_redacts_tickets() {
    let app = TestApp::new(Mode::Staging);
    app.get("/session/ticket/exchange?ticket=secret123&__dev_session__=tok456")
        .await
        .assert_frontend_error(401, "Invalid or expired ticket");
    app.get("/deployment").await.envelope_data();

    let reply = app.get("/__dev/requests").await;
    assert_eq!(reply.status, StatusCode::OK);
    let text = reply.text();
    assert!(!text.contains("secret123"), "{text}");
    assert!(!text.contains("tok456"), "{text}");
    let mut records = reply.json()["requests"].clone();
    for record in records.as_array_mut().expect("array") {
        let record = record.as_object_mut().expect("object");
        let received = record
            .remove("received_ms")
            .and_then(|v| v.as_i64())
            .expect("received_ms");
        let responded = record
            .remove("responded_ms")
            .and_then(|v| v.as_i64())
            .expect("responded_ms");
        assert!(responded >= received && received > 1_700_000_000_000);
    }
    assert_eq!(
        records,
        json!([
            {"seq": 1, "method": "GET",
             "path": "/session/ticket/exchange?ticket=[redacted]&__dev_session__=[redacted]",
             "status": 401, "bearer": false},
            {"seq": 2, "method": "GET", "path": "/deployment", "status": 200, "bearer": false},
        ])
    );

    // Reads of the log are not recorded; DELETE clears, seq keeps counting.
    let cleared = app
        .send(
            Request::delete("/__dev/requests")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(cleared.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/__dev/requests").await.json(),
        json!({"requests": []})
    );
    app.get("/nothing-here").await;
    let after_clear = app.get("/__dev/requests").await.json();
    let only = &after_clear["requests"][0];
    assert_eq!(after_clear["requests"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        (&only["seq"], &only["path"], &only["status"]),
        (&json!(3), &json!("/nothing-here"), &json!(404))
    );
}

#[tokio::test]
async fn ticket_urls_from_the_mint_are_redacted_too() {
    let app = TestApp::new(Mode::Staging);
    let ticket = app
        .mint_ok(json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_42"}))
        .await;
    app.get(&format!("/vanity/api-auth?ticket={ticket}")).await;
    let text = app.get("/__dev/requests").await.text();
    assert!(!text.contains(&ticket), "{text}");
    assert!(
        text.contains("/vanity/api-auth?ticket=[redacted]"),
        "{text}"
    );
}

#[tokio::test]
async fn config_names_the_publishable_key_and_deployment() {
    for (mode, prefix) in [(Mode::Staging, "pk_test_"), (Mode::Production, "pk_live_")] {
        let app = TestApp::new(mode);
        let reply = app
            .send(
                Request::get("/api/config")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        let json = reply.json();
        assert_eq!(json["deploymentId"], "42");
        let key = json["publishableKey"].as_str().expect("publishableKey");
        assert!(key.starts_with(prefix), "{key}");
        assert_eq!(key, app.state.settings().publishable_key);
    }
}

#[tokio::test]
async fn latency_delays_frontend_api_requests_and_is_recorded_with_times() {
    let app = TestApp::new(Mode::Staging);
    let set = app
        .send(
            Request::post("/__dev/latency")
                .header("content-type", "application/json")
                .body(Body::from(r#"{"ms":120}"#))
                .expect("request"),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK);
    let too_long = app
        .send(
            Request::post("/__dev/latency")
                .header("content-type", "application/json")
                .body(Body::from(r#"{"ms":999999}"#))
                .expect("request"),
        )
        .await;
    assert_eq!(too_long.status, StatusCode::BAD_REQUEST);
    let started = std::time::Instant::now();
    app.send(
        Request::get("/deployment")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert!(started.elapsed() >= std::time::Duration::from_millis(120));
    let records = app.state.lock().request_log.records();
    let record = records
        .iter()
        .find(|r| r.path.starts_with("/deployment"))
        .expect("recorded");
    assert!(
        record.responded_ms - record.received_ms >= 120,
        "{record:?}"
    );
    app.state.lock().latency_ms = 0;
    let started = std::time::Instant::now();
    app.send(
        Request::get("/deployment")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert!(started.elapsed() < std::time::Duration::from_millis(100));
}
