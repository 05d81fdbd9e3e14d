//! The Rust face's keys and audit reads: the key lifecycle through the keys store (the secret
//! only in the create/rotate result, never in a snapshot), lists by status, revoking with a
//! reason, audit log pages with `load_more`, analytics and timeseries; a store sends nothing
//! until its first subscriber (or `refetch`).
#![cfg(target_arch = "wasm32")]

mod support;

use support::*;
use wacht_api_auth_web::models::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn with_status(status: &str) -> KeyListOptions {
    KeyListOptions {
        status: Some(status.into()),
    }
}

fn logs_options(limit: u64, key_id: &str) -> AuditLogsOptions {
    AuditLogsOptions {
        limit: Some(limit),
        cursor: None,
        outcome: None,
        key_id: Some(key_id.into()),
        start_date: None,
        end_date: None,
    }
}

#[wasm_bindgen_test]
async fn the_key_lifecycle_shows_the_secret_only_in_the_create_and_rotate_results() {
    let url = staging_url();
    forget_dev_session(url);
    let client = session_client(url).await;
    let (keys, _running) = with_subscriber(client.keys(with_status("active")).unwrap());
    let loaded = wait_until(&keys, "the first load", |s| !s.loading && !s.fetching).await;
    assert!(loaded.error.is_none(), "{loaded:?}");

    let name = unique_name("rust face");
    let input = CreateKeyInput {
        name: name.clone(),
        expires_at: None,
    };
    let created = keys.create_key(&input).await.unwrap();
    assert!(
        created.secret.starts_with(&created.key_prefix),
        "{created:?}"
    );
    assert!(created.secret.ends_with(&created.key_suffix));
    // The store refetches after the mutation: the key is listed, without its secret.
    let listed = wait_until(&keys, "the new key", |s| {
        s.keys.iter().any(|k| k.id == created.id)
    })
    .await;
    assert!(listed.error.is_none(), "{listed:?}");
    assert!(
        !format!("{listed:?}").contains(&created.secret),
        "the secret is in a snapshot"
    );
    let key = listed.keys.iter().find(|k| k.id == created.id).unwrap();
    assert_eq!(key.name, name);
    assert!(key.is_active);

    let rotated = keys
        .rotate_key(&RotateKeyInput {
            key_id: created.id.clone(),
        })
        .await
        .unwrap();
    assert_ne!(rotated.id, created.id);
    assert_ne!(rotated.secret, created.secret);
    let after = wait_until(&keys, "the rotation", |s| {
        s.keys.iter().any(|k| k.id == rotated.id) && !s.keys.iter().any(|k| k.id == created.id)
    })
    .await;
    assert!(after.error.is_none(), "{after:?}");
    assert!(!format!("{after:?}").contains(&rotated.secret));

    let reason = "rotated out in a test".to_owned();
    let revoked = keys
        .revoke_key(&RevokeKeyInput {
            key_id: rotated.id.clone(),
            reason: Some(reason.clone()),
        })
        .await
        .unwrap();
    assert!(revoked.success);
    let revoked_list = client.list_keys(&with_status("revoked")).await.unwrap();
    let gone = revoked_list
        .iter()
        .find(|k| k.id == rotated.id)
        .expect("the revoked key is listed as revoked");
    assert_eq!(gone.revoked_reason.as_deref(), Some(reason.as_str()));
    assert!(
        revoked_list.iter().any(|k| k.id == created.id),
        "the rotated-out key is revoked"
    );
    let active = client.list_keys(&with_status("active")).await.unwrap();
    assert!(!active
        .iter()
        .any(|k| k.id == rotated.id || k.id == created.id));
    wait_until(&keys, "the revocation", |s| {
        !s.keys.iter().any(|k| k.id == rotated.id)
    })
    .await;
    assert_eq!(keys.refetch().await.unwrap(), keys.get().keys);
}

