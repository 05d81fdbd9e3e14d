//! Ticket → session through the wasm client in a headless browser, against the dev servers that
//! `make test` starts (staging and production), over real HTTP.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn runs_in_a_browser_window() {
    let window = web_sys::window().expect("a window: these tests must run in a browser, not node");
    assert!(window.document().is_some());
    // `make test` runs every suite in Chromium, Firefox and WebKit (WebKitGTK for Safari).
    let agent = window.navigator().user_agent().unwrap();
    assert!(
        ["Chrome/", "Firefox/", "AppleWebKit/"]
            .iter()
            .any(|engine| agent.contains(engine)),
        "user agent {agent}"
    );
}

async fn mint_exchange_and_read(url: &str, expected_prefix: &str) {
    let client = client_for(url);
    assert_eq!(client.frontend_api_url(), url);
    let ticket = mint_api_auth_ticket(url, 300).await;
    let exchanged = resolved(client.exchange_ticket(ticket.into())).await;
    assert_eq!(get_str(&exchanged, "type"), "api_auth_access");
    assert_eq!(
        get_str(&exchanged, "message"),
        "API auth app session created"
    );
    let app = get(&exchanged, "api_auth_app");
    assert_eq!(get_str(&app, "app_slug"), "aa_42");

    let session = resolved(client.get_api_auth_session()).await;
    assert_eq!(
        get_str(&session, "session_id"),
        get_str(&exchanged, "session_id")
    );
    let app = get(&session, "api_auth_app");
    assert_eq!(get_str(&app, "name"), "Acme Public API");
    assert_eq!(get_str(&app, "id"), "aa_42", "id falls back to app_slug");
    assert_eq!(get_str(&app, "key_prefix"), expected_prefix);
    let rules: js_sys::Array = get(&app, "rate_limits").dyn_into().unwrap();
    assert_eq!(rules.length(), 2);
    assert_eq!(get_str(&rules.get(0), "mode"), "per_key");
}

#[wasm_bindgen_test]
async fn staging_mint_exchange_session() {
    mint_exchange_and_read(staging_url(), "acme_test").await;
    // The staging browser session is persisted under the hooks' scoped names.
    let keys = wacht_api_auth_core::session::dev_session::DevSessionKeys::for_scope(staging_url());
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let token = storage
        .get_item(&keys.value)
        .unwrap()
        .expect("dev session in localStorage");
    assert!(!token.is_empty());
    assert!(storage.get_item(&keys.updated_at).unwrap().is_some());
}

#[wasm_bindgen_test]
async fn production_mint_exchange_session() {
    mint_exchange_and_read(production_url(), "acme_live").await;
    // Production uses the HttpOnly cookie only: no dev session is stored.
    let keys =
        wacht_api_auth_core::session::dev_session::DevSessionKeys::for_scope(production_url());
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(storage.get_item(&keys.value).unwrap(), None);
    assert!(!web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .dyn_into::<web_sys::HtmlDocument>()
        .unwrap()
        .cookie()
        .unwrap()
        .contains("__session="));
}

async fn store_reaches_ready(url: &str) {
    let client = client_for(url);
    let ticket = mint_api_auth_ticket(url, 300).await;
    let store = with_subscriber(client.api_auth_app_session(ticket.into()).unwrap());
    let first = snapshot(&store);
    assert_eq!(get_str(&first, "status"), "exchanging");
    assert_eq!(get(&first, "ticketLoading"), JsValue::TRUE);
    assert_eq!(get(&first, "sessionLoading"), JsValue::TRUE);
    assert!(
        js_sys::Object::is(&first, &snapshot(&store)),
        "same object until something changes"
    );

    let notifications = std::rc::Rc::new(std::cell::Cell::new(0));
    let counter = notifications.clone();
    let listener = Closure::<dyn Fn()>::new(move || counter.set(counter.get() + 1)).into_js_value();
    let unsubscribe: js_sys::Function = call(&store, "subscribe", &[listener]).dyn_into().unwrap();

    // A listener reads the snapshot while it is notified, as useSyncExternalStore does.
    let seen = js_sys::Array::new();
    let reader = js_sys::Function::new_with_args(
        "store, seen",
        "return () => seen.push(store.getSnapshot().status)",
    )
    .call2(&JsValue::UNDEFINED, &store, &seen)
    .unwrap();
    call(&store, "subscribe", &[reader]);

    let ready = wait_for_status(&store, &["ready", "error", "no_session"]).await;
    assert_eq!(get_str(&ready, "status"), "ready", "{}", stringify(&ready));
    assert!(
        seen.includes(&JsValue::from_str("ready"), 0),
        "the listener read the new snapshot: {}",
        stringify(&seen)
    );
    assert_eq!(get(&ready, "hasSession"), JsValue::TRUE);
    assert_eq!(get(&ready, "ticketExchanged"), JsValue::TRUE);
    assert_eq!(get(&ready, "sessionLoading"), JsValue::FALSE);
    assert!(get(&ready, "sessionError").is_null());
    assert!(!get_str(&ready, "sessionId").is_empty());
    assert_eq!(
        get_str(&get(&ready, "apiAuthApp"), "name"),
        "Acme Public API"
    );
    assert!(notifications.get() >= 1);
    assert!(js_sys::Object::is_frozen(
        ready.unchecked_ref::<js_sys::Object>()
    ));

    // A refetch that returns the same session keeps the snapshot object and notifies nobody.
    let before = notifications.get();
    let refetched = resolved(call(&store, "refetch", &[]).dyn_into().unwrap()).await;
    assert_eq!(
        get_str(&refetched, "session_id"),
        get_str(&ready, "sessionId")
    );
    assert!(js_sys::Object::is(&ready, &snapshot(&store)));
    assert_eq!(notifications.get(), before);
    unsubscribe.call0(&JsValue::UNDEFINED).unwrap();
    unsubscribe.call0(&JsValue::UNDEFINED).unwrap();
}

