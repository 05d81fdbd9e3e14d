//! `GET /session/ticket/exchange` (wire contract §3.10, stricter single use and expiry).

mod common;

use common::{http, spawn_server, with_dev_session, TestApp, OTHER_KEY};
use serde_json::{json, Value};
use std::time::Duration;
use wacht_dev_server::config::{Config, Mode};
use wacht_dev_server::store::model::Actor;

fn app() -> TestApp {
    TestApp::new(Mode::Staging)
}

fn api_auth_ticket(expires_in: Option<u64>) -> Value {
    let mut body = json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_42"});
    if let Some(expires_in) = expires_in {
        body["expires_in"] = json!(expires_in);
    }
    body
}

fn assert_decimal_id(value: &Value) {
    let id = value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value}"));
    assert!(
        !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()),
        "{id}"
    );
}

#[tokio::test]
async fn api_auth_access_happy_path() {
    let app = app();
    let session = app.staging_session().await;
    let ticket = app.mint_ok(api_auth_ticket(None)).await;

    let reply = app.exchange(&ticket, &session).await;
    // The presented session was known: its token comes back, no new one is issued.
    assert_eq!(reply.header("x-development-session"), Some(session.clone()));
    let data = reply.envelope_data();
    assert_decimal_id(&data["session_id"]);
    assert_eq!(
        data,
        json!({
            "success": true,
            "message": "API auth app session created",
            "session_id": data["session_id"],
            "api_auth_app": {
                "id": "aa_42",
                "app_slug": "aa_42",
                "name": "Acme Public API",
                "description": "API keys for deployment 42",
                "is_active": true,
                "rate_limits": null,
            },
        })
    );

    let store = app.state.lock();
    assert!(store.tickets.is_empty(), "ticket consumed");
    let row = store.api_auth_app_sessions.last().expect("app session row");
    assert_eq!(Some(row.id.as_str()), data["session_id"].as_str());
    assert_eq!(row.app_slug, "aa_42");
    assert_eq!(row.deployment_id, "42");
}

#[tokio::test]
async fn a_new_api_auth_exchange_expires_the_previous_app_session_of_the_same_slug() {
    let app = app();
    let session = app.staging_session().await;
    let first = app.mint_ok(api_auth_ticket(None)).await;
    let second = app.mint_ok(api_auth_ticket(None)).await;
    let first_id = app.exchange(&first, &session).await.envelope_data()["session_id"].clone();
    let second_id = app.exchange(&second, &session).await.envelope_data()["session_id"].clone();
    assert_ne!(first_id, second_id);

    let now = wacht_dev_server::ids::now_ms();
    let store = app.state.lock();
    let rows = &store.api_auth_app_sessions;
    assert_eq!(rows.len(), 2);
    assert!(!rows[0].is_active_at(now + 1), "first session expired");
    assert!(rows[1].is_active_at(now));
}

#[tokio::test]
async fn webhook_app_access_happy_path() {
    let app = app();
    let session = app.staging_session().await;
    let ticket = app
        .mint_ok(
            json!({"ticket_type": "webhook_app_access", "webhook_app_slug": "payment-webhooks"}),
        )
        .await;
    let data = app.exchange(&ticket, &session).await.envelope_data();
    assert_decimal_id(&data["session_id"]);
    assert_eq!(
        data,
        json!({
            "success": true,
            "message": "Webhook app session created",
            "session_id": data["session_id"],
            "webhook_app": {
                "app_slug": "payment-webhooks",
                "name": "Payment Webhooks",
                "signing_secret": wacht_dev_server::store::seed::WEBHOOK_SIGNING_SECRET,
                "is_active": true,
            },
        })
    );
    assert!(app.state.lock().tickets.is_empty());
}

#[tokio::test]
async fn unknown_webhook_app_is_500_and_keeps_the_ticket() {
    let app = app();
    let session = app.staging_session().await;
    let ticket = app
        .mint_ok(json!({"ticket_type": "webhook_app_access", "webhook_app_slug": "nope"}))
        .await;
    app.exchange(&ticket, &session)
        .await
        .assert_frontend_error(500, "Internal server error");
    assert!(app.state.lock().tickets.contains_key(&ticket));
}

