//! The audit logs store: `loadMore` follows the cursor while `has_more`, appended pages are
//! dropped when the first page is replaced, concurrent calls share one request.

use crate::api::audit::LOGS_READ;
use crate::api::audit_logs_pages::LogsPages;
use crate::client::{Id, View};
use crate::error::ErrorCode;
use crate::json::{HostJson, Json};
use crate::testing::support::{envelope, Harness};
use serde_json::json;

fn log(id: u32) -> serde_json::Value {
    json!({"request_id": format!("req_{id}"), "deployment_id": "42", "app_slug": "aa_42",
        "key_id": "1", "key_name": "k", "outcome": "VALID", "client_ip": "127.0.0.1",
        "path": "GET /x", "user_agent": "ua", "timestamp": "2026-01-01T00:00:00Z"})
}

fn page(ids: &[u32], has_more: bool, cursor: &str) -> String {
    envelope(
        json!({"data": ids.iter().map(|i| log(*i)).collect::<Vec<_>>(), "limit": 2,
        "has_more": has_more, "next_cursor": cursor}),
    )
}

fn logs_store(h: &mut Harness, options: serde_json::Value) -> Id {
    let options = LOGS_READ.options(&HostJson::from(options)).unwrap();
    let query = LOGS_READ.query(&options);
    let store = h
        .core
        .open_query_store(query, View::Logs(Box::new(LogsPages::new(options))));
    h.subscribe(store)
}

/// Answers the next logs request with `page`.
fn serve(h: &mut Harness, page: String) {
    h.server.respond("/api-auth/audit/logs", 200, page, None);
}

/// A production harness with a logs store (default options) showing its first page: `ids`,
/// more to come after `cursor`.
fn first_page_loaded(ids: &[u32], cursor: &str) -> (Harness, Id) {
    let mut h = Harness::production();
    serve(&mut h, page(ids, true, cursor));
    let store = logs_store(&mut h, json!({}));
    h.run();
    (h, store)
}

