//! Every store's snapshot is what its generated `.d.ts` interface promises: the same fields,
//! each of its type, in every state (first load, loaded, failed, disposed).

use super::{exchange_body, keys_body, session_body};
use crate::api::audit::{
    ANALYTICS_READ, ANALYTICS_SNAPSHOT, LOGS_READ, LOGS_SNAPSHOT, TIMESERIES_READ,
    TIMESERIES_SNAPSHOT,
};
use crate::api::audit_logs_pages::LogsPages;
use crate::api::keys::KEYS_SNAPSHOT;
use crate::client::{Id, TicketArg, View};
use crate::json::schema::{Model, Shape};
use crate::json::{HostJson, Json};
use crate::session::models::SESSION_SNAPSHOT;
use crate::testing::decoder_properties::conforms;
use crate::testing::support::{envelope, keys_store, no_session_body, read_store, Harness};
use serde_json::json;

/// The snapshot of `store` has exactly the model's fields, each as the model types it.
fn promised(h: &mut Harness, store: Id, model: &'static Model) {
    let snapshot = h.core.snapshot(store);
    let fields: Vec<&str> = model.fields.iter().map(|f| f.name).collect();
    let mut keys = snapshot.keys();
    keys.sort();
    let mut expected: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
    expected.sort();
    assert_eq!(keys, expected, "{}", model.name);
    if let Err(why) = conforms(&snapshot, &Shape::Object(model)) {
        panic!("{}{why}: {}", model.name, snapshot.to_json());
    }
}

#[test]
fn session_snapshots_are_what_the_types_say() {
    let mut h = Harness::staging();
    h.server
        .respond("/session/ticket/exchange", 200, exchange_body("7"), None);
    h.server.hold("/api-auth/session");
    let (store, _) = h.session(TicketArg::Ready("t".into()));
    promised(&mut h, store, &SESSION_SNAPSHOT);
    h.run();
    promised(&mut h, store, &SESSION_SNAPSHOT);
    h.release(0, 200, session_body("7"));
    promised(&mut h, store, &SESSION_SNAPSHOT);
    h.server
        .respond("/api-auth/session", 401, no_session_body(), None);
    h.call(|c| c.refetch(store)).unwrap_err();
    promised(&mut h, store, &SESSION_SNAPSHOT);
    h.core.dispose(store);
    promised(&mut h, store, &SESSION_SNAPSHOT);
}

#[test]
fn key_and_audit_snapshots_are_what_the_types_say() {
    let mut h = Harness::production();
    h.server
        .respond("/api-auth/keys", 200, keys_body(&["a"]), None);
    h.server.respond(
        "/api-auth/audit/logs",
        200,
        envelope(json!({"data": [], "limit": 10, "has_more": true, "next_cursor": "c"})),
        None,
    );
    h.server.respond("/api-auth/audit/analytics", 200, envelope(json!({"total_requests":1,"allowed_requests":1,"blocked_requests":0,"success_rate":100.0})), None);
    h.server.respond(
        "/api-auth/audit/timeseries",
        200,
        envelope(json!({"data": null, "interval": "day"})),
        None,
    );
    let keys = keys_store(&mut h, json!({}));
    let options = LOGS_READ.options(&HostJson::undefined()).unwrap();
    let logs = h.core.open_query_store(
        LOGS_READ.query(&options),
        View::Logs(Box::new(LogsPages::new(options))),
    );
    h.subscribe(logs);
    let analytics = read_store(
        &mut h,
        &ANALYTICS_READ,
        ANALYTICS_READ.options(&HostJson::undefined()).unwrap(),
    );
    let series = read_store(
        &mut h,
        &TIMESERIES_READ,
        TIMESERIES_READ.options(&HostJson::undefined()).unwrap(),
    );
    let all = [
        (keys, &KEYS_SNAPSHOT),
        (logs, &LOGS_SNAPSHOT),
        (analytics, &ANALYTICS_SNAPSHOT),
        (series, &TIMESERIES_SNAPSHOT),
    ];
    for (store, model) in all {
        promised(&mut h, store, model);
    }
    h.run();
    for (store, model) in all {
        promised(&mut h, store, model);
    }
    for path in [
        "/api-auth/keys",
        "/api-auth/audit/logs",
        "/api-auth/audit/analytics",
        "/api-auth/audit/timeseries",
    ] {
        h.server
            .respond(path, 500, json!({"message": "boom"}).to_string(), None);
    }
    for (store, model) in all {
        h.call(|c| c.refetch(store)).unwrap_err();
        promised(&mut h, store, model);
        h.core.dispose(store);
        promised(&mut h, store, model);
    }
}
