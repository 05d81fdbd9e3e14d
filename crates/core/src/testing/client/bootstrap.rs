//! The deployment bootstrap: once, first, retried after a failure; its mode decides the session
//! transport.

use super::session_body;
use crate::error::ErrorCode;
use crate::json::Json as _;
use crate::session::dev_session::BrowserStorage;
use crate::testing::support::{envelope, no_session_body, Harness};
use crate::transport::{Credentials, Mode};
use serde_json::json;

#[test]
fn bootstraps_once_before_anything_else_and_keeps_the_dev_session() {
    let mut h = Harness::new(Mode::Staging, None);
    h.server.respond(
        "/deployment",
        200,
        envelope(json!({"mode": "staging"})),
        Some("tok1"),
    );
    h.server
        .respond("/api-auth/session", 401, no_session_body(), None);
    let calls: Vec<_> = (0..3).map(|_| h.core.api_auth_session()).collect();
    h.run();
    for call in calls {
        assert_eq!(
            h.outcome(call).unwrap().unwrap_err().code,
            ErrorCode::NoSession
        );
    }
    let log = h.server.requests();
    assert_eq!(log.len(), 4);
    assert_eq!(log[0].url, "http://api.test/deployment?__dev_session__=");
    for request in &log[1..] {
        assert_eq!(
            request.url,
            "http://api.test/api-auth/session?__dev_session__=tok1"
        );
        assert_eq!(request.credentials, Credentials::Default);
    }
}

#[test]
fn a_new_client_sends_nothing_until_its_first_call() {
    let mut h = Harness::new(Mode::Staging, Some("production"));
    assert!(h.core.take_effects().is_empty(), "nothing to do yet");
    assert_eq!(h.server.requests().len(), 0);
}

#[test]
fn the_first_call_sends_the_bootstrap_and_mode_shares_it() {
    let mut h = Harness::new(Mode::Staging, Some("production"));
    let first = h.start(|c| c.mode());
    let mode = h.start(|c| c.mode());
    assert_eq!(
        h.outcome(first).unwrap().unwrap().as_string().as_deref(),
        Some("production")
    );
    assert_eq!(
        h.outcome(mode).unwrap().unwrap().as_string().as_deref(),
        Some("production")
    );
    assert_eq!(h.server.count("/deployment"), 1);
    let again = h.call(|c| c.mode()).unwrap();
    assert_eq!(again.as_string().as_deref(), Some("production"));
    assert_eq!(h.server.count("/deployment"), 1, "known now");
}

#[test]
fn the_deployment_mode_wins_over_the_key_prefix() {
    let mut h = Harness::new(Mode::Staging, Some("production"));
    h.server.open_session();
    h.server
        .respond("/api-auth/session", 200, session_body("1"), None);
    h.call(|c| c.api_auth_session()).unwrap();
    let log = h.server.requests();
    assert_eq!(log[1].url, "http://api.test/api-auth/session");
    assert_eq!(log[1].credentials, Credentials::Include);
}

#[test]
fn a_failed_bootstrap_is_reported_and_retried() {
    let mut h = Harness::new(Mode::Staging, None);
    h.server.open_session();
    h.server
        .respond("/deployment", 502, "<html>bad gateway</html>".into(), None);
    let err = h.call(|c| c.api_auth_session()).unwrap_err();
    assert_eq!((err.code, err.status), (ErrorCode::Http, Some(502)));
    let err = h.call(|c| c.mode()).unwrap_err();
    assert_eq!(err.code, ErrorCode::Http);
    h.server.respond(
        "/deployment",
        200,
        envelope(json!({"mode": "staging"})),
        None,
    );
    h.server
        .respond("/api-auth/session", 200, session_body("1"), None);
    let session = h.call(|c| c.api_auth_session()).unwrap();
    assert_eq!(session.string_at("session_id").as_deref(), Some("1"));
    assert_eq!(h.server.count("/deployment"), 3);
}

#[test]
fn every_request_carries_the_configured_bounds() {
    let mut h = Harness::staging();
    h.server
        .respond("/api-auth/session", 200, session_body("1"), None);
    h.call(|c| c.api_auth_session()).unwrap();
    for request in h.server.requests() {
        assert_eq!(request.timeout_ms, Some(30_000));
        assert_eq!(request.max_body_bytes, Some(8 * 1024 * 1024));
    }
}

#[test]
fn a_new_dev_session_from_any_answer_is_kept_in_staging_only() {
    let mut h = Harness::new(Mode::Staging, None);
    h.server.open_session();
    h.server.respond(
        "/deployment",
        200,
        envelope(json!({"mode": "staging"})),
        Some("tok1"),
    );
    h.server
        .respond("/api-auth/session", 200, session_body("1"), Some("tok2"));
    h.call(|c| c.api_auth_session()).unwrap();
    h.call(|c| c.api_auth_session()).unwrap();
    let log = h.server.requests();
    assert!(
        log[2].url.ends_with("__dev_session__=tok2"),
        "{}",
        log[2].url
    );
    assert_eq!(
        h.storage.cookie("__dev_session___api_test").as_deref(),
        Some("tok2")
    );

    let mut h = Harness::new(Mode::Production, Some("production"));
    h.server.open_session();
    h.server
        .respond("/api-auth/session", 200, session_body("1"), Some("tok3"));
    h.call(|c| c.api_auth_session()).unwrap();
    assert!(
        h.storage.cookies.borrow().is_empty(),
        "production keeps no token"
    );
    assert!(h.storage.items.borrow().is_empty());
}

#[test]
fn plain_reads_resolve_with_their_checked_data() {
    let mut h = Harness::production();
    h.server.respond(
        "/api-auth/keys",
        200,
        envelope(
            json!([{"id": 7, "name": "k", "key_prefix": "p", "key_suffix": "s",
            "is_active": true, "created_at": "2026-01-01T00:00:00Z", "secret": "p_LEAK"}]),
        ),
        None,
    );
    let options = crate::api::keys::KEYS_READ
        .options(&crate::json::HostJson::from(json!({"status": "all"})))
        .unwrap();
    let query = crate::api::keys::KEYS_READ.query(&options);
    let keys = h.call(|c| c.read(&query)).unwrap().to_json();
    assert_eq!(keys[0]["id"], "7", "a numeric id becomes its string");
    assert_eq!(keys[0]["permissions"], json!([]));
    assert!(
        keys[0].get("secret").is_none(),
        "a listed key never keeps a secret"
    );
    assert!(h.server.requests()[1]
        .url
        .ends_with("/api-auth/keys?status=all"));
}
