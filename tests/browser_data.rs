//! The data path in each browser against the dev server: what snapshots and promises hand
//! to JS is the checked object the browser parsed, inputs are checked against their shapes, and a
//! `fetch` that misbehaves ends in a typed error without breaking the client.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn inputs_are_checked_against_their_shapes_with_the_field_named() {
    let client = client_for(staging_url());
    let thrown = client
        .api_auth_audit_logs(js(serde_json::json!({"limit": "ten"})))
        .err()
        .unwrap();
    assert_wacht_error(&thrown, "invalid_argument", None);
    assert_eq!(
        get_str(&thrown, "message"),
        "options.limit: expected a non-negative integer, got a string"
    );
    // As JSON.stringify would see them: a Date is its ISO string, NaN is "not set".
    let options = js_sys::Object::new();
    let date = js_sys::Date::new(&JsValue::from_f64(1_700_000_000_000.0));
    js_sys::Reflect::set(&options, &"start_date".into(), &date).unwrap();
    js_sys::Reflect::set(&options, &"limit".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    // Accepted; never started, so no request of this test is still on its way during the next.
    let logs = client.api_auth_audit_logs(options.into()).unwrap();
    call(&logs, "dispose", &[]);
    let error = rejected(client.create_key(js(serde_json::json!({"name": 5})))).await;
    assert_wacht_error(&error, "invalid_argument", None);
    assert_eq!(
        get_str(&error, "message"),
        "createKey.name: expected a string, got a number"
    );
    let error = rejected(client.revoke_key(JsValue::from_str("7"))).await;
    assert_eq!(
        get_str(&error, "message"),
        "revokeKey: expected an object, got a string"
    );
}

#[wasm_bindgen_test]
async fn data_is_the_parsed_object_completed_and_kept_while_unchanged() {
    let url = staging_url();
    let client = session_client(url).await;
    let created =
        resolved(client.create_key(js(serde_json::json!({"name": unique_name("data path")}))))
            .await;
    let id = get_str(&get(&created, "data"), "id");
    let keys = with_subscriber(
        client
            .api_auth_keys(js(serde_json::json!({"status": "all"})))
            .unwrap(),
    );
    let first = settled(&keys).await;
    let listed = items(&first, "keys");
    let key = listed
        .iter()
        .find(|k| get_str(k, "id") == id)
        .expect("the created key is listed");
    // Gaps the frontend API leaves are filled as the .d.ts promises; the secret is not there.
    assert!(js_sys::Array::is_array(&get(key, "org_role_permissions")));
    assert!(get(key, "organization_id").is_null());
    assert!(get(key, "secret").is_undefined());
    assert!(js_sys::Object::is_frozen(
        first.unchecked_ref::<js_sys::Object>()
    ));
    // A refetch that brings the same list keeps the same objects (stable for React).
    resolved(call(&keys, "refetch", &[]).dyn_into().unwrap()).await;
    let again = settled(&keys).await;
    assert!(js_sys::Object::is(
        &get(&first, "keys"),
        &get(&again, "keys")
    ));
    // A change replaces them.
    resolved(client.revoke_key(js(serde_json::json!({"key_id": id})))).await;
    let revoked = settled(&keys).await;
    assert!(!js_sys::Object::is(
        &get(&first, "keys"),
        &get(&revoked, "keys")
    ));
    call(&keys, "dispose", &[]);
}

#[wasm_bindgen_test]
async fn a_fetch_that_throws_or_returns_no_promise_is_a_network_error_and_the_next_call_works() {
    let url = staging_url();
    let client = session_client(url).await;
    let throwing = js_sys::Function::new_no_args("throw new Error('patched fetch')");
    with_fetch(&throwing, async {
        let error = rejected(client.list_keys(JsValue::UNDEFINED)).await;
        assert_wacht_error(&error, "network", None);
        assert!(get_str(&error, "message").contains("patched fetch"));
    })
    .await;
    let not_a_promise = js_sys::Function::new_no_args("return 42");
    with_fetch(&not_a_promise, async {
        let error = rejected(client.list_keys(JsValue::UNDEFINED)).await;
        assert_wacht_error(&error, "network", None);
        assert!(get_str(&error, "message").contains("not a Response"));
    })
    .await;
    let keys = resolved(client.list_keys(JsValue::UNDEFINED)).await;
    assert!(
        js_sys::Array::is_array(&keys),
        "the client works afterwards"
    );
}

