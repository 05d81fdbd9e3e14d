//! `POST /v1/authz/check` (wire contract §6.2): key checks, permissions, rate limits, headers and the
//! audit entries it writes.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{http, http_app_session, http_create_key, spawn_server, TestApp};
use serde_json::{json, Value};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use wacht_dev_server::config::{Config, Mode};
use wacht_dev_server::rate_limit::RateLimitRule;
use wacht_dev_server::store::model::RateLimitScheme;

fn app() -> TestApp {
    TestApp::new(Mode::Staging)
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64
}

/// Sleeps until at least `margin_ms` remain in the current fixed window of `window_ms`, so a
/// short burst cannot straddle a window boundary.
async fn away_from_window_end(window_ms: i64, margin_ms: i64) {
    let left = window_ms - now_ms().rem_euclid(window_ms);
    if left < margin_ms {
        tokio::time::sleep(Duration::from_millis((left + 20) as u64)).await;
    }
}

async fn key_for(app: &TestApp, slug: &str) -> (String, String, String) {
    let token = app.app_session(slug).await;
    let (id, secret) = app.create_key(&token, "gateway key").await;
    (token, id, secret)
}

fn audit_count(app: &TestApp) -> usize {
    app.state.lock().audit_log.len()
}

#[tokio::test]
async fn allowed_check_body_headers_and_audit_entry() {
    let app = app();
    let (_, key_id, secret) = key_for(&app, "aa_42").await;
    away_from_window_end(10_000, 2_000).await;
    let reply = app
        .send(
            Request::post("/v1/authz/check")
                .header("content-type", "application/json")
                .header("user-agent", "test-agent/1.0")
                .body(Body::from(
                    json!({
                        "principal": {"type": "api_key", "value": secret},
                        "resource": "v1/users?page=2#top",
                        "method": "get",
                    })
                    .to_string(),
                ))
                .expect("request"),
        )
        .await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text());
    let body = reply.json();
    let request_id = body["request_id"].as_str().expect("request_id").to_string();
    assert!(request_id.starts_with("req_"));
    assert!(request_id[4..].parse::<u64>().is_ok());
    let headers = body["headers"].clone();
    assert_eq!(
        body,
        json!({
            "allowed": true,
            "reason": null,
            "blocked_rule": null,
            "request_id": request_id,
            "identity": {
                "key_id": key_id,
                "key_name": "gateway key",
                "app_slug": "aa_42",
                "deployment_id": "42",
                "key_prefix": "acme_test",
            },
            "permissions": [],
            "metadata": {},
            "rate_limits": [
                {"rule": "10/10s", "remaining": 9, "limit": 10},
                {"rule": "10000/86400s", "remaining": 9999, "limit": 10000},
            ],
            "retry_after": null,
            "headers": headers,
        })
    );

    let entry = app.state.lock().audit_log[0].clone();
    assert_eq!(entry.request_id, request_id);
    assert_eq!(entry.outcome, "VALID");
    assert_eq!(entry.blocked_by_rule, None);
    assert_eq!(entry.path, "GET /v1/users");
    assert_eq!(entry.client_ip, "unknown");
    assert_eq!(entry.user_agent, "test-agent/1.0");
    assert_eq!(entry.key_id, key_id);
    assert_eq!(
        (entry.deployment_id.as_str(), entry.app_slug.as_str()),
        ("42", "aa_42")
    );
    let rate_limits: Value =
        serde_json::from_str(entry.rate_limits.as_deref().expect("rate_limits")).expect("json");
    assert_eq!(rate_limits, body["rate_limits"]);
    assert!((entry.timestamp_ms - now_ms()).abs() < 5_000);

    let header = |name: &str| reply.header(name).unwrap_or_else(|| panic!("{name}"));
    assert_eq!(header("x-ratelimit-10s-limit"), "10");
    assert_eq!(header("x-ratelimit-10s-remaining"), "9");
    let reset_10s: i64 = header("x-ratelimit-10s-reset").parse().expect("reset");
    assert_eq!(reset_10s, entry.timestamp_ms / 10_000 * 10 + 10);
    assert_eq!(header("x-ratelimit-86400s-limit"), "10000");
    assert_eq!(header("x-ratelimit-86400s-remaining"), "9999");
    let reset_day: i64 = header("x-ratelimit-86400s-reset").parse().expect("reset");
    assert_eq!(reset_day, entry.timestamp_ms / 86_400_000 * 86_400 + 86_400);
    assert_eq!(reply.header("retry-after"), None);
    // The body's `headers` are the HTTP headers.
    let in_body = body["headers"].as_object().expect("headers").clone();
    assert_eq!(in_body.len(), 6, "{in_body:?}");
    for (name, value) in &in_body {
        assert_eq!(
            Some(value.as_str().expect("text")),
            reply.header(name).as_deref(),
            "{name}"
        );
    }
    let exposed = header("access-control-expose-headers");
    for name in ["X-RateLimit-10s-Remaining", "X-RateLimit-86400s-Reset"] {
        assert!(exposed.contains(name), "{exposed}");
    }
    // The key never reaches the request log.
    let log = app.get("/__dev/requests").await.text();
    assert!(log.contains("/v1/authz/check"));
    assert!(!log.contains(&secret[10..]));
}

