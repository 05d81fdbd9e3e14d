//! The Rust face's session: ticket exchange (typed result, refused ticket), the session store
//! (snapshots through `get`, `subscribe` and `stream`), the session gate (reads wait for a
//! pending exchange instead of failing, also a read subscribed in the task that hands a
//! session store its ticket), renewal through the ticket provider after the session
//! expired, and reads without a session.
#![cfg(target_arch = "wasm32")]

mod support;

use std::cell::Cell;
use std::rc::Rc;
use support::*;
use wacht_api_auth_web::models::{KeyListOptions, SessionStatus, TicketExchangeResult};
use wacht_api_auth_web::{ErrorCode, Ticket, WachtClient};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn all_keys() -> KeyListOptions {
    KeyListOptions { status: None }
}

#[wasm_bindgen_test]
async fn a_ticket_is_exchanged_into_a_typed_session_and_a_refused_one_is_invalid_ticket() {
    let url = staging_url();
    forget_dev_session(url);
    let client = client_for(url);
    let ticket = mint_ticket(url).await;
    let exchanged = client.exchange_ticket(&ticket).await.unwrap();
    let TicketExchangeResult::ApiAuthAccess {
        api_auth_app,
        session_id,
        ..
    } = exchanged
    else {
        panic!("not an api_auth_access result: {exchanged:?}");
    };
    assert_eq!(api_auth_app.app_slug, "aa_42");
    let session = client.api_auth_session().await.unwrap();
    assert_eq!(session.session_id, session_id);
    assert_eq!(session.api_auth_app.app_slug, "aa_42");
    assert_eq!(
        client.mode().await.unwrap(),
        wacht_api_auth_web::Mode::Staging
    );
    // The same ticket again shares the first outcome (no second exchange).
    let before = count_requests(url, "GET", "/session/ticket/exchange").await;
    client.exchange_ticket(&ticket).await.unwrap();
    assert_eq!(
        count_requests(url, "GET", "/session/ticket/exchange").await,
        before
    );

    let error = client.exchange_ticket("not-a-ticket").await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidTicket, "{error}");
    assert_eq!(error.status, Some(401));
    assert_eq!(error.code.as_str(), "invalid_ticket");
    let error = client.exchange_ticket("").await.unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidArgument);
}

#[wasm_bindgen_test]
async fn the_session_store_shows_each_step_through_get_subscribe_and_stream() {
    let url = staging_url();
    forget_dev_session(url);
    let client = client_for(url);
    let ticket = mint_ticket(url).await;
    let session = client.app_session(Ticket::Ready(ticket));
    let first = session.get();
    assert_eq!(first.status, SessionStatus::Exchanging, "{first:?}");
    assert_eq!(
        session.get(),
        first,
        "the same snapshot until something changes"
    );
    let seen = Rc::new(Cell::new(0));
    let counter = seen.clone();
    let subscription = session.subscribe(move |_| counter.set(counter.get() + 1));
    let mut stream = session.stream();
    assert_eq!(next_within(&mut stream, 100).await, Some(first));
    let ready = wait_until(&session, "ready", |s| s.status == SessionStatus::Ready).await;
    assert!(ready.has_session && ready.ticket_exchanged && !ready.session_loading);
    assert_eq!(ready.api_auth_app.as_ref().unwrap().app_slug, "aa_42");
    assert!(ready.session_error.is_none());
    let mut last = None;
    while let Some(snapshot) = next_within(&mut stream, 200).await {
        last = Some(snapshot);
    }
    assert_eq!(
        last,
        Some(ready.clone()),
        "the stream ends at the current snapshot"
    );
    assert!(seen.get() >= 1, "the listener was called");
    let again = session.refetch().await.unwrap();
    assert_eq!(again.api_auth_app.app_slug, "aa_42");

    // A dropped subscription is called no more; one still held is.
    drop(subscription);
    let calls = seen.get();
    let kept = Rc::new(Cell::new(0));
    let counter = kept.clone();
    let _kept = session.subscribe(move |_| counter.set(counter.get() + 1));
    let fresh = mint_ticket(url).await;
    session.exchange(Ticket::Ready(fresh)).await.unwrap();
    assert!(kept.get() >= 1, "the exchange changed the snapshot");
    assert_eq!(seen.get(), calls, "a dropped subscription is not called");

    // A refused ticket ends in the error status with the typed error.
    let (refused, _running) =
        with_subscriber(client.app_session(Ticket::Ready("not-a-ticket".into())));
    let failed = wait_until(&refused, "error", |s| s.status == SessionStatus::Error).await;
    assert_eq!(failed.session_error.unwrap().code, ErrorCode::InvalidTicket);
}