/// Bodies over `maxBodyBytes` are not read: by their `Content-Length` (the dev server sends
/// one), or counted as they stream in (a body without one); the call ends in `decode`.
#[wasm_bindgen_test]
async fn bodies_over_the_cap_end_in_a_decode_error_and_the_client_keeps_working() {
    let url = staging_url();
    let capped = client_with(url, &[("maxBodyBytes", 16.0.into())]);
    let error = rejected(capped.mode()).await;
    assert_wacht_error(&error, "decode", Some(200));
    assert_eq!(
        get_str(&error, "message"),
        "the response body is longer than maxBodyBytes"
    );
    // A streamed body with no Content-Length, a JSON string of 66 bytes in chunks of at most 8,
    // for requests to one made-up origin only (other tests run meanwhile and keep the real
    // fetch). It is valid JSON, so only the cap can refuse it.
    let global = js_sys::global();
    let real = js_sys::Reflect::get(&global, &"fetch".into()).unwrap();
    let streaming = js_sys::Function::new_with_args(
        "real",
        "return (input, init) => {
           if (!String(input.url ?? input).startsWith('http://streamed.invalid')) return real(input, init);
           const chunks = ['\"', ...Array(8).fill('xxxxxxxx'), '\"'].map((t) => new TextEncoder().encode(t));
           const body = new ReadableStream({ pull(c) { if (chunks.length) c.enqueue(chunks.shift()); else c.close(); } });
           return Promise.resolve(new Response(body, { status: 200 }));
         };",
    )
    .call1(&JsValue::UNDEFINED, &real)
    .unwrap();
    let streamed = |cap: f64| {
        let options = js(serde_json::json!({
            "frontendApiUrl": "http://streamed.invalid", "mode": "production", "maxBodyBytes": cap
        }));
        wacht_api_auth::wasm::WachtClient::new(options).unwrap()
    };
    let client = session_client(url).await;
    with_fetch(&streaming, async {
        // One byte over the cap is refused...
        let error = rejected(streamed(65.0).mode()).await;
        assert_wacht_error(&error, "decode", Some(200));
        assert_eq!(
            get_str(&error, "message"),
            "the response body is longer than maxBodyBytes"
        );
        // ...and a body of exactly the cap is read and parsed (and is no envelope).
        let error = rejected(streamed(66.0).mode()).await;
        assert_wacht_error(&error, "decode", Some(200));
        assert!(
            get_str(&error, "message").contains("expected a JSON envelope, got a string"),
            "{}",
            get_str(&error, "message")
        );
    })
    .await;
    for bad in [0.0, -1.0, 1.5, f64::NAN, 2e9] {
        let options = js(serde_json::json!({ "publishableKey": publishable_key(url) }));
        js_sys::Reflect::set(&options, &"maxBodyBytes".into(), &bad.into()).unwrap();
        match wacht_api_auth::wasm::WachtClient::new(options) {
            Ok(_) => panic!("accepted maxBodyBytes {bad}"),
            Err(error) => assert_wacht_error(&error, "invalid_argument", None),
        }
    }
    resolved(client.list_keys(JsValue::UNDEFINED)).await;
}