#[tokio::test]
async fn agent_access_happy_path() {
    let app = app();
    let session = app.staging_session().await;
    let ticket = app
        .mint_ok(json!({"ticket_type": "agent_access", "actor_id": "777", "agent_ids": ["1", "2", "99"]}))
        .await;
    let data = app.exchange(&ticket, &session).await.envelope_data();
    assert_decimal_id(&data["session_id"]);
    assert_eq!(
        data,
        json!({
            "success": true,
            "message": "Agent session created",
            "session_id": data["session_id"],
            "actor": {
                "id": "777",
                "display_name": "Debug Actor 777",
                "subject_type": "debug",
                "external_key": "777",
            },
            // Unknown agent ids are skipped; sorted by name.
            "agents": [
                {"id": "2", "name": "Billing Agent", "description": "Handles billing questions"},
                {"id": "1", "name": "Support Agent", "description": "Answers support questions"},
            ],
        })
    );

    // A second agent ticket replaces the agent session of this browser session.
    let again = app
        .mint_ok(json!({"ticket_type": "agent_access", "actor_id": "777", "agent_ids": ["1"]}))
        .await;
    let data = app.exchange(&again, &session).await.envelope_data();
    assert_eq!(data["agents"].as_array().map(Vec::len), Some(1));
    assert_eq!(app.state.lock().agent_sessions.len(), 1);
}

#[tokio::test]
async fn agent_access_exchange_validation() {
    let app = app();
    let session = app.staging_session().await;
    let bad_agent = app
        .mint_ok(
            json!({"ticket_type": "agent_access", "actor_id": "777", "agent_ids": ["agent_1"]}),
        )
        .await;
    app.exchange(&bad_agent, &session)
        .await
        .assert_frontend_error(400, "Invalid agent_id: agent_1");
    assert!(app.state.lock().tickets.contains_key(&bad_agent));

    let signin = app
        .mint_ok(json!({"ticket_type": "agent_access", "agent_session_identifier": "signin", "agent_ids": ["1"]}))
        .await;
    app.exchange(&signin, &session)
        .await
        .assert_frontend_error(401, "No active sign in for signin agent_access ticket");

    // After impersonating user 123 the same ticket works, with a `user` actor.
    let impersonate = app
        .mint_ok(json!({"ticket_type": "impersonation", "user_id": "123"}))
        .await;
    app.exchange(&impersonate, &session).await.envelope_data();
    let data = app.exchange(&signin, &session).await.envelope_data();
    assert_eq!(data["actor"]["subject_type"], "user");
    assert_eq!(data["actor"]["external_key"], "123");
    assert!(data["actor"].get("display_name").is_none());
}

#[tokio::test]
async fn impersonation_happy_path_and_rules() {
    let app = app();
    let session = app.staging_session().await;
    let ticket = app
        .mint_ok(json!({"ticket_type": "impersonation", "user_id": "123"}))
        .await;
    let data = app.exchange(&ticket, &session).await.envelope_data();
    let browser_session_id = {
        let store = app.state.lock();
        store.browser_sessions[&session].id.clone()
    };
    assert_eq!(data["success"], true);
    assert_eq!(data["message"], "Impersonation successful");
    assert_eq!(data["session"]["id"], browser_session_id);
    assert_eq!(data["session"]["active_signin"]["user_id"], "123");

    let again = app
        .mint_ok(json!({"ticket_type": "impersonation", "user_id": "123"}))
        .await;
    app.exchange(&again, &session)
        .await
        .assert_frontend_error(400, "User already signed in");

    for (user_id, status, message) in [
        ("999", 404, "User not found"),
        ("124", 403, "Cannot impersonate disabled user"),
        ("abc", 400, "Invalid user_id"),
    ] {
        let ticket = app
            .mint_ok(json!({"ticket_type": "impersonation", "user_id": user_id}))
            .await;
        app.exchange(&ticket, &session)
            .await
            .assert_frontend_error(status, message);
    }
}

#[tokio::test]
async fn reused_ticket_is_401() {
    let app = app();
    let session = app.staging_session().await;
    let ticket = app.mint_ok(api_auth_ticket(None)).await;
    app.exchange(&ticket, &session).await.envelope_data();
    app.exchange(&ticket, &session)
        .await
        .assert_frontend_error(401, "Invalid or expired ticket");
    // Also from another browser session.
    let other = app.staging_session().await;
    app.exchange(&ticket, &other)
        .await
        .assert_frontend_error(401, "Invalid or expired ticket");
}

#[tokio::test]
async fn expired_ticket_is_401_and_dropped() {
    let app = app();
    let session = app.staging_session().await;
    let ticket = app.mint_ok(api_auth_ticket(Some(1))).await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    app.exchange(&ticket, &session)
        .await
        .assert_frontend_error(401, "Invalid or expired ticket");
    let store = app.state.lock();
    assert!(
        !store.tickets.contains_key(&ticket),
        "expired ticket dropped"
    );
    assert!(store.api_auth_app_sessions.is_empty());
}

