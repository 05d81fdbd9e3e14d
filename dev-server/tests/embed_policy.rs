//! The demo app's fake sign-in (`/api/demo/*`) and the policy boundary of
//! `POST /api/settings/api-keys/embed-ticket`: identity, role, tenant ownership, tenant status.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{now_s, TestApp};
use serde_json::{json, Value};
use std::time::Duration;
use wacht_dev_server::config::{Config, Mode};

const COOKIE_ATTRIBUTES: &str = "Path=/; HttpOnly; SameSite=Lax";

fn deployment(id: &str) -> String {
    json!({ "deploymentId": id }).to_string()
}

fn identity(
    id: &str,
    name: &str,
    tenant: (&str, &str, &str),
    role: &str,
    can_manage_keys: bool,
    deployment_id: &str,
) -> Value {
    json!({
        "id": id, "name": name,
        "tenant_id": tenant.0, "tenant_name": tenant.1, "tenant_status": tenant.2,
        "role": role, "can_manage_keys": can_manage_keys, "deployment_id": deployment_id,
    })
}

fn all_identities() -> Value {
    let acme = ("acme", "Acme Inc.", "active");
    json!([
        identity("owner", "Olivia Owner", acme, "owner", true, "42"),
        identity("admin", "Adam Admin", acme, "admin", true, "42"),
        identity("viewer", "Vera Viewer", acme, "viewer", false, "42"),
        identity(
            "globex",
            "Gina Globex",
            ("globex", "Globex Corp.", "active"),
            "owner",
            true,
            "77"
        ),
        identity(
            "initech",
            "Ian Initech",
            ("initech", "Initech", "suspended"),
            "owner",
            true,
            "91"
        ),
        identity(
            "hooli",
            "Hal Hooli",
            ("hooli", "Hooli", "deleted"),
            "owner",
            true,
            "93"
        ),
    ])
}

async fn identities(app: &TestApp, cookie: Option<&str>) -> Value {
    let mut request = Request::get("/api/demo/identities");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let reply = app
        .send(request.body(Body::empty()).expect("request"))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()
}

async fn post_json(app: &TestApp, uri: &str, body: &str) -> common::Reply {
    app.send(
        Request::post(uri)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .expect("request"),
    )
    .await
}

/// Asserts `{"error": error}` with `status` and that no ticket was stored.
fn assert_denied(app: &TestApp, reply: &common::Reply, status: u16, error: &str, case: &str) {
    assert_eq!(reply.status.as_u16(), status, "{case}: {}", reply.text());
    assert_eq!(reply.json(), json!({ "error": error }), "{case}");
    assert!(
        app.state.lock().tickets.is_empty(),
        "{case}: a ticket was minted"
    );
}

#[tokio::test]
async fn identities_list_and_sign_in_out_cookie_round_trip() {
    let app = TestApp::new(Mode::Staging);
    assert_eq!(
        identities(&app, None).await,
        json!({ "identities": all_identities(), "current": null })
    );

    let reply = post_json(&app, "/api/demo/sign-in", r#"{"identity":"viewer"}"#).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(
        reply.header("set-cookie").as_deref(),
        Some(format!("demo_identity=viewer; {COOKIE_ATTRIBUTES}").as_str())
    );
    assert_eq!(
        reply.json(),
        json!({ "identity": all_identities()[2].clone() })
    );

    let listed = identities(&app, Some("other=1; demo_identity=viewer")).await;
    assert_eq!(listed["current"], "viewer");
    assert_eq!(listed["identities"], all_identities());
    // A cookie naming no identity is not a sign-in.
    assert_eq!(
        identities(&app, Some("demo_identity=mallory")).await["current"],
        Value::Null
    );

    let reply = post_json(&app, "/api/demo/sign-out", "").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), json!({ "identity": null }));
    assert_eq!(
        reply.header("set-cookie").as_deref(),
        Some(format!("demo_identity=; {COOKIE_ATTRIBUTES}; Max-Age=0").as_str())
    );

    for body in [
        r#"{"identity":"mallory"}"#,
        r#"{"identity":""}"#,
        r#"{"identity":7}"#,
        "{}",
    ] {
        let reply = post_json(&app, "/api/demo/sign-in", body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(reply.json(), json!({"error": "unknown identity"}), "{body}");
        assert_eq!(reply.header("set-cookie"), None, "{body}");
    }
    let reply = post_json(&app, "/api/demo/sign-in", "not json").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.header("set-cookie"), None);
}

#[tokio::test]
async fn every_identity_signs_in_with_its_own_cookie() {
    let app = TestApp::new(Mode::Production);
    for expected in all_identities().as_array().expect("array") {
        let id = expected["id"].as_str().expect("id");
        assert_eq!(app.sign_in(id).await, format!("demo_identity={id}"));
        let listed = identities(&app, Some(&format!("demo_identity={id}"))).await;
        assert_eq!(listed["current"], id);
    }
}

#[tokio::test]
async fn signed_out_or_unknown_identity_is_401() {
    let app = TestApp::new(Mode::Staging);
    for (cookie, body) in [
        (None, deployment("42")),
        // Identity is checked before the body.
        (None, "{}".to_string()),
        (Some("demo_identity=mallory"), deployment("42")),
        (Some("demo_identity="), deployment("42")),
        (Some("__session=abc"), deployment("42")),
    ] {
        let reply = app.embed_ticket(cookie, &body).await;
        assert_denied(
            &app,
            &reply,
            401,
            "Unauthorized",
            &format!("{cookie:?} {body}"),
        );
    }
}

