//! Browser sessions (wire contract §1.5), `GET /deployment` (wire contract §1.2), `GET /api-auth/session` (wire contract §3.2) and CORS.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{
    http, http_app_session, spawn_server, with_dev_session, RunningServer, TestApp, BACKEND_KEY,
    ORIGIN,
};
use serde_json::json;
use std::time::{Duration, Instant};
use wacht_dev_server::config::Prune;
use wacht_dev_server::config::{Config, Mode};

#[tokio::test]
async fn deployment_data_staging() {
    let app = TestApp::new(Mode::Staging);
    let data = app.get("/deployment").await.envelope_data();
    assert_eq!(
        data,
        json!({
            "id": "42",
            "mode": "staging",
            "backend_host": ORIGIN,
            "frontend_host": ORIGIN,
            "publishable_key": "pk_test_aHR0cDovLzEyNy4wLjAuMTo4Nzg3",
        })
    );
}

#[tokio::test]
async fn deployment_data_production() {
    let app = TestApp::new(Mode::Production);
    let data = app.get("/deployment").await.envelope_data();
    assert_eq!(data["mode"], "production");
    assert_eq!(
        data["publishable_key"],
        "pk_live_aHR0cDovLzEyNy4wLjAuMTo4Nzg3"
    );
}

#[tokio::test]
async fn staging_creates_a_session_when_missing_and_reuses_a_valid_one() {
    let app = TestApp::new(Mode::Staging);

    let first = app.get("/deployment").await;
    let token = first.header("x-development-session").expect("created");
    assert_eq!(token.len(), 43);
    assert_eq!(first.header("set-cookie"), None);

    // Empty parameter, as the JS SDK sends it before it has a token.
    let empty = app.get("/deployment?__dev_session__=").await;
    let other = empty.header("x-development-session").expect("created");
    assert_ne!(other, token);

    // A known token: no new session, and the same token comes back (sliding session).
    let reused = app.get(&with_dev_session("/deployment", &token)).await;
    assert_eq!(reused.header("x-development-session"), Some(token.clone()));
    assert_eq!(app.state.lock().browser_sessions.len(), 2);

    // An unknown token: a new one.
    let unknown = app
        .get(&with_dev_session("/deployment", "not-a-session"))
        .await;
    let fresh = unknown.header("x-development-session").expect("created");
    assert_ne!(fresh, "not-a-session");
    assert_eq!(app.state.lock().browser_sessions.len(), 3);

    // The `__session` cookie is honoured in staging too (and the token comes back as a header).
    let by_cookie = app.get_with_cookie("/deployment", &token).await;
    assert_eq!(by_cookie.header("x-development-session"), Some(token));
    assert_eq!(by_cookie.header("set-cookie"), None);
    assert_eq!(app.state.lock().browser_sessions.len(), 3);
}

#[tokio::test]
async fn production_sets_an_http_only_cookie_and_ignores_dev_session() {
    let app = TestApp::new(Mode::Production);

    let first = app.get("/deployment").await;
    assert_eq!(first.header("x-development-session"), None);
    let cookie = first.header("set-cookie").expect("cookie");
    let token = cookie
        .strip_prefix("__session=")
        .and_then(|rest| rest.split(';').next())
        .expect("__session value")
        .to_string();
    assert_eq!(token.len(), 43);
    let attributes: Vec<&str> = cookie.split("; ").skip(1).collect();
    assert!(attributes.contains(&"Path=/"), "{cookie}");
    assert!(attributes.contains(&"HttpOnly"), "{cookie}");
    assert!(attributes.contains(&"SameSite=Lax"), "{cookie}");
    assert!(
        attributes
            .iter()
            .any(|a| a.starts_with("Expires=") && a.ends_with(" GMT")),
        "{cookie}"
    );
    assert!(
        !attributes.contains(&"Secure"),
        "plain http on loopback: {cookie}"
    );

    // The cookie identifies the session: no new session, the same cookie is set again (sliding
    // session; no `Domain` on a loopback address, so it stays host-only).
    let reused = app.get_with_cookie("/deployment", &token).await;
    let again = reused.header("set-cookie").expect("cookie on every answer");
    assert!(again.starts_with(&format!("__session={token};")), "{again}");
    assert!(!again.contains("Domain="), "{again}");
    assert_eq!(app.state.lock().browser_sessions.len(), 1);

    // `__dev_session__` is ignored in production, even with a valid token.
    let ignored = app.get(&with_dev_session("/deployment", &token)).await;
    let new_cookie = ignored.header("set-cookie").expect("new session");
    assert!(!new_cookie.contains(&token));
    assert_eq!(ignored.header("x-development-session"), None);
}

