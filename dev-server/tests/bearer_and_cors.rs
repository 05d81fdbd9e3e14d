//! Forwarded session JWTs (`Authorization: Bearer …`) on frontend API requests: recorded as
//! `bearer: true` in `/__dev/requests` without the token, and allowed by the CORS preflight.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{with_dev_session, TestApp};
use serde_json::Value;
use wacht_dev_server::config::Mode;

/// `(method, path, bearer)` of every recorded request.
fn recorded(app: &TestApp) -> Vec<(String, String, bool)> {
    app.state
        .lock()
        .request_log
        .records()
        .into_iter()
        .map(|r| (r.method, r.path, r.bearer))
        .collect()
}

#[tokio::test]
async fn bearer_header_is_recorded_as_a_flag_never_as_the_token() {
    let app = TestApp::new(Mode::Staging);
    let token = app.staging_session().await;
    let with_auth = |value: &'static str| {
        Request::get(with_dev_session("/api-auth/session", &token))
            .header("authorization", value)
            .body(Body::empty())
            .expect("request")
    };
    app.send(with_auth("Bearer abc")).await;
    app.send(with_auth("Basic dXNlcjpwYXNz")).await;
    app.get(&with_dev_session("/api-auth/session", &token))
        .await;

    let log = app.get("/__dev/requests").await;
    let text = log.text();
    assert!(!text.contains("abc"), "{text}");
    assert!(!text.contains("dXNlcjpwYXNz"), "{text}");
    let bearer: Vec<Value> = log.json()["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .map(|record| record["bearer"].clone())
        .collect();
    // The session bootstrap, then the three reads.
    assert_eq!(bearer, [false, true, false, false]);
}

#[tokio::test]
async fn bearer_is_recorded_in_production_mode_and_on_other_routes() {
    let app = TestApp::new(Mode::Production);
    app.send(
        Request::get("/deployment")
            .header("authorization", "bearer eyJhbGciOi.payload.sig")
            .body(Body::empty())
            .expect("request"),
    )
    .await
    .envelope_data();
    let minted = app
        .mint(
            Some(common::BACKEND_KEY),
            serde_json::json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_42"}),
        )
        .await;
    assert_eq!(minted.status, StatusCode::OK);
    assert_eq!(
        recorded(&app),
        [
            ("GET".to_string(), "/deployment".to_string(), true),
            ("POST".to_string(), "/session/tickets".to_string(), true),
        ]
    );
    let text = app.get("/__dev/requests").await.text();
    assert!(!text.contains("eyJhbGciOi"), "{text}");
    assert!(!text.contains(common::BACKEND_KEY), "{text}");
}

fn preflight(uri: &str, origin: &str, method: &str) -> Request<Body> {
    Request::options(uri)
        .header("origin", origin)
        .header("access-control-request-method", method)
        .header(
            "access-control-request-headers",
            "authorization,content-type",
        )
        .body(Body::empty())
        .expect("request")
}

#[tokio::test]
async fn preflight_allows_authorization_from_loopback_in_both_modes_without_a_session() {
    let routes = [
        ("/deployment", "GET"),
        ("/session/ticket/exchange?ticket=t", "GET"),
        ("/api-auth/session", "GET"),
        ("/api-auth/keys", "POST"),
        ("/api-auth/keys/1/rotate", "POST"),
        ("/api-auth/audit/logs", "GET"),
    ];
    for mode in [Mode::Staging, Mode::Production] {
        let app = TestApp::new(mode);
        for origin in ["http://127.0.0.1:5173", "http://localhost:8080"] {
            for (uri, method) in routes {
                let case = format!("{mode:?} {origin} {method} {uri}");
                let reply = app.send(preflight(uri, origin, method)).await;
                assert!(reply.status.is_success(), "{case}: {}", reply.status);
                assert_eq!(
                    reply.header("access-control-allow-origin").as_deref(),
                    Some(origin),
                    "{case}"
                );
                assert_eq!(
                    reply.header("access-control-allow-credentials").as_deref(),
                    Some("true"),
                    "{case}"
                );
                let allowed = reply
                    .header("access-control-allow-headers")
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                assert!(
                    allowed.split(',').any(|h| h.trim() == "authorization"),
                    "{case}: {allowed}"
                );
                let methods = reply
                    .header("access-control-allow-methods")
                    .unwrap_or_default();
                assert!(methods.split(',').any(|m| m == method), "{case}: {methods}");
                assert_eq!(reply.header("x-development-session"), None, "{case}");
                assert_eq!(reply.header("set-cookie"), None, "{case}");
            }
        }
        // No preflight created a browser session; each is recorded as an OPTIONS request.
        assert!(app.state.lock().browser_sessions.is_empty(), "{mode:?}");
        let records = recorded(&app);
        assert_eq!(records.len(), 2 * routes.len(), "{mode:?}");
        assert!(
            records
                .iter()
                .all(|(method, _, bearer)| method == "OPTIONS" && !bearer),
            "{records:?}"
        );
    }
}

#[tokio::test]
async fn cross_origin_request_with_bearer_gets_cors_headers() {
    for mode in [Mode::Staging, Mode::Production] {
        let app = TestApp::new(mode);
        let reply = app
            .send(
                Request::get("/deployment")
                    .header("origin", "http://127.0.0.1:5173")
                    .header("authorization", "Bearer abc")
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{mode:?}");
        assert_eq!(
            reply.header("access-control-allow-origin").as_deref(),
            Some("http://127.0.0.1:5173"),
            "{mode:?}"
        );
        assert!(recorded(&app)[0].2, "{mode:?}");
    }
}
