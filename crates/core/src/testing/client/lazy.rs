//! Stores start on their first subscriber: before that a store sends nothing and shows its
//! loading state. `/api-auth/*` reads look at the session gate once the current task is over,
//! so a ticket handed to a session store holds every read of that task, whatever the order in
//! which the stores were subscribed.

use super::{exchange_body, keys_body, session_body};
use crate::api::audit::{ANALYTICS_READ, LOGS_READ, TIMESERIES_READ};
use crate::api::audit_logs_pages::LogsPages;
use crate::client::{Answer, TicketArg, View};
use crate::json::{HostJson, Json as _};
use crate::testing::support::{keys_store, Harness};
use serde_json::json;

/// A staging server whose browser has no session yet; exchanges open one.
fn fresh() -> Harness {
    let mut h = Harness::new(crate::transport::Mode::Staging, Some("staging"));
    h.server
        .respond("/session/ticket/exchange", 200, exchange_body("7"), None);
    h.server
        .respond("/api-auth/session", 200, session_body("7"), None);
    h.server
        .respond("/api-auth/keys", 200, keys_body(&["a"]), None);
    h
}

/// Opens a store over `read` with the options `json`, without subscribing.
fn unsubscribed(
    h: &mut Harness,
    read: &'static crate::api::endpoint::ReadEndpoint,
    json: serde_json::Value,
) -> crate::client::Id {
    let options = read.options(&HostJson::from(json)).unwrap();
    let query = read.query(&options);
    let view = if std::ptr::eq(read, &LOGS_READ) {
        View::Logs(Box::new(LogsPages::new(options)))
    } else {
        View::Read(read, options)
    };
    h.core.open_query_store(query, view)
}

#[test]
fn a_store_nobody_subscribes_to_sends_nothing_and_shows_its_loading_state() {
    let mut h = fresh();
    let (with_ticket, _) = h.core.open_session_store(TicketArg::Ready("t".into()));
    let (promised, wait) = h.core.open_session_store(TicketArg::Pending);
    let (without, _) = h.core.open_session_store(TicketArg::None);
    let keys = unsubscribed(&mut h, &crate::api::keys::KEYS_READ, json!({}));
    let logs = unsubscribed(&mut h, &LOGS_READ, json!({"limit": 25}));
    let analytics = unsubscribed(&mut h, &ANALYTICS_READ, json!({}));
    let series = unsubscribed(&mut h, &TIMESERIES_READ, json!({"interval": "day"}));
    h.run();
    // The app's promise answers: kept, not exchanged.
    h.answer(wait.unwrap(), Answer::Text(Some("early".into())));
    assert_eq!(h.server.requests().len(), 0, "nothing is sent");
    assert_eq!(h.running_timers(), 0, "nothing waits");
    assert!(!h.core.gate_is_closed(), "nothing holds the session gate");
    assert_eq!(h.snapshot(with_ticket)["status"], "exchanging");
    assert_eq!(h.snapshot(promised)["status"], "exchanging");
    assert_eq!(h.snapshot(without)["status"], "loading");
    assert_eq!(h.snapshot(without)["sessionLoading"], true);
    for store in [keys, logs, analytics, series] {
        let snapshot = h.snapshot(store);
        assert_eq!(
            (&snapshot["loading"], &snapshot["fetching"]),
            (&json!(true), &json!(true))
        );
    }
    assert_eq!(h.snapshot(logs)["limit"], 25, "the requested limit");
    assert_eq!(
        h.snapshot(series)["interval"],
        "day",
        "the requested interval"
    );
    // The same object until it changes.
    assert!(h.core.snapshot(keys).is_same(&h.core.snapshot(keys)));
    // loadMore has no page to follow yet, and starts nothing.
    assert_eq!(
        h.call(|c| c.load_more(logs)).unwrap().to_json(),
        json!(false)
    );
    // Disposed before it ever started: still nothing.
    for store in [
        with_ticket,
        promised,
        without,
        keys,
        logs,
        analytics,
        series,
    ] {
        h.core.dispose(store);
    }
    h.run();
    assert_eq!(h.server.requests().len(), 0);
}

#[test]
fn the_first_subscriber_starts_a_store_once() {
    let mut h = fresh();
    h.server.open_session();
    let keys = unsubscribed(&mut h, &crate::api::keys::KEYS_READ, json!({}));
    h.core.subscribed(keys);
    h.core.subscribed(keys);
    h.run();
    assert_eq!(h.server.count("/api-auth/keys"), 1);
    h.core.subscribed(keys);
    h.run();
    assert_eq!(
        h.server.count("/api-auth/keys"),
        1,
        "a started store starts once"
    );
    assert_eq!(h.snapshot(keys)["keys"][0]["name"], "a");
}

