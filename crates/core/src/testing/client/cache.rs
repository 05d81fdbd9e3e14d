//! The query cache behind the key and audit stores: one request per distinct read, stale
//! answers dropped, the last observer leaving aborts, invalidation, stable snapshots.

use super::{keys_body, names};
use crate::error::ErrorCode;
use crate::json::{HostJson, Json};
use crate::testing::support::{envelope, keys_store, read_store, Harness};
use serde_json::json;

#[test]
fn two_stores_of_one_query_share_one_request() {
    let mut h = Harness::production();
    h.server
        .respond("/api-auth/keys", 200, keys_body(&["a"]), None);
    let first = keys_store(&mut h, json!({"status": "active"}));
    let twin = keys_store(&mut h, json!({"status": "active"}));
    h.run();
    assert_eq!(h.server.count("/api-auth/keys"), 1);
    assert_eq!(names(&h.snapshot(first)), vec!["a"]);
    assert_eq!(names(&h.snapshot(twin)), vec!["a"]);
    assert!(h
        .core
        .snapshot(first)
        .get("keys")
        .is_same(&h.core.snapshot(twin).get("keys")));
    // A different query is a different entry.
    let all = keys_store(&mut h, json!({}));
    h.run();
    assert_eq!(h.server.count("/api-auth/keys"), 2);
    assert_eq!(h.notified(all), 2, "its start (fetching), then data");
}

#[test]
fn a_store_arriving_mid_flight_joins_the_request() {
    let mut h = Harness::production();
    h.server.hold("/api-auth/keys");
    let first = keys_store(&mut h, json!({}));
    h.run();
    let second = keys_store(&mut h, json!({}));
    h.run();
    assert_eq!(h.held().len(), 1);
    assert_eq!(h.snapshot(second)["loading"], true);
    assert!(h.release(0, 200, keys_body(&["x"])));
    for store in [first, second] {
        let snapshot = h.snapshot(store);
        assert_eq!(
            (names(&snapshot), &snapshot["fetching"]),
            (vec!["x".to_string()], &json!(false))
        );
    }
}

#[test]
fn an_older_answer_arriving_after_a_newer_one_is_dropped() {
    let mut h = Harness::production();
    h.server.hold("/api-auth/keys");
    let store = keys_store(&mut h, json!({}));
    h.run();
    let first_refetch = h.start(|c| c.refetch(store));
    let newer = h.start(|c| c.refetch(store));
    assert_eq!(h.held().len(), 3);
    assert!(
        !h.held()[0].waited && !h.held()[1].waited,
        "the superseded requests are aborted"
    );
    assert_eq!(
        h.outcome(first_refetch).unwrap().unwrap_err().code,
        ErrorCode::Aborted,
        "a superseded refetch says so"
    );
    assert!(h.release(2, 200, keys_body(&["new"])));
    assert!(!h.release(0, 200, keys_body(&["old"])));
    assert_eq!(names(&h.snapshot(store)), vec!["new"]);
    assert_eq!(h.outcome(newer).unwrap().unwrap().length(), 1);
}

#[test]
fn the_last_store_leaving_aborts_and_removes_the_entry() {
    let mut h = Harness::production();
    h.server.hold("/api-auth/keys");
    let first = keys_store(&mut h, json!({}));
    let second = keys_store(&mut h, json!({}));
    h.run();
    let refetch = h.start(|c| c.refetch(first));
    h.core.dispose(first);
    h.run();
    assert!(
        h.held().iter().any(|held| held.waited),
        "one store still waits"
    );
    h.core.dispose(second);
    h.run();
    assert!(
        h.held().iter().all(|held| !held.waited),
        "nobody waits: aborted"
    );
    assert_eq!(
        h.outcome(refetch).unwrap().unwrap_err().code,
        ErrorCode::Aborted
    );
    assert!(
        !h.core.debug_state().contains("/api-auth/keys"),
        "the entry is gone"
    );
    assert_eq!(
        h.call(|c| c.refetch(first)).unwrap_err().code,
        ErrorCode::Aborted
    );
    // A disposed store shows nothing, and comes back when subscribed again.
    assert_eq!(h.snapshot(first)["keys"], json!([]));
    h.server
        .respond("/api-auth/keys", 200, keys_body(&["back"]), None);
    h.core.subscribed(first);
    h.run();
    assert_eq!(names(&h.snapshot(first)), vec!["back"]);
}

