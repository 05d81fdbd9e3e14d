//! Session-aware reads (the integration guide's flow: the screen mounts, then its backend's
//! ticket arrives) in each browser against the dev server, checked from the server's log.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

struct Screen {
    session: JsValue,
    keys: JsValue,
    logs: JsValue,
    analytics: JsValue,
}

/// Mounts the screen of the guide: session, key list and audit widgets at once.
fn mount(client: &wacht_api_auth::wasm::WachtClient, ticket: JsValue) -> Screen {
    Screen {
        session: with_subscriber(client.api_auth_app_session(ticket).unwrap()),
        keys: with_subscriber(
            client
                .api_auth_keys(js(serde_json::json!({"status": "active"})))
                .unwrap(),
        ),
        logs: with_subscriber(
            client
                .api_auth_audit_logs(js(serde_json::json!({"limit": 25, "outcome": "blocked"})))
                .unwrap(),
        ),
        analytics: with_subscriber(
            client
                .api_auth_audit_analytics(js(serde_json::json!({"include_top_keys": true})))
                .unwrap(),
        ),
    }
}

async fn assert_loaded(screen: &Screen) {
    let session = wait_for_status(&screen.session, &["ready", "error", "no_session"]).await;
    assert_eq!(
        get_str(&session, "status"),
        "ready",
        "{}",
        stringify(&session)
    );
    assert_eq!(get(&session, "hasSession"), JsValue::TRUE);
    for store in [&screen.keys, &screen.logs, &screen.analytics] {
        let snapshot = settled(store).await;
        assert!(
            get(&snapshot, "error").is_null(),
            "{}",
            stringify(&snapshot)
        );
    }
    assert!(get(&snapshot(&screen.analytics), "analytics").is_object());
}

async fn unauthorized_reads(url: &str) -> Vec<LoggedRequest> {
    timed_request_log(url)
        .await
        .into_iter()
        .filter(|r| r.path.starts_with("/api-auth/") && r.status == 401)
        .collect()
}

#[wasm_bindgen_test]
async fn a_ticket_delivered_after_mount_loads_everything_without_a_401() {
    let url = staging_url();
    forget_dev_session(url);
    let client = client_for(url);
    let ticket = app_backend_ticket(url).await;
    clear_request_log(url).await;
    // The backend's answer arrives 300 ms after the screen mounted.
    let screen = mount(&client, delayed(ticket, 300).into());
    assert_eq!(get_str(&snapshot(&screen.session), "status"), "exchanging");
    assert_loaded(&screen).await;
    assert!(
        unauthorized_reads(url).await.is_empty(),
        "{:?}",
        timed_request_log(url).await
    );
}

#[wasm_bindgen_test]
async fn a_ticket_known_at_mount_loads_everything_without_a_401() {
    let url = staging_url();
    forget_dev_session(url);
    let client = client_for(url);
    let ticket = app_backend_ticket(url).await;
    clear_request_log(url).await;
    let screen = mount(&client, ticket.into());
    assert_loaded(&screen).await;
    assert!(
        unauthorized_reads(url).await.is_empty(),
        "{:?}",
        timed_request_log(url).await
    );
}

#[wasm_bindgen_test]
async fn a_ticket_given_to_the_store_later_also_holds_reads_back() {
    let url = staging_url();
    forget_dev_session(url);
    let client = client_for(url);
    let ticket = app_backend_ticket(url).await;
    resolved(client.mode()).await;
    clear_request_log(url).await;
    // The React way: the session store exists first; a promise of the ticket is handed over.
    let screen = mount(&client, JsValue::NULL);
    let later: JsValue = delayed(ticket, 200).into();
    call_async(&screen.session, "exchange", &[later])
        .await
        .unwrap();
    assert_loaded(&screen).await;
}

#[wasm_bindgen_test]
async fn a_failed_exchange_leaves_no_session_and_a_later_ticket_recovers() {
    let url = staging_url();
    forget_dev_session(url);
    let client = client_for(url);
    let used = app_backend_ticket(url).await;
    resolved(client_for(url).exchange_ticket(used.clone().into())).await; // another tab used it
    forget_dev_session(url);
    let screen = mount(&client, used.into());
    let failed = wait_for_status(&screen.session, &["error", "ready"]).await;
    assert_wacht_error(&get(&failed, "sessionError"), "invalid_ticket", Some(401));
    for store in [&screen.keys, &screen.logs, &screen.analytics] {
        let snapshot = settled(store).await;
        assert_wacht_error(&get(&snapshot, "error"), "no_session", Some(401));
    }

    clear_request_log(url).await;
    let fresh = app_backend_ticket(url).await;
    resolved(
        call(&screen.session, "exchange", &[fresh.into()])
            .dyn_into()
            .unwrap(),
    )
    .await;
    assert_loaded(&screen).await;
    let reads = timed_request_log(url).await;
    for prefix in [
        "/api-auth/keys",
        "/api-auth/audit/logs",
        "/api-auth/audit/analytics",
        "/api-auth/session",
    ] {
        assert_eq!(
            reads.iter().filter(|r| r.path.starts_with(prefix)).count(),
            1,
            "{prefix} re-ran exactly once: {reads:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn ticket_to_full_screen_takes_two_sequential_round_trips() {
    let url = staging_url();
    forget_dev_session(url);
    let client = client_for(url);
    resolved(client.mode()).await; // the bootstrap happens before the ticket arrives
    let ticket = app_backend_ticket(url).await;
    set_latency(url, 150).await;
    clear_request_log(url).await;
    let screen = mount(&client, ticket.into());
    assert_loaded(&screen).await;
    set_latency(url, 0).await;

    let log: Vec<LoggedRequest> = timed_request_log(url)
        .await
        .into_iter()
        .filter(|r| !r.path.starts_with("/__dev"))
        .collect();
    let exchange: Vec<&LoggedRequest> = log
        .iter()
        .filter(|r| r.path.starts_with("/session/ticket/exchange"))
        .collect();
    let reads: Vec<&LoggedRequest> = log
        .iter()
        .filter(|r| r.path.starts_with("/api-auth/"))
        .collect();
    assert_eq!(exchange.len(), 1, "{log:?}");
    assert_eq!(
        reads.len(),
        4,
        "session, keys, logs, analytics and nothing else: {log:?}"
    );
    assert_eq!(log.len(), 5, "no other request: {log:?}");
    assert!(reads.iter().all(|r| r.status == 200), "{log:?}");
    // Round trip 1: the exchange. Round trip 2: every read, in parallel, after it.
    assert!(
        reads
            .iter()
            .all(|r| r.received_ms >= exchange[0].responded_ms),
        "reads waited for the exchange: {log:?}"
    );
    let first_read_done = reads
        .iter()
        .map(|r| r.responded_ms)
        .fold(f64::INFINITY, f64::min);
    assert!(
        reads.iter().all(|r| r.received_ms < first_read_done),
        "reads ran in parallel: {log:?}"
    );
}