#[tokio::test]
async fn production_flow_with_the_cookie() {
    let app = TestApp::new(Mode::Production);
    let cookie = app
        .get("/deployment")
        .await
        .header("set-cookie")
        .expect("cookie");
    let token = cookie
        .strip_prefix("__session=")
        .and_then(|rest| rest.split(';').next())
        .expect("token")
        .to_string();
    let ticket = app
        .mint_ok(json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_42"}))
        .await;
    app.get_with_cookie(&format!("/session/ticket/exchange?ticket={ticket}"), &token)
        .await
        .envelope_data();
    let data = app
        .get_with_cookie("/api-auth/session", &token)
        .await
        .envelope_data();
    assert_eq!(data["api_auth_app"]["key_prefix"], "acme_live");
}

#[tokio::test]
async fn api_auth_session_before_and_after_exchange() {
    let app = TestApp::new(Mode::Staging);
    let session = app.staging_session().await;
    app.get(&with_dev_session("/api-auth/session", &session))
        .await
        .assert_frontend_error(401, "No active API auth app session");

    let ticket = app
        .mint_ok(json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_42"}))
        .await;
    let exchanged = app.exchange(&ticket, &session).await.envelope_data();

    let data = app
        .get(&with_dev_session("/api-auth/session", &session))
        .await
        .envelope_data();
    assert_eq!(
        data,
        json!({
            "session_id": exchanged["session_id"],
            "api_auth_app": {
                "app_slug": "aa_42",
                "name": "Acme Public API",
                "key_prefix": "acme_test",
                "description": "API keys for deployment 42",
                "is_active": true,
                "rate_limits": [
                    {"unit": "second", "duration": 10, "max_requests": 10, "mode": "per_key"},
                    {"unit": "day", "duration": 1, "max_requests": 10000, "mode": "per_app"},
                ],
            },
        })
    );

    // Another browser session sees nothing.
    let stranger = app.staging_session().await;
    app.get(&with_dev_session("/api-auth/session", &stranger))
        .await
        .assert_frontend_error(401, "No active API auth app session");
}

#[tokio::test]
async fn app_session_ends_with_a_one_second_ticket() {
    let app = TestApp::new(Mode::Staging);
    let session = app.staging_session().await;
    let ticket = app
        .mint_ok(json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_42", "expires_in": 1}))
        .await;
    app.exchange(&ticket, &session).await.envelope_data();
    app.get(&with_dev_session("/api-auth/session", &session))
        .await
        .envelope_data();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    app.get(&with_dev_session("/api-auth/session", &session))
        .await
        .assert_frontend_error(401, "No active API auth app session");
}

#[tokio::test]
async fn session_ttl_flag_caps_the_app_session() {
    let app = TestApp::with_config(Config {
        session_ttl_seconds: Some(1),
        ..Config::default()
    });
    let session = app.staging_session().await;
    // A 12-hour ticket, capped to one second by --session-ttl-seconds.
    let ticket = app
        .mint_ok(json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_42"}))
        .await;
    app.exchange(&ticket, &session).await.envelope_data();
    app.get(&with_dev_session("/api-auth/session", &session))
        .await
        .envelope_data();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    app.get(&with_dev_session("/api-auth/session", &session))
        .await
        .assert_frontend_error(401, "No active API auth app session");
}

#[tokio::test]
async fn unknown_api_auth_routes_are_envelope_404() {
    let app = TestApp::new(Mode::Staging);
    for uri in ["/api-auth/nope", "/api-auth/keys/1/explode", "/api-auth"] {
        app.get(uri)
            .await
            .assert_frontend_error(404, "Resource does not exist");
    }
}

fn preflight(uri: &str, origin: &str) -> Request<Body> {
    Request::options(uri)
        .header("origin", origin)
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .body(Body::empty())
        .expect("request")
}

#[tokio::test]
async fn staging_cors_allows_any_origin_with_credentials() {
    let app = TestApp::new(Mode::Staging);
    let reply = app
        .send(preflight("/api-auth/session", "https://example.com"))
        .await;
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some("https://example.com")
    );
    assert_eq!(
        reply.header("access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(
        reply.header("access-control-allow-headers").as_deref(),
        Some("authorization")
    );
    let methods = reply
        .header("access-control-allow-methods")
        .expect("methods");
    assert_eq!(methods, "GET,POST,HEAD,PUT,DELETE,PATCH,OPTIONS");
    // OPTIONS never creates a browser session.
    assert_eq!(reply.header("x-development-session"), None);
    assert!(app.state.lock().browser_sessions.is_empty());

    let reply = app
        .send(
            Request::get("/deployment")
                .header("origin", "https://example.com")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some("https://example.com")
    );
    assert_eq!(
        reply.header("access-control-expose-headers").as_deref(),
        Some("x-development-session")
    );
}

#[tokio::test]
async fn production_cors_allows_only_loopback_origins() {
    let app = TestApp::new(Mode::Production);
    let reply = app
        .send(preflight("/deployment", "https://example.com"))
        .await;
    assert_eq!(reply.header("access-control-allow-origin"), None);

    let reply = app
        .send(preflight("/deployment", "http://localhost:5173"))
        .await;
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some("http://localhost:5173")
    );
    assert_eq!(
        reply.header("access-control-allow-credentials").as_deref(),
        Some("true")
    );
}

#[tokio::test]
async fn backend_route_cors_is_loopback_only() {
    let app = TestApp::new(Mode::Staging);
    let reply = app
        .send(
            Request::options("/session/tickets")
                .header("origin", "http://127.0.0.1:9000")
                .header("access-control-request-method", "POST")
                .header(
                    "access-control-request-headers",
                    "authorization,content-type",
                )
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some("http://127.0.0.1:9000")
    );
    assert_eq!(
        reply.header("access-control-allow-headers").as_deref(),
        Some("authorization,content-type")
    );

    let reply = app
        .send(preflight("/session/tickets", "https://evil.example"))
        .await;
    assert_eq!(reply.header("access-control-allow-origin"), None);
}

/// (browser sessions, tickets, API-auth app sessions) of a running server.
fn state_sizes(server: &RunningServer) -> (usize, usize, usize) {
    let store = server.state.lock();
    (
        store.browser_sessions.len(),
        store.tickets.len(),
        store.api_auth_app_sessions.len(),
    )
}

/// Over HTTP, with a 50 ms prune interval: sessions created by requests without a token are
/// dropped once idle for 400 ms (they hold nothing), a ticket once expired although nothing is
/// minted after it, a session holding an app session once idle for 1 s (with its app session),
/// while a session in use stays, and a dropped token just gets a new session.
#[tokio::test]
async fn expired_and_idle_state_is_pruned_on_a_schedule() {
    let server = spawn_server(Config {
        port: 0,
        prune: Prune {
            interval: Duration::from_millis(50),
            session_idle: Duration::from_millis(1000),
            empty_session_idle: Duration::from_millis(400),
        },
        ..Config::default()
    })
    .await;
    let addr = server.addr;
    let new_token = |reply: &common::Reply| reply.header("x-development-session");
    let mut tokenless = Vec::new();
    for _ in 0..20 {
        let reply = http(addr, "GET", "/deployment", &[], b"").await;
        tokenless.push(new_token(&reply).expect("a new session"));
    }
    let kept = http_app_session(addr, "aa_42").await;
    let held = http_app_session(addr, "aa_42").await;
    let minted = http(
        addr,
        "POST",
        "/session/tickets",
        &[
            ("content-type", "application/json"),
            ("authorization", &format!("Bearer {BACKEND_KEY}")),
        ],
        br#"{"ticket_type":"api_auth_access","api_auth_app_slug":"aa_42","expires_in":1}"#,
    )
    .await;
    assert_eq!(minted.status.as_u16(), 200, "{}", minted.text());
    assert_eq!(state_sizes(&server), (22, 1, 2));

    // Uses `kept` every 100 ms until `done` holds (at most 5 s).
    let keep_using = |done: fn((usize, usize, usize)) -> bool| {
        let (server, kept) = (&server, &kept);
        async move {
            let deadline = Instant::now() + Duration::from_secs(5);
            while !done(state_sizes(server)) {
                assert!(
                    Instant::now() < deadline,
                    "not pruned: {:?}",
                    state_sizes(server)
                );
                let target = with_dev_session("/api-auth/session", kept);
                let reply = http(addr, "GET", &target, &[], b"").await;
                assert_eq!(reply.status.as_u16(), 200, "{}", reply.text());
                assert_eq!(
                    new_token(&reply).as_deref(),
                    Some(kept.as_str()),
                    "the session in use was kept"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    // The 20 empty sessions go first; `held` (idle, but holding an app session) stays.
    keep_using(|(sessions, _, _)| sessions <= 2).await;
    assert_eq!(state_sizes(&server).0, 2);
    assert_eq!(state_sizes(&server).2, 2);
    // Then the expired ticket and `held` with its app session.
    keep_using(|(sessions, tickets, _)| sessions == 1 && tickets == 0).await;
    assert_eq!(state_sizes(&server), (1, 0, 1));

    let again = http(
        addr,
        "GET",
        &with_dev_session("/api-auth/session", &kept),
        &[],
        b"",
    )
    .await;
    assert_eq!(again.status.as_u16(), 200, "{}", again.text());
    for token in [&held, &tokenless[0]] {
        let target = with_dev_session("/api-auth/session", token);
        let reply = http(addr, "GET", &target, &[], b"").await;
        reply.assert_frontend_error(401, "No active API auth app session");
        let replacement = new_token(&reply).expect("a new session for a dropped token");
        assert_ne!(&replacement, token);
    }
}
