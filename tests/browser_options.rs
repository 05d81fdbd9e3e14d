//! Client options in each browser against the dev servers: request timeouts, the ticket
//! provider that renews an expired session, bearer forwarding, and the vanity URL helper.
#![cfg(target_arch = "wasm32")]

mod support;

use std::cell::Cell;
use std::rc::Rc;
use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_slow_server_ends_in_a_timeout_error_not_a_stuck_loading() {
    let url = staging_url();
    let session = session_client(url).await;
    drop(session);
    set_latency(url, 600).await;
    let client = client_with(url, &[("timeoutMs", JsValue::from_f64(150.0))]);
    let error = rejected(client.get_api_auth_session()).await;
    let keys = with_subscriber(client.api_auth_keys(JsValue::UNDEFINED).unwrap());
    let snap = wait_until(&keys, "the keys store to give up", |s| {
        get(s, "loading") == JsValue::FALSE
    })
    .await;
    set_latency(url, 0).await;
    assert_wacht_error(&error, "timeout", None);
    assert!(get_str(&error, "message").contains("150 ms"));
    assert_wacht_error(&get(&snap, "error"), "timeout", None);
    assert_eq!(get(&snap, "fetching"), JsValue::FALSE);
    call(&keys, "dispose", &[]);
    // Bad timeouts are refused up front.
    let options = js(serde_json::json!({"publishableKey": publishable_key(url), "timeoutMs": 0}));
    assert_wacht_error(
        &wacht_api_auth::wasm::WachtClient::new(options)
            .err()
            .unwrap(),
        "invalid_argument",
        None,
    );
}

#[wasm_bindgen_test]
async fn the_ticket_provider_renews_an_expired_session_once() {
    let url = short_session_url();
    forget_dev_session(url);
    let calls = Rc::new(Cell::new(0));
    let counter = calls.clone();
    // Plays the app's backend: each call mints one fresh ticket server-side.
    let provider = Closure::<dyn Fn() -> js_sys::Promise>::new(move || {
        counter.set(counter.get() + 1);
        wasm_bindgen_futures::future_to_promise(async move {
            Ok(JsValue::from_str(
                &mint_api_auth_ticket(short_session_url(), 600).await,
            ))
        })
    })
    .into_js_value();
    let client = client_with(url, &[("ticketProvider", provider)]);
    let store = with_subscriber(client.api_auth_app_session(JsValue::UNDEFINED).unwrap());
    // No ticket at mount: the first read finds no session and the provider supplies one.
    let first = wait_for_status(&store, &["ready", "error", "no_session"]).await;
    assert_eq!(get_str(&first, "status"), "ready", "{}", stringify(&first));
    assert_eq!(calls.get(), 1);
    let keys = with_subscriber(client.api_auth_keys(JsValue::UNDEFINED).unwrap());
    settled(&keys).await;

    sleep(3_300).await; // sessions on this server last 3 s
    clear_request_log(url).await;
    let refreshed = resolved(call(&keys, "refetch", &[]).dyn_into().unwrap()).await;
    assert!(refreshed.is_array());
    let session = resolved(client.get_api_auth_session()).await;
    assert_ne!(
        get_str(&session, "session_id"),
        get_str(&first, "sessionId"),
        "a new session"
    );
    assert_eq!(
        calls.get(),
        2,
        "one new ticket for the expiry, not one per read"
    );
    let exchanges = count_requests(url, "GET", "/session/ticket/exchange").await;
    assert_eq!(exchanges, 1);
    assert!(get(&snapshot(&keys), "error").is_null());
    call(&keys, "dispose", &[]);
}

#[wasm_bindgen_test]
async fn get_token_forwards_a_bearer_header_on_frontend_api_requests() {
    let url = staging_url();
    let token =
        Closure::<dyn Fn() -> JsValue>::new(|| JsValue::from_str("eyJhbGciOiJSUzI1NiJ9.test.sig"))
            .into_js_value();
    let ticket = mint_api_auth_ticket(url, 300).await;
    clear_request_log(url).await;
    let client = client_with(url, &[("getToken", token)]);
    resolved(client.exchange_ticket(ticket.into())).await;
    resolved(client.get_api_auth_session()).await;
    let (_, json) = fetch_json("GET", &format!("{url}/__dev/requests"), None, None).await;
    let records: Vec<JsValue> = items(&json, "requests");
    // (The Authorization header makes the browser send preflights too; look at the GETs.)
    let bearer_of = |prefix: &str| {
        records
            .iter()
            .find(|r| get_str(r, "method") == "GET" && get_str(r, "path").starts_with(prefix))
            .map(|r| get(r, "bearer"))
    };
    assert_eq!(
        bearer_of("/deployment"),
        Some(JsValue::FALSE),
        "the bootstrap carries no token"
    );
    assert_eq!(bearer_of("/session/ticket/exchange"), Some(JsValue::TRUE));
    assert_eq!(bearer_of("/api-auth/session"), Some(JsValue::TRUE));
    assert!(
        !stringify(&json).contains("eyJhbGci"),
        "the token is not logged"
    );
}

#[wasm_bindgen_test]
fn vanity_url_encodes_the_ticket() {
    assert_eq!(
        wacht_api_auth::wasm::vanity_url("http://127.0.0.1:8787/", "12 3&x").unwrap(),
        "http://127.0.0.1:8787/vanity/api-auth?ticket=12%203%26x"
    );
    assert_wacht_error(
        &wacht_api_auth::wasm::vanity_url("nope", "1").unwrap_err(),
        "invalid_argument",
        None,
    );
}

#[wasm_bindgen_test]
async fn disposing_the_last_store_aborts_its_request_in_the_browser() {
    let url = staging_url();
    let client = session_client(url).await;
    // Watch the signals of the fetches the client makes.
    let watch = js_sys::Function::new_no_args(
        "const original = globalThis.fetch; globalThis.__signals = [];
         globalThis.fetch = (request, init) => { if (String(request.url ?? request).includes('/api-auth/keys')) globalThis.__signals.push(request.signal); return original(request, init); };
         return () => { globalThis.fetch = original; };",
    );
    let restore: js_sys::Function = watch
        .call0(&JsValue::UNDEFINED)
        .unwrap()
        .dyn_into()
        .unwrap();
    set_latency(url, 500).await;
    let keys = with_subscriber(
        client
            .api_auth_keys(js(serde_json::json!({"status": "revoked"})))
            .unwrap(),
    );
    let twin = with_subscriber(
        client
            .api_auth_keys(js(serde_json::json!({"status": "revoked"})))
            .unwrap(),
    );
    sleep(100).await;
    let signals: js_sys::Array = js_sys::Reflect::get(&js_sys::global(), &"__signals".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    assert_eq!(signals.length(), 1, "two stores, one request");
    let aborted = || js_sys::Reflect::get(&signals.get(0), &"aborted".into()).unwrap();
    call(&keys, "dispose", &[]);
    sleep(20).await;
    assert_eq!(
        aborted(),
        JsValue::FALSE,
        "the other store still waits for it"
    );
    call(&twin, "dispose", &[]);
    sleep(20).await;
    assert_eq!(aborted(), JsValue::TRUE, "nobody waits any more: aborted");
    restore.call0(&JsValue::UNDEFINED).unwrap();
    set_latency(url, 0).await;
}
