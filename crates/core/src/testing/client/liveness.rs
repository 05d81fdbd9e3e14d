//! Every call and store ends within a bound, whatever the app's promises do: a `getToken`, a
//! `ticketProvider` or a ticket promise that never answers ends in `timeout` at `timeoutMs`, the
//! gate opens, and the client stays usable.

use super::{exchange_body, keys_body, session_body};
use crate::client::{Answer, TicketArg};
use crate::error::ErrorCode;
use crate::testing::support::{answering, keys_store, no_session_body, silent, Harness};
use serde_json::json;

#[test]
fn a_get_token_that_never_answers_times_out_and_the_client_stays_usable() {
    let mut h = Harness::staging();
    h.server
        .respond("/api-auth/session", 200, session_body("1"), None);
    h.providers(None, Some(silent()));
    let read = h.start(|c| c.api_auth_session());
    assert!(!h.settled(read), "waits for getToken");
    h.fire_timers();
    let error = h.outcome(read).unwrap().unwrap_err();
    assert_eq!(error.code, ErrorCode::Timeout);
    assert_eq!(
        error.message,
        "getToken did not answer within 30000 ms (timeoutMs)"
    );
    assert_eq!(h.server.count("/api-auth/session"), 0, "nothing went out");
    h.providers(None, Some(answering(Answer::Text(Some("jwt".into())))));
    h.call(|c| c.api_auth_session()).unwrap();
}

#[test]
fn a_ticket_provider_that_never_answers_ends_the_read_and_opens_the_gate() {
    let mut h = Harness::staging();
    h.server
        .respond("/api-auth/session", 401, no_session_body(), None);
    h.providers(Some(silent()), None);
    let read = h.start(|c| c.api_auth_session());
    assert!(!h.settled(read), "waits for the ticket provider");
    assert!(h.core.gate_is_closed());
    h.fire_timers();
    let error = h.outcome(read).unwrap().unwrap_err();
    assert_eq!(
        error.code,
        ErrorCode::NoSession,
        "the read's own error stands"
    );
    assert!(!h.core.gate_is_closed(), "the gate is open again");
    assert_eq!(h.server.count("/session/ticket/exchange"), 0);
}

#[test]
fn a_ticket_promise_that_never_settles_times_out_and_opens_the_gate() {
    let mut h = Harness::new(crate::transport::Mode::Staging, Some("staging"));
    h.server
        .respond("/api-auth/keys", 200, keys_body(&[]), None);
    let (store, _never) = h.session(TicketArg::Pending);
    let keys = keys_store(&mut h, json!({}));
    h.run();
    assert_eq!(h.snapshot(store)["status"], "exchanging");
    assert_eq!(h.server.count("/api-auth/keys"), 0, "the read waits");
    h.fire_timers();
    let snapshot = h.snapshot(store);
    assert_eq!(snapshot["sessionError"]["code"], "timeout");
    assert_eq!(
        snapshot["sessionError"]["message"],
        "the ticket promise did not answer within 30000 ms (timeoutMs)"
    );
    assert_eq!(
        (&snapshot["sessionLoading"], &snapshot["ticketLoading"]),
        (&json!(false), &json!(false))
    );
    assert!(!h.core.gate_is_closed(), "the gate is open again");
    assert_eq!(
        h.server.count("/api-auth/keys"),
        1,
        "the waiting read went out"
    );
    // No exchange happened, so the server says so.
    assert_eq!(h.snapshot(keys)["error"]["code"], "no_session");
}

#[test]
fn a_read_waits_at_the_gate_at_most_the_timeout() {
    let mut h = Harness::staging();
    h.server.hold("/session/ticket/exchange");
    h.server
        .respond("/api-auth/session", 200, session_body("1"), None);
    let exchange = h.start(|c| c.exchange_ticket("slow"));
    let read = h.start(|c| c.api_auth_session());
    assert_eq!(
        h.server.count("/api-auth/session"),
        0,
        "waits for the exchange"
    );
    h.fire_timers();
    assert!(h.outcome(read).unwrap().is_ok(), "went out after the bound");
    assert!(
        !h.settled(exchange),
        "the exchange itself is still on its way"
    );
    h.release(0, 200, exchange_body("1"));
    assert!(h.outcome(exchange).unwrap().is_ok());
}

#[test]
fn a_slow_exchange_that_fails_after_a_newer_one_succeeded_changes_nothing() {
    let mut h = Harness::new(crate::transport::Mode::Staging, Some("staging"));
    h.server.hold("/session/ticket/exchange");
    h.server
        .respond("/api-auth/session", 200, session_body("9"), None);
    let (store, _) = h.session(TicketArg::Ready("old".into()));
    h.run();
    let newer = h.start(|c| c.session_exchange(store, TicketArg::Ready("new".into())).0);
    assert_eq!(h.held().len(), 2);
    // The newer exchange succeeds; its session read waits for the older exchange at most
    // timeoutMs, then goes out.
    h.release(1, 200, exchange_body("9"));
    assert!(!h.settled(newer));
    h.fire_timers();
    assert!(h.outcome(newer).unwrap().is_ok());
    assert_eq!(h.snapshot(store)["status"], "ready");
    // The older one fails late: the live session stays.
    h.release(
        0,
        401,
        json!({"message": "Invalid or expired ticket"}).to_string(),
    );
    let snapshot = h.snapshot(store);
    assert_eq!(
        (
            &snapshot["status"],
            &snapshot["sessionError"],
            &snapshot["sessionId"]
        ),
        (&json!("ready"), &json!(null), &json!("9"))
    );
}

#[test]
fn disposing_a_session_store_ends_the_waits_for_its_tickets_at_once() {
    let mut h = Harness::new(crate::transport::Mode::Staging, Some("staging"));
    let (store, first) = h.session(TicketArg::Pending);
    h.run();
    let (call, second) = h.core.session_exchange(store, TicketArg::Pending);
    h.run();
    assert_eq!(h.running_timers(), 2, "each ticket's wait is bounded");
    h.core.dispose(store);
    h.run();
    assert_eq!(
        h.outcome(call).map(|r| r.unwrap_err().code),
        Some(ErrorCode::Aborted),
        "exchange(promise) rejects with the store, not timeoutMs later"
    );
    assert_eq!(h.running_timers(), 0, "no timer keeps a Node process alive");
    assert!(!h.core.gate_is_closed());
    // Late answers change nothing.
    h.answer(first.unwrap(), Answer::Text(Some("late".into())));
    h.answer(second.unwrap(), Answer::Text(Some("later".into())));
    assert_eq!(h.server.count("/session/ticket/exchange"), 0);
    assert!(!h.core.gate_is_closed());
}
