//! `POST /session/tickets` (wire contract §4): authentication, every validation branch, defaults.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{now_s, TestApp, BACKEND_KEY, ORIGIN, OTHER_KEY};
use serde_json::json;
use wacht_dev_server::config::Mode;

fn app() -> TestApp {
    TestApp::new(Mode::Staging)
}

#[tokio::test]
async fn missing_or_non_bearer_authorization_is_401() {
    let app = app();
    let body = json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_42"});
    app.mint(None, body.clone())
        .await
        .assert_backend_error(401, "Authorization header must be Bearer token");

    for header in [
        format!("Basic {BACKEND_KEY}"),
        format!("bearer {BACKEND_KEY}"),
        BACKEND_KEY.to_string(),
    ] {
        let reply = app
            .send(
                Request::post("/session/tickets")
                    .header("authorization", header)
                    .header("content-type", "application/json")
                    .body(Body::from(body.to_string()))
                    .expect("request"),
            )
            .await;
        reply.assert_backend_error(401, "Authorization header must be Bearer token");
    }
}

#[tokio::test]
async fn unknown_or_empty_key_is_401_authentication_failed() {
    let app = app();
    let body = json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_42"});
    app.mint(Some("wk_test_nope"), body.clone())
        .await
        .assert_backend_error(401, "Authentication failed");
    app.mint(Some(""), body)
        .await
        .assert_backend_error(401, "Authentication failed");
}

/// The key comparison (constant time, `subtle`) accepts exactly a deployment's key: not a
/// prefix, an extension, another case or one changed byte.
#[tokio::test]
async fn only_the_exact_backend_key_is_accepted() {
    let app = app();
    let body = json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_42"});
    let last = BACKEND_KEY.len() - 1;
    let near_misses = [
        BACKEND_KEY[..last].to_string(),
        format!("{BACKEND_KEY}y"),
        BACKEND_KEY.to_uppercase(),
        format!("{}x", &BACKEND_KEY[..last]),
        format!("x{}", &BACKEND_KEY[1..]),
    ];
    for key in &near_misses {
        app.mint(Some(key), body.clone())
            .await
            .assert_backend_error(401, "Authentication failed");
    }
    assert!(app.state.lock().tickets.is_empty());
    app.mint_ok(body.clone()).await;
    // Each deployment's own key, whichever comes first.
    let other = app.mint_with(OTHER_KEY, body).await;
    assert_eq!(app.state.lock().tickets[&other].deployment_id, "77");
}

#[tokio::test]
async fn authentication_is_checked_before_the_body() {
    let app = app();
    let reply = app
        .send(
            Request::post("/session/tickets")
                .header("content-type", "application/json")
                .body(Body::from("{not json"))
                .expect("request"),
        )
        .await;
    reply.assert_backend_error(401, "Authorization header must be Bearer token");
}

#[tokio::test]
async fn malformed_bodies_are_plain_axum_rejections() {
    let app = app();
    let send = |content_type: Option<&'static str>, body: &'static str| {
        let mut request = Request::post("/session/tickets")
            .header("authorization", format!("Bearer {BACKEND_KEY}"));
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        request.body(Body::from(body)).expect("request")
    };

    let reply = app.send(send(Some("application/json"), "{not json")).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(serde_json::from_slice::<serde_json::Value>(&reply.body).is_err());

    let reply = app.send(send(None, "{}")).await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // Missing ticket_type, negative expires_in, unknown agent_session_identifier.
    for body in [
        r#"{"api_auth_app_slug":"aa_42"}"#,
        r#"{"ticket_type":"api_auth_access","api_auth_app_slug":"aa_42","expires_in":-1}"#,
        r#"{"ticket_type":"agent_access","agent_ids":["1"],"agent_session_identifier":"weird"}"#,
    ] {
        let reply = app.send(send(Some("application/json"), body)).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            reply.text()
        );
    }
}

#[tokio::test]
async fn invalid_ticket_type_is_400() {
    let app = app();
    app.mint(Some(BACKEND_KEY), json!({"ticket_type": "session"}))
        .await
        .assert_backend_error(
            400,
            "Invalid ticket_type. Must be 'impersonation', 'agent_access', 'webhook_app_access', or 'api_auth_access'",
        );
}