#[tokio::test]
async fn per_key_burst_of_eleven_blocks_the_last() {
    let app = app();
    let (token, key_id, secret) = key_for(&app, "aa_42").await;
    away_from_window_end(10_000, 3_000).await;
    let mut replies = Vec::new();
    for _ in 0..11 {
        replies.push(app.authz_get(&secret, "/v1/orders").await);
    }
    for (index, reply) in replies[..10].iter().enumerate() {
        assert_eq!(
            reply.status.as_u16(),
            200,
            "request {index}: {}",
            reply.text()
        );
        assert_eq!(
            reply.json()["rate_limits"][0]["remaining"],
            9 - index as i64
        );
    }
    let blocked = &replies[10];
    assert_eq!(blocked.status.as_u16(), 200, "{}", blocked.text());
    let body = blocked.json();
    assert_eq!(body["allowed"], false);
    assert_eq!(body["reason"], "rate_limited");
    assert_eq!(body["blocked_rule"], "10/10s");
    assert_eq!(body["identity"]["key_id"], key_id.as_str());
    let retry_after = body["retry_after"].as_i64().expect("retry_after");
    assert!((1..=10).contains(&retry_after), "{retry_after}");
    assert_eq!(
        body["headers"]["Retry-After"],
        json!(retry_after.to_string())
    );
    assert_eq!(
        body["rate_limits"],
        json!([
            {"rule": "10/10s", "remaining": 0, "limit": 10},
            {"rule": "10000/86400s", "remaining": 9990, "limit": 10000},
        ])
    );
    assert_eq!(
        blocked.header("x-ratelimit-10s-remaining").as_deref(),
        Some("0")
    );
    let retry: i64 = blocked
        .header("retry-after")
        .expect("retry-after")
        .parse()
        .expect("seconds");
    assert!((1..=10).contains(&retry), "{retry}");
    assert!(blocked
        .header("access-control-expose-headers")
        .expect("expose")
        .contains("Retry-After"));

    {
        let store = app.state.lock();
        let outcomes: Vec<(&str, Option<&str>)> = store
            .audit_log
            .iter()
            .map(|e| (e.outcome.as_str(), e.blocked_by_rule.as_deref()))
            .collect();
        let mut expected = vec![("VALID", None); 10];
        expected.push(("BLOCKED", Some("10/10s")));
        assert_eq!(outcomes, expected);
        // Request ids strictly increase.
        let numbers: Vec<u64> = store
            .audit_log
            .iter()
            .map(|e| e.request_id[4..].parse().expect("number"))
            .collect();
        assert!(numbers.windows(2).all(|pair| pair[0] < pair[1]));
    }

    // per_key counts per resource; the blocked request did not use up the per_app day quota.
    let other = app.authz_get(&secret, "/v1/other").await;
    assert_eq!(other.status.as_u16(), 200);
    assert_eq!(
        other.json()["rate_limits"],
        json!([
            {"rule": "10/10s", "remaining": 9, "limit": 10},
            {"rule": "10000/86400s", "remaining": 9989, "limit": 10000},
        ])
    );
    // The audit reads see the same 12 entries.
    let page = app
        .get_in("/api-auth/audit/logs?outcome=blocked", &token)
        .await
        .envelope_data();
    assert_eq!(page["data"].as_array().expect("array").len(), 1);
}