#[wasm_bindgen_test]
async fn staging_store_exchanges_and_reads_the_session() {
    store_reaches_ready(staging_url()).await;
}

#[wasm_bindgen_test]
async fn production_store_exchanges_and_reads_the_session() {
    store_reaches_ready(production_url()).await;
}

async fn reused_ticket_is_refused(url: &str) {
    let ticket = mint_api_auth_ticket(url, 300).await;
    resolved(client_for(url).exchange_ticket(ticket.clone().into())).await;
    // A second client (another tab) cannot use the ticket again.
    let error = rejected(client_for(url).exchange_ticket(ticket.clone().into())).await;
    assert_wacht_error(&error, "invalid_ticket", Some(401));
    assert_eq!(get_str(&error, "message"), "Invalid or expired ticket");

    let store = with_subscriber(client_for(url).api_auth_app_session(ticket.into()).unwrap());
    let failed = wait_for_status(&store, &["error", "ready"]).await;
    assert_eq!(get_str(&failed, "status"), "error");
    assert_eq!(
        get(&failed, "hasSession"),
        JsValue::TRUE,
        "the hook keeps hasSession true after a failed exchange"
    );
    assert_eq!(get(&failed, "ticketExchanged"), JsValue::FALSE);
    assert_wacht_error(&get(&failed, "sessionError"), "invalid_ticket", Some(401));
}

#[wasm_bindgen_test]
async fn staging_reused_ticket() {
    reused_ticket_is_refused(staging_url()).await;
}

#[wasm_bindgen_test]
async fn production_reused_ticket() {
    reused_ticket_is_refused(production_url()).await;
}

#[wasm_bindgen_test]
async fn expired_ticket_is_refused() {
    for url in [staging_url(), production_url()] {
        let ticket = mint_api_auth_ticket(url, 1).await;
        sleep(1_300).await;
        let error = rejected(client_for(url).exchange_ticket(ticket.into())).await;
        assert_wacht_error(&error, "invalid_ticket", Some(401));
        assert_eq!(get_str(&error, "message"), "Invalid or expired ticket");
    }
}

#[wasm_bindgen_test]
async fn ticket_of_another_deployment_is_refused() {
    for url in [staging_url(), production_url()] {
        let ticket = mint_with(
            url,
            OTHER_TENANT_KEY,
            serde_json::json!({"ticket_type":"api_auth_access","api_auth_app_slug":"aa_77"}),
        )
        .await;
        let store = with_subscriber(client_for(url).api_auth_app_session(ticket.into()).unwrap());
        let failed = wait_for_status(&store, &["error", "ready"]).await;
        let error = get(&failed, "sessionError");
        assert_wacht_error(&error, "invalid_ticket", Some(401));
        assert_eq!(
            get_str(&error, "message"),
            "Ticket not valid for this deployment"
        );
    }
}

#[wasm_bindgen_test]
async fn staging_fresh_browser_has_no_session() {
    let url = staging_url();
    forget_dev_session(url);
    let client = client_for(url);
    let store = with_subscriber(client.api_auth_app_session(JsValue::UNDEFINED).unwrap());
    let snap = wait_for_status(&store, &["no_session", "ready", "error"]).await;
    assert_eq!(get_str(&snap, "status"), "no_session");
    assert_eq!(get(&snap, "hasSession"), JsValue::FALSE);
    assert!(get(&snap, "sessionError").is_null());
    assert!(get(&snap, "apiAuthApp").is_null());
    let error = rejected(client.get_api_auth_session()).await;
    assert_wacht_error(&error, "no_session", Some(401));
    assert_eq!(get_str(&error, "message"), "No active API auth app session");
}