#[tokio::test]
async fn viewer_is_403_before_the_body_is_checked() {
    let app = TestApp::new(Mode::Staging);
    let cookie = app.sign_in("viewer").await;
    for body in [deployment("42"), "{}".to_string()] {
        let reply = app.embed_ticket(Some(&cookie), &body).await;
        assert_denied(&app, &reply, 403, "Forbidden", &body);
    }
}

#[tokio::test]
async fn missing_deployment_id_is_400_for_a_manager() {
    let app = TestApp::new(Mode::Staging);
    let cookie = app.sign_in("owner").await;
    for body in [
        "{}",
        "",
        r#"{"deploymentId":""}"#,
        r#"{"deploymentId":null}"#,
    ] {
        let reply = app.embed_ticket(Some(&cookie), body).await;
        assert_denied(&app, &reply, 400, "deploymentId is required", body);
    }
}

#[tokio::test]
async fn tenant_ownership_and_status_are_403() {
    let app = TestApp::new(Mode::Staging);
    for (identity, deployment_id) in [
        ("globex", "42"),
        ("owner", "77"),
        ("admin", "91"),
        ("initech", "42"),
        ("initech", "91"),
        ("hooli", "93"),
        ("hooli", "42"),
    ] {
        let cookie = app.sign_in(identity).await;
        let reply = app
            .embed_ticket(Some(&cookie), &deployment(deployment_id))
            .await;
        assert_denied(
            &app,
            &reply,
            403,
            "Forbidden",
            &format!("{identity} on {deployment_id}"),
        );
    }
}

#[tokio::test]
async fn owner_and_admin_get_tickets_that_exchange_for_aa_42() {
    let app = TestApp::new(Mode::Staging);
    for identity in ["owner", "admin"] {
        let cookie = app.sign_in(identity).await;
        let reply = app.embed_ticket(Some(&cookie), &deployment("42")).await;
        assert_eq!(reply.status, StatusCode::OK, "{identity}: {}", reply.text());
        let body = reply.json();
        let expires_at = body["expires_at"].as_i64().expect("expires_at");
        assert!((expires_at - (now_s() + 120)).abs() <= 1, "{expires_at}");
        let ticket = body["ticket"].as_str().expect("ticket");
        assert_eq!(
            app.state.lock().tickets[ticket]
                .api_auth_app_slug
                .as_deref(),
            Some("aa_42")
        );

        let session = app.staging_session().await;
        let data = app.exchange(ticket, &session).await.envelope_data();
        assert_eq!(data["api_auth_app"]["app_slug"], "aa_42", "{identity}");
        // Single use.
        let other = app.staging_session().await;
        app.exchange(ticket, &other)
            .await
            .assert_frontend_error(401, "Invalid or expired ticket");
    }
    // Numbers are accepted as the deployment id too.
    let cookie = app.sign_in("owner").await;
    let reply = app
        .embed_ticket(Some(&cookie), r#"{"deploymentId":42}"#)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
}

#[tokio::test]
async fn globex_gets_an_aa_77_ticket_that_this_deployment_refuses() {
    let app = TestApp::new(Mode::Staging);
    let ticket = app.embed_ticket_as("globex", "77").await;
    {
        let store = app.state.lock();
        let stored = &store.tickets[&ticket];
        assert_eq!(stored.deployment_id, "77");
        assert_eq!(stored.api_auth_app_slug.as_deref(), Some("aa_77"));
    }
    let session = app.staging_session().await;
    app.exchange(&ticket, &session)
        .await
        .assert_frontend_error(401, "Ticket not valid for this deployment");
}

#[tokio::test]
async fn request_log_shows_each_attempt_with_its_status() {
    let app = TestApp::new(Mode::Staging);
    app.embed_ticket(None, &deployment("42")).await;
    let viewer = app.sign_in("viewer").await;
    app.embed_ticket(Some(&viewer), &deployment("42")).await;
    let ticket = app.embed_ticket_as("owner", "42").await;

    let text = app.get("/__dev/requests").await.text();
    assert!(!text.contains(&ticket), "{text}");
    let records = app.state.lock().request_log.records();
    let statuses: Vec<u16> = records
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/api/settings/api-keys/embed-ticket")
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, [401, 403, 200]);
}

#[tokio::test]
async fn embed_ticket_ttl_flag_makes_short_lived_tickets() {
    let app = TestApp::with_config(Config {
        embed_ticket_ttl_seconds: 1,
        ..Config::default()
    });
    let cookie = app.sign_in("owner").await;
    let reply = app.embed_ticket(Some(&cookie), &deployment("42")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let expires_at = reply.json()["expires_at"].as_i64().expect("expires_at");
    assert!((expires_at - (now_s() + 1)).abs() <= 1, "{expires_at}");
    let ticket = reply.json()["ticket"].as_str().expect("ticket").to_string();

    tokio::time::sleep(Duration::from_millis(1100)).await;
    let session = app.staging_session().await;
    app.exchange(&ticket, &session)
        .await
        .assert_frontend_error(401, "Invalid or expired ticket");
}
