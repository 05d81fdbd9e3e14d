//! Backend API-auth management: keys of an app and the audit reads, and what the browser and
//! the gateway see of them (same store); `--data` keeps the backend's rows.

mod common;

use common::{TestApp, BACKEND_KEY};
use serde_json::{json, Value};
use std::path::PathBuf;
use wacht_dev_server::config::Mode;

fn app() -> TestApp {
    TestApp::new(Mode::Staging)
}

async fn create_key(app: &TestApp, slug: &str, body: Value) -> Value {
    app.backend_ok("POST", &format!("/api-auth/apps/{slug}/keys"), Some(body))
        .await
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|key| key["id"].as_str().expect("id").to_string())
        .collect()
}

#[tokio::test]
async fn a_key_created_here_works_everywhere_and_shows_in_the_audit_reads() {
    let app = app();
    let key = create_key(
        &app,
        "aa_42",
        json!({
            "name": "Production Key",
            "permissions": ["users:read", "orgs:read"],
            "expires_at": "2099-05-06T07:08:09.123456789Z",
            "metadata": {"environment": "production"}
        }),
    )
    .await;
    let secret = key["secret"].as_str().expect("secret").to_string();
    assert!(secret.starts_with("acme_test_"), "{secret}");
    assert_eq!(key["expires_at"], "2099-05-06T07:08:09.123Z");
    assert_eq!(key["permissions"], json!(["users:read", "orgs:read"]));
    assert_eq!(key["metadata"], json!({"environment": "production"}));
    assert_eq!(key["deployment_id"], "42");
    assert_eq!(key["app_slug"], "aa_42");
    assert_eq!(key["rate_limit_scheme_slug"], "standard");
    assert_eq!(key["org_role_permissions"], json!([]));
    assert_eq!(key["key_suffix"], secret[secret.len() - 8..]);
    let id = key["id"].as_str().expect("id").to_string();
    assert!(id.parse::<i64>().is_ok());

    // Listed without the secret, with every field the Rust SDK requires.
    let list = app
        .backend_ok("GET", "/api-auth/apps/aa_42/keys", None)
        .await;
    assert_eq!(ids(&list["keys"]), [id.as_str()]);
    let listed = &list["keys"][0];
    assert!(listed.get("secret").is_none());
    assert!(!list.to_string().contains(&secret));
    let mut expected = key.clone();
    expected.as_object_mut().expect("object").remove("secret");
    assert_eq!(listed, &expected);

    // The browser's list of the same app shows it; the gateway accepts it.
    let token = app.app_session("aa_42").await;
    let front = app.get_in("/api-auth/keys", &token).await.envelope_data();
    assert_eq!(ids(&front), [id.as_str()]);
    let check = app.authz_get(&secret, "/v1/users").await;
    assert_eq!(check.status.as_u16(), 200, "{}", check.text());
    assert_eq!(check.json()["allowed"], true);

    // Its check is in the backend audit reads.
    let logs = app
        .backend_ok("GET", "/api-auth/apps/aa_42/audit/logs", None)
        .await;
    assert_eq!(logs["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(logs["data"][0]["key_id"], id.as_str());
    assert_eq!(logs["data"][0]["outcome"], "VALID");
    assert!(logs["data"][0]["rate_limits"].is_array(), "{logs}");
    assert_eq!(logs["has_more"], false);
    let analytics = app
        .backend_ok(
            "GET",
            &format!("/api-auth/apps/aa_42/audit/analytics?include_top_keys=true&key_id={id}"),
            None,
        )
        .await;
    assert_eq!(analytics["total_requests"], 1);
    assert_eq!(analytics["top_keys"][0]["key_id"], id.as_str());
    let series = app
        .backend_ok(
            "GET",
            "/api-auth/apps/aa_42/audit/timeseries?interval=day&start_date=2020-01-01T00:00:00.000000001Z",
            None,
        )
        .await;
    assert_eq!(series["interval"], "day");
    assert_eq!(series["data"][0]["total_requests"], 1);
    // Another app's reads are empty, and never null.
    let empty = app
        .backend_ok("GET", "/api-auth/apps/partner_api/audit/timeseries", None)
        .await;
    assert_eq!(empty["data"], json!([]));
    let empty = app
        .backend_ok("GET", "/api-auth/apps/partner_api/audit/logs", None)
        .await;
    assert_eq!(empty["data"], json!([]));
}

#[tokio::test]
async fn rotate_and_revoke_as_both_sdks_send_them() {
    let app = app();
    let key = create_key(&app, "aa_42", json!({"name": "k", "metadata": {"a": 1}})).await;
    let id = key["id"].as_str().expect("id").to_string();
    let old_secret = key["secret"].as_str().expect("secret").to_string();

    // The Rust SDK: no body, no Content-Type.
    let rotated = app
        .backend_raw(
            "POST",
            &format!("/api-auth/apps/aa_42/keys/{id}/rotate"),
            Some(BACKEND_KEY),
            Vec::new(),
            false,
        )
        .await;
    assert_eq!(rotated.status.as_u16(), 200, "{}", rotated.text());
    let rotated = rotated.json();
    let new_id = rotated["id"].as_str().expect("id").to_string();
    assert_ne!(new_id, id);
    assert_eq!(rotated["name"], "k");
    assert_eq!(rotated["metadata"], json!({"a": 1}));
    let new_secret = rotated["secret"].as_str().expect("secret").to_string();
    assert_eq!(
        app.authz_get(&old_secret, "/v1/x").await.status.as_u16(),
        401
    );
    assert_eq!(
        app.authz_get(&new_secret, "/v1/x").await.status.as_u16(),
        200
    );

    // A rotated (so revoked) key cannot be rotated again; nothing is created.
    app.backend(
        "POST",
        &format!("/api-auth/apps/aa_42/keys/{id}/rotate"),
        Some(json!({})),
    )
    .await
    .assert_backend_error(400, "API key is not active");
    let all = app
        .backend_ok(
            "GET",
            "/api-auth/apps/aa_42/keys?include_inactive=true",
            None,
        )
        .await;
    assert_eq!(ids(&all["keys"]), [new_id.clone(), id.clone()]);
    assert_eq!(all["keys"][1]["revoked_reason"], "Rotated");
    assert_eq!(all["keys"][1]["is_active"], false);

    // Revoke with a reason: gone from the browser's active list and from the gateway.
    let token = app.app_session("aa_42").await;
    let front = app.get_in("/api-auth/keys", &token).await.envelope_data();
    assert_eq!(ids(&front), [new_id.as_str()]);
    let revoked = app
        .backend(
            "POST",
            &format!("/api-auth/apps/aa_42/keys/{new_id}/revoke"),
            Some(json!({"reason": "Key no longer needed"})),
        )
        .await;
    assert_eq!(revoked.status.as_u16(), 204, "{}", revoked.text());
    let front = app.get_in("/api-auth/keys", &token).await.envelope_data();
    assert_eq!(front, json!([]));
    assert_eq!(
        app.authz_get(&new_secret, "/v1/x").await.status.as_u16(),
        401
    );
    let active = app
        .backend_ok("GET", "/api-auth/apps/aa_42/keys", None)
        .await;
    assert_eq!(active, json!({"keys": []}));
    // Again with `{}` and with no body: still revoked, the reason kept.
    for body in [b"{}".to_vec(), Vec::new()] {
        let reply = app
            .backend_raw(
                "POST",
                &format!("/api-auth/apps/aa_42/keys/{new_id}/revoke"),
                Some(BACKEND_KEY),
                body,
                true,
            )
            .await;
        assert_eq!(reply.status.as_u16(), 204, "{}", reply.text());
    }
    let all = app
        .backend_ok(
            "GET",
            "/api-auth/apps/aa_42/keys?include_inactive=true",
            None,
        )
        .await;
    assert_eq!(all["keys"][0]["revoked_reason"], "Key no longer needed");
}

#[tokio::test]
async fn bad_key_input_is_a_4xx_and_stores_nothing() {
    let app = app();
    let cases: Vec<(Value, &str)> = vec![
        (json!({}), "Invalid request body: missing field `name`"),
        (json!({"name": 1}), "Invalid request body: invalid type"),
        (json!({"name": ""}), "name cannot be empty"),
        (json!({"name": "x".repeat(257)}), "name must be at most 256"),
        (
            json!({"name": "k", "permissions": [1]}),
            "Invalid request body: invalid type",
        ),
        (
            json!({"name": "k", "permissions": vec!["p"; 101]}),
            "permissions must have at most 100",
        ),
        (
            json!({"name": "k", "expires_at": "tomorrow"}),
            "expires_at must be RFC 3339",
        ),
        (
            json!({"name": "k", "expires_at": "2099-01-01 00:00:00"}),
            "expires_at must be RFC 3339",
        ),
        (
            json!({"name": "k", "metadata": [1]}),
            "metadata must be a JSON object",
        ),
    ];
    app.assert_backend_refuses("POST", "/api-auth/apps/aa_42/keys", &cases)
        .await;
    app.backend(
        "POST",
        "/api-auth/apps/nope/keys",
        Some(json!({"name": "k"})),
    )
    .await
    .assert_backend_error(404, "API auth app not found");
    let huge = json!({"name": "k", "metadata": {"x": "y".repeat(70_000)}});
    app.backend("POST", "/api-auth/apps/aa_42/keys", Some(huge))
        .await
        .assert_backend_error(413, "Request body too large");
    for (uri, status, message) in [
        (
            "/api-auth/apps/aa_42/keys/abc/rotate",
            400,
            "invalid key id",
        ),
        ("/api-auth/apps/aa_42/keys/-1/revoke", 400, "invalid key id"),
        (
            "/api-auth/apps/aa_42/keys/99/rotate",
            404,
            "API key not found",
        ),
        (
            "/api-auth/apps/aa_42/keys/99/revoke",
            404,
            "API key not found",
        ),
        (
            "/api-auth/apps/nope/keys/1/rotate",
            404,
            "API auth app not found",
        ),
    ] {
        app.backend("POST", uri, Some(json!({})))
            .await
            .assert_backend_error(status, message);
    }
    let key = create_key(&app, "aa_42", json!({"name": "k"})).await;
    let id = key["id"].as_str().expect("id");
    for (body, message) in [
        (json!({"reason": 5}), "Invalid request body: invalid type"),
        (
            json!({"reason": "r".repeat(257)}),
            "reason must be at most 256",
        ),
    ] {
        let reply = app
            .backend(
                "POST",
                &format!("/api-auth/apps/aa_42/keys/{id}/revoke"),
                Some(body),
            )
            .await;
        assert_eq!(reply.status.as_u16(), 400, "{}", reply.text());
        assert!(
            reply.backend_message().starts_with(message),
            "{}",
            reply.text()
        );
    }
    // A key of aa_42 is not a key of partner_api.
    app.backend(
        "POST",
        &format!("/api-auth/apps/partner_api/keys/{id}/revoke"),
        Some(json!({})),
    )
    .await
    .assert_backend_error(404, "API key not found");
    for query in ["key_id=abc", "start_date=yesterday", "cursor=!!"] {
        let reply = app
            .backend(
                "GET",
                &format!("/api-auth/apps/aa_42/audit/logs?{query}"),
                None,
            )
            .await;
        assert_eq!(reply.status.as_u16(), 400, "{query}: {}", reply.text());
    }
    let keys = app
        .backend_ok("GET", "/api-auth/apps/aa_42/keys", None)
        .await;
    assert_eq!(ids(&keys["keys"]), [id.to_string()]);
    assert_eq!(keys["keys"][0]["is_active"], true);
}

#[tokio::test]
async fn an_app_created_here_can_be_exchanged_into_until_deactivated_or_deleted() {
    let app = app();
    app.backend_ok(
        "POST",
        "/api-auth/apps",
        Some(json!({"app_slug": "aa_new", "name": "New", "key_prefix": "new_test"})),
    )
    .await;
    let key = create_key(&app, "aa_new", json!({"name": "from the backend"})).await;
    let token = app.app_session("aa_new").await;
    let session = app
        .get_in("/api-auth/session", &token)
        .await
        .envelope_data();
    assert_eq!(session["api_auth_app"]["app_slug"], "aa_new");
    assert_eq!(session["api_auth_app"]["key_prefix"], "new_test");
    let front = app.get_in("/api-auth/keys", &token).await.envelope_data();
    assert_eq!(ids(&front), [key["id"].as_str().expect("id").to_string()]);

    // Deactivated: the session and new exchanges are refused, the key fails at the gateway.
    app.backend_ok(
        "PATCH",
        "/api-auth/apps/aa_new",
        Some(json!({"is_active": false})),
    )
    .await;
    app.get_in("/api-auth/session", &token)
        .await
        .assert_frontend_error(400, "Invalid API auth app session");
    let fresh = app.staging_session().await;
    let ticket = app
        .mint_ok(json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_new"}))
        .await;
    app.exchange(&ticket, &fresh)
        .await
        .assert_frontend_error(500, "Internal server error");
    let secret = key["secret"].as_str().expect("secret");
    assert_eq!(app.authz_get(secret, "/v1/x").await.status.as_u16(), 401);

    // Active again, then deleted: refused the same way.
    app.backend_ok(
        "PATCH",
        "/api-auth/apps/aa_new",
        Some(json!({"is_active": true})),
    )
    .await;
    let token = app.app_session("aa_new").await;
    assert_eq!(app.authz_get(secret, "/v1/x").await.status.as_u16(), 200);
    app.backend("DELETE", "/api-auth/apps/aa_new", None).await;
    app.get_in("/api-auth/session", &token)
        .await
        .assert_frontend_error(400, "Invalid API auth app session");
    let ticket = app
        .mint_ok(json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_new"}))
        .await;
    app.exchange(&ticket, &app.staging_session().await)
        .await
        .assert_frontend_error(500, "Internal server error");
    assert_eq!(app.authz_get(secret, "/v1/x").await.status.as_u16(), 401);
}

fn temp_file(name: &str) -> PathBuf {
    common::temp_dir(&format!("backend-{name}")).join("dev.sqlite")
}

#[tokio::test]
async fn the_data_file_keeps_apps_schemes_and_key_metadata() {
    let path = temp_file("restart");
    let (key_id, secret) = {
        let app = TestApp::with_data_file(&path);
        app.backend_ok(
            "POST",
            "/api-auth/rate-limit-schemes",
            Some(json!({"slug": "kept", "name": "Kept", "rules": [
                {"unit": "minute", "duration": 1, "max_requests": 3, "mode": "per_key"}
            ]})),
        )
        .await;
        app.backend_ok(
            "POST",
            "/api-auth/apps",
            Some(
                json!({"app_slug": "kept_app", "name": "Kept", "key_prefix": "kept",
                "rate_limit_scheme_slug": "kept"}),
            ),
        )
        .await;
        app.backend_ok(
            "PATCH",
            "/api-auth/apps/aa_42",
            Some(json!({"name": "Renamed"})),
        )
        .await;
        app.backend("DELETE", "/api-auth/apps/partner_api", None)
            .await;
        let key = create_key(
            &app,
            "kept_app",
            json!({"name": "k", "metadata": {"m": true}}),
        )
        .await;
        (
            key["id"].as_str().expect("id").to_string(),
            key["secret"].as_str().expect("secret").to_string(),
        )
    };
    let app = TestApp::with_data_file(&path);
    let list = app
        .backend_ok("GET", "/api-auth/apps?include_inactive=true", None)
        .await;
    let slugs: Vec<&str> = list["apps"]
        .as_array()
        .expect("apps")
        .iter()
        .map(|app| app["app_slug"].as_str().expect("slug"))
        .collect();
    assert_eq!(slugs, ["aa_42", "kept_app"]);
    assert_eq!(list["apps"][0]["name"], "Renamed");
    assert_eq!(list["apps"][1]["rate_limits"][0]["max_requests"], 3);
    let scheme = app
        .backend_ok("GET", "/api-auth/rate-limit-schemes/kept", None)
        .await;
    assert_eq!(scheme["rules"][0]["mode"], "per_key");
    let keys = app
        .backend_ok("GET", "/api-auth/apps/kept_app/keys", None)
        .await;
    assert_eq!(ids(&keys["keys"]), [key_id.as_str()]);
    assert_eq!(keys["keys"][0]["metadata"], json!({"m": true}));
    assert_eq!(app.authz_get(&secret, "/v1/x").await.status.as_u16(), 200);
    // A new row gets an id after the loaded ones.
    let next = app
        .backend_ok(
            "POST",
            "/api-auth/rate-limit-schemes",
            Some(json!({"slug": "next", "name": "Next", "rules": [
                {"unit": "second", "duration": 1, "max_requests": 1}
            ]})),
        )
        .await;
    let next_id: u64 = next["id"].as_str().expect("id").parse().expect("number");
    assert!(next_id > key_id.parse::<u64>().expect("number"));
    let _ = std::fs::remove_dir_all(path.parent().expect("dir"));
}

/// A data file written before keys had `metadata` (and before the app and scheme tables) opens:
/// the column and tables are added, its keys load with `{}` and keep working.
#[tokio::test]
async fn an_older_data_file_gets_the_new_column_and_tables() {
    let path = temp_file("older");
    {
        let connection = rusqlite::Connection::open(&path).expect("open");
        connection
            .execute_batch(
                "CREATE TABLE api_keys (id TEXT PRIMARY KEY, deployment_id TEXT NOT NULL, \
                 app_slug TEXT NOT NULL, name TEXT NOT NULL, key_prefix TEXT NOT NULL, \
                 key_suffix TEXT NOT NULL, key_hash TEXT NOT NULL, permissions TEXT NOT NULL, \
                 rate_limit_scheme_slug TEXT, expires_at_ms INTEGER, last_used_at_ms INTEGER, \
                 is_active INTEGER NOT NULL, created_at_ms INTEGER NOT NULL, \
                 updated_at_ms INTEGER NOT NULL, revoked_at_ms INTEGER, revoked_reason TEXT);
                 INSERT INTO api_keys VALUES ('7', '42', 'aa_42', 'old', 'acme_test', 'abcdefgh', \
                 'h', '[\"users:read\"]', 'standard', NULL, NULL, 1, 1767225600000, \
                 1767225600000, NULL, NULL);",
            )
            .expect("old schema");
    }
    let app = TestApp::with_data_file(&path);
    let keys = app
        .backend_ok("GET", "/api-auth/apps/aa_42/keys", None)
        .await;
    assert_eq!(ids(&keys["keys"]), ["7"]);
    assert_eq!(keys["keys"][0]["metadata"], json!({}));
    assert_eq!(keys["keys"][0]["permissions"], json!(["users:read"]));
    let revoked = app
        .backend(
            "POST",
            "/api-auth/apps/aa_42/keys/7/revoke",
            Some(json!({"reason": "old"})),
        )
        .await;
    assert_eq!(revoked.status.as_u16(), 204, "{}", revoked.text());
    drop(app);
    let app = TestApp::with_data_file(&path);
    let keys = app
        .backend_ok(
            "GET",
            "/api-auth/apps/aa_42/keys?include_inactive=true",
            None,
        )
        .await;
    assert_eq!(keys["keys"][0]["revoked_reason"], "old");
    let _ = std::fs::remove_dir_all(path.parent().expect("dir"));
}
