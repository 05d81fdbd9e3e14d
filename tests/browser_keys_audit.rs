//! Key lifecycle and audit reads through the wasm client in each browser, against the dev
//! servers over HTTP, including the Wacht validation checklist and request accounting.
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn key_ids(snapshot: &JsValue) -> Vec<String> {
    items(snapshot, "keys")
        .iter()
        .map(|k| get_str(k, "id"))
        .collect()
}

async fn lifecycle(url: &str) {
    let client = session_client(url).await;
    let active = with_subscriber(
        client
            .api_auth_keys(js(serde_json::json!({"status": "active"})))
            .unwrap(),
    );
    let revoked = with_subscriber(
        client
            .api_auth_keys(js(serde_json::json!({"status": "revoked"})))
            .unwrap(),
    );
    settled(&active).await;

    // create, with and without expiry
    let name = unique_name("CI key");
    let created = call_async(
        &active,
        "createKey",
        &[js(serde_json::json!({"name": name}))],
    )
    .await
    .unwrap();
    let created = get(&created, "data");
    let secret = get_str(&created, "secret");
    let prefix = get_str(&created, "key_prefix");
    assert!(secret.starts_with(&format!("{prefix}_")), "{secret}");
    assert_eq!(secret.len(), prefix.len() + 1 + 43);
    assert_eq!(get_str(&created, "key_suffix"), secret[secret.len() - 8..]);
    let id = get_str(&created, "id");
    // createKey resolves as soon as the server answered; the active list refreshes after it.
    wait_until(&active, "the new key in the active list", |snap| {
        key_ids(snap).contains(&id)
    })
    .await;
    let expiring = call_async(&active, "createKey", &[js(serde_json::json!({"name": unique_name("expiring"), "expires_at": "2030-01-01T00:00:00.000Z"}))]).await.unwrap();
    assert!(get_str(&get(&expiring, "data"), "expires_at").starts_with("2030-01-01T00:00:00"));
    let date = js_sys::Date::new(&JsValue::from_str("2031-05-06T07:08:09.000Z"));
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"name".into(), &unique_name("date").into()).unwrap();
    js_sys::Reflect::set(&options, &"expires_at".into(), &date).unwrap();
    let from_date = call_async(&active, "createKey", &[options.into()])
        .await
        .unwrap();
    assert!(get_str(&get(&from_date, "data"), "expires_at").starts_with("2031-05-06T07:08:09"));

    // the secret is in no snapshot and not recoverable from the list
    for store in [&active, &revoked] {
        assert!(
            !stringify(&snapshot(store)).contains(&secret),
            "a snapshot carries the secret"
        );
    }
    let listed = resolved(client.list_keys(js(serde_json::json!({"status": "all"})))).await;
    assert!(!stringify(&listed).contains(&secret));

    // rotate: new id, old one revoked with reason "Rotated"
    let rotated = call_async(
        &active,
        "rotateKey",
        &[js(serde_json::json!({"key_id": id}))],
    )
    .await
    .unwrap();
    let rotated = get(&rotated, "data");
    let new_secret = get_str(&rotated, "secret");
    let new_id = get_str(&rotated, "id");
    assert_ne!(new_id, id);
    assert_ne!(new_secret, secret);
    assert_eq!(get_str(&rotated, "name"), name);
    wait_until(
        &active,
        "the rotated key replaced in the active list",
        |snap| key_ids(snap).contains(&new_id) && !key_ids(snap).contains(&id),
    )
    .await;
    let revoked_now = settled(&revoked).await;
    let old = items(&revoked_now, "keys")
        .into_iter()
        .find(|k| get_str(k, "id") == id)
        .expect("rotated key listed as revoked");
    assert_eq!(get_str(&old, "revoked_reason"), "Rotated");
    assert_eq!(get(&old, "is_active"), JsValue::FALSE);

    // revoke with a reason
    let revoke = call_async(
        &active,
        "revokeKey",
        &[js(
            serde_json::json!({"key_id": new_id, "reason": "Compromised"}),
        )],
    )
    .await
    .unwrap();
    assert_eq!(get(&get(&revoke, "data"), "success"), JsValue::TRUE);
    wait_until(
        &active,
        "the revoked key gone from the active list",
        |snap| !key_ids(snap).contains(&new_id),
    )
    .await;
    let all = resolved(client.list_keys(js(serde_json::json!({"status": "all"})))).await;
    let revoked_key = js_sys::Array::from(&all)
        .iter()
        .find(|k| get_str(k, "id") == new_id)
        .unwrap();
    assert_eq!(get_str(&revoked_key, "revoked_reason"), "Compromised");

    // error paths: unknown key, invalid status
    let error = call_async(
        &active,
        "rotateKey",
        &[js(serde_json::json!({"key_id": "1"}))],
    )
    .await
    .unwrap_err();
    assert_wacht_error(&error, "http", Some(500));
    assert_eq!(get_str(&error, "message"), "API key not found or inactive");
    let error = call_async(
        &active,
        "revokeKey",
        &[js(serde_json::json!({"key_id": "1"}))],
    )
    .await
    .unwrap_err();
    assert_eq!(get_str(&error, "message"), "API key not found");
    let error = call_async(
        &active,
        "rotateKey",
        &[js(serde_json::json!({"key_id": "not-a-number"}))],
    )
    .await
    .unwrap_err();
    assert_wacht_error(&error, "http", Some(400));
    assert_eq!(get_str(&error, "message"), "invalid key id");
    let error = rejected(client.list_keys(js(serde_json::json!({"status": "bogus"})))).await;
    assert_wacht_error(&error, "http", Some(500));
    assert_eq!(get_str(&error, "message"), "invalid status filter: bogus");
    let bogus = with_subscriber(
        client
            .api_auth_keys(js(serde_json::json!({"status": "bogus"})))
            .unwrap(),
    );
    let failed = settled(&bogus).await;
    assert_wacht_error(&get(&failed, "error"), "http", Some(500));
    let error = call_async(
        &active,
        "createKey",
        &[js(serde_json::json!({"name": "   "}))],
    )
    .await
    .unwrap_err();
    assert_eq!(
        (get_str(&error, "message"), get(&error, "status").as_f64()),
        ("name is required".to_string(), Some(400.0))
    );
    let error = call_async(
        &active,
        "createKey",
        &[js(
            serde_json::json!({"name": "x", "expires_at": "tomorrow"}),
        )],
    )
    .await
    .unwrap_err();
    assert_eq!(get_str(&error, "message"), "expires_at must be RFC3339");
    let error = call_async(
        &active,
        "createKey",
        &[js(serde_json::json!({"title": "x"}))],
    )
    .await
    .unwrap_err();
    assert_wacht_error(&error, "invalid_argument", None);
    for store in [&active, &revoked, &bogus] {
        call(store, "dispose", &[]);
    }
}