#[wasm_bindgen_test]
async fn reads_wait_at_the_gate_for_a_ticket_on_its_way() {
    let url = staging_url();
    forget_dev_session(url);
    let client = client_for(url);
    let ticket = mint_ticket(url).await;
    let (session, _running) = with_subscriber(client.app_session(Ticket::pending(async move {
        sleep(400).await;
        Ok(ticket)
    })));
    // Sent before the ticket arrived, in the same task as the store's first subscriber, the read
    // waits for the exchange instead of `no_session`.
    let keys = client.list_keys(&all_keys()).await;
    assert!(keys.is_ok(), "{keys:?}");
    wait_until(&session, "ready", |s| s.status == SessionStatus::Ready).await;
    let exchanged = session
        .exchange(Ticket::Ready(mint_ticket(url).await))
        .await
        .unwrap();
    assert_eq!(exchanged.api_auth_app.app_slug, "aa_42");
}

#[wasm_bindgen_test]
async fn a_ticket_handed_to_a_session_store_holds_reads_subscribed_in_the_same_task() {
    let url = staging_url();
    forget_dev_session(url);
    let client = client_for(url);
    client.mode().await.unwrap(); // booted: nothing else delays the reads below
    let ticket = mint_ticket(url).await;
    let before = count_requests(url, "GET", "/api-auth/keys").await;
    // The keys store is subscribed first, the session store after it, in one task: the key read
    // looks at the session gate only once the task is over, when the exchange holds it.
    let (keys, _keys_running) = with_subscriber(client.keys(all_keys()).unwrap());
    let (session, _session_running) = with_subscriber(client.app_session(Ticket::Ready(ticket)));
    let loaded = wait_until(&keys, "the keys", |s| !s.loading && !s.fetching).await;
    assert!(
        loaded.error.is_none(),
        "the read went out before the exchange: {loaded:?}"
    );
    // One key request: sent before the exchange, it would have come back 401 and gone again.
    assert_eq!(
        count_requests(url, "GET", "/api-auth/keys").await,
        before + 1,
        "the key read went out before the exchange"
    );
    // The session read after the exchange may still be on its way: wait for it.
    let ready = wait_until(&session, "the session", |s| {
        matches!(
            s.status,
            SessionStatus::Ready | SessionStatus::Error | SessionStatus::NoSession
        )
    })
    .await;
    assert_eq!(ready.status, SessionStatus::Ready, "{ready:?}");
}

#[wasm_bindgen_test]
async fn without_a_session_reads_end_in_no_session() {
    let url = staging_url();
    forget_dev_session(url);
    let client = client_for(url);
    let error = client.api_auth_session().await.unwrap_err();
    assert_eq!(
        (error.code, error.status),
        (ErrorCode::NoSession, Some(401)),
        "{error}"
    );
    let error = client.list_keys(&all_keys()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NoSession, "{error}");
    let (session, _running) = with_subscriber(client.app_session(Ticket::None));
    let none = wait_until(&session, "no session", |s| {
        s.status == SessionStatus::NoSession
    })
    .await;
    assert!(!none.has_session);
}

#[wasm_bindgen_test]
async fn an_expired_session_is_renewed_once_through_the_ticket_provider() {
    let url = short_session_url();
    forget_dev_session(url);
    let asked = Rc::new(Cell::new(0));
    let count = asked.clone();
    let client = WachtClient::new(options(url).ticket_provider(move || {
        count.set(count.get() + 1);
        async move { Ok(mint_ticket(short_session_url()).await) }
    }))
    .unwrap();
    client
        .exchange_ticket(&mint_ticket(url).await)
        .await
        .unwrap();
    client.list_keys(&all_keys()).await.unwrap();
    assert_eq!(asked.get(), 0);
    sleep(3_500).await; // the session lasts 3 s
    let keys = client.list_keys(&all_keys()).await;
    assert!(keys.is_ok(), "{keys:?}");
    assert_eq!(asked.get(), 1, "one new ticket for the expired session");

    // A provider that says "no access" ends the read in `no_session`.
    forget_dev_session(url);
    let refusing = WachtClient::new(options(url).ticket_provider(|| async {
        Err(wacht_api_auth_web::Error::new(
            ErrorCode::NoSession,
            "no access",
        ))
    }))
    .unwrap();
    let error = refusing.list_keys(&all_keys()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NoSession, "{error}");
}

