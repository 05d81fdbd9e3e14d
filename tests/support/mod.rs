//! Helpers for the browser tests: where the dev servers are, playing the app backend (minting
//! tickets server-side through the dev server's backend API), and reading JS values. A suite
//! that asks where a dev server is also starts logging errors no test awaits ([`uncaught`]).
#![allow(dead_code)]

use base64::Engine;
use js_sys::{Promise, Reflect};
use wacht_api_auth::wasm::WachtClient;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, Response};

mod uncaught;
use uncaught::log_uncaught_errors;

/// Backend key of deployment 42, as the dev servers started by `make test` have it (read from
/// their startup line by scripts/test.sh; the default is `DEFAULT_BACKEND_API_KEY` in
/// dev-server/src/config.rs).
pub const BACKEND_KEY: &str = env!(
    "WACHT_TEST_BACKEND_KEY",
    "set by scripts/test.sh (make test)"
);
/// Backend key of deployment 77, another tenant.
pub const OTHER_TENANT_KEY: &str = "wk_test_other_tenant_key";

/// The staging dev server started by `make test`.
pub fn staging_url() -> &'static str {
    log_uncaught_errors();
    env!(
        "WACHT_TEST_STAGING_URL",
        "set by scripts/test.sh (make test)"
    )
}

/// The production dev server started by `make test`.
pub fn production_url() -> &'static str {
    log_uncaught_errors();
    env!(
        "WACHT_TEST_PRODUCTION_URL",
        "set by scripts/test.sh (make test)"
    )
}

/// `pk_test_`/`pk_live_` key for a dev server URL.
pub fn publishable_key(url: &str) -> String {
    log_uncaught_errors();
    let prefix = if url == production_url() {
        "pk_live_"
    } else {
        "pk_test_"
    };
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::STANDARD.encode(url)
    )
}

/// A client for a dev server, configured by publishable key.
pub fn client_for(url: &str) -> WachtClient {
    let options = js_sys::Object::new();
    Reflect::set(
        &options,
        &"publishableKey".into(),
        &publishable_key(url).into(),
    )
    .unwrap();
    WachtClient::new(options.into()).unwrap()
}

/// Plain fetch for test plumbing; returns (status, JSON body).
pub async fn fetch_json(
    method: &str,
    url: &str,
    bearer: Option<&str>,
    body: Option<String>,
) -> (u16, JsValue) {
    fetch_json_with(method, url, bearer, body, false).await
}

/// Like [`fetch_json`]; `cookies` sends and keeps cookies (`credentials: "include"`), as the
/// demo app's own pages do with its sign-in cookie.
pub async fn fetch_json_with(
    method: &str,
    url: &str,
    bearer: Option<&str>,
    body: Option<String>,
    cookies: bool,
) -> (u16, JsValue) {
    let init = RequestInit::new();
    init.set_method(method);
    if cookies {
        init.set_credentials(web_sys::RequestCredentials::Include);
    }
    let headers = Headers::new().unwrap();
    if let Some(key) = bearer {
        headers
            .set("Authorization", &format!("Bearer {key}"))
            .unwrap();
    }
    if let Some(body) = body {
        headers.set("Content-Type", "application/json").unwrap();
        init.set_body(&JsValue::from_str(&body));
    }
    init.set_headers(&headers);
    let request = Request::new_with_str_and_init(url, &init).unwrap();
    let window = web_sys::window().unwrap();
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .unwrap()
        .dyn_into()
        .unwrap();
    let text = JsFuture::from(response.text().unwrap())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    let json = js_sys::JSON::parse(&text).unwrap_or(JsValue::from_str(&text));
    (response.status(), json)
}

/// Mints a ticket through the dev server's backend API, as an app backend would.
pub async fn mint_with(url: &str, key: &str, body: serde_json::Value) -> String {
    let (status, json) = fetch_json(
        "POST",
        &format!("{url}/session/tickets"),
        Some(key),
        Some(body.to_string()),
    )
    .await;
    assert_eq!(status, 200, "mint failed: {}", stringify(&json));
    get_str(&json, "ticket")
}