#[wasm_bindgen_test]
async fn staging_key_lifecycle() {
    lifecycle(staging_url()).await;
}

#[wasm_bindgen_test]
async fn production_key_lifecycle() {
    lifecycle(production_url()).await;
}

#[wasm_bindgen_test]
async fn expired_filter_lists_expired_keys() {
    let url = staging_url();
    let client = session_client(url).await;
    let created = resolved(client.create_key(js(
        serde_json::json!({"name": unique_name("past"), "expires_at": "2020-01-01T00:00:00Z"}),
    )))
    .await;
    let id = get_str(&get(&created, "data"), "id");
    let expired = resolved(client.list_keys(js(serde_json::json!({"status": "expired"})))).await;
    assert!(js_sys::Array::from(&expired)
        .iter()
        .any(|k| get_str(&k, "id") == id));
    let (status, _) = gateway_check(
        url,
        &get_str(&get(&created, "data"), "secret"),
        "GET",
        "/v1/users",
    )
    .await;
    assert_eq!(status, 401, "an expired key is rejected by the gateway");
}

async fn audit_reflects_gateway_traffic(url: &str) {
    let client = session_client(url).await;
    let created =
        resolved(client.create_key(js(serde_json::json!({"name": unique_name("traffic")})))).await;
    let key = get(&created, "data");
    let (secret, id) = (get_str(&key, "secret"), get_str(&key, "id"));
    let logs = with_subscriber(
        client
            .api_auth_audit_logs(js(serde_json::json!({"key_id": id, "limit": 5})))
            .unwrap(),
    );
    let analytics = with_subscriber(client.api_auth_audit_analytics(js(serde_json::json!({"key_id": id, "include_top_keys": true, "include_top_paths": true, "include_blocked_reasons": true}))).unwrap());
    let series = with_subscriber(
        client
            .api_auth_audit_timeseries(js(serde_json::json!({"key_id": id, "interval": "minute"})))
            .unwrap(),
    );
    settled(&logs).await;
    assert_eq!(len_of(&snapshot(&logs), "logs"), 0);

    // 11 checks against the 10-per-10-seconds per-key rule: 10 allowed, 1 blocked; all in one
    // rate-limit window and one minute bucket.
    away_from_window_end(60_000.0, 3_000.0).await;
    away_from_window_end(10_000.0, 2_000.0).await;
    let mut statuses = Vec::new();
    for _ in 0..11 {
        statuses.push(
            gateway_check(url, &secret, "GET", "/v1/users?page=2")
                .await
                .0,
        );
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        10,
        "{statuses:?}"
    );
    assert_eq!(*statuses.last().unwrap(), 429);

    for store in [&logs, &analytics, &series] {
        resolved(call(store, "refetch", &[]).dyn_into().unwrap()).await;
    }
    let page = snapshot(&logs);
    assert_eq!(len_of(&page, "logs"), 5);
    assert_eq!(get(&page, "has_more"), JsValue::TRUE);
    let newest = &items(&page, "logs")[0];
    assert_eq!(get_str(newest, "outcome"), "BLOCKED");
    assert_eq!(get_str(newest, "blocked_by_rule"), "10/10s");
    assert_eq!(get_str(newest, "path"), "GET /v1/users");
    assert_eq!(get_str(newest, "user_agent"), "browser-test");
    assert_eq!(
        wacht_api_auth::wasm::audit_outcome(&get_str(newest, "outcome")),
        "blocked"
    );

    // loadMore walks the cursor to the end without gaps or repeats.
    while get(&snapshot(&logs), "has_more") == JsValue::TRUE {
        assert_eq!(
            call_async(&logs, "loadMore", &[]).await.unwrap(),
            JsValue::TRUE
        );
    }
    let all = snapshot(&logs);
    let ids: Vec<String> = items(&all, "logs")
        .iter()
        .map(|l| get_str(l, "request_id"))
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((ids.len(), unique.len()), (11, 11));
    assert!(get(&all, "next_cursor").is_null());
    assert_eq!(
        call_async(&logs, "loadMore", &[]).await.unwrap(),
        JsValue::FALSE
    );

    let numbers = get(&snapshot(&analytics), "analytics");
    assert_eq!(get(&numbers, "total_requests").as_f64(), Some(11.0));
    assert_eq!(get(&numbers, "allowed_requests").as_f64(), Some(10.0));
    assert_eq!(get(&numbers, "blocked_requests").as_f64(), Some(1.0));
    let rate = get(&numbers, "success_rate").as_f64().unwrap();
    assert!((rate - 1000.0 / 11.0).abs() < 0.01, "{rate}");
    assert_eq!(
        get_str(&items(&numbers, "blocked_reasons")[0], "blocked_by_rule"),
        "10/10s"
    );
    assert_eq!(
        get_str(&items(&numbers, "top_paths")[0], "path"),
        "GET /v1/users"
    );

    let points = snapshot(&series);
    assert_eq!(get_str(&points, "interval"), "minute");
    let total: f64 = items(&points, "timeseries")
        .iter()
        .map(|p| get(p, "total_requests").as_f64().unwrap())
        .sum();
    assert_eq!(total, 11.0);

    // Filters: outcome in the client's vocabulary, and a bad date.
    let blocked = resolved(
        client.get_audit_logs(js(serde_json::json!({"key_id": id, "outcome": "blocked"}))),
    )
    .await;
    assert_eq!(len_of(&blocked, "data"), 1);
    let allowed = resolved(client.get_audit_logs(js(
        serde_json::json!({"key_id": id, "outcome": "allowed", "limit": 100}),
    )))
    .await;
    assert_eq!(len_of(&allowed, "data"), 10);
    let error =
        rejected(client.get_audit_logs(js(serde_json::json!({"start_date": "last tuesday"}))))
            .await;
    assert_wacht_error(&error, "http", Some(500));
    assert_eq!(get_str(&error, "message"), "invalid date format");
    let error = rejected(client.get_audit_logs(js(serde_json::json!({"cursor": "!!"})))).await;
    assert_eq!(
        (get_str(&error, "message"), get(&error, "status").as_f64()),
        ("invalid cursor".to_string(), Some(400.0))
    );
    let empty = resolved(
        client.get_audit_timeseries(js(serde_json::json!({"key_id": "1", "interval": "day"}))),
    )
    .await;
    assert_eq!(len_of(&empty, "data"), 0, "data: null decodes as []");

    // Revoke takes effect on the very next gateway call, and the audit refreshes by itself.
    // (Data that did not change keeps its objects, so the refetch is seen at the server.)
    let before = count_requests(url, "GET", "/api-auth/audit/analytics").await;
    resolved(client.revoke_key(js(serde_json::json!({"key_id": id, "reason": "done"})))).await;
    let (status, _) = gateway_check(url, &secret, "GET", "/v1/users").await;
    assert_eq!(status, 401);
    wait_until(&analytics, "analytics to refetch after revoke", |s| {
        get(s, "fetching") == JsValue::FALSE
    })
    .await;
    assert!(count_requests(url, "GET", "/api-auth/audit/analytics").await > before);
    for store in [&logs, &analytics, &series] {
        call(store, "dispose", &[]);
    }
}

