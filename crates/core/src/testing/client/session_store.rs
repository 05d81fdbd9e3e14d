//! The API-auth app session store (`apiAuthAppSession`): the hook's fields through the exchange
//! and the read, stable snapshots, and a ticket given later.

use super::{exchange_body, session_body};
use crate::client::TicketArg;
use crate::error::ErrorCode;
use crate::json::Json as _;
use crate::testing::support::{envelope, no_session_body, Harness};
use serde_json::json;

fn server_with_session() -> Harness {
    let mut h = Harness::staging();
    h.server
        .respond("/session/ticket/exchange", 200, exchange_body("7"), None);
    h.server.respond(
        "/api-auth/session",
        200,
        envelope(json!({"session_id": "7", "api_auth_app": {"app_slug": "aa_42", "name": "Acme", "key_prefix": "acme"}})),
        None,
    );
    h
}

#[test]
fn ticket_flow_notifies_each_change_and_ends_ready() {
    let mut h = server_with_session();
    let (store, _) = h.session(TicketArg::Ready("ticket-1".into()));
    assert_eq!(h.snapshot(store)["status"], "exchanging");
    h.watch(store);
    h.run();
    let snapshot = h.snapshot(store);
    assert_eq!(
        (
            &snapshot["status"],
            &snapshot["sessionId"],
            &snapshot["apiAuthApp"]["key_prefix"]
        ),
        (&json!("ready"), &json!("7"), &json!("acme"))
    );
    let statuses: Vec<_> = h.seen(store).iter().map(|s| s["status"].clone()).collect();
    assert_eq!(statuses, vec![json!("loading"), json!("ready")]);
    assert_eq!(h.server.count("/session/ticket/exchange"), 1);
}

#[test]
fn the_snapshot_has_the_hook_fields() {
    let mut h = server_with_session();
    let (store, _) = h.session(TicketArg::Ready("t".into()));
    h.run();
    let snapshot = h.snapshot(store);
    let fields: Vec<&String> = snapshot.as_object().unwrap().keys().collect();
    assert_eq!(
        fields,
        [
            "apiAuthApp",
            "hasSession",
            "sessionError",
            "sessionId",
            "sessionLoading",
            "status",
            "ticketExchanged",
            "ticketLoading"
        ]
    );
    assert_eq!(
        (
            &snapshot["hasSession"],
            &snapshot["ticketExchanged"],
            &snapshot["sessionLoading"]
        ),
        (&json!(true), &json!(true), &json!(false))
    );
}

#[test]
fn a_refused_ticket_never_reads_the_session() {
    let mut h = server_with_session();
    h.server.respond(
        "/session/ticket/exchange",
        401,
        json!({"message": "Invalid or expired ticket"}).to_string(),
        None,
    );
    let (store, _) = h.session(TicketArg::Ready("used".into()));
    h.run();
    let snapshot = h.snapshot(store);
    assert_eq!(snapshot["status"], "error");
    assert_eq!(
        snapshot["sessionError"]["message"],
        "Invalid or expired ticket"
    );
    assert_eq!(snapshot["sessionError"]["code"], "invalid_ticket");
    assert_eq!(h.server.count("/api-auth/session"), 0);
}

#[test]
fn without_a_ticket_it_reads_and_reports_no_session() {
    let mut h = server_with_session();
    h.server
        .respond("/api-auth/session", 401, no_session_body(), None);
    let (store, _) = h.session(TicketArg::None);
    assert_eq!(h.snapshot(store)["status"], "loading");
    h.run();
    let snapshot = h.snapshot(store);
    assert_eq!(
        (&snapshot["status"], &snapshot["hasSession"]),
        (&json!("no_session"), &json!(false))
    );
}

#[test]
fn a_ticket_given_later_recovers_the_store() {
    let mut h = server_with_session();
    h.server
        .respond("/api-auth/session", 401, no_session_body(), None);
    let (store, _) = h.session(TicketArg::None);
    h.run();
    h.server
        .respond("/api-auth/session", 200, session_body("8"), None);
    let session = h
        .call(|c| {
            c.session_exchange(store, TicketArg::Ready("late-ticket".into()))
                .0
        })
        .unwrap();
    assert_eq!(session.string_at("session_id").as_deref(), Some("8"));
    assert_eq!(h.snapshot(store)["status"], "ready");
    let err = h
        .call(|c| c.session_exchange(store, TicketArg::None).0)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidArgument);
}

