//! The session gate: `/api-auth/*` reads wait for a ticket on its way and its exchange; nothing
//! abandoned keeps the gate closed; a read that found no session runs again, once, when a
//! session is established.

use super::{exchange_body, keys_body, session_body};
use crate::client::{Answer, TicketArg};
use crate::error::ErrorCode;
use crate::json::Json as _;
use crate::testing::support::{keys_store, no_session_body, Harness};
use serde_json::json;

/// A staging server whose browser has no session yet; exchanges open one.
fn fresh() -> Harness {
    let mut h = Harness::new(crate::transport::Mode::Staging, Some("staging"));
    h.server
        .respond("/session/ticket/exchange", 200, exchange_body("7"), None);
    h.server
        .respond("/api-auth/session", 200, session_body("7"), None);
    h.server
        .respond("/api-auth/keys", 200, keys_body(&[]), None);
    h
}

#[test]
fn reads_wait_for_a_ticket_that_is_on_its_way() {
    let mut h = fresh();
    let (store, wait) = h.session(TicketArg::Pending);
    let keys = keys_store(&mut h, json!({}));
    h.run();
    assert_eq!(h.snapshot(store)["status"], "exchanging");
    assert_eq!(
        h.server.count("/api-auth/keys") + h.server.count("/api-auth/session"),
        0,
        "nothing is sent before the exchange"
    );
    h.answer(wait.unwrap(), Answer::Text(Some("late".into())));
    let order: Vec<String> = h
        .server
        .requests()
        .iter()
        .map(|r| r.url.split('?').next().unwrap().to_string())
        .collect();
    assert_eq!(
        order[..2],
        [
            "http://api.test/deployment".to_string(),
            "http://api.test/session/ticket/exchange".to_string()
        ]
    );
    assert_eq!(
        (
            h.server.count("/api-auth/keys"),
            h.server.count("/api-auth/session")
        ),
        (1, 1)
    );
    assert_eq!(h.snapshot(store)["status"], "ready");
    assert_eq!(h.snapshot(keys)["error"], json!(null));
    assert!(!h.core.gate_is_closed());
}

#[test]
fn a_ticket_promise_of_nothing_reads_the_session_as_it_is() {
    let mut h = fresh();
    let (store, wait) = h.session(TicketArg::Pending);
    h.run();
    h.answer(wait.unwrap(), Answer::Text(None));
    assert_eq!(h.server.count("/session/ticket/exchange"), 0);
    assert_eq!(h.snapshot(store)["status"], "no_session");
    assert!(!h.core.gate_is_closed());
}

#[test]
fn a_disposed_store_sends_nothing_more_and_releases_the_reads_it_held() {
    let mut h = fresh();
    let (store, _wait) = h.session(TicketArg::Pending);
    let keys = keys_store(&mut h, json!({}));
    h.run();
    assert!(h.core.gate_is_closed());
    assert_eq!(h.server.count("/api-auth/keys"), 0);
    h.core.dispose(store);
    h.run();
    assert!(!h.core.gate_is_closed(), "the wait for the ticket ended");
    assert_eq!(
        h.server.count("/api-auth/keys"),
        1,
        "the held read went out at once"
    );
    // No exchange happened, so the server says so.
    assert_eq!(h.snapshot(keys)["error"]["code"], "no_session");
    // A session established elsewhere does not revive it; its own calls reject.
    h.call(|c| c.exchange_ticket("elsewhere")).unwrap();
    assert_eq!(h.server.count("/api-auth/session"), 0);
    let refused = h.call(|c| c.refetch(store)).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Aborted);
    let refused = h
        .call(|c| c.session_exchange(store, TicketArg::Ready("t".into())).0)
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Aborted);
    assert_eq!(
        h.server.count("/api-auth/session"),
        0,
        "nothing was sent for it"
    );
}