#[tokio::test]
async fn ticket_of_another_deployment_is_401_and_not_consumed() {
    let app = app();
    let session = app.staging_session().await;
    let reply = app
        .mint(
            Some(OTHER_KEY),
            json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_77"}),
        )
        .await;
    let ticket = reply.json()["ticket"].as_str().expect("ticket").to_string();
    assert_eq!(app.state.lock().tickets[&ticket].deployment_id, "77");

    for _ in 0..2 {
        app.exchange(&ticket, &session)
            .await
            .assert_frontend_error(401, "Ticket not valid for this deployment");
    }
    let store = app.state.lock();
    assert!(store.tickets.contains_key(&ticket), "not consumed");
    assert!(store.api_auth_app_sessions.is_empty());
}

#[tokio::test]
async fn missing_empty_or_unknown_ticket() {
    let app = app();
    let session = app.staging_session().await;
    for uri in [
        "/session/ticket/exchange",
        "/session/ticket/exchange?ticket=",
    ] {
        app.get(&with_dev_session(uri, &session))
            .await
            .assert_frontend_error(400, "ticket is required");
    }
    app.exchange("123456789012345678", &session)
        .await
        .assert_frontend_error(401, "Invalid or expired ticket");
}

#[tokio::test]
async fn missing_api_auth_app_is_500_and_keeps_the_ticket() {
    let app = app();
    let session = app.staging_session().await;
    let ticket = app
        .mint_ok(json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_77"}))
        .await;
    for _ in 0..2 {
        app.exchange(&ticket, &session)
            .await
            .assert_frontend_error(500, "Internal server error");
    }
    assert!(app.state.lock().tickets.contains_key(&ticket));
    // As in production the session row was written before the app lookup failed.
    app.get(&with_dev_session("/api-auth/session", &session))
        .await
        .assert_frontend_error(400, "Invalid API auth app session");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_exchanges_of_one_ticket_succeed_exactly_once() {
    let server = spawn_server(Config::default()).await;
    let addr = server.addr;
    let mint = http(
        addr,
        "POST",
        "/session/tickets",
        &[
            ("Authorization", &format!("Bearer {}", common::BACKEND_KEY)),
            ("Content-Type", "application/json"),
        ],
        br#"{"ticket_type":"api_auth_access","api_auth_app_slug":"aa_42"}"#,
    )
    .await;
    assert_eq!(mint.status.as_u16(), 200, "{}", mint.text());
    let ticket = mint.json()["ticket"].as_str().expect("ticket").to_string();

    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(16));
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let target = format!("/session/ticket/exchange?ticket={ticket}&__dev_session__=");
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            http(addr, "GET", &target, &[], b"").await
        }));
    }
    let mut ok = 0;
    let mut sessions = std::collections::HashSet::new();
    for task in tasks {
        let reply = task.await.expect("task");
        sessions.insert(reply.header("x-development-session").expect("own session"));
        match reply.status.as_u16() {
            200 => ok += 1,
            401 => assert_eq!(reply.message(), "Invalid or expired ticket"),
            other => panic!("unexpected status {other}: {}", reply.text()),
        }
    }
    assert_eq!(ok, 1, "exactly one exchange succeeds");
    assert_eq!(
        sessions.len(),
        16,
        "each request had its own browser session"
    );
    assert_eq!(server.state.lock().api_auth_app_sessions.len(), 1);
}

/// The app session lives as long as its ticket, capped by `--session-ttl-seconds`: a cap beyond
/// the ticket's lifetime (up to the largest number the flag takes) leaves the ticket's expiry,
/// a shorter one applies.
#[tokio::test]
async fn an_app_session_expires_with_its_ticket_or_the_session_ttl_cap() {
    for (ttl, capped) in [(None, false), (Some(u64::MAX), false), (Some(600), true)] {
        let app = TestApp::with_config(Config {
            session_ttl_seconds: ttl,
            ..Config::default()
        });
        let session = app.staging_session().await;
        let ticket = app.mint_ok(api_auth_ticket(Some(3600))).await;
        let ticket_expiry = app.state.lock().tickets[&ticket].expires_at_ms;
        let before = wacht_dev_server::ids::now_ms();
        app.exchange(&ticket, &session).await.envelope_data();
        let after = wacht_dev_server::ids::now_ms();
        let expiry = app.state.lock().api_auth_app_sessions[0]
            .expires_at_ms
            .expect("expiry");
        if capped {
            assert!(
                (before + 600_000..=after + 600_000).contains(&expiry),
                "{ttl:?}: {expiry}"
            );
        } else {
            assert_eq!(expiry, ticket_expiry, "{ttl:?}");
        }
    }
}