#[test]
fn refetch_with_unchanged_data_keeps_the_snapshot_and_stays_silent() {
    let mut h = server_with_session();
    let (store, _) = h.session(TicketArg::None);
    h.run();
    let before = h.core.snapshot(store);
    let notified = h.notified(store);
    h.call(|c| c.refetch(store)).unwrap();
    assert!(
        h.core.snapshot(store).is_same(&before),
        "the same snapshot object"
    );
    assert_eq!(h.notified(store), notified, "no notification");
    h.server.respond(
        "/api-auth/session",
        500,
        json!({"message": "boom"}).to_string(),
        None,
    );
    assert_eq!(
        h.call(|c| c.refetch(store)).unwrap_err().code,
        ErrorCode::Http
    );
    assert_eq!(h.notified(store), notified + 1);
    let snapshot = h.snapshot(store);
    assert_eq!(
        (&snapshot["status"], &snapshot["sessionId"]),
        (&json!("error"), &json!("7")),
        "an error keeps the last good session next to it"
    );
}

#[test]
fn a_dropped_store_is_forgotten() {
    let mut h = server_with_session();
    let (store, _) = h.session(TicketArg::None);
    h.run();
    h.core.drop_store(store);
    assert!(h.core.snapshot(store).is_nullish());
    assert_eq!(
        h.call(|c| c.refetch(store)).unwrap_err().code,
        ErrorCode::Aborted
    );
}

#[test]
fn a_session_store_disposed_with_its_read_on_the_wire_sends_nothing_more() {
    // No session in this browser; a ticket provider would renew one.
    let mut h = Harness::new(crate::transport::Mode::Staging, Some("staging"));
    h.server
        .respond("/session/ticket/exchange", 200, exchange_body("7"), None);
    h.providers(
        Some(crate::testing::support::answering(
            crate::client::Answer::Text(Some("fresh".into())),
        )),
        None,
    );
    h.server.hold("/api-auth/session");
    let (store, _) = h.session(TicketArg::None);
    h.run();
    let refetch = h.start(|c| c.refetch(store));
    assert_eq!(h.held().len(), 2);
    h.core.dispose(store);
    h.run();
    assert_eq!(
        h.outcome(refetch).map(|r| r.unwrap_err().code),
        Some(ErrorCode::Aborted),
        "the refetch ends with the store"
    );
    // The server's "no session" answers arrive (or are dropped): no renewal, no retry.
    h.release(0, 401, no_session_body());
    h.release(0, 401, no_session_body());
    assert_eq!(h.asked.get(&crate::client::Provider::Ticket), None);
    assert_eq!(
        (
            h.server.count("/session/ticket/exchange"),
            h.server.count("/api-auth/session")
        ),
        (0, 2),
        "nothing was sent after dispose"
    );
}

#[test]
fn blank_tickets_are_no_tickets() {
    let mut h = server_with_session();
    // Given to the store: the session is read as it is.
    let (store, _) = h.session(TicketArg::Ready("  ".into()));
    h.run();
    assert_eq!(h.snapshot(store)["status"], "ready");
    assert_eq!(h.server.count("/session/ticket/exchange"), 0);
    // A blank ticket for `exchange(ticket)` is refused, and the store stays as it was.
    let err = h
        .call(|c| c.session_exchange(store, TicketArg::Ready(" ".into())).0)
        .unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (
            ErrorCode::InvalidArgument,
            "exchange(ticket) needs a ticket string or a promise of one"
        )
    );
    assert_eq!(h.snapshot(store)["status"], "ready");
    // A ticket promise that gives a blank ticket: the session is read as it is.
    let (waiting, wait) = h.session(TicketArg::Pending);
    h.answer(
        wait.unwrap(),
        crate::client::Answer::Text(Some("   ".into())),
    );
    assert_eq!(h.snapshot(waiting)["status"], "ready");
    assert_eq!(h.server.count("/session/ticket/exchange"), 0);
}

#[test]
fn a_refetch_of_a_store_told_no_session_shows_it_loading() {
    let mut h = server_with_session();
    h.server
        .respond("/api-auth/session", 401, no_session_body(), None);
    let (store, _) = h.session(TicketArg::None);
    h.run();
    h.watch(store);
    h.call(|c| c.refetch(store)).unwrap_err();
    let statuses: Vec<_> = h.seen(store).iter().map(|s| s["status"].clone()).collect();
    assert_eq!(statuses, vec![json!("loading"), json!("no_session")]);
}