/// A `__dev_session__` handed to the page in its address is adopted for the bootstrap and taken
/// out of the address; the rest of the query (re-encoded as URLSearchParams does) and the hash
/// stay.
#[wasm_bindgen_test]
async fn staging_adopts_the_dev_session_in_the_page_address_and_removes_it() {
    let url = staging_url();
    forget_dev_session(url);
    let window = web_sys::window().unwrap();
    let (history, location) = (window.history().unwrap(), window.location());
    let original = format!(
        "{}{}{}",
        location.pathname().unwrap(),
        location.search().unwrap(),
        location.hash().unwrap()
    );
    let page = format!(
        "{}?keep=1&__dev_session__=from-the-page&b=x%20y#frag",
        location.pathname().unwrap()
    );
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&page))
        .unwrap();
    clear_request_log(url).await;
    let client = client_for(url);
    let mode = resolved(client.mode()).await;
    let (search, hash) = (location.search().unwrap(), location.hash().unwrap());
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&original))
        .unwrap();
    assert_eq!(mode.as_string().as_deref(), Some("staging"));
    assert_eq!((search.as_str(), hash.as_str()), ("?keep=1&b=x+y", "#frag"));
    let bootstrap = request_log(url)
        .await
        .into_iter()
        .find(|(_, path, _)| path.starts_with("/deployment"))
        .expect("the bootstrap was logged");
    assert!(
        bootstrap.1.contains("__dev_session__="),
        "the bootstrap carried no dev session: {}",
        bootstrap.1
    );
    forget_dev_session(url);
}

#[wasm_bindgen_test]
async fn production_expired_app_session_is_no_session() {
    // The app session lives as long as its ticket would have: a 2 s ticket gives a 2 s session.
    let url = production_url();
    let client = client_for(url);
    let ticket = mint_api_auth_ticket(url, 2).await;
    resolved(client.exchange_ticket(ticket.into())).await;
    resolved(client.get_api_auth_session()).await;
    sleep(2_300).await;
    let store = with_subscriber(client.api_auth_app_session(JsValue::NULL).unwrap());
    let snap = wait_for_status(&store, &["no_session", "ready", "error"]).await;
    assert_eq!(get_str(&snap, "status"), "no_session");
    assert_eq!(get(&snap, "hasSession"), JsValue::FALSE);
}

#[wasm_bindgen_test]
async fn a_ticket_delivered_later_recovers_the_store() {
    let url = staging_url();
    forget_dev_session(url);
    let client = client_for(url);
    let store = with_subscriber(client.api_auth_app_session(JsValue::NULL).unwrap());
    let none = wait_for_status(&store, &["no_session", "ready", "error"]).await;
    assert_eq!(
        get_str(&none, "status"),
        "no_session",
        "{}",
        stringify(&none)
    );
    let ticket = mint_api_auth_ticket(url, 300).await;
    let session = resolved(
        call(&store, "exchange", &[ticket.into()])
            .dyn_into()
            .unwrap(),
    )
    .await;
    let ready = snapshot(&store);
    assert_eq!(get_str(&ready, "status"), "ready");
    assert_eq!(
        get_str(&ready, "sessionId"),
        get_str(&session, "session_id")
    );
}

#[wasm_bindgen_test]
async fn concurrent_exchanges_of_one_ticket_send_one_request() {
    let url = staging_url();
    let client = client_for(url);
    resolved(client.mode()).await;
    let ticket = mint_api_auth_ticket(url, 300).await;
    clear_request_log(url).await;
    let first = client.exchange_ticket(ticket.clone().into());
    let second = client.exchange_ticket(ticket.clone().into());
    let (a, b) = (resolved(first).await, resolved(second).await);
    assert_eq!(get_str(&a, "session_id"), get_str(&b, "session_id"));
    let exchanges = request_log(url)
        .await
        .into_iter()
        .filter(|(_, path, _)| path.starts_with("/session/ticket/exchange"))
        .count();
    assert_eq!(exchanges, 1);
}