#[test]
fn two_stores_of_one_query_share_one_request_whenever_they_start() {
    let mut h = fresh();
    h.server.open_session();
    h.server.hold("/api-auth/keys");
    let first = keys_store(&mut h, json!({}));
    h.run();
    let second = keys_store(&mut h, json!({}));
    h.run();
    assert_eq!(
        h.held().len(),
        1,
        "the second store joins the request in flight"
    );
    h.release(0, 200, keys_body(&["a"]));
    let third = keys_store(&mut h, json!({}));
    h.run();
    assert_eq!(
        h.server.count("/api-auth/keys"),
        1,
        "the third one finds the data"
    );
    for store in [first, second, third] {
        assert_eq!(h.snapshot(store)["keys"][0]["name"], "a");
    }
}

#[test]
fn a_ticket_subscribed_after_the_reads_of_its_task_still_goes_first() {
    let mut h = fresh();
    h.call(|c| c.mode()).unwrap(); // the deployment is known: reads go out at once
    let keys = keys_store(&mut h, json!({}));
    let (session, _) = h.session(TicketArg::Ready("t".into()));
    h.run();
    let order: Vec<String> = h
        .server
        .requests()
        .iter()
        .map(|r| r.url.split('?').next().unwrap().to_string())
        .collect();
    assert_eq!(
        order,
        [
            "http://api.test/deployment",
            "http://api.test/session/ticket/exchange",
            "http://api.test/api-auth/keys",
            "http://api.test/api-auth/session",
        ]
        .map(String::from),
        "the exchange first, then one key read and one session read, no 401"
    );
    assert_eq!(h.snapshot(session)["status"], "ready");
    assert_eq!(h.snapshot(keys)["error"], json!(null));
}

#[test]
fn a_promised_ticket_that_came_before_the_first_subscriber_is_exchanged_then() {
    let mut h = fresh();
    let (store, wait) = h.core.open_session_store(TicketArg::Pending);
    h.answer(wait.unwrap(), Answer::Text(Some("early".into())));
    let keys = keys_store(&mut h, json!({}));
    h.subscribe(store);
    h.run();
    assert_eq!(h.server.count("/session/ticket/exchange"), 1);
    assert_eq!(h.server.count("/api-auth/session"), 1);
    assert_eq!(h.server.count("/api-auth/keys"), 1);
    assert_eq!(h.snapshot(store)["status"], "ready");
    assert_eq!(h.snapshot(keys)["keys"][0]["name"], "a");
}

#[test]
fn refetch_starts_a_store_that_has_not_started_with_one_request() {
    let mut h = fresh();
    h.server.open_session();
    let keys = unsubscribed(&mut h, &crate::api::keys::KEYS_READ, json!({}));
    let (session, _) = h.core.open_session_store(TicketArg::None);
    let data = h.call(|c| c.refetch(keys)).unwrap();
    assert_eq!(data.to_json()[0]["name"], "a");
    let read = h.call(|c| c.refetch(session)).unwrap();
    assert_eq!(read.to_json()["session_id"], "7");
    h.core.subscribed(keys);
    h.core.subscribed(session);
    h.run();
    assert_eq!(
        (
            h.server.count("/api-auth/keys"),
            h.server.count("/api-auth/session")
        ),
        (1, 1)
    );
}

#[test]
fn a_session_store_disposed_before_it_started_lets_go_of_its_ticket_and_stays_stopped() {
    let mut h = fresh();
    let (store, _) = h
        .core
        .open_session_store(TicketArg::Ready("ticket-kept-until-start".into()));
    let (promised, wait) = h.core.open_session_store(TicketArg::Pending);
    h.answer(
        wait.unwrap(),
        Answer::Text(Some("ticket-answered-early".into())),
    );
    let printed = format!("{:?}", h.core.stores_for_tests());
    assert!(
        !printed.contains("ticket-kept-until-start") && !printed.contains("ticket-answered-early"),
        "a kept ticket is printed: {printed}"
    );
    h.core.dispose(store);
    h.core.dispose(promised);
    for kept in h.core.stores_for_tests() {
        if let crate::client::stores::StoreKind::Session(session) = &kept.kind {
            assert!(
                matches!(session.start, crate::client::stores::SessionStart::Started),
                "a disposed store still keeps its ticket: {:?}",
                session.start
            );
        }
    }
    h.core.subscribed(store);
    h.core.subscribed(promised);
    h.run();
    assert_eq!(
        h.server.requests().len(),
        0,
        "a disposed store exchanged its ticket"
    );
}
