//! The backend API-auth routes driven through the published Rust SDK (`wacht`, pinned), every
//! call of the API keys guide as the published crate spells it, against a real server. What
//! differs from the guide's code is listed in the README ("From the guides to the SDKs").

mod common;

use chrono::{Duration, Utc};
use common::{spawn_server, BACKEND_KEY, OTHER_KEY};
use serde_json::json;
use std::net::SocketAddr;
use wacht::api_keys::{
    CreateApiAuthAppRequest, CreateApiKeyRequest, CreateRateLimitSchemeRequest,
    GetApiAuditAnalyticsQuery, GetApiAuditTimeseriesQuery, ListApiAuditLogsQuery, RateLimit,
    RateLimitMode, RateLimitUnit, RevokeApiKeyRequest, UpdateApiAuthAppRequest,
    UpdateRateLimitSchemeRequest,
};
use wacht::{Error, WachtClient, WachtConfig};
use wacht_dev_server::config::Config;

/// A client for the server at `addr` with `key` (the SDK's base URL is a public field).
fn client(addr: SocketAddr, key: &str) -> WachtClient {
    let config = WachtConfig {
        base_url: format!("http://{addr}"),
        ..WachtConfig::new(key, format!("http://{addr}"))
    };
    WachtClient::new(config).expect("client")
}

fn create_app_request(slug: &str, scheme: Option<&str>) -> CreateApiAuthAppRequest {
    CreateApiAuthAppRequest {
        user_id: None,
        organization_id: None,
        workspace_id: None,
        app_slug: slug.to_string(),
        name: "My Integration".to_string(),
        key_prefix: "sk_live".to_string(),
        description: Some("Integration with external service".to_string()),
        rate_limit_scheme_slug: scheme.map(str::to_string),
        permissions: None,
        resources: None,
    }
}