fn ids(snapshot: &serde_json::Value) -> Vec<String> {
    snapshot["logs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["request_id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn load_more_follows_the_cursor_while_has_more() {
    let mut h = Harness::production();
    serve(&mut h, page(&[5, 4], true, "c1"));
    let store = logs_store(&mut h, json!({"limit": 2}));
    h.run();
    let snapshot = h.snapshot(store);
    assert_eq!(
        (
            &snapshot["next_cursor"],
            &snapshot["has_more"],
            &snapshot["limit"]
        ),
        (&json!("c1"), &json!(true), &json!(2))
    );
    serve(&mut h, page(&[3], false, "c2"));
    assert_eq!(
        h.call(|c| c.load_more(store)).unwrap().as_bool(),
        Some(true)
    );
    let snapshot = h.core.snapshot(store);
    assert_eq!(ids(&snapshot.to_json()), vec!["req_5", "req_4", "req_3"]);
    assert!(
        h.core
            .snapshot(store)
            .get("logs")
            .is_same(&h.core.snapshot(store).get("logs")),
        "the joined pages keep their array"
    );
    let json = h.snapshot(store);
    assert_eq!(
        (&json["has_more"], &json["next_cursor"]),
        (&json!(false), &json!(null)),
        "next_cursor is dropped without has_more"
    );
    assert_eq!(
        h.call(|c| c.load_more(store)).unwrap().as_bool(),
        Some(false)
    );
    let urls: Vec<String> = h.server.requests().into_iter().map(|r| r.url).collect();
    assert!(
        urls.iter()
            .any(|u| u.ends_with("/api-auth/audit/logs?limit=2&cursor=c1")),
        "{urls:?}"
    );
}

#[test]
fn a_new_first_page_drops_the_appended_pages() {
    let (mut h, store) = first_page_loaded(&[5, 4], "c1");
    serve(&mut h, page(&[3], false, "c2"));
    h.call(|c| c.load_more(store)).unwrap();
    serve(&mut h, page(&[6, 5], true, "c3"));
    h.call(|c| c.refetch(store)).unwrap();
    assert_eq!(ids(&h.snapshot(store)), vec!["req_6", "req_5"]);
}

#[test]
fn concurrent_load_more_calls_share_one_request() {
    let (mut h, store) = first_page_loaded(&[2], "c1");
    serve(&mut h, page(&[1], false, "c2"));
    let (a, b) = (h.core.load_more(store), h.core.load_more(store));
    assert_eq!(h.snapshot(store)["loading_more"], true);
    h.run();
    assert_eq!(
        (
            h.outcome(a).unwrap().unwrap().as_bool(),
            h.outcome(b).unwrap().unwrap().as_bool()
        ),
        (Some(true), Some(true))
    );
    assert_eq!(h.server.count("/api-auth/audit/logs"), 2);
    assert_eq!(ids(&h.snapshot(store)), vec!["req_2", "req_1"]);
    assert_eq!(h.snapshot(store)["loading_more"], false);
}

#[test]
fn disposing_aborts_a_load_more_and_forgets_the_pages() {
    let (mut h, store) = first_page_loaded(&[2], "c1");
    h.server.hold("/api-auth/audit/logs");
    let more = h.start(|c| c.load_more(store));
    h.core.dispose(store);
    h.run();
    assert_eq!(
        h.outcome(more).unwrap().unwrap_err().code,
        ErrorCode::Aborted
    );
    assert!(h.held().iter().all(|held| !held.waited));
    assert_eq!(h.snapshot(store)["logs"], json!([]));
    assert_eq!(
        h.call(|c| c.load_more(store)).unwrap_err().code,
        ErrorCode::Aborted
    );
}

#[test]
fn a_page_that_continues_a_replaced_first_page_is_not_appended() {
    let (mut h, store) = first_page_loaded(&[5, 4], "c1");
    h.server.hold("/api-auth/audit/logs");
    let more = h.start(|c| c.load_more(store));
    // The first page is replaced while the next one is on its way.
    serve(&mut h, page(&[9, 8], true, "c9"));
    let refetch = h.start(|c| c.refetch(store));
    assert!(h.outcome(refetch).unwrap().is_ok());
    h.release(0, 200, page(&[3], false, "c2"));
    assert_eq!(h.outcome(more).unwrap().unwrap().as_bool(), Some(false));
    assert_eq!(ids(&h.snapshot(store)), vec!["req_9", "req_8"]);
}

#[test]
fn a_store_subscribed_again_starts_from_its_first_page() {
    let (mut h, store) = first_page_loaded(&[5, 4], "c1");
    serve(&mut h, page(&[3], false, "c2"));
    h.call(|c| c.load_more(store)).unwrap();
    h.core.dispose(store);
    serve(&mut h, page(&[7], false, "c7"));
    h.core.subscribed(store);
    h.run();
    assert_eq!(ids(&h.snapshot(store)), vec!["req_7"], "no page of before");
}

#[test]
fn the_joined_logs_keep_their_array_while_the_pages_stay() {
    let (mut h, store) = first_page_loaded(&[5, 4], "c1");
    serve(&mut h, page(&[3], false, "c2"));
    h.call(|c| c.load_more(store)).unwrap();
    let before = h.core.snapshot(store);
    // A refetch of the same first page: the snapshot changes twice (fetching), the logs not.
    serve(&mut h, page(&[5, 4], true, "c1"));
    h.call(|c| c.refetch(store)).unwrap();
    let after = h.core.snapshot(store);
    assert!(!after.is_same(&before));
    assert!(after.get("logs").is_same(&before.get("logs")));
    assert_eq!(ids(&after.to_json()), vec!["req_5", "req_4", "req_3"]);
}

#[test]
fn the_first_page_error_wins_and_the_limit_falls_back_to_the_requested_one() {
    let mut h = Harness::production();
    h.server.respond(
        "/api-auth/audit/logs",
        200,
        envelope(json!({"data": [log(1)], "limit": 0, "has_more": true, "next_cursor": "c1"})),
        None,
    );
    let store = logs_store(&mut h, json!({"limit": 25}));
    h.run();
    assert_eq!(h.snapshot(store)["limit"], 25, "a page without a limit");
    let served = logs_store(&mut h, json!({"limit": 30}));
    serve(&mut h, page(&[1], false, "c"));
    h.run();
    assert_eq!(
        h.snapshot(served)["limit"],
        2,
        "the server's page size wins"
    );
    h.server.respond(
        "/api-auth/audit/logs",
        500,
        json!({"message": "more failed"}).to_string(),
        None,
    );
    h.call(|c| c.load_more(store)).unwrap_err();
    assert_eq!(h.snapshot(store)["error"]["message"], "more failed");
    h.server.respond(
        "/api-auth/audit/logs",
        502,
        json!({"message": "first failed"}).to_string(),
        None,
    );
    h.call(|c| c.refetch(store)).unwrap_err();
    assert_eq!(h.snapshot(store)["error"]["message"], "first failed");
    h.core.dispose(store);
    assert_eq!(h.snapshot(store)["error"], json!(null));
}

#[test]
fn every_loaded_page_joins_the_logs() {
    let (mut h, store) = first_page_loaded(&[6, 5], "c1");
    for (ids_of_page, more, cursor) in [(&[4, 3][..], true, "c2"), (&[2][..], false, "c3")] {
        serve(&mut h, page(ids_of_page, more, cursor));
        h.call(|c| c.load_more(store)).unwrap();
        // Each page is shown once loaded (a snapshot of every step, as a listener reads it).
        h.snapshot(store);
    }
    assert_eq!(
        ids(&h.snapshot(store)),
        vec!["req_6", "req_5", "req_4", "req_3", "req_2"]
    );
}

#[test]
fn load_more_shows_at_once() {
    let (mut h, store) = first_page_loaded(&[2], "c1");
    assert_eq!(h.snapshot(store)["loading_more"], false);
    h.server.hold("/api-auth/audit/logs");
    h.start(|c| c.load_more(store));
    assert_eq!(h.snapshot(store)["loading_more"], true);
}