#[wasm_bindgen_test]
async fn in_production_the_session_cookie_is_sent_with_every_request() {
    let url = production_url();
    let client = client_for(url);
    assert_eq!(
        client.mode().await.unwrap(),
        wacht_api_auth_web::Mode::Production
    );
    client
        .exchange_ticket(&mint_ticket(url).await)
        .await
        .unwrap();
    // The HttpOnly cookie set by the exchange only comes back with `credentials: "include"`.
    let session = client.api_auth_session().await.unwrap();
    assert_eq!(session.api_auth_app.app_slug, "aa_42");
}

#[wasm_bindgen_test]
async fn a_ticket_that_never_comes_ends_in_timeout_and_a_dropped_store_stops_holding_reads() {
    let url = staging_url();
    forget_dev_session(url);
    let client = WachtClient::new(options(url).timeout_ms(1_500)).unwrap();
    // A ticket that never comes: the store ends in `timeout` within the bound.
    let started = now();
    let (session, _running) =
        with_subscriber(client.app_session(Ticket::pending(std::future::pending())));
    let failed = wait_until(&session, "the timeout", |s| {
        s.status == SessionStatus::Error
    })
    .await;
    assert_eq!(failed.session_error.unwrap().code, ErrorCode::Timeout);
    assert!(
        now() - started < 3_000.0,
        "ended after {} ms",
        now() - started
    );

    // While a ticket is on its way reads wait for it; dropping the store's last handle (its
    // subscription holds one) disposes it, so a read goes out at once (and finds no session in
    // this fresh browser).
    let (waiting, subscription) =
        with_subscriber(client.app_session(Ticket::pending(std::future::pending())));
    let copy = waiting.clone();
    drop(waiting);
    sleep(50).await;
    drop(copy);
    drop(subscription);
    let started = now();
    let error = client.list_keys(&all_keys()).await.unwrap_err();
    assert_eq!(error.code, ErrorCode::NoSession, "{error}");
    assert!(
        now() - started < 1_000.0,
        "the read waited {} ms",
        now() - started
    );
}

#[wasm_bindgen_test]
async fn a_provider_that_never_answers_ends_the_read_within_the_bound() {
    let url = staging_url();
    forget_dev_session(url);
    let client = WachtClient::new(
        options(url)
            .timeout_ms(1_000)
            .ticket_provider(|| std::future::pending()),
    )
    .unwrap();
    let started = now();
    let error = client.list_keys(&all_keys()).await.unwrap_err();
    let waited = now() - started;
    assert_eq!(error.code, ErrorCode::NoSession, "{error}");
    assert!((950.0..4_000.0).contains(&waited), "waited {waited} ms");
}

/// A listener may hold another store's last handle: dropping the listener (its subscription,
/// or its store) drops that store too, which comes back to the client while it is removing the
/// listener. That must neither panic nor leave the client unusable.
#[wasm_bindgen_test]
async fn dropping_a_listener_that_holds_the_last_handle_of_another_store_is_safe() {
    let url = staging_url();
    let client = session_client(url).await;
    let keys = client.keys(all_keys()).unwrap();
    let held = client
        .keys(KeyListOptions {
            status: Some("revoked".into()),
        })
        .unwrap();
    let subscription = keys.subscribe(move |_| {
        let _ = &held;
    });
    drop(subscription);

    let held = client
        .keys(KeyListOptions {
            status: Some("revoked".into()),
        })
        .unwrap();
    let subscription = keys.subscribe(move |_| {
        let _ = &held;
    });
    drop(keys);
    drop(subscription);

    assert!(client.list_keys(&all_keys()).await.is_ok());
}