/// Mints an `api_auth_access` ticket for `aa_42`, valid for `expires_in` seconds.
pub async fn mint_api_auth_ticket(url: &str, expires_in: u64) -> String {
    mint_with(url, BACKEND_KEY, serde_json::json!({"ticket_type":"api_auth_access","api_auth_app_slug":"aa_42","expires_in":expires_in})).await
}

/// Waits, when fewer than `margin_ms` are left of the current epoch-aligned window of
/// `window_ms` (the dev server's rate-limit windows and the minute buckets of the timeseries),
/// for the next one, so a burst of requests lands in one window.
pub async fn away_from_window_end(window_ms: f64, margin_ms: f64) {
    let left = window_ms - js_sys::Date::now().rem_euclid(window_ms);
    if left < margin_ms {
        sleep((left + 20.0) as i32).await;
    }
}

/// Requests the dev server has logged (method, path, status), oldest first.
pub async fn request_log(url: &str) -> Vec<(String, String, u16)> {
    let (_, json) = fetch_json("GET", &format!("{url}/__dev/requests"), None, None).await;
    let requests: js_sys::Array = Reflect::get(&json, &"requests".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    requests
        .iter()
        .map(|r| {
            (
                get_str(&r, "method"),
                get_str(&r, "path"),
                get(&r, "status").as_f64().unwrap() as u16,
            )
        })
        .collect()
}

/// The last sequence number in the dev server's request log (to count requests after it).
pub async fn clear_request_log(url: &str) {
    fetch_json("DELETE", &format!("{url}/__dev/requests"), None, None).await;
}

pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

pub fn get_str(value: &JsValue, key: &str) -> String {
    get(value, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string in {}", stringify(value)))
}

pub fn stringify(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// Awaits a promise that must resolve.
pub async fn resolved(promise: Promise) -> JsValue {
    JsFuture::from(promise)
        .await
        .unwrap_or_else(|e| panic!("expected success, got {}", describe_error(&e)))
}

/// Awaits a promise that must reject; returns the rejection.
pub async fn rejected(promise: Promise) -> JsValue {
    match JsFuture::from(promise).await {
        Ok(value) => panic!("expected a rejection, got {}", stringify(&value)),
        Err(error) => error,
    }
}

/// Asserts a value is a `WachtError` with the given code and status.
pub fn assert_wacht_error(error: &JsValue, code: &str, status: Option<u16>) {
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "not an Error: {}",
        stringify(error)
    );
    assert_eq!(get_str(error, "name"), "WachtError");
    assert_eq!(get_str(error, "code"), code, "{}", describe_error(error));
    assert_eq!(
        get(error, "status").as_f64().map(|s| s as u16),
        status,
        "{}",
        describe_error(error)
    );
}

pub fn describe_error(error: &JsValue) -> String {
    format!(
        "{} / code={:?} status={:?} message={:?}",
        stringify(error),
        get(error, "code").as_string(),
        get(error, "status").as_f64(),
        get(error, "message").as_string()
    )
}

/// Sleeps on the browser's timer.
pub async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Calls `store[name](...args)`.
pub fn call(store: &JsValue, name: &str, args: &[JsValue]) -> JsValue {
    let function: js_sys::Function = get(store, name).dyn_into().unwrap();
    let args: js_sys::Array = args.iter().collect();
    function.apply(&JsValue::UNDEFINED, &args).unwrap()
}

/// Subscribes a listener that does nothing to `store` and returns it: a store starts (sends its
/// first request) on its first subscriber.
pub fn with_subscriber(store: JsValue) -> JsValue {
    let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {}).into_js_value();
    call(&store, "subscribe", &[listener]);
    store
}

/// `store.getSnapshot()` (called unbound, as React does).
pub fn snapshot(store: &JsValue) -> JsValue {
    call(store, "getSnapshot", &[])
}

/// Waits (up to 10 s) until the store's snapshot `status` is one of `statuses`.
pub async fn wait_for_status(store: &JsValue, statuses: &[&str]) -> JsValue {
    for _ in 0..500 {
        let current = snapshot(store);
        if statuses.contains(&get_str(&current, "status").as_str()) {
            return current;
        }
        sleep(20).await;
    }
    panic!(
        "store never reached {statuses:?}; last snapshot {}",
        stringify(&snapshot(store))
    );
}

/// Forgets the staging browser session of `url` (cookie and localStorage), like a fresh browser.
pub fn forget_dev_session(url: &str) {
    let keys = wacht_api_auth_core::session::dev_session::DevSessionKeys::for_scope(url);
    let window = web_sys::window().unwrap();
    let storage = window.local_storage().unwrap().unwrap();
    let document: web_sys::HtmlDocument = window.document().unwrap().dyn_into().unwrap();
    for key in [&keys.value, &keys.updated_at] {
        storage.remove_item(key).unwrap();
        // Both forms: the client sets `Secure` on https pages only (WebKit refuses a Secure
        // cookie, and its removal, from an http page).
        for secure in ["", "; Secure"] {
            document
                .set_cookie(&format!("{key}=; Path=/; Max-Age=0; SameSite=Lax{secure}"))
                .unwrap();
        }
    }
}

/// A client with a fresh API-auth app session on `url` (mint + exchange), for key/audit tests.
pub async fn session_client(url: &str) -> WachtClient {
    let client = client_for(url);
    let ticket = mint_api_auth_ticket(url, 600).await;
    resolved(client.exchange_ticket(ticket.into())).await;
    client
}

/// A name no other test uses.
pub fn unique_name(prefix: &str) -> String {
    format!("{prefix} {}", (js_sys::Math::random() * 1e12) as u64)
}

/// Builds a JS object from JSON.
pub fn js(value: serde_json::Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap()
}

/// Calls a promise-returning store method and awaits it.
pub async fn call_async(store: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let promise: Promise = call(store, name, args).dyn_into().unwrap();
    JsFuture::from(promise).await
}

/// Waits (up to 10 s) until `done(snapshot)` holds.
pub async fn wait_until(store: &JsValue, what: &str, done: impl Fn(&JsValue) -> bool) -> JsValue {
    for _ in 0..500 {
        let current = snapshot(store);
        if done(&current) {
            return current;
        }
        sleep(20).await;
    }
    panic!(
        "timed out waiting for {what}; last snapshot {}",
        stringify(&snapshot(store))
    );
}

/// Waits until a query store has loaded (not loading, not fetching).
pub async fn settled(store: &JsValue) -> JsValue {
    wait_until(store, "the store to settle", |s| {
        get(s, "loading") == JsValue::FALSE && get(s, "fetching") == JsValue::FALSE
    })
    .await
}

/// Sends one check to the dev server's gateway with `secret`; returns (status, body). The gateway
/// answers a verdict with HTTP 200 (`allowed`, `reason`); the status returned is what an API
/// would answer its caller: 200 allowed, 403 `permission_denied`, 429 `rate_limited`, else the
/// gateway's own (401: a refused key).
pub async fn gateway_check(
    url: &str,
    secret: &str,
    method: &str,
    resource: &str,
) -> (u16, JsValue) {
    let body = serde_json::json!({"principal": {"type": "api_key", "value": secret}, "resource": resource, "method": method, "user_agent": "browser-test"});
    let (status, answer) = fetch_json(
        "POST",
        &format!("{url}/v1/authz/check"),
        None,
        Some(body.to_string()),
    )
    .await;
    if status != 200 {
        return (status, answer);
    }
    let verdict = match (
        get(&answer, "allowed").as_bool(),
        get(&answer, "reason").as_string(),
    ) {
        (Some(true), _) => 200,
        (Some(false), Some(reason)) if reason == "permission_denied" => 403,
        (Some(false), _) => 429,
        _ => panic!("not a gateway verdict: {}", stringify(&answer)),
    };
    (verdict, answer)
}

/// Array length of `value[key]`.
pub fn len_of(value: &JsValue, key: &str) -> u32 {
    get(value, key)
        .dyn_into::<js_sys::Array>()
        .map(|a| a.length())
        .unwrap_or_else(|_| panic!("{key} is not an array in {}", stringify(value)))
}

/// Elements of `value[key]`.
pub fn items(value: &JsValue, key: &str) -> Vec<JsValue> {
    get(value, key)
        .dyn_into::<js_sys::Array>()
        .unwrap()
        .iter()
        .collect()
}

/// Requests in the dev server log whose method is `method` and path starts with `prefix`.
pub async fn count_requests(url: &str, method: &str, prefix: &str) -> usize {
    request_log(url)
        .await
        .into_iter()
        .filter(|(m, path, _)| m == method && path.starts_with(prefix))
        .count()
}

/// Signs in to the demo app as the owner and asks its backend for a ticket (as the
/// integration guide's screen does).
pub async fn app_backend_ticket(url: &str) -> String {
    let (status, json) = fetch_json_with(
        "POST",
        &format!("{url}/api/demo/sign-in"),
        None,
        Some(r#"{"identity":"owner"}"#.into()),
        true,
    )
    .await;
    assert_eq!(status, 200, "sign-in: {}", stringify(&json));
    let (status, json) = fetch_json_with(
        "POST",
        &format!("{url}/api/settings/api-keys/embed-ticket"),
        None,
        Some(r#"{"deploymentId":"42"}"#.into()),
        true,
    )
    .await;
    assert_eq!(status, 200, "embed-ticket: {}", stringify(&json));
    get_str(&json, "ticket")
}

/// A promise that resolves with `value` after `ms` milliseconds.
pub fn delayed<T: Into<JsValue>>(value: T, ms: i32) -> Promise {
    let value = value.into();
    Promise::new(&mut |resolve, _| {
        let value = value.clone();
        let resolve_later = Closure::once_into_js(move || {
            resolve.call1(&JsValue::UNDEFINED, &value).unwrap();
        });
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                resolve_later.unchecked_ref(),
                ms,
            )
            .unwrap();
    })
}

/// One request as the dev server logged it.
#[derive(Debug, Clone)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub status: u16,
    pub received_ms: f64,
    pub responded_ms: f64,
}

/// The dev server's request log with timing.
pub async fn timed_request_log(url: &str) -> Vec<LoggedRequest> {
    let (_, json) = fetch_json("GET", &format!("{url}/__dev/requests"), None, None).await;
    let requests: js_sys::Array = Reflect::get(&json, &"requests".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    requests
        .iter()
        .map(|r| LoggedRequest {
            method: get_str(&r, "method"),
            path: get_str(&r, "path"),
            status: get(&r, "status").as_f64().unwrap() as u16,
            received_ms: get(&r, "received_ms").as_f64().expect("received_ms"),
            responded_ms: get(&r, "responded_ms").as_f64().expect("responded_ms"),
        })
        .collect()
}

/// Sets the dev server's artificial latency for frontend API requests.
pub async fn set_latency(url: &str, ms: u32) {
    let (status, _) = fetch_json(
        "POST",
        &format!("{url}/__dev/latency"),
        None,
        Some(format!(r#"{{"ms":{ms}}}"#)),
    )
    .await;
    assert_eq!(status, 200);
}

/// The dev server whose API-auth sessions last 3 seconds.
pub fn short_session_url() -> &'static str {
    log_uncaught_errors();
    env!(
        "WACHT_TEST_SHORT_SESSION_URL",
        "set by scripts/test.sh (make test)"
    )
}

/// A client built from a JS options object (publishable key of `url` plus `extra` fields).
pub fn client_with(url: &str, extra: &[(&str, JsValue)]) -> WachtClient {
    let options = js_sys::Object::new();
    Reflect::set(
        &options,
        &"publishableKey".into(),
        &publishable_key(url).into(),
    )
    .unwrap();
    for (key, value) in extra {
        Reflect::set(&options, &JsValue::from_str(key), value).unwrap();
    }
    WachtClient::new(options.into()).unwrap()
}

/// Replaces `globalThis.fetch` for the duration of `run`, then puts the real one back.
pub async fn with_fetch<F: std::future::Future<Output = ()>>(replacement: &JsValue, run: F) {
    let global = js_sys::global();
    let key = JsValue::from_str("fetch");
    let real = js_sys::Reflect::get(&global, &key).unwrap();
    js_sys::Reflect::set(&global, &key, replacement).unwrap();
    run.await;
    js_sys::Reflect::set(&global, &key, &real).unwrap();
}