#[tokio::test]
async fn impersonation_rules() {
    let app = app();
    app.mint(Some(BACKEND_KEY), json!({"ticket_type": "impersonation"}))
        .await
        .assert_backend_error(400, "user_id is required for impersonation tickets");

    let reply = app
        .mint(
            Some(BACKEND_KEY),
            json!({"ticket_type": "impersonation", "user_id": "123"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    let ticket = body["ticket"].as_str().expect("ticket");
    assert_eq!(body["url"], format!("{ORIGIN}/sign-in?ticket={ticket}"));
}

#[tokio::test]
async fn agent_access_rules_in_platform_order() {
    let app = app();
    let cases = [
        // The actor is checked before agent_ids for static tickets.
        (
            json!({"ticket_type": "agent_access"}),
            400,
            "actor_id is required for static agent_access tickets",
        ),
        (
            json!({"ticket_type": "agent_access", "agent_session_identifier": "static", "agent_ids": ["1"]}),
            400,
            "actor_id is required for static agent_access tickets",
        ),
        (
            json!({"ticket_type": "agent_access", "actor_id": "", "agent_ids": ["1"]}),
            400,
            "actor_id cannot be empty for static agent_access tickets",
        ),
        (
            json!({"ticket_type": "agent_access", "actor_id": "abc", "agent_ids": ["1"]}),
            400,
            "actor_id must be a valid integer",
        ),
        (
            json!({"ticket_type": "agent_access", "actor_id": "0999", "agent_ids": ["1"]}),
            404,
            "Actor 999 not found",
        ),
        (
            json!({"ticket_type": "agent_access", "actor_id": "777"}),
            400,
            "agent_ids is required for agent_access tickets",
        ),
        (
            json!({"ticket_type": "agent_access", "actor_id": "777", "agent_ids": []}),
            400,
            "agent_ids cannot be empty for agent_access tickets",
        ),
        // signin tickets need no actor.
        (
            json!({"ticket_type": "agent_access", "agent_session_identifier": "signin"}),
            400,
            "agent_ids is required for agent_access tickets",
        ),
    ];
    for (body, status, message) in cases {
        app.mint(Some(BACKEND_KEY), body)
            .await
            .assert_backend_error(status, message);
    }

    for body in [
        json!({"ticket_type": "agent_access", "actor_id": "777", "agent_ids": ["1", "2"]}),
        json!({"ticket_type": "agent_access", "agent_session_identifier": "signin", "agent_ids": ["1"]}),
    ] {
        let reply = app.mint(Some(BACKEND_KEY), body).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        let body = reply.json();
        let ticket = body["ticket"].as_str().expect("ticket");
        assert_eq!(
            body["url"],
            format!("{ORIGIN}/vanity/agents?ticket={ticket}")
        );
    }
}

#[tokio::test]
async fn webhook_app_access_rules() {
    let app = app();
    app.mint(
        Some(BACKEND_KEY),
        json!({"ticket_type": "webhook_app_access"}),
    )
    .await
    .assert_backend_error(
        400,
        "webhook_app_slug is required for webhook_app_access tickets",
    );
    app.mint(
        Some(BACKEND_KEY),
        json!({"ticket_type": "webhook_app_access", "webhook_app_slug": ""}),
    )
    .await
    .assert_backend_error(
        400,
        "webhook_app_slug cannot be empty for webhook_app_access tickets",
    );
    let reply = app
        .mint(
            Some(BACKEND_KEY),
            json!({"ticket_type": "webhook_app_access", "webhook_app_slug": "payment-webhooks"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    let ticket = body["ticket"].as_str().expect("ticket");
    assert_eq!(
        body["url"],
        format!("{ORIGIN}/vanity/webhook?ticket={ticket}")
    );
}

#[tokio::test]
async fn api_auth_access_rules_and_no_existence_check() {
    let app = app();
    app.mint(Some(BACKEND_KEY), json!({"ticket_type": "api_auth_access"}))
        .await
        .assert_backend_error(
            400,
            "api_auth_app_slug is required for api_auth_access tickets",
        );
    app.mint(
        Some(BACKEND_KEY),
        json!({"ticket_type": "api_auth_access", "api_auth_app_slug": ""}),
    )
    .await
    .assert_backend_error(
        400,
        "api_auth_app_slug cannot be empty for api_auth_access tickets",
    );
    app.mint(
        Some(BACKEND_KEY),
        json!({"ticket_type": "api_auth_access", "api_auth_app_slug": null}),
    )
    .await
    .assert_backend_error(
        400,
        "api_auth_app_slug is required for api_auth_access tickets",
    );

    // The app's existence is not checked at issuance.
    let reply = app
        .mint(
            Some(BACKEND_KEY),
            json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_does_not_exist"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
}

#[tokio::test]
async fn success_shape_default_and_explicit_expiry() {
    let app = app();
    let before = now_s();
    let reply = app
        .mint(
            Some(BACKEND_KEY),
            json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_42"}),
        )
        .await;
    let after = now_s();
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("content-type").as_deref(),
        Some("application/json")
    );
    let body = reply.json();
    let object = body.as_object().expect("object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["expires_at", "ticket", "url"]);

    let ticket = body["ticket"].as_str().expect("ticket");
    assert!(
        ticket.len() >= 18 && ticket.bytes().all(|b| b.is_ascii_digit()),
        "{ticket}"
    );
    assert_eq!(
        body["url"],
        format!("{ORIGIN}/vanity/api-auth?ticket={ticket}")
    );
    let expires_at = body["expires_at"].as_i64().expect("expires_at");
    assert!(
        expires_at >= before + 43_200 && expires_at <= after + 43_200,
        "{expires_at}"
    );

    let reply = app
        .mint(Some(BACKEND_KEY), json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_42", "expires_in": 60}))
        .await;
    let expires_at = reply.json()["expires_at"].as_i64().expect("expires_at");
    assert!((expires_at - (now_s() + 60)).abs() <= 1, "{expires_at}");

    // Tickets are distinct.
    let second = app
        .mint_ok(json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_42"}))
        .await;
    assert_ne!(second, ticket);
}

#[tokio::test]
async fn zero_or_huge_expires_in_is_500() {
    let app = app();
    for expires_in in [json!(0), json!(u64::MAX)] {
        app.mint(
            Some(BACKEND_KEY),
            json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_42", "expires_in": expires_in}),
        )
        .await
        .assert_backend_error(500, "Something went wrong");
    }
    assert!(app.state.lock().tickets.is_empty());
}

#[tokio::test]
async fn mint_does_not_create_browser_sessions() {
    let app = app();
    let reply = app
        .mint(
            Some(BACKEND_KEY),
            json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_42"}),
        )
        .await;
    assert_eq!(reply.header("x-development-session"), None);
    assert_eq!(reply.header("set-cookie"), None);
    assert!(app.state.lock().browser_sessions.is_empty());
}