#[tokio::test]
async fn permission_denied_is_403_and_audited() {
    let app = app();
    let (_, key_id, secret) = key_for(&app, "aa_42").await;
    let check = |required: Value| {
        json!({
            "principal": {"type": "api_key", "value": secret},
            "resource": "/v1/admin",
            "method": "DELETE",
            "required_permissions": required,
        })
    };
    let denied = app.authz(check(json!(["users:read"]))).await;
    assert_eq!(denied.status.as_u16(), 200, "{}", denied.text());
    let body = denied.json();
    assert_eq!(body["allowed"], false);
    assert_eq!(body["reason"], "permission_denied");
    assert_eq!(body["blocked_rule"], "permission_denied");
    assert_eq!(body["retry_after"], json!(null));
    assert_eq!(body["rate_limits"], json!([]));
    assert_eq!(body["permissions"], json!([]));
    assert_eq!(denied.header("x-ratelimit-10s-limit"), None);
    assert_eq!(denied.header("retry-after"), None);
    {
        let store = app.state.lock();
        let entry = &store.audit_log[0];
        assert_eq!(entry.outcome, "BLOCKED");
        assert_eq!(entry.blocked_by_rule.as_deref(), Some("permission_denied"));
        assert_eq!(entry.rate_limits.as_deref(), Some("[]"));
        assert_eq!(entry.path, "DELETE /v1/admin");
    }

    // Grant permissions (the frontend API creates keys with none).
    {
        let mut store = app.state.lock();
        let key = store
            .api_keys
            .iter_mut()
            .find(|k| k.id == key_id)
            .expect("key");
        key.permissions = vec!["users:write".to_string(), "users:read".to_string()];
    }
    let allowed = app
        .authz(check(json!(["users:read", " users:write "])))
        .await;
    assert_eq!(allowed.status.as_u16(), 200, "{}", allowed.text());
    assert_eq!(
        allowed.json()["permissions"],
        json!(["users:read", "users:write"])
    );
    // All required permissions must be present.
    let partial = app
        .authz(check(json!(["users:read", "billing:read"])))
        .await;
    assert_eq!(partial.status.as_u16(), 200);
    // Blank requirements are ignored.
    let blank = app.authz(check(json!(["", "  "]))).await;
    assert_eq!(blank.status.as_u16(), 200);
    assert_eq!(audit_count(&app), 4);
}

#[tokio::test]
async fn invalid_revoked_and_expired_keys_are_401_without_audit() {
    let app = app();
    let (token, key_id, secret) = key_for(&app, "aa_42").await;
    let expired = app
        .post_form(
            "/api-auth/keys",
            &token,
            "name=old&expires_at=2020-01-01T00:00:00Z",
        )
        .await
        .envelope_data()["secret"]
        .as_str()
        .expect("secret")
        .to_string();
    let unknown = format!("acme_test_{}", "A".repeat(43));
    // Empty, malformed or expired: JSON `{"allowed":false}`; unknown: plain text.
    let malformed = format!("ab_{}!", "A".repeat(42));
    for key in ["", "short", malformed.as_str(), expired.as_str()] {
        app.authz_get(key, "/v1/users").await.assert_not_allowed();
    }
    app.authz_get(&unknown, "/v1/users")
        .await
        .assert_unknown_key();
    assert_eq!(audit_count(&app), 0);

    // Revocation takes effect on the very next check.
    assert_eq!(
        app.authz_get(&secret, "/v1/users").await.status.as_u16(),
        200
    );
    app.post_form(&format!("/api-auth/keys/{key_id}/revoke"), &token, "")
        .await
        .envelope_data();
    app.authz_get(&secret, "/v1/users")
        .await
        .assert_unknown_key();
    assert_eq!(audit_count(&app), 1);

    // After rotation the old secret fails and the new one works.
    let (rotating, old_secret) = app.create_key(&token, "rotating").await;
    let new_secret = app
        .post_form(&format!("/api-auth/keys/{rotating}/rotate"), &token, "")
        .await
        .envelope_data()["secret"]
        .as_str()
        .expect("secret")
        .to_string();
    app.authz_get(&old_secret, "/v1/users")
        .await
        .assert_unknown_key();
    let fresh = app.authz_get(&new_secret, "/v1/users").await;
    assert_eq!(fresh.status.as_u16(), 200);
    assert_eq!(fresh.json()["identity"]["key_name"], "rotating");

    // An inactive app rejects its keys.
    app.state
        .lock()
        .api_auth_apps
        .iter_mut()
        .for_each(|a| a.is_active = false);
    app.authz_get(&new_secret, "/v1/users")
        .await
        .assert_unknown_key();
    assert_eq!(audit_count(&app), 2);
}