#[wasm_bindgen_test]
async fn audit_logs_come_in_pages_with_load_more_and_analytics_count_them() {
    let url = staging_url();
    forget_dev_session(url);
    let client = session_client(url).await;
    let name = unique_name("audited");
    let created = client
        .create_key(&CreateKeyInput {
            name,
            expires_at: None,
        })
        .await
        .unwrap();
    for _ in 0..5 {
        gateway_check(url, &created.secret).await;
    }
    let page = client
        .audit_logs(&logs_options(2, &created.id))
        .await
        .unwrap();
    assert_eq!(page.data.len(), 2);
    assert!(page.has_more && page.next_cursor.is_some(), "{page:?}");

    let (logs, _logs_running) = with_subscriber(
        client
            .audit_logs_store(logs_options(2, &created.id))
            .unwrap(),
    );
    let first = wait_until(&logs, "the first page", |s| !s.loading && !s.fetching).await;
    assert_eq!(first.logs.len(), 2, "{first:?}");
    assert!(logs.load_more().await.unwrap());
    assert!(logs.load_more().await.unwrap());
    let all = logs.get();
    assert_eq!(all.logs.len(), 5, "{all:?}");
    assert!(!all.has_more);
    let mut ids: Vec<_> = all.logs.iter().map(|l| l.request_id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5, "five distinct checks");
    assert!(!logs.load_more().await.unwrap(), "nothing more to load");

    let analytics = client
        .audit_analytics(&AuditAnalyticsOptions {
            start_date: None,
            end_date: None,
            key_id: Some(created.id.clone()),
            include_top_keys: Some(true),
            include_top_paths: None,
            include_blocked_reasons: None,
            include_rate_limits: None,
            top_limit: None,
        })
        .await
        .unwrap();
    assert_eq!(analytics.total_requests, 5, "{analytics:?}");
    let series_options = AuditTimeseriesOptions {
        start_date: None,
        end_date: None,
        interval: Some("hour".into()),
        key_id: Some(created.id.clone()),
    };
    let series = client.audit_timeseries(&series_options).await.unwrap();
    assert_eq!(series.interval, "hour");
    assert_eq!(
        series.data.iter().map(|p| p.total_requests).sum::<u64>(),
        5,
        "{series:?}"
    );
    let (store, _series_running) =
        with_subscriber(client.audit_timeseries_store(series_options).unwrap());
    let shown = wait_until(&store, "the timeseries", |s| !s.loading && !s.fetching).await;
    assert_eq!(shown.timeseries, series.data);
    // `stream()` subscribes too: it starts the store.
    let analytics_store = client
        .audit_analytics_store(AuditAnalyticsOptions {
            start_date: None,
            end_date: None,
            key_id: Some(created.id.clone()),
            include_top_keys: None,
            include_top_paths: None,
            include_blocked_reasons: None,
            include_rate_limits: None,
            top_limit: None,
        })
        .unwrap();
    let _analytics_stream = analytics_store.stream();
    let shown = wait_until(&analytics_store, "the analytics", |s| s.analytics.is_some()).await;
    assert_eq!(shown.analytics.unwrap().total_requests, 5);
}

#[wasm_bindgen_test]
async fn bad_options_are_invalid_arguments() {
    use wacht_api_auth_web::{ClientOptions, ErrorCode, Mode, WachtClient};
    let refused = [
        ClientOptions::publishable_key("pk_nope"),
        ClientOptions::publishable_key("pk_test_%%%"),
        ClientOptions::frontend_api("ftp://example.com", Mode::Staging),
        options(staging_url()).timeout_ms(0),
        options(staging_url()).max_body_bytes(0),
    ];
    for options in refused {
        let error = WachtClient::new(options).err().expect("refused");
        assert_eq!(error.code, ErrorCode::InvalidArgument, "{error}");
    }
    let client = client_for(staging_url());
    assert_eq!(client.frontend_api_url(), staging_url());
}

#[wasm_bindgen_test]
async fn a_store_sends_nothing_until_its_first_subscriber_or_a_refetch() {
    let url = staging_url();
    forget_dev_session(url);
    let client = session_client(url).await;
    let before = count_requests(url, "GET", "/api-auth/keys").await;
    let keys = client.keys(with_status("revoked")).unwrap();
    let waiting = keys.get();
    assert!(
        waiting.loading && waiting.fetching && waiting.keys.is_empty() && waiting.error.is_none(),
        "before it starts a store shows its loading state: {waiting:?}"
    );
    sleep(200).await;
    assert_eq!(
        count_requests(url, "GET", "/api-auth/keys").await,
        before,
        "a store nobody subscribed sends nothing"
    );
    assert_eq!(keys.get(), waiting, "get() alone does not start it");
    let (keys, _running) = with_subscriber(keys);
    let loaded = wait_until(&keys, "the first load", |s| !s.loading && !s.fetching).await;
    assert!(loaded.error.is_none(), "{loaded:?}");
    assert_eq!(
        count_requests(url, "GET", "/api-auth/keys").await,
        before + 1
    );

    // `refetch()` on a store that has not started starts it: that is its first read.
    let active = client.keys(with_status("active")).unwrap();
    let listed = active.refetch().await.unwrap();
    let shown = active.get();
    assert!(!shown.loading && !shown.fetching, "{shown:?}");
    assert_eq!(listed, shown.keys);
    assert_eq!(
        count_requests(url, "GET", "/api-auth/keys").await,
        before + 2
    );
}
