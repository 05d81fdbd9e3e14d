//! Ticket exchanges (once per ticket, refused tickets stay refused, tickets never kept), the
//! session renewal through `ticketProvider`, and `getToken`.

use super::{exchange_body, session_body};
use crate::client::KEPT_EXCHANGE_OUTCOMES;
use crate::client::{Answer, Provider};
use crate::error::{ClientError, ErrorCode};
use crate::json::Json as _;
use crate::testing::support::{answering, envelope, no_session_body, Harness};
use serde_json::json;

#[test]
fn one_exchange_per_ticket_even_when_concurrent() {
    let mut h = Harness::staging();
    h.server
        .respond("/session/ticket/exchange", 200, exchange_body("5"), None);
    let calls: Vec<_> = (0..4).map(|_| h.core.exchange_ticket("t-1")).collect();
    h.run();
    for call in calls {
        let result = h.outcome(call).unwrap().unwrap();
        assert_eq!(result.string_at("type").as_deref(), Some("api_auth_access"));
    }
    h.call(|c| c.exchange_ticket(" t-1 ")).unwrap();
    assert_eq!(h.server.count("/session/ticket/exchange"), 1);
    h.call(|c| c.exchange_ticket("t-2")).unwrap();
    assert_eq!(h.server.count("/session/ticket/exchange"), 2);
}

#[test]
fn only_the_last_exchanges_are_remembered() {
    let mut h = Harness::staging();
    h.server
        .respond("/session/ticket/exchange", 200, exchange_body("5"), None);
    let tickets: Vec<String> = (0..KEPT_EXCHANGE_OUTCOMES + 4)
        .map(|n| format!("t-{n}"))
        .collect();
    for ticket in &tickets {
        h.call(|c| c.exchange_ticket(ticket)).unwrap();
    }
    assert_eq!(h.core.exchanges_kept(), KEPT_EXCHANGE_OUTCOMES);
    let sent = h.server.count("/session/ticket/exchange");
    assert_eq!(sent, tickets.len());
    // The newest are still answered from memory; the oldest go to the server again.
    h.call(|c| c.exchange_ticket(&tickets[tickets.len() - 1]))
        .unwrap();
    h.call(|c| c.exchange_ticket(&tickets[4])).unwrap();
    assert_eq!(h.server.count("/session/ticket/exchange"), sent);
    h.call(|c| c.exchange_ticket(&tickets[0])).unwrap();
    assert_eq!(h.server.count("/session/ticket/exchange"), sent + 1);
    assert_eq!(h.core.exchanges_kept(), KEPT_EXCHANGE_OUTCOMES);
}

#[test]
fn the_outcome_that_ended_last_is_kept_whatever_started_before_it() {
    let mut h = Harness::staging();
    h.server.hold("/session/ticket/exchange");
    let tickets: Vec<String> = (0..=KEPT_EXCHANGE_OUTCOMES)
        .map(|n| format!("t-{n}"))
        .collect();
    let calls: Vec<_> = tickets
        .iter()
        .map(|ticket| h.start(|c| c.exchange_ticket(ticket)))
        .collect();
    assert_eq!(h.held().len(), tickets.len());
    // The first to start ends first, while all the others are still in flight.
    h.release(0, 200, exchange_body("5"));
    assert!(h.outcome(calls[0]).unwrap().is_ok());
    h.server
        .respond("/session/ticket/exchange", 200, exchange_body("5"), None);
    h.call(|c| c.exchange_ticket(&tickets[0])).unwrap();
    assert_eq!(h.server.count("/session/ticket/exchange"), tickets.len());
    // The rest end; the first (ended first) is the one forgotten.
    while !h.held().is_empty() {
        h.release(0, 200, exchange_body("5"));
    }
    assert_eq!(h.core.exchanges_kept(), KEPT_EXCHANGE_OUTCOMES);
    h.call(|c| c.exchange_ticket(&tickets[1])).unwrap();
    assert_eq!(h.server.count("/session/ticket/exchange"), tickets.len());
    h.call(|c| c.exchange_ticket(&tickets[0])).unwrap();
    assert_eq!(
        h.server.count("/session/ticket/exchange"),
        tickets.len() + 1
    );
}