#[tokio::test]
async fn malformed_checks_are_400() {
    let app = app();
    let (_, _, secret) = key_for(&app, "aa_42").await;
    let base = json!({
        "principal": {"type": "api_key", "value": secret},
        "resource": "/v1/users",
        "method": "GET",
    });
    let with = |field: &str, value: Value| {
        let mut body = base.clone();
        body[field] = value;
        body
    };
    let cases = [
        (with("method", json!("TRACE")), "Invalid method"),
        (with("method", json!("")), "Invalid method"),
        (with("resource", json!("")), "Invalid resource"),
        (with("resource", json!("?only=query")), "Invalid resource"),
        (
            with(
                "principal",
                json!({"type": "oauth_access_token", "value": "x"}),
            ),
            "Unsupported principal type",
        ),
    ];
    for (body, message) in cases {
        app.authz(body).await.assert_backend_error(400, message);
    }
    for raw in ["not json", "{}", r#"{"principal":{"type":"api_key"}}"#] {
        let reply = app
            .send(
                Request::post("/v1/authz/check")
                    .header("content-type", "application/json")
                    .body(Body::from(raw))
                    .expect("request"),
            )
            .await;
        assert_eq!(reply.status.as_u16(), 400, "{raw}");
        assert!(reply.backend_message().starts_with("Invalid request body"));
        assert_eq!(reply.json()["errors"][0]["code"], 400);
    }
    assert_eq!(audit_count(&app), 0);
}

#[tokio::test]
async fn scheme_rules_filter_by_endpoint_sort_by_priority_and_use_client_ip() {
    let app = app();
    let (_, key_id, secret) = key_for(&app, "aa_42").await;
    {
        let mut store = app.state.lock();
        store.rate_limit_schemes.push(RateLimitScheme {
            deployment_id: "42".to_string(),
            slug: "tight".to_string(),
            rules: vec![
                RateLimitRule {
                    unit: "second".to_string(),
                    duration: 30,
                    max_requests: 1,
                    mode: Some("per_key_and_ip".to_string()),
                    endpoints: Some(vec!["/v1/ip".to_string()]),
                    priority: 5,
                },
                RateLimitRule {
                    unit: "minute".to_string(),
                    duration: 1,
                    max_requests: 100,
                    mode: None,
                    endpoints: Some(vec!["*".to_string()]),
                    priority: 1,
                },
            ],
            ..RateLimitScheme::default()
        });
        let key = store
            .api_keys
            .iter_mut()
            .find(|k| k.id == key_id)
            .expect("key");
        key.rate_limit_scheme_slug = Some("tight".to_string());
    }
    // 60 s windows end on 30 s boundaries too, so this keeps both rules in one window.
    away_from_window_end(30_000, 3_000).await;
    let check = |resource: &str, ip: &str| {
        json!({
            "principal": {"type": "api_key", "value": secret},
            "resource": resource,
            "method": "POST",
            "client_ip": ip,
            "user_agent": "sdk/2",
        })
    };
    let first = app.authz(check("/v1/ip", "203.0.113.1")).await;
    assert_eq!(first.status.as_u16(), 200, "{}", first.text());
    assert_eq!(
        first.json()["rate_limits"],
        json!([
            {"rule": "100/60s", "remaining": 99, "limit": 100},
            {"rule": "1/30s", "remaining": 0, "limit": 1},
        ])
    );
    let second = app.authz(check("/v1/ip", "203.0.113.1")).await;
    assert_eq!(second.status.as_u16(), 200, "{}", second.text());
    assert_eq!(second.json()["blocked_rule"], "1/30s");
    let other_ip = app.authz(check("/v1/ip", "203.0.113.2")).await;
    assert_eq!(other_ip.status.as_u16(), 200);
    let other_path = app.authz(check("/v1/else", "203.0.113.1")).await;
    assert_eq!(
        other_path.json()["rate_limits"],
        // Counted: first, other_ip and this one; the blocked second is not.
        json!([{"rule": "100/60s", "remaining": 97, "limit": 100}])
    );
    let store = app.state.lock();
    assert_eq!(store.audit_log[0].client_ip, "203.0.113.1");
    assert_eq!(store.audit_log[0].user_agent, "sdk/2");
    assert_eq!(store.audit_log[2].client_ip, "203.0.113.2");
}