#[wasm_bindgen_test]
async fn every_ticket_type_exchanges_to_its_typed_result() {
    let url = staging_url();
    let client = client_for(url);
    let cases = [
        (
            serde_json::json!({"ticket_type":"webhook_app_access","webhook_app_slug":"payment-webhooks"}),
            "webhook_app_access",
            "webhook_app",
        ),
        (
            serde_json::json!({"ticket_type":"agent_access","agent_ids":["1","2"],"actor_id":"777"}),
            "agent_access",
            "agents",
        ),
        (
            serde_json::json!({"ticket_type":"impersonation","user_id":"123"}),
            "impersonation",
            "session",
        ),
        (
            serde_json::json!({"ticket_type":"api_auth_access","api_auth_app_slug":"aa_42"}),
            "api_auth_access",
            "api_auth_app",
        ),
    ];
    for (body, expected_type, field) in cases {
        forget_dev_session(url); // impersonation refuses a browser session that is already signed in
        let ticket = mint_with(url, BACKEND_KEY, body).await;
        let result = resolved(client_for(url).exchange_ticket(ticket.into())).await;
        assert_eq!(
            get_str(&result, "type"),
            expected_type,
            "{}",
            stringify(&result)
        );
        assert!(get(&result, field).is_object(), "{}", stringify(&result));
    }
    drop(client);
}

/// The module decodes publishable keys with the browser's `atob`: standard and url-safe base64,
/// padded or not, give the same origin; a key that is not base64, or not of a URL, is an
/// `invalid_argument`.
#[wasm_bindgen_test]
fn publishable_keys_decode_in_every_base64_flavour() {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    use base64::Engine;
    let (mut saw_plus, mut saw_slash) = (false, false);
    // Three lengths, so the characters that differ between the alphabets and the padding
    // fall in every position.
    for suffix in ["", "a", "ab"] {
        let url = format!("{}/?>>>???~~~{suffix}", staging_url());
        saw_plus |= STANDARD.encode(&url).contains('+');
        saw_slash |= STANDARD.encode(&url).contains('/');
        for engine in [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD] {
            let key = format!("pk_test_{}", engine.encode(&url));
            let client = wacht_api_auth::wasm::WachtClient::new(js(
                serde_json::json!({ "publishableKey": key }),
            ))
            .unwrap_or_else(|e| panic!("{key}: {}", stringify(&e)));
            assert_eq!(client.frontend_api_url(), staging_url(), "{key}");
        }
    }
    assert!(
        saw_plus && saw_slash,
        "the keys did not exercise both alphabets"
    );
    let not_utf8 = format!("pk_test_{}", STANDARD.encode([0xff_u8, 0xfe, 0x00]));
    for key in [
        "pk_test_%%%%",
        "pk_test_a",
        "pk_test_\u{e9}t\u{e9}",
        not_utf8.as_str(),
    ] {
        match wacht_api_auth::wasm::WachtClient::new(js(
            serde_json::json!({ "publishableKey": key }),
        )) {
            Ok(_) => panic!("accepted {key}"),
            Err(error) => assert_wacht_error(&error, "invalid_argument", None),
        }
    }
}

#[wasm_bindgen_test]
async fn bad_arguments_are_typed_errors() {
    for options in [
        JsValue::from_str("pk_test_x"),
        JsValue::NULL,
        js_sys::JSON::parse(r#"{"publishableKey":"nope"}"#).unwrap(),
        js_sys::JSON::parse(r#"{"frontendApiUrl":"http://x"}"#).unwrap(),
        js_sys::JSON::parse(r#"{"frontendApiUrl":"ftp://x","mode":"staging"}"#).unwrap(),
        js_sys::JSON::parse(r#"{"publishableKey":42}"#).unwrap(),
    ] {
        let error = match wacht_api_auth::wasm::WachtClient::new(options.clone()) {
            Ok(_) => panic!("accepted {}", stringify(&options)),
            Err(error) => error,
        };
        assert_wacht_error(&error, "invalid_argument", None);
    }
    let client = client_for(staging_url());
    assert_wacht_error(
        &rejected(client.exchange_ticket(JsValue::from_f64(42.0))).await,
        "invalid_argument",
        None,
    );
    assert_wacht_error(
        &rejected(client.exchange_ticket(JsValue::from_str(""))).await,
        "invalid_argument",
        None,
    );
    assert!(client.api_auth_app_session(JsValue::from_f64(1.0)).is_err());
    // A store that never starts: a started one would still be reading (and writing the staging
    // browser session that every client of this server shares) during the next test.
    let store = client.api_auth_app_session(JsValue::NULL).unwrap();
    let subscribe: js_sys::Function = get(&store, "subscribe").dyn_into().unwrap();
    assert!(subscribe
        .call1(&JsValue::UNDEFINED, &JsValue::from_str("not a function"))
        .is_err());
    call(&store, "dispose", &[]);
}

#[wasm_bindgen_test]
async fn an_unreachable_server_is_a_network_error() {
    // Port 9 (discard) on loopback: nothing listens there in the test environment.
    let options =
        js_sys::JSON::parse(r#"{"frontendApiUrl":"http://127.0.0.1:9","mode":"staging"}"#).unwrap();
    let client = wacht_api_auth::wasm::WachtClient::new(options).unwrap();
    assert_wacht_error(
        &rejected(client.get_api_auth_session()).await,
        "network",
        None,
    );
}