#[test]
fn invalidation_refetches_each_observed_entry_once() {
    let mut h = Harness::production();
    h.server
        .respond("/api-auth/keys", 200, keys_body(&["a"]), None);
    h.server.respond("/api-auth/audit/analytics", 200, envelope(json!({"total_requests":0,"allowed_requests":0,"blocked_requests":0,"success_rate":0.0})), None);
    h.server.respond_to(
        "POST",
        "/api-auth/keys/1/revoke",
        200,
        envelope(json!({"success": true})),
    );
    keys_store(&mut h, json!({"status": "active"}));
    keys_store(&mut h, json!({"status": "active"}));
    keys_store(&mut h, json!({"status": "all"}));
    let options = crate::api::audit::ANALYTICS_READ
        .options(&HostJson::from(json!({})))
        .unwrap();
    read_store(&mut h, &crate::api::audit::ANALYTICS_READ, options);
    h.run();
    assert_eq!(
        (
            h.server.count("/api-auth/keys"),
            h.server.count("/api-auth/audit/analytics")
        ),
        (2, 1)
    );
    h.call(|c| {
        c.mutate(
            &crate::api::key_mutations::REVOKE_KEY,
            &HostJson::from(json!({"key_id": "1"})),
        )
    })
    .unwrap();
    assert_eq!(
        (
            h.server.count("/api-auth/keys"),
            h.server.count("/api-auth/audit/analytics")
        ),
        (4, 2),
        "each observed entry once after the revoke"
    );
}

#[test]
fn snapshots_change_only_on_visible_changes_and_errors_keep_data() {
    let mut h = Harness::production();
    h.server
        .respond("/api-auth/keys", 200, keys_body(&["a"]), None);
    let store = keys_store(&mut h, json!({}));
    h.run();
    let loaded = h.core.snapshot(store);
    assert!(h.core.snapshot(store).is_same(&loaded), "cached");
    let notified = h.notified(store);
    let refetch = h.core.refetch(store);
    let fetching = h.snapshot(store);
    assert_eq!(
        (&fetching["fetching"], &fetching["loading"]),
        (&json!(true), &json!(false)),
        "a refetch shows at once, next to the data"
    );
    h.run();
    h.outcome(refetch).unwrap().unwrap();
    let same = h.core.snapshot(store);
    assert!(
        same.get("keys").is_same(&loaded.get("keys")),
        "the same data keeps its objects"
    );
    assert_eq!(
        h.notified(store),
        notified + 2,
        "fetching, then not fetching"
    );
    h.server.respond(
        "/api-auth/keys",
        500,
        json!({"message": "boom"}).to_string(),
        None,
    );
    let error = h.call(|c| c.refetch(store)).unwrap_err();
    assert_eq!(error.message, "boom");
    let failed = h.snapshot(store);
    assert_eq!(names(&failed), vec!["a"]);
    assert_eq!(failed["error"]["status"], 500);
    // The same data again after the error: the error goes, the objects stay.
    h.server
        .respond("/api-auth/keys", 200, keys_body(&["a"]), None);
    h.call(|c| c.refetch(store)).unwrap();
    let recovered = h.core.snapshot(store);
    assert!(recovered.get("error").is_nullish());
    assert!(recovered.get("keys").is_same(&loaded.get("keys")));
}

#[test]
fn a_store_subscribed_many_times_still_leaves_its_entry_when_disposed() {
    let mut h = Harness::production();
    h.server.hold("/api-auth/keys");
    let store = keys_store(&mut h, json!({}));
    // React subscribes (and re-subscribes) more than once per store.
    h.core.subscribed(store);
    h.core.subscribed(store);
    h.run();
    h.core.dispose(store);
    h.run();
    assert!(
        h.held().iter().all(|held| !held.waited),
        "its request was aborted"
    );
    assert!(
        !h.core.debug_state().contains("/api-auth/keys"),
        "the entry is gone"
    );
}