#[wasm_bindgen_test]
async fn staging_audit_reflects_gateway_traffic() {
    audit_reflects_gateway_traffic(staging_url()).await;
}

#[wasm_bindgen_test]
async fn production_audit_reflects_gateway_traffic() {
    audit_reflects_gateway_traffic(production_url()).await;
}

#[wasm_bindgen_test]
async fn request_accounting_at_the_server() {
    let url = staging_url();
    let client = session_client(url).await;
    clear_request_log(url).await;
    let first = with_subscriber(
        client
            .api_auth_keys(js(serde_json::json!({"status": "active"})))
            .unwrap(),
    );
    let second = with_subscriber(
        client
            .api_auth_keys(js(serde_json::json!({"status": "active"})))
            .unwrap(),
    );
    let logs = with_subscriber(
        client
            .api_auth_audit_logs(js(serde_json::json!({"limit": 3})))
            .unwrap(),
    );
    let analytics = with_subscriber(client.api_auth_audit_analytics(JsValue::UNDEFINED).unwrap());
    for store in [&first, &second, &logs, &analytics] {
        settled(store).await;
    }
    assert!(js_sys::Object::is(
        &get(&snapshot(&first), "keys"),
        &get(&snapshot(&first), "keys")
    ));
    assert_eq!(
        count_requests(url, "GET", "/api-auth/keys").await,
        1,
        "two stores on one key list share one request"
    );
    assert_eq!(count_requests(url, "GET", "/api-auth/audit/logs").await, 1);

    clear_request_log(url).await;
    call_async(
        &first,
        "createKey",
        &[js(serde_json::json!({"name": unique_name("accounting")}))],
    )
    .await
    .unwrap();
    for store in [&first, &logs, &analytics] {
        settled(store).await;
    }
    assert_eq!(count_requests(url, "POST", "/api-auth/keys").await, 1);
    assert_eq!(
        count_requests(url, "GET", "/api-auth/keys").await,
        1,
        "one refetch of the shared key list"
    );
    assert_eq!(
        count_requests(url, "GET", "/api-auth/audit/logs").await,
        1,
        "one refetch of the logs"
    );
    assert_eq!(
        count_requests(url, "GET", "/api-auth/audit/analytics").await,
        1,
        "one refetch of the analytics"
    );
    assert_eq!(request_log(url).await.len(), 4, "nothing else was sent");

    // A disposed store is not refetched any more.
    for store in [&first, &second, &logs, &analytics] {
        call(store, "dispose", &[]);
    }
    clear_request_log(url).await;
    resolved(client.create_key(js(
        serde_json::json!({"name": unique_name("after dispose")}),
    )))
    .await;
    assert_eq!(request_log(url).await.len(), 1, "only the create itself");
    let error = call_async(&first, "refetch", &[]).await.unwrap_err();
    assert_wacht_error(&error, "aborted", None);
}