/// Exchanges are per browser session: another browser's exchange of the same app (or its agent
/// ticket) leaves this browser's API-auth and agent sessions alive.
#[tokio::test]
async fn another_browsers_exchange_leaves_this_browsers_sessions_alive() {
    let app = app();
    let mine = app.staging_session().await;
    let theirs = app.staging_session().await;
    for session in [&mine, &theirs] {
        let ticket = app.mint_ok(api_auth_ticket(None)).await;
        app.exchange(&ticket, session).await.envelope_data();
        let agent = app
            .mint_ok(json!({"ticket_type": "agent_access", "actor_id": "777", "agent_ids": ["1"]}))
            .await;
        app.exchange(&agent, session).await.envelope_data();
    }
    app.get(&with_dev_session("/api-auth/session", &mine))
        .await
        .envelope_data();
    let now = wacht_dev_server::ids::now_ms();
    let store = app.state.lock();
    assert!(store
        .api_auth_app_sessions
        .iter()
        .all(|session| session.is_active_at(now)));
    assert_eq!(store.agent_sessions.len(), 2);
}

/// Agent ids are non-negative decimal integers.
#[tokio::test]
async fn a_negative_agent_id_is_refused() {
    let app = app();
    let session = app.staging_session().await;
    let ticket = app
        .mint_ok(
            json!({"ticket_type": "agent_access", "actor_id": "777", "agent_ids": ["1", "-1"]}),
        )
        .await;
    app.exchange(&ticket, &session)
        .await
        .assert_frontend_error(400, "Invalid agent_id: -1");
}

/// Sign-in agent tickets act as the signed-in user's own `user` actor, created once and reused
/// (never another actor that happens to share the user's id as its external key, nor one of
/// another deployment); a static ticket naming that actor gets exactly it; an expired sign-in
/// is no sign-in.
#[tokio::test]
async fn signin_agent_sessions_use_the_users_own_actor() {
    let app = app();
    let session = app.staging_session().await;
    {
        let mut store = app.state.lock();
        for (deployment_id, id, subject_type) in [("77", "9001", "user"), ("42", "9002", "debug")] {
            store.actors.push(Actor {
                deployment_id: deployment_id.to_string(),
                id: id.to_string(),
                display_name: None,
                subject_type: subject_type.to_string(),
                external_key: "123".to_string(),
            });
        }
    }
    let impersonate = app
        .mint_ok(json!({"ticket_type": "impersonation", "user_id": "123"}))
        .await;
    app.exchange(&impersonate, &session).await.envelope_data();
    let signin = json!({"ticket_type": "agent_access", "agent_session_identifier": "signin", "agent_ids": ["1"]});
    let mut actors = Vec::new();
    for _ in 0..2 {
        let ticket = app.mint_ok(signin.clone()).await;
        let data = app.exchange(&ticket, &session).await.envelope_data();
        assert_eq!(data["actor"]["subject_type"], "user");
        assert_eq!(data["actor"]["external_key"], "123");
        actors.push(data["actor"]["id"].as_str().expect("id").to_string());
    }
    assert_eq!(actors[0], actors[1], "the actor is reused");
    assert!(!["777", "9001", "9002"].contains(&actors[0].as_str()));

    let fixed = app
        .mint_ok(json!({"ticket_type": "agent_access", "actor_id": actors[0], "agent_ids": ["1"]}))
        .await;
    let data = app.exchange(&fixed, &session).await.envelope_data();
    assert_eq!(data["actor"]["id"], actors[0].as_str());

    // Once the sign-in has expired, a sign-in ticket is refused (and stays unused).
    for signin in app
        .state
        .lock()
        .browser_sessions
        .get_mut(&session)
        .expect("browser session")
        .signins
        .iter_mut()
    {
        signin.expires_at_ms = wacht_dev_server::ids::now_ms() - 1;
    }
    let ticket = app.mint_ok(signin).await;
    app.exchange(&ticket, &session)
        .await
        .assert_frontend_error(401, "No active sign in for signin agent_access ticket");
}

/// An impersonation sign-in lasts 20 minutes; once it has expired, the user can be impersonated
/// again in the same browser session.
#[tokio::test]
async fn an_impersonation_lasts_twenty_minutes_then_can_be_repeated() {
    let app = app();
    let session = app.staging_session().await;
    let impersonate = json!({"ticket_type": "impersonation", "user_id": "123"});
    let before = wacht_dev_server::ids::now_ms();
    let ticket = app.mint_ok(impersonate.clone()).await;
    app.exchange(&ticket, &session).await.envelope_data();
    let after = wacht_dev_server::ids::now_ms();
    {
        let mut store = app.state.lock();
        let signin = &mut store
            .browser_sessions
            .get_mut(&session)
            .expect("browser session")
            .signins[0];
        assert!(
            (before + 1_200_000..=after + 1_200_000).contains(&signin.expires_at_ms),
            "{}",
            signin.expires_at_ms
        );
        signin.expires_at_ms = before - 1;
    }
    let again = app.mint_ok(impersonate).await;
    let data = app.exchange(&again, &session).await.envelope_data();
    assert_eq!(data["session"]["active_signin"]["user_id"], "123");
}
