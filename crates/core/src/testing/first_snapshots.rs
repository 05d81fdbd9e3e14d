//! The snapshots the React hooks show while there is no store to ask (the render before the
//! client exists, and a client that refused the options), generated from the stores themselves
//! into `js/react/first-snapshots.js`: the first snapshot of each store, and its snapshot after
//! a failure with the error left `null` (the hook puts its own error there).

use crate::api::audit::{ANALYTICS_READ, LOGS_READ, TIMESERIES_READ};
use crate::api::audit_logs_pages::LogsPages;
use crate::api::endpoint::ReadEndpoint;
use crate::api::keys::KEYS_READ;
use crate::client::{Id, TicketArg, View};
use crate::json::{HostJson, Json as _};
use crate::testing::support::Harness;
use serde_json::{json, Map, Value};

const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../js/react/first-snapshots.js"
);

/// The hooks' kinds of store, as `js/react/` names them, each opened on `h` without options.
fn stores(h: &mut Harness) -> Vec<(&'static str, Id)> {
    let read = |h: &mut Harness, read: &'static ReadEndpoint| {
        let options = read.options(&HostJson::undefined()).unwrap();
        let query = read.query(&options);
        let view = if std::ptr::eq(read, &LOGS_READ) {
            View::Logs(Box::new(LogsPages::new(options)))
        } else {
            View::Read(read, options)
        };
        h.core.open_query_store(query, view)
    };
    vec![
        ("session", h.core.open_session_store(TicketArg::None).0),
        (
            "sessionWithTicket",
            h.core.open_session_store(TicketArg::Ready("t".into())).0,
        ),
        ("keys", read(h, &KEYS_READ)),
        ("logs", read(h, &LOGS_READ)),
        ("analytics", read(h, &ANALYTICS_READ)),
        ("timeseries", read(h, &TIMESERIES_READ)),
    ]
}

#[test]
fn the_hooks_first_snapshots_are_generated_from_the_stores() {
    let mut h = Harness::staging();
    for path in [
        "/session/ticket/exchange",
        "/api-auth/session",
        "/api-auth/keys",
        "/api-auth/audit/logs",
        "/api-auth/audit/analytics",
        "/api-auth/audit/timeseries",
    ] {
        h.server
            .respond(path, 500, json!({"message": "boom"}).to_string(), None);
    }
    let opened = stores(&mut h);
    let (mut first, mut failed) = (Map::new(), Map::new());
    for (kind, store) in &opened {
        first.insert(kind.to_string(), h.snapshot(*store));
        h.subscribe(*store);
    }
    h.run();
    for (kind, store) in &opened {
        let mut snapshot = h.snapshot(*store);
        let field = if kind.starts_with("session") {
            "sessionError"
        } else {
            "error"
        };
        assert!(snapshot[field].is_object(), "{kind} failed");
        snapshot[field] = Value::Null;
        failed.insert(kind.to_string(), snapshot);
    }
    let generated = format!(
        "// Generated from the stores of crates/core/ by `WACHT_UPDATE_SNAPSHOTS=1 cargo test -p \
         wacht-api-auth-core`; do not edit.\n// The first snapshot of each store (before it starts), \
         and its snapshot after a failure with the error left null.\nexport const FIRST = {};\n\
         export const FAILED = {};\n",
        serde_json::to_string_pretty(&first).unwrap(),
        serde_json::to_string_pretty(&failed).unwrap(),
    );
    if std::env::var_os("WACHT_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(PATH, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        committed == generated,
        "js/react/first-snapshots.js is stale: run `WACHT_UPDATE_SNAPSHOTS=1 cargo test -p wacht-api-auth-core --lib`"
    );
}
