//! Every call and every store reaches an end within a bound derived from `timeoutMs`, whatever the
//! app's own callbacks do, and the client stays usable afterwards, in each browser against the
//! dev server.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The timeout of these clients: short, so a test that waits for it stays quick.
const TIMEOUT_MS: f64 = 400.0;

/// `() => new Promise(() => {})`: an app callback whose promise never settles.
fn never_settling() -> js_sys::Function {
    js_sys::Function::new_no_args("return new Promise(() => {})")
}

/// Milliseconds since the epoch.
fn now() -> f64 {
    js_sys::Date::now()
}

#[wasm_bindgen_test]
async fn a_get_token_that_never_settles_ends_in_timeout_and_the_next_call_works() {
    let url = staging_url();
    let client = session_client(url).await;
    let hanging = client_with(
        url,
        &[
            ("timeoutMs", TIMEOUT_MS.into()),
            ("getToken", never_settling().into()),
        ],
    );
    let started = now();
    let error = rejected(hanging.list_keys(JsValue::UNDEFINED)).await;
    let waited = now() - started;
    assert_wacht_error(&error, "timeout", None);
    assert_eq!(
        get_str(&error, "message"),
        "getToken did not answer within 400 ms (timeoutMs)"
    );
    assert!(waited < 3.0 * TIMEOUT_MS + 1_000.0, "waited {waited} ms");
    // The same page's other client, and a fresh call, are unaffected.
    resolved(client.list_keys(JsValue::UNDEFINED)).await;
}

#[wasm_bindgen_test]
async fn a_ticket_promise_that_never_settles_ends_the_store_and_opens_the_gate() {
    let url = staging_url();
    forget_dev_session(url);
    let client = client_with(url, &[("timeoutMs", TIMEOUT_MS.into())]);
    let never = js_sys::Promise::new(&mut |_, _| {});
    let store = with_subscriber(client.api_auth_app_session(never.into()).unwrap());
    assert_eq!(get_str(&snapshot(&store), "status"), "exchanging");
    let snap = wait_for_status(&store, &["error", "ready", "no_session"]).await;
    assert_eq!(get_str(&snap, "status"), "error", "{}", stringify(&snap));
    assert_eq!(get(&snap, "sessionLoading"), JsValue::FALSE);
    assert_eq!(get(&snap, "ticketLoading"), JsValue::FALSE);
    assert_wacht_error(&get(&snap, "sessionError"), "timeout", None);
    // The gate is open: a read goes out and ends (here: no session in this fresh browser).
    let error = rejected(client.list_keys(JsValue::UNDEFINED)).await;
    assert_wacht_error(&error, "no_session", Some(401));
    // And a real ticket still works on the same store.
    let ticket = mint_api_auth_ticket(url, 600).await;
    call_async(&store, "exchange", &[ticket.into()])
        .await
        .unwrap();
    let snap = wait_for_status(&store, &["ready", "error"]).await;
    assert_eq!(get_str(&snap, "status"), "ready", "{}", stringify(&snap));
    call(&store, "dispose", &[]);
}

#[wasm_bindgen_test]
async fn a_ticket_provider_that_never_settles_ends_the_read_with_its_own_error() {
    let url = staging_url();
    forget_dev_session(url);
    let client = client_with(
        url,
        &[
            ("timeoutMs", TIMEOUT_MS.into()),
            ("ticketProvider", never_settling().into()),
        ],
    );
    let started = now();
    let error = rejected(client.list_keys(JsValue::UNDEFINED)).await;
    let waited = now() - started;
    assert_wacht_error(&error, "no_session", Some(401));
    assert!(
        waited >= TIMEOUT_MS - 50.0,
        "it did wait for the provider: {waited} ms"
    );
    assert!(waited < 3.0 * TIMEOUT_MS + 1_000.0, "waited {waited} ms");
    // The renewal is over: the next read asks the provider again and ends the same way.
    let error = rejected(client.list_keys(JsValue::UNDEFINED)).await;
    assert_wacht_error(&error, "no_session", Some(401));
}

/// What `promise` settled with within `ms` milliseconds, or `None` if it had not settled by then.
async fn within(promise: js_sys::Promise, ms: i32) -> Option<Result<JsValue, JsValue>> {
    let hung = JsValue::from_str("still pending");
    let race = js_sys::Promise::race(&js_sys::Array::of2(&promise, &delayed(hung.clone(), ms)));
    match wasm_bindgen_futures::JsFuture::from(race).await {
        Ok(value) if value == hung => None,
        settled => Some(settled),
    }
}

#[wasm_bindgen_test]
async fn calls_in_flight_settle_when_the_app_lets_go_of_the_client() {
    let url = staging_url();
    let client = session_client(url).await;
    let keys = client.list_keys(JsValue::UNDEFINED);
    let name = unique_name("let go");
    let created = client.create_key(js(serde_json::json!({ "name": name })));
    // `client.free()`, `using client = ...`, or the garbage collector once nothing refers to it.
    drop(client);
    let keys = within(keys, 5_000).await.expect("listKeys never settled");
    assert!(keys.is_ok(), "{:?}", keys.map_err(|e| describe_error(&e)));
    let created = within(created, 5_000)
        .await
        .expect("createKey never settled");
    let created = created.unwrap_or_else(|e| panic!("{}", describe_error(&e)));
    let secret = get_str(&get(&created, "data"), "secret");
    assert!(!secret.is_empty(), "the one-time secret reached the app");
}

/// The timeout does not rely on the engine honouring the abort: WebKit can settle a `fetch` after
/// its signal fired, so a fetch that never settles, or a body that never ends, must still end the
/// call in `timeout`. A replaced `fetch` that ignores its signal plays both, for two made-up
/// origins only (other tests keep the real fetch).
#[wasm_bindgen_test]
async fn a_fetch_or_body_that_ignores_the_abort_still_ends_in_timeout() {
    let global = js_sys::global();
    let real = js_sys::Reflect::get(&global, &"fetch".into()).unwrap();
    let deaf = js_sys::Function::new_with_args(
        "real",
        "return (input, init) => {
           const url = String(input.url ?? input);
           if (url.startsWith('http://unanswered.invalid')) return new Promise(() => {});
           if (!url.startsWith('http://endless.invalid')) return real(input, init);
           const body = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('{')); } });
           return Promise.resolve(new Response(body, { status: 200 }));
         };",
    )
    .call1(&JsValue::UNDEFINED, &real)
    .unwrap();
    let deaf_client = |origin: &str| {
        let options = js(serde_json::json!({
            "frontendApiUrl": origin, "mode": "production", "timeoutMs": TIMEOUT_MS
        }));
        wacht_api_auth::wasm::WachtClient::new(options).unwrap()
    };
    with_fetch(&deaf, async {
        for origin in ["http://unanswered.invalid", "http://endless.invalid"] {
            let started = now();
            // A call still pending well after its bound resolves the race with "pending".
            let call = deaf_client(origin).mode();
            let pending = delayed("pending", 3_000);
            let outcome = js_sys::Promise::race(&js_sys::Array::of2(&call, &pending));
            let error = rejected(outcome).await;
            let waited = now() - started;
            assert_wacht_error(&error, "timeout", None);
            assert!(
                waited < 3.0 * TIMEOUT_MS + 1_000.0,
                "{origin}: waited {waited} ms"
            );
        }
    })
    .await;
}