#[test]
fn a_slow_exchange_that_ends_last_is_kept_though_it_started_first() {
    let mut h = Harness::staging();
    h.server.hold("/session/ticket/exchange");
    let slow = h.start(|c| c.exchange_ticket("slow"));
    h.server
        .respond("/session/ticket/exchange", 200, exchange_body("5"), None);
    let tickets: Vec<String> = (0..KEPT_EXCHANGE_OUTCOMES)
        .map(|n| format!("t-{n}"))
        .collect();
    for ticket in &tickets {
        h.call(|c| c.exchange_ticket(ticket)).unwrap();
    }
    h.release(0, 200, exchange_body("5"));
    assert!(h.outcome(slow).unwrap().is_ok());
    let sent = h.server.count("/session/ticket/exchange");
    h.call(|c| c.exchange_ticket("slow")).unwrap();
    assert_eq!(
        h.server.count("/session/ticket/exchange"),
        sent,
        "slow is kept"
    );
    h.call(|c| c.exchange_ticket(&tickets[0])).unwrap();
    assert_eq!(
        h.server.count("/session/ticket/exchange"),
        sent + 1,
        "t-0 ended first"
    );
}

#[test]
fn refused_tickets_stay_refused_but_network_failures_can_be_retried() {
    let mut h = Harness::staging();
    h.server.respond(
        "/session/ticket/exchange",
        401,
        json!({"message": "Invalid or expired ticket"}).to_string(),
        None,
    );
    let err = h.call(|c| c.exchange_ticket("used")).unwrap_err();
    assert_eq!(
        (err.code, err.status, err.message.as_str()),
        (
            ErrorCode::InvalidTicket,
            Some(401),
            "Invalid or expired ticket"
        )
    );
    h.call(|c| c.exchange_ticket("used")).unwrap_err();
    assert_eq!(h.server.count("/session/ticket/exchange"), 1);

    h.server.fail_network("/session/ticket/exchange");
    let err = h.call(|c| c.exchange_ticket("flaky")).unwrap_err();
    assert_eq!(err.code, ErrorCode::Network);
    h.server.respond(
        "/session/ticket/exchange",
        200,
        envelope(json!({"message": "m", "session_id": "1", "webhook_app": {"app_slug": "w", "name": "W"}})),
        None,
    );
    let result = h.call(|c| c.exchange_ticket("flaky")).unwrap();
    assert_eq!(
        result.string_at("type").as_deref(),
        Some("webhook_app_access")
    );
}

#[test]
fn empty_tickets_are_refused_without_a_request() {
    let mut h = Harness::staging();
    let err = h.call(|c| c.exchange_ticket("  ")).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgument);
    assert!(h.server.requests().is_empty());
}

#[test]
fn tickets_are_not_kept_after_the_exchange() {
    let mut h = Harness::staging();
    h.server
        .respond("/session/ticket/exchange", 200, exchange_body("1"), None);
    h.call(|c| c.exchange_ticket("super-secret-ticket"))
        .unwrap();
    let stored = format!(
        "{:?} {:?}",
        h.storage.items.borrow(),
        h.storage.cookies.borrow()
    );
    assert!(!stored.contains("super-secret-ticket"));
    assert!(
        !h.core.debug_state().contains("super-secret-ticket"),
        "the core keeps no ticket once the exchange ended"
    );
}

#[test]
fn an_expired_session_is_renewed_once_through_the_ticket_provider() {
    let mut h = Harness::staging();
    h.server
        .respond("/api-auth/session", 401, no_session_body(), None);
    h.server
        .respond("/session/ticket/exchange", 200, exchange_body("2"), None);
    let mut asked = 0;
    h.providers(
        Some(Box::new(move |server| {
            asked += 1;
            // The new session exists once the fresh ticket is exchanged.
            server.respond("/api-auth/session", 200, session_body("2"), None);
            Some(Answer::Text(Some(format!("fresh-{asked}"))))
        })),
        None,
    );
    let calls: Vec<_> = (0..3).map(|_| h.core.api_auth_session()).collect();
    h.run();
    for call in calls {
        let session = h.outcome(call).unwrap().unwrap();
        assert_eq!(session.string_at("session_id").as_deref(), Some("2"));
    }
    assert_eq!(
        h.asked.get(&Provider::Ticket),
        Some(&1),
        "one new ticket for all the reads that found the session gone"
    );
    assert_eq!(h.server.count("/session/ticket/exchange"), 1);
}