#[tokio::test]
async fn apps_without_a_scheme_get_the_default_per_app_limit() {
    let app = app();
    let (_, _, secret) = key_for(&app, "partner_api").await;
    let (_, _, second) = key_for(&app, "partner_api").await;
    away_from_window_end(60_000, 2_000).await;
    let reply = app.authz_get(&secret, "/x").await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text());
    assert_eq!(reply.json()["identity"]["app_slug"], "partner_api");
    assert_eq!(
        reply.json()["rate_limits"],
        json!([{"rule": "1000/60s", "remaining": 999, "limit": 1000}])
    );
    assert_eq!(
        reply.header("x-ratelimit-60s-limit").as_deref(),
        Some("1000")
    );
    // per_app: a second key of the same app shares the counter.
    let shared = app.authz_get(&second, "/y").await;
    assert_eq!(shared.json()["rate_limits"][0]["remaining"], 998);
}

#[tokio::test]
async fn peer_address_is_the_default_client_ip_over_tcp() {
    let server = spawn_server(Config {
        port: 0,
        ..Config::default()
    })
    .await;
    // Make a key directly through the in-memory API of the running server's state.
    let secret = {
        let app = TestApp {
            router: wacht_dev_server::router(server.state.clone()),
            state: server.state.clone(),
        };
        let token = app.app_session("aa_42").await;
        app.create_key(&token, "tcp").await.1
    };
    let body = json!({
        "principal": {"type": "api_key", "value": secret},
        "resource": "/v1/tcp",
        "method": "GET",
    })
    .to_string();
    let reply = http(
        server.addr,
        "POST",
        "/v1/authz/check",
        &[("content-type", "application/json")],
        body.as_bytes(),
    )
    .await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text());
    let store = server.state.lock();
    let entry = store.audit_log.last().expect("entry");
    assert_eq!(entry.client_ip, "127.0.0.1");
    assert_eq!(entry.user_agent, "unknown");
}

#[tokio::test]
async fn gateway_cors_allows_loopback_pages_only() {
    let app = app();
    let preflight = |origin: &'static str| {
        Request::options("/v1/authz/check")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .body(Body::empty())
            .expect("request")
    };
    let ok = app.send(preflight("http://localhost:5173")).await;
    assert_eq!(
        ok.header("access-control-allow-origin").as_deref(),
        Some("http://localhost:5173")
    );
    assert!(ok
        .header("access-control-allow-headers")
        .expect("allow-headers")
        .to_ascii_lowercase()
        .contains("content-type"));
    let evil = app.send(preflight("https://evil.example")).await;
    assert_eq!(evil.header("access-control-allow-origin"), None);

    let (_, _, secret) = key_for(&app, "aa_42").await;
    let reply = app
        .send(
            Request::post("/v1/authz/check")
                .header("origin", "http://127.0.0.1:8787")
                .header("content-type", "application/json")
                .body(Body::from(
                    json!({"principal": {"type": "api_key", "value": secret},
                           "resource": "/v1/cors", "method": "GET"})
                    .to_string(),
                ))
                .expect("request"),
        )
        .await;
    assert_eq!(reply.status.as_u16(), 200);
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some("http://127.0.0.1:8787")
    );
    assert!(reply
        .header("access-control-expose-headers")
        .expect("expose")
        .contains("X-RateLimit-10s-Limit"));
}

