//! The frontend API as Wacht serves it today: the session token on every answer, the envelope's
//! `session`, the framework errors (unknown route, wrong method, panic) and the backend's 404.

mod common;

use axum::body::Body;
use axum::http::Request;
use axum::routing::get;
use axum::Router;
use common::{assert_browser_session, with_dev_session, TestApp, BACKEND_KEY};
use serde_json::json;
use tower::ServiceExt;
use wacht_dev_server::config::Mode;
use wacht_dev_server::frontend::framework_errors::recover;

#[tokio::test]
async fn staging_token_comes_back_on_every_answer_errors_included() {
    let app = TestApp::new(Mode::Staging);
    let token = app.staging_session().await;
    for uri in [
        "/deployment",
        "/api-auth/session", // 401: no app session
        "/api-auth/keys",    // 401
        "/api-auth/nope",    // 404
    ] {
        let reply = app.get(&with_dev_session(uri, &token)).await;
        assert_eq!(
            reply.header("x-development-session").as_deref(),
            Some(token.as_str()),
            "{uri}: {}",
            reply.text()
        );
        assert_browser_session(&reply.json()["session"]);
    }
    assert_eq!(app.state.lock().browser_sessions.len(), 1);
}

#[tokio::test]
async fn envelope_session_is_the_browser_session() {
    let app = TestApp::new(Mode::Staging);
    let token = app.staging_session().await;
    let first = app
        .get(&with_dev_session("/deployment", &token))
        .await
        .json();
    let id = app.state.lock().browser_sessions[&token].id.clone();
    assert_eq!(first["session"]["id"], id);
    let later = app
        .get(&with_dev_session("/api-auth/keys", &token))
        .await
        .json();
    assert_eq!(later["session"]["id"], id);
    assert_eq!(
        later["session"]["created_at"],
        first["session"]["created_at"]
    );
}

#[tokio::test]
async fn production_cookie_comes_back_on_every_answer() {
    let app = TestApp::new(Mode::Production);
    let cookie = app
        .get("/deployment")
        .await
        .header("set-cookie")
        .expect("new");
    let token = cookie
        .strip_prefix("__session=")
        .and_then(|rest| rest.split(';').next())
        .expect("value")
        .to_string();
    for uri in ["/deployment", "/api-auth/session", "/api-auth/nope"] {
        let reply = app.get_with_cookie(uri, &token).await;
        let again = reply.header("set-cookie").expect("cookie on every answer");
        assert!(
            again.starts_with(&format!("__session={token};")),
            "{uri}: {again}"
        );
        // The server is reached by IP: a host-only cookie, no `Domain`.
        assert!(!again.contains("Domain="), "{again}");
        assert_eq!(reply.header("x-development-session"), None);
    }
}

#[tokio::test]
async fn unknown_route_wrong_method_and_panic_are_wacht_shaped() {
    let app = TestApp::new(Mode::Staging);
    let token = app.staging_session().await;
    app.get(&with_dev_session("/api-auth/nope/deeper", &token))
        .await
        .assert_frontend_error(404, "Resource does not exist");
    for (method, uri) in [
        ("DELETE", "/deployment"),
        ("POST", "/api-auth/session"),
        ("PUT", "/api-auth/keys"),
        ("GET", "/api-auth/keys/1/rotate"),
        ("POST", "/api-auth/audit/logs"),
        ("POST", "/session/ticket/exchange"),
    ] {
        let reply = app
            .send(
                Request::builder()
                    .method(method)
                    .uri(with_dev_session(uri, &token))
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(reply.status.as_u16(), 405, "{method} {uri}");
        let mut body = reply.json();
        assert_browser_session(&body["session"]);
        body["session"] = json!(null);
        assert_eq!(
            body,
            json!({"status": 405, "message": "Something went wrong. Please try again later.",
                   "data": null, "session": null, "errors": []}),
            "{method} {uri}"
        );
        // The token still comes back.
        assert_eq!(reply.header("x-development-session"), Some(token.clone()));
    }

    let panicking: Router = Router::new()
        .route("/boom", get(|| async { panic!("planted") as &'static str }))
        .layer(recover());
    let response = panicking
        .oneshot(Request::get("/boom").body(Body::empty()).expect("request"))
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 500);
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .expect("body")
        .to_bytes();
    let body: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!(
        body,
        json!({"status": 500, "message": "Something went wrong. Please try again later.",
               "data": null, "session": null, "errors": []})
    );
}

#[tokio::test]
async fn unknown_paths_under_backend_apps_are_backend_404() {
    let app = TestApp::new(Mode::Staging);
    for (method, uri) in [
        ("GET", "/api-auth/apps/aa_42/nope"),
        ("POST", "/api-auth/apps/aa_42/keys/1/explode"),
        ("GET", "/api-auth/apps/aa_42/audit/nope"),
        ("DELETE", "/api-auth/rate-limit-schemes/x/y"),
    ] {
        let reply = app
            .send(
                Request::builder()
                    .method(method)
                    .uri(uri)
                    .header("authorization", format!("Bearer {BACKEND_KEY}"))
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        reply.assert_backend_error(404, "Not found");
    }
    // The known routes still answer.
    let reply = app
        .send(
            Request::get("/api-auth/apps/aa_42/keys")
                .header("authorization", format!("Bearer {BACKEND_KEY}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text());
}