#[test]
fn without_a_ticket_the_original_no_session_error_stands() {
    let mut h = Harness::staging();
    h.server
        .respond("/api-auth/session", 401, no_session_body(), None);
    h.providers(
        Some(answering(Answer::Failed(ClientError::with_status(
            ErrorCode::NoSession,
            403,
            "Forbidden",
        )))),
        None,
    );
    let err = h.call(|c| c.api_auth_session()).unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (ErrorCode::NoSession, "No active API auth app session")
    );
    assert_eq!(
        h.server.count("/api-auth/session"),
        1,
        "no retry without a new session"
    );
    h.providers(Some(answering(Answer::Text(None))), None);
    let err = h.call(|c| c.api_auth_session()).unwrap_err();
    assert_eq!(err.message, "No active API auth app session");
    h.providers(None, None);
    h.call(|c| c.api_auth_session()).unwrap_err();
    assert_eq!(h.server.count("/api-auth/session"), 3);
}

#[test]
fn the_token_provider_adds_a_bearer_header_except_to_the_bootstrap() {
    let mut h = Harness::staging();
    h.server
        .respond("/api-auth/session", 200, session_body("1"), None);
    h.providers(None, Some(answering(Answer::Text(Some("jwt-1".into())))));
    h.call(|c| c.api_auth_session()).unwrap();
    let log = h.server.requests();
    assert_eq!(log[0].bearer, None);
    assert_eq!(
        log[1].bearer,
        Some(crate::transport::BearerToken("jwt-1".into()))
    );
    assert!(
        !format!("{:?}", log[1]).contains("jwt-1"),
        "Debug never prints the token"
    );
    // An empty token means none.
    h.providers(None, Some(answering(Answer::Text(Some(String::new())))));
    h.call(|c| c.api_auth_session()).unwrap();
    assert_eq!(h.server.requests()[2].bearer, None);
}

#[test]
fn providers_that_give_no_string_are_invalid_arguments() {
    let mut h = Harness::staging();
    h.server
        .respond("/api-auth/session", 200, session_body("1"), None);
    h.providers(None, Some(answering(Answer::NotText)));
    let err = h.call(|c| c.api_auth_session()).unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (
            ErrorCode::InvalidArgument,
            "options.getToken must return a string or null"
        )
    );
    assert_eq!(h.server.count("/api-auth/session"), 0);
}

#[test]
fn a_ticket_whose_exchange_never_went_out_can_be_exchanged_later() {
    // The bootstrap fails with an error page: the exchange request is never sent.
    let mut h = Harness::new(crate::transport::Mode::Staging, None);
    h.server
        .respond("/deployment", 502, "<html>bad gateway</html>".into(), None);
    h.server
        .respond("/session/ticket/exchange", 200, exchange_body("3"), None);
    let err = h.call(|c| c.exchange_ticket("t")).unwrap_err();
    assert_eq!((err.code, err.status), (ErrorCode::Http, Some(502)));
    assert_eq!(h.server.count("/session/ticket/exchange"), 0);
    h.server.respond(
        "/deployment",
        200,
        envelope(json!({"mode": "staging"})),
        None,
    );
    h.call(|c| c.exchange_ticket("t"))
        .expect("the ticket never reached the server: it is tried now");
    assert_eq!(h.server.count("/session/ticket/exchange"), 1);

    // The same when getToken fails (here with an HTTP status of the app's own backend).
    h.providers(
        None,
        Some(answering(Answer::Failed(ClientError::with_status(
            ErrorCode::Http,
            500,
            "token backend down",
        )))),
    );
    let err = h.call(|c| c.exchange_ticket("t2")).unwrap_err();
    assert_eq!(err.message, "token backend down");
    h.providers(None, None);
    h.call(|c| c.exchange_ticket("t2"))
        .expect("the ticket never reached the server: it is tried now");
    assert_eq!(h.server.count("/session/ticket/exchange"), 2);
}