/// A body of no bytes is named "an empty body" in every engine, whether the response has no
/// body at all or a stream that ends at once: it is recognised by its byte count, not by the
/// engine's parse error (each engine words that differently, and WebKit's names no "end").
/// `tests/browser_faults.rs` sends one over HTTP. A replaced `fetch` plays both, for two made-up
/// origins only (other tests keep the real fetch).
#[wasm_bindgen_test]
async fn an_empty_body_is_named_as_such_whatever_the_engine() {
    let global = js_sys::global();
    let real = js_sys::Reflect::get(&global, &"fetch".into()).unwrap();
    let empty = js_sys::Function::new_with_args(
        "real",
        "return (input, init) => {
           const url = String(input.url ?? input);
           if (url.startsWith('http://no-body.invalid')) return Promise.resolve(new Response(null));
           if (!url.startsWith('http://no-bytes.invalid')) return real(input, init);
           return Promise.resolve(new Response(new ReadableStream({ start(c) { c.close(); } })));
         };",
    )
    .call1(&JsValue::UNDEFINED, &real)
    .unwrap();
    with_fetch(&empty, async {
        for origin in ["http://no-body.invalid", "http://no-bytes.invalid"] {
            let options = js(serde_json::json!({"frontendApiUrl": origin, "mode": "production"}));
            let client = wacht_api_auth::wasm::WachtClient::new(options).unwrap();
            let error = rejected(client.mode()).await;
            assert_wacht_error(&error, "decode", Some(200));
            assert_eq!(
                get_str(&error, "message"),
                "expected a JSON envelope, got an empty body",
                "{origin}"
            );
        }
    })
    .await;
}

#[wasm_bindgen_test]
fn numeric_ids_become_their_decimal_strings_and_unsafe_ones_are_refused() {
    use wacht_api_auth::wasm::JsJson;
    use wacht_api_auth_core::json::{schema::check, Json};
    use wacht_api_auth_core::session::models::SESSION_DATA;
    let parse = |text: &str| JsJson::from_js(js_sys::JSON::parse(text).unwrap());
    let session = parse(r#"{"session_id":7,"api_auth_app":{"id":12,"app_slug":"a","name":"n"}}"#);
    let checked = check(&session, &SESSION_DATA).unwrap();
    assert_eq!(checked.string_at("session_id").as_deref(), Some("7"));
    let app = checked.get("api_auth_app");
    assert_eq!(app.string_at("id").as_deref(), Some("12"));
    // JSON.parse has already rounded this one: it must not become another session's id.
    let rounded =
        parse(r#"{"session_id":7300000000000000001,"api_auth_app":{"app_slug":"a","name":"n"}}"#);
    assert_eq!(
        check(&rounded, &SESSION_DATA).unwrap_err().describe("data"),
        "data.session_id: expected a string or safe-integer id, got a number"
    );
}

#[wasm_bindgen_test]
fn deeply_nested_data_is_compared_and_frozen_without_overflowing_the_stack() {
    use wacht_api_auth::wasm::JsJson;
    use wacht_api_auth_core::json::Json;
    let depth = 200_000;
    let text = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let a = JsJson::from_js(js_sys::JSON::parse(&text).unwrap());
    let b = JsJson::from_js(js_sys::JSON::parse(&text).unwrap());
    assert!(a.same_json(&b));
    let other = format!("{}2{}", "[".repeat(depth), "]".repeat(depth));
    assert!(!a.same_json(&JsJson::from_js(js_sys::JSON::parse(&other).unwrap())));
    a.freeze_deep();
    assert!(js_sys::Object::is_frozen(
        a.as_js().unchecked_ref::<js_sys::Object>()
    ));
    // A `__proto__` key is an own field like any other.
    let p = JsJson::from_js(js_sys::JSON::parse(r#"{"__proto__":{"x":1}}"#).unwrap());
    let q = JsJson::from_js(js_sys::JSON::parse(r#"{"q":{"x":1}}"#).unwrap());
    assert!(!p.same_json(&q));
}

#[wasm_bindgen_test]
async fn a_token_that_is_no_header_value_is_an_invalid_argument_not_a_hang() {
    let url = staging_url();
    let get_token = js_sys::Function::new_no_args("return 'jwt\\nx'");
    let client = client_with(url, &[("getToken", get_token.into())]);
    let error = rejected(client.list_keys(JsValue::UNDEFINED)).await;
    assert_wacht_error(&error, "invalid_argument", None);
    assert_eq!(
        get_str(&error, "message"),
        "getToken returned a token that is not a valid header value"
    );
}
