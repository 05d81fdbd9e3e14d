//! Wacht's per-IP limiter (`/__dev/ip-limiter`): off by default; when on, the 21st request of a
//! client IP to a path within a clock minute is a 429 without CORS headers.

mod common;

use common::{http, spawn_server};
use serde_json::json;
use wacht_dev_server::config::Config;

const ORIGIN: (&str, &str) = ("origin", "http://localhost:5173");

#[tokio::test]
async fn limiter_is_off_by_default_and_429s_without_cors_when_on() {
    let server = spawn_server(Config {
        port: 0,
        ..Config::default()
    })
    .await;
    let addr = server.addr;
    // Off: 30 requests pass.
    for _ in 0..30 {
        let reply = http(addr, "GET", "/deployment", &[ORIGIN], b"").await;
        assert_eq!(reply.status.as_u16(), 200);
    }
    let bad = http(
        addr,
        "POST",
        "/__dev/ip-limiter",
        &[("content-type", "application/json")],
        br#"{"enabled":"yes"}"#,
    )
    .await;
    assert!(bad.status.is_client_error(), "{}", bad.text());
    assert!(
        !server.state.lock().ip_limiter.enabled,
        "nothing stored half-way"
    );
    let on = http(
        addr,
        "POST",
        "/__dev/ip-limiter",
        &[("content-type", "application/json")],
        br#"{"enabled":true}"#,
    )
    .await;
    assert_eq!(on.json(), json!({"enabled": true}));

    // Sent at the start of a minute would be safest; 21 requests take far less than the rest of
    // one unless the minute turns in between, which the retry below tolerates once.
    let mut blocked = None;
    for attempt in 0..2 {
        let mut statuses = Vec::new();
        for _ in 0..21 {
            let reply = http(addr, "GET", "/deployment", &[ORIGIN], b"").await;
            statuses.push(reply.status.as_u16());
            if reply.status.as_u16() == 429 {
                blocked = Some(reply);
                break;
            }
        }
        if blocked.is_some() || attempt == 1 {
            assert_eq!(
                statuses.iter().filter(|s| **s == 200).count(),
                20,
                "{statuses:?}"
            );
            break;
        }
    }
    let blocked = blocked.expect("the 21st request is refused");
    assert_eq!(
        blocked.json(),
        json!({"errors": [{"message": "Too many requests, please try again later."}]})
    );
    assert_eq!(blocked.header("access-control-allow-origin"), None);
    assert_eq!(blocked.header("x-development-session"), None);
    // Another path has its own count; `/__dev` is not limited.
    let other = http(addr, "GET", "/api-auth/session", &[ORIGIN], b"").await;
    assert_eq!(other.status.as_u16(), 401, "{}", other.text());
    assert!(other.header("access-control-allow-origin").is_some());

    let off = http(
        addr,
        "POST",
        "/__dev/ip-limiter",
        &[("content-type", "application/json")],
        br#"{"enabled":false}"#,
    )
    .await;
    assert_eq!(off.status.as_u16(), 200);
    let again = http(addr, "GET", "/deployment", &[ORIGIN], b"").await;
    assert_eq!(again.status.as_u16(), 200);
}