#[tokio::test]
async fn every_call_of_the_api_keys_guide_through_the_published_sdk() {
    let server = spawn_server(Config::default()).await;
    let client = client(server.addr, BACKEND_KEY);
    let api = client.api_keys();

    // List (active only, then with inactive ones).
    let apps = api.list_api_auth_apps().send().await.expect("list apps");
    let names: Vec<&str> = apps.iter().map(|app| app.app_slug.as_str()).collect();
    assert_eq!(names, ["aa_42", "partner_api"]);
    let all = api
        .list_api_auth_apps()
        .include_inactive(true)
        .send()
        .await
        .expect("list all apps");
    assert_eq!(all.len(), 2);

    // Create (basic), get.
    let app = api
        .create_api_auth_app(create_app_request("my-integration", None))
        .send()
        .await
        .expect("create app");
    assert_eq!(app.deployment_id, "42");
    let got = api
        .get_api_auth_app("my-integration")
        .send()
        .await
        .expect("get app");
    assert_eq!(got.name, "My Integration");
    assert_eq!(got.created_at, app.created_at);

    // A rate-limit scheme (the guide assumes one exists), then an app naming it.
    let rule = RateLimit {
        unit: RateLimitUnit::Minute,
        duration: 1,
        max_requests: 100,
        mode: Some(RateLimitMode::PerKey),
        endpoints: None,
        priority: 0,
    };
    let scheme = api
        .create_rate_limit_scheme(CreateRateLimitSchemeRequest {
            slug: "my-rate-limit-scheme".to_string(),
            name: "My scheme".to_string(),
            description: None,
            rules: vec![rule],
        })
        .send()
        .await
        .expect("create scheme");
    assert_eq!(scheme.rules[0].unit, RateLimitUnit::Minute);
    let limited = api
        .create_api_auth_app(create_app_request(
            "my-integration-with-rate-limit",
            Some("my-rate-limit-scheme"),
        ))
        .send()
        .await
        .expect("create app with scheme");
    assert_eq!(limited.rate_limits[0].max_requests, 100);
    assert_eq!(limited.rate_limits[0].mode, Some(RateLimitMode::PerKey));
    let schemes = api.list_rate_limit_schemes().send().await.expect("schemes");
    assert_eq!(schemes.len(), 2);
    let updated_scheme = api
        .update_rate_limit_scheme(
            "my-rate-limit-scheme",
            UpdateRateLimitSchemeRequest {
                name: Some("Renamed".to_string()),
                ..Default::default()
            },
        )
        .send()
        .await
        .expect("update scheme");
    assert_eq!(updated_scheme.name, "Renamed");
    let fetched = api
        .get_rate_limit_scheme("my-rate-limit-scheme")
        .send()
        .await
        .expect("get scheme");
    assert_eq!(fetched.id, scheme.id);

    // Keys: basic, then with permissions, expiry and metadata.
    let basic = api
        .create_api_key(
            "my-integration",
            CreateApiKeyRequest {
                name: "Production Key".to_string(),
                permissions: None,
                expires_at: None,
                metadata: None,
            },
        )
        .send()
        .await
        .expect("create key");
    assert!(basic.secret.starts_with("sk_live_"));
    let expires = Utc::now() + Duration::days(365);
    let key = api
        .create_api_key(
            "my-integration",
            CreateApiKeyRequest {
                name: "Production Key".to_string(),
                permissions: Some(vec!["users:read".to_string(), "orgs:read".to_string()]),
                expires_at: Some(expires),
                metadata: Some(json!({"environment": "production"})),
            },
        )
        .send()
        .await
        .expect("create key with options");
    let expires_at = key.key.expires_at.expect("expiry");
    assert_eq!(expires_at.timestamp_millis(), expires.timestamp_millis());
    assert_eq!(key.key.permissions, ["users:read", "orgs:read"]);
    assert_eq!(key.key.metadata, json!({"environment": "production"}));

    let keys = api
        .list_api_keys("my-integration")
        .send()
        .await
        .expect("list keys");
    assert_eq!(keys.len(), 2);

    // Rotate (no body) and revoke take the app and a numeric id.
    let key_id: i64 = key.key.id.parse().expect("numeric id");
    let rotated = api
        .rotate_api_key("my-integration", key_id)
        .send()
        .await
        .expect("rotate");
    assert_ne!(rotated.key.id, key.key.id);
    assert_ne!(rotated.secret, key.secret);
    let basic_id: i64 = basic.key.id.parse().expect("numeric id");
    api.revoke_api_key(
        "my-integration",
        basic_id,
        RevokeApiKeyRequest {
            reason: Some("Key no longer needed".to_string()),
        },
    )
    .send()
    .await
    .expect("revoke");
    let active = api
        .list_api_keys("my-integration")
        .send()
        .await
        .expect("active keys");
    assert_eq!(active.len(), 1);
    assert_eq!(active[0].id, rotated.key.id);
    let every = api
        .list_api_keys("my-integration")
        .include_inactive(true)
        .send()
        .await
        .expect("all keys");
    assert_eq!(every.len(), 3);
    let revoked = every
        .iter()
        .find(|listed| listed.id == basic.key.id)
        .expect("revoked key");
    assert_eq!(
        revoked.revoked_reason.as_deref(),
        Some("Key no longer needed")
    );

    // A gateway check, then the audit reads.
    let check = common::http(
        server.addr,
        "POST",
        "/v1/authz/check",
        &[("content-type", "application/json")],
        json!({"principal": {"type": "api_key", "value": rotated.secret}, "resource": "/v1/users",
            "method": "GET"})
        .to_string()
        .as_bytes(),
    )
    .await;
    assert_eq!(check.status.as_u16(), 200, "{}", check.text());
    let logs = api
        .get_api_audit_logs(
            "my-integration",
            ListApiAuditLogsQuery {
                start_date: Some(Utc::now() - Duration::hours(1)),
                ..Default::default()
            },
        )
        .send()
        .await
        .expect("logs");
    assert_eq!(logs.data.len(), 1);
    assert_eq!(logs.data[0].key_id, rotated.key.id);
    let analytics = api
        .get_api_audit_analytics(
            "my-integration",
            GetApiAuditAnalyticsQuery {
                include_top_keys: Some(true),
                include_rate_limits: Some(true),
                ..Default::default()
            },
        )
        .send()
        .await
        .expect("analytics");
    assert_eq!(analytics.total_requests, 1);
    let series = api
        .get_api_audit_timeseries(
            "my-integration",
            GetApiAuditTimeseriesQuery {
                interval: Some("day".to_string()),
                ..Default::default()
            },
        )
        .send()
        .await
        .expect("timeseries");
    assert_eq!(series.data.len(), 1);
    let empty = api
        .get_api_audit_timeseries("partner_api", GetApiAuditTimeseriesQuery::default())
        .send()
        .await
        .expect("empty timeseries");
    assert!(empty.data.is_empty());

    // Update (the fields set; the SDK leaves the others out), delete.
    let updated = api
        .update_api_auth_app(
            "my-integration",
            UpdateApiAuthAppRequest {
                organization_id: None,
                workspace_id: None,
                name: Some("Updated Integration Name".to_string()),
                key_prefix: None,
                description: None,
                is_active: Some(false),
                rate_limit_scheme_slug: None,
                permissions: None,
                resources: None,
            },
        )
        .send()
        .await
        .expect("update app");
    assert_eq!(updated.name, "Updated Integration Name");
    assert!(!updated.is_active);
    api.delete_api_auth_app("my-integration")
        .send()
        .await
        .expect("delete app");

    // Errors: the backend shape, surfaced by the SDK as `Error::Api`.
    match api.get_api_auth_app("my-integration").send().await {
        Err(Error::Api {
            status, details, ..
        }) => {
            assert_eq!(status.as_u16(), 404);
            assert_eq!(
                details,
                Some(json!({"errors": [{"message": "API auth app not found", "code": 404}]}))
            );
        }
        other => panic!("expected a 404, got {other:?}"),
    }
    api.delete_rate_limit_scheme("my-rate-limit-scheme")
        .send()
        .await
        .expect_err("in use by my-integration-with-rate-limit");
}

#[tokio::test]
async fn the_sdk_with_a_bad_or_foreign_key() {
    let server = spawn_server(Config::default()).await;
    match client(server.addr, "wk_test_nope")
        .api_keys()
        .list_api_auth_apps()
        .send()
        .await
    {
        Err(Error::Api {
            status, details, ..
        }) => {
            assert_eq!(status.as_u16(), 401);
            assert_eq!(
                details,
                Some(json!({"errors": [{"message": "Authentication failed", "code": 401}]}))
            );
        }
        other => panic!("expected a 401, got {other:?}"),
    }
    let other = client(server.addr, OTHER_KEY).api_keys();
    let apps = other.list_api_auth_apps().send().await.expect("list");
    let slugs: Vec<&str> = apps.iter().map(|app| app.app_slug.as_str()).collect();
    assert_eq!(slugs, ["aa_77"]);
    other
        .list_api_keys("aa_42")
        .send()
        .await
        .expect_err("not deployment 77's app");
}
