//! `last_used_at` (wire contract §5.3), over HTTP on a real port: each gateway check of a live key
//! stamps it, and the frontend API's key list shows the stamp. The demo's "Last used" column
//! reads exactly this.

mod common;

use common::{
    http, http_app_session, http_create_key, http_post_form, spawn_server, with_dev_session,
};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use wacht_dev_server::config::Config;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64
}

/// The key `id` as `GET /api-auth/keys?status=all` lists it.
async fn listed(addr: SocketAddr, token: &str, id: &str) -> Value {
    let target = with_dev_session("/api-auth/keys?status=all", token);
    let keys = http(addr, "GET", &target, &[], b"").await.envelope_data();
    keys.as_array()
        .expect("a key list")
        .iter()
        .find(|key| key["id"] == id)
        .unwrap_or_else(|| panic!("key {id} not listed: {keys}"))
        .clone()
}

/// `last_used_at` of a listed key in ms, `None` when the field is absent.
fn last_used_ms(key: &Value) -> Option<i64> {
    let value = key.get("last_used_at")?;
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("last_used_at is not a string: {key}"));
    Some(
        chrono::DateTime::parse_from_rfc3339(text)
            .unwrap_or_else(|error| panic!("last_used_at {text:?}: {error}"))
            .timestamp_millis(),
    )
}

/// One gateway check of `secret`: the HTTP status, or 429 for a 200 answer blocked by a rate
/// limit (the gateway answers blocked checks with 200 and `reason`).
async fn check(addr: SocketAddr, secret: &str) -> u16 {
    let body = json!({
        "principal": {"type": "api_key", "value": secret},
        "resource": "/v1/users",
        "method": "GET",
    })
    .to_string();
    let reply = http(
        addr,
        "POST",
        "/v1/authz/check",
        &[("content-type", "application/json")],
        body.as_bytes(),
    )
    .await;
    match reply.status.as_u16() {
        200 if reply.json()["reason"] == "rate_limited" => 429,
        status => status,
    }
}

#[tokio::test]
async fn a_gateway_check_sets_last_used_at_of_that_key_only() {
    let server = spawn_server(Config {
        port: 0,
        ..Config::default()
    })
    .await;
    let token = http_app_session(server.addr, "aa_42").await;
    let (used_id, used_secret) = http_create_key(server.addr, &token, "checked key").await;
    let (idle_id, _) = http_create_key(server.addr, &token, "idle key").await;
    assert_eq!(
        last_used_ms(&listed(server.addr, &token, &used_id).await),
        None,
        "a new key was never used"
    );

    let before = now_ms();
    assert_eq!(check(server.addr, &used_secret).await, 200);
    let after = now_ms();
    let first =
        last_used_ms(&listed(server.addr, &token, &used_id).await).expect("stamped by the check");
    assert!(
        before <= first && first <= after,
        "last_used_at {first} outside the check's [{before}, {after}]"
    );
    assert_eq!(
        last_used_ms(&listed(server.addr, &token, &idle_id).await),
        None,
        "the unchecked key keeps none"
    );

    // A later check moves it forward.
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(check(server.addr, &used_secret).await, 200);
    let second = last_used_ms(&listed(server.addr, &token, &used_id).await).expect("still stamped");
    assert!(
        second > first,
        "a later check moves last_used_at forward: {first} then {second}"
    );
}

#[tokio::test]
async fn a_rate_limited_check_counts_as_a_use_and_a_rejected_key_does_not() {
    let server = spawn_server(Config {
        port: 0,
        ..Config::default()
    })
    .await;
    let token = http_app_session(server.addr, "aa_42").await;
    let (id, secret) = http_create_key(server.addr, &token, "busy key").await;
    // aa_42 allows 10 checks per 10 s per key: of 12, some are answered 429. The key was
    // presented and recognised each time, so each of them is a use.
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(check(server.addr, &secret).await);
    }
    assert!(
        statuses.contains(&429),
        "the burst was rate limited: {statuses:?}"
    );
    let before_last = now_ms();
    assert_eq!(check(server.addr, &secret).await, 429);
    let stamped = last_used_ms(&listed(server.addr, &token, &id).await).expect("stamped");
    assert!(
        stamped >= before_last,
        "the blocked check stamped the key: {stamped} < {before_last}"
    );

    // Revoked: the gateway answers 401 without finding a live key, and the stamp stays.
    let revoke = http_post_form(
        server.addr,
        &format!("/api-auth/keys/{id}/revoke"),
        &token,
        b"",
    )
    .await;
    revoke.envelope_data();
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(check(server.addr, &secret).await, 401);
    assert_eq!(
        last_used_ms(&listed(server.addr, &token, &id).await),
        Some(stamped),
        "a rejected check is no use"
    );
}