#[test]
fn a_no_session_read_runs_again_once_when_a_session_is_established() {
    let mut h = fresh();
    h.server
        .respond("/api-auth/keys", 401, no_session_body(), None);
    let keys = keys_store(&mut h, json!({}));
    let (waiting, _) = h.session(TicketArg::None);
    h.run();
    assert_eq!(h.snapshot(keys)["error"]["code"], "no_session");
    assert_eq!(h.snapshot(waiting)["status"], "no_session");

    h.server
        .respond("/api-auth/keys", 200, keys_body(&[]), None);
    h.call(|c| c.exchange_ticket("t")).unwrap();
    assert_eq!(h.server.count("/api-auth/keys"), 2, "re-run once");
    assert_eq!(h.snapshot(keys)["error"], json!(null));
    assert_eq!(h.snapshot(waiting)["status"], "ready");
    // A further session does not re-run reads that are fine.
    h.call(|c| c.exchange_ticket("t2")).unwrap();
    assert_eq!(h.server.count("/api-auth/keys"), 2);
}

#[test]
fn a_read_on_the_wire_when_a_session_is_established_tries_once_more() {
    let mut h = fresh();
    h.server.hold("/api-auth/session");
    let read = h.start(|c| c.api_auth_session());
    assert_eq!(h.held().len(), 1);
    h.call(|c| c.exchange_ticket("t")).unwrap();
    // The read raced the exchange and the server said "no session": once more, at once.
    h.server
        .respond("/api-auth/session", 200, session_body("7"), None);
    h.release(0, 401, no_session_body());
    let session = h.outcome(read).unwrap().unwrap();
    assert_eq!(session.string_at("session_id").as_deref(), Some("7"));
    assert_eq!(h.server.count("/api-auth/session"), 2);
}

#[test]
fn reads_do_not_wait_once_the_exchange_is_done() {
    let mut h = fresh();
    h.call(|c| c.exchange_ticket("t")).unwrap();
    assert!(!h.core.gate_is_closed());
    let read = h.start(|c| c.api_auth_session());
    assert!(h.settled(read), "the read went out at once and came back");
    assert_eq!(h.running_timers(), 0, "no wait at the gate");
}

#[test]
fn reads_wait_until_every_pending_exchange_is_done() {
    let mut h = fresh();
    h.server.hold("/session/ticket/exchange");
    let first = h.start(|c| c.exchange_ticket("one"));
    let second = h.start(|c| c.exchange_ticket("two"));
    let read = h.start(|c| c.api_auth_session());
    assert_eq!(h.held().len(), 2);
    h.release(0, 200, exchange_body("7"));
    assert!(h.outcome(first).unwrap().is_ok());
    assert!(
        !h.settled(read),
        "one exchange is still pending: the read waits"
    );
    assert_eq!(h.server.count("/api-auth/session"), 0);
    h.release(0, 200, exchange_body("7"));
    assert!(h.outcome(second).unwrap().is_ok());
    assert!(
        h.outcome(read).unwrap().is_ok(),
        "both done: the read went out"
    );
}

#[test]
fn an_established_session_revives_only_live_stores_told_no_session() {
    let mut h = fresh();
    h.server
        .respond("/api-auth/session", 401, no_session_body(), None);
    let (live, _) = h.session(TicketArg::None);
    let (disposed, _) = h.session(TicketArg::None);
    h.run();
    assert_eq!(h.server.count("/api-auth/session"), 2);
    h.core.dispose(disposed);
    h.server
        .respond("/api-auth/session", 200, session_body("7"), None);
    h.call(|c| c.exchange_ticket("t")).unwrap();
    assert_eq!(h.snapshot(live)["status"], "ready");
    assert_eq!(h.snapshot(disposed)["status"], "no_session");
    assert_eq!(
        h.server.count("/api-auth/session"),
        3,
        "the disposed store sent nothing"
    );
    // A store that has its session does not read again when another one is established.
    h.call(|c| c.exchange_ticket("t2")).unwrap();
    assert_eq!(h.server.count("/api-auth/session"), 3);
}