#[wasm_bindgen_test]
async fn snapshots_keep_identity_and_zero_fill_helps_charts() {
    let url = staging_url();
    let client = session_client(url).await;
    let keys = with_subscriber(client.api_auth_keys(JsValue::UNDEFINED).unwrap());
    let loaded = settled(&keys).await;
    assert!(js_sys::Object::is(&loaded, &snapshot(&keys)));
    resolved(call(&keys, "refetch", &[]).dyn_into().unwrap()).await;
    let after = settled(&keys).await;
    assert_eq!(
        stringify(&get(&after, "keys")),
        stringify(&get(&loaded, "keys"))
    );

    let points = js(
        serde_json::json!([{"timestamp":"2026-11-20T00:00:00Z","total_requests":3,"allowed_requests":2,"blocked_requests":1,"success_rate":66.7}]),
    );
    let filled = wacht_api_auth::wasm::zero_fill_timeseries(
        points,
        js(serde_json::json!({"interval":"day","start":"2026-11-19","end":"2026-11-21"})),
    )
    .unwrap();
    let filled: Vec<JsValue> = js_sys::Array::from(&filled).iter().collect();
    assert_eq!(filled.len(), 3);
    assert_eq!(get(&filled[0], "total_requests").as_f64(), Some(0.0));
    assert_eq!(get(&filled[1], "total_requests").as_f64(), Some(3.0));
    assert!(wacht_api_auth::wasm::zero_fill_timeseries(
        JsValue::NULL,
        js(serde_json::json!({"start":"x","end":"y"}))
    )
    .is_err());
    call(&keys, "dispose", &[]);
}

#[wasm_bindgen_test]
async fn another_apps_session_never_sees_these_keys() {
    let url = staging_url();
    let client = session_client(url).await;
    let created =
        resolved(client.create_key(js(serde_json::json!({"name": unique_name("tenant A")})))).await;
    let id = get_str(&get(&created, "data"), "id");

    forget_dev_session(url);
    let partner = client_for(url);
    let ticket = mint_with(
        url,
        BACKEND_KEY,
        serde_json::json!({"ticket_type":"api_auth_access","api_auth_app_slug":"partner_api"}),
    )
    .await;
    resolved(partner.exchange_ticket(ticket.into())).await;
    let session = resolved(partner.get_api_auth_session()).await;
    assert_eq!(
        get_str(&get(&session, "api_auth_app"), "app_slug"),
        "partner_api"
    );
    let all = resolved(partner.list_keys(js(serde_json::json!({"status": "all"})))).await;
    assert!(!js_sys::Array::from(&all)
        .iter()
        .any(|k| get_str(&k, "id") == id));
    let error = rejected(partner.revoke_key(js(serde_json::json!({"key_id": id})))).await;
    assert_eq!(get_str(&error, "message"), "API key not found");
}