/// Two rules with the same mode and window but different limits have a counter each: the
/// stricter one blocks exactly after its own limit (a shared counter counted once per rule
/// would block at about half of it), and the other counts each allowed request once.
#[tokio::test]
async fn rules_with_the_same_mode_and_window_count_apart() {
    let server = spawn_server(Config {
        port: 0,
        ..Config::default()
    })
    .await;
    let token = http_app_session(server.addr, "aa_42").await;
    let (key_id, secret) = http_create_key(server.addr, &token, "two rules").await;
    {
        let mut store = server.state.lock();
        let rule = |max_requests: i32, priority: i32| RateLimitRule {
            unit: "second".to_string(),
            duration: 10,
            max_requests,
            mode: Some("per_key".to_string()),
            endpoints: None,
            priority,
        };
        store.rate_limit_schemes.push(RateLimitScheme {
            deployment_id: "42".to_string(),
            slug: "same_window".to_string(),
            rules: vec![rule(10, 0), rule(3, 1)],
            ..RateLimitScheme::default()
        });
        let key = store
            .api_keys
            .iter_mut()
            .find(|k| k.id == key_id)
            .expect("key");
        key.rate_limit_scheme_slug = Some("same_window".to_string());
    }
    let body = json!({
        "principal": {"type": "api_key", "value": secret},
        "resource": "/v1/orders",
        "method": "GET",
    })
    .to_string();
    away_from_window_end(10_000, 3_000).await;
    let mut replies = Vec::new();
    for _ in 0..4 {
        replies.push(
            http(
                server.addr,
                "POST",
                "/v1/authz/check",
                &[("content-type", "application/json")],
                body.as_bytes(),
            )
            .await,
        );
    }
    for (index, reply) in replies[..3].iter().enumerate() {
        assert_eq!(
            reply.status.as_u16(),
            200,
            "request {index}: {}",
            reply.text()
        );
        assert_eq!(
            reply.json()["rate_limits"],
            json!([
                {"rule": "10/10s", "remaining": 9 - index, "limit": 10},
                {"rule": "3/10s", "remaining": 2 - index, "limit": 3},
            ]),
            "request {index}"
        );
    }
    let blocked = &replies[3];
    assert_eq!(blocked.status.as_u16(), 200, "{}", blocked.text());
    assert_eq!(blocked.json()["blocked_rule"], "3/10s");
    assert_eq!(
        blocked.json()["rate_limits"],
        json!([
            {"rule": "10/10s", "remaining": 7, "limit": 10},
            {"rule": "3/10s", "remaining": 0, "limit": 3},
        ])
    );
}

/// A body that ends before its `Content-Length` (the client half-closed) is an unreadable body,
/// 400 "Invalid request body", not the 413 of a body over the cap.
#[tokio::test]
async fn a_body_cut_short_is_a_400_not_a_413() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = spawn_server(Config {
        port: 0,
        ..Config::default()
    })
    .await;
    let mut stream = tokio::net::TcpStream::connect(server.addr)
        .await
        .expect("connect");
    stream
        .write_all(
            b"POST /v1/authz/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
              Content-Length: 100\r\n\r\n{\"principal\":",
        )
        .await
        .expect("write");
    stream.shutdown().await.expect("half-close");
    let mut response = String::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_string(&mut response))
        .await
        .expect("answer in time")
        .expect("read");
    assert!(response.starts_with("HTTP/1.1 400"), "{response}");
    assert!(response.contains("Invalid request body"), "{response}");
}
