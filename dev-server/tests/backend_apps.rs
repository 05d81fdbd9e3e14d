//! Backend API-auth management: apps and rate-limit schemes behind the backend key — shapes the
//! SDKs decode, partial updates, deletion, tenant isolation and refused input.

mod common;

use common::{TestApp, BACKEND_KEY, OTHER_KEY};
use serde_json::{json, Value};
use wacht_dev_server::config::Mode;
use wacht_dev_server::http::MAX_BODY_BYTES;

fn app() -> TestApp {
    TestApp::new(Mode::Staging)
}

fn new_app(slug: &str) -> Value {
    json!({"app_slug": slug, "name": "My Integration", "key_prefix": "sk_live"})
}

fn slugs(list: &Value) -> Vec<String> {
    list["apps"]
        .as_array()
        .expect("apps")
        .iter()
        .map(|app| app["app_slug"].as_str().expect("slug").to_string())
        .collect()
}

#[tokio::test]
async fn every_route_needs_a_known_backend_key() {
    let app = app();
    let routes = [
        ("GET", "/api-auth/apps"),
        ("POST", "/api-auth/apps"),
        ("GET", "/api-auth/apps/aa_42"),
        ("PATCH", "/api-auth/apps/aa_42"),
        ("DELETE", "/api-auth/apps/aa_42"),
        ("GET", "/api-auth/apps/aa_42/keys"),
        ("POST", "/api-auth/apps/aa_42/keys"),
        ("POST", "/api-auth/apps/aa_42/keys/1/rotate"),
        ("POST", "/api-auth/apps/aa_42/keys/1/revoke"),
        ("GET", "/api-auth/rate-limit-schemes"),
        ("POST", "/api-auth/rate-limit-schemes"),
        ("GET", "/api-auth/rate-limit-schemes/standard"),
        ("PATCH", "/api-auth/rate-limit-schemes/standard"),
        ("DELETE", "/api-auth/rate-limit-schemes/standard"),
        ("GET", "/api-auth/apps/aa_42/audit/logs"),
        ("GET", "/api-auth/apps/aa_42/audit/analytics"),
        ("GET", "/api-auth/apps/aa_42/audit/timeseries"),
    ];
    let too_long = format!("{BACKEND_KEY}x");
    for (method, uri) in routes {
        for key in ["", "wk_test_nope", "not a key", too_long.as_str()] {
            app.backend_raw(method, uri, Some(key), b"{}".to_vec(), true)
                .await
                .assert_backend_error(401, "Authentication failed");
        }
        app.backend_raw(method, uri, None, b"{}".to_vec(), true)
            .await
            .assert_backend_error(401, "Authorization header must be Bearer token");
    }
    // Nothing was deleted or changed by the refused calls.
    let list = app.backend_ok("GET", "/api-auth/apps", None).await;
    assert_eq!(slugs(&list), ["aa_42", "partner_api"]);
}

#[tokio::test]
async fn apps_have_the_shape_the_sdks_decode() {
    let app = app();
    let list = app.backend_ok("GET", "/api-auth/apps", None).await;
    assert_eq!(list["total"], 2);
    let aa_42 = &list["apps"][0];
    let mut fields: Vec<&String> = aa_42.as_object().expect("object").keys().collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "app_slug",
            "created_at",
            "deleted_at",
            "deployment_id",
            "description",
            "is_active",
            "key_prefix",
            "name",
            "organization_id",
            "permissions",
            "rate_limit_scheme_slug",
            "rate_limits",
            "resources",
            "updated_at",
            "user_id",
            "workspace_id"
        ]
    );
    assert_eq!(aa_42["deployment_id"], "42");
    assert_eq!(aa_42["key_prefix"], "acme_test");
    assert_eq!(aa_42["rate_limit_scheme_slug"], "standard");
    assert_eq!(
        aa_42["rate_limits"],
        json!([
            {"unit": "second", "duration": 10, "max_requests": 10, "mode": "per_key", "priority": 0},
            {"unit": "day", "duration": 1, "max_requests": 10000, "mode": "per_app", "priority": 1}
        ])
    );
    assert_eq!(aa_42["permissions"], json!([]));
    assert_eq!(aa_42["created_at"], "2026-01-01T00:00:00.000Z");
    let one = app.backend_ok("GET", "/api-auth/apps/aa_42", None).await;
    assert_eq!(&one, aa_42);
}

#[tokio::test]
async fn create_update_deactivate_and_delete_an_app() {
    let app = app();
    let mut body = new_app("my-integration");
    body["description"] = json!("Integration with external service");
    body["rate_limit_scheme_slug"] = json!("standard");
    body["permissions"] = json!(["users:read"]);
    body["resources"] = json!(["/v1/users"]);
    let created = app
        .backend_ok("POST", "/api-auth/apps", Some(body.clone()))
        .await;
    assert_eq!(created["app_slug"], "my-integration");
    assert_eq!(created["description"], "Integration with external service");
    assert_eq!(created["is_active"], true);
    assert_eq!(created["permissions"], json!(["users:read"]));
    assert_eq!(created["rate_limits"].as_array().map(Vec::len), Some(2));
    assert_eq!(created["user_id"], Value::Null);

    app.backend("POST", "/api-auth/apps", Some(body))
        .await
        .assert_backend_error(409, "API auth app 'my-integration' already exists");

    // The Rust SDK's update: the fields it sets, explicit nulls for the others.
    let update = json!({
        "organization_id": null, "workspace_id": null, "name": "Updated Integration Name",
        "key_prefix": null, "description": null, "is_active": false,
        "rate_limit_scheme_slug": null, "permissions": null, "resources": null
    });
    let updated = app
        .backend_ok("PATCH", "/api-auth/apps/my-integration", Some(update))
        .await;
    assert_eq!(updated["name"], "Updated Integration Name");
    assert_eq!(updated["is_active"], false);
    assert_eq!(updated["description"], "Integration with external service");
    assert_eq!(updated["rate_limit_scheme_slug"], "standard");
    assert_eq!(updated["permissions"], json!(["users:read"]));

    // Inactive apps are listed only with include_inactive.
    let active = app.backend_ok("GET", "/api-auth/apps", None).await;
    assert_eq!(slugs(&active), ["aa_42", "partner_api"]);
    let all = app
        .backend_ok("GET", "/api-auth/apps?include_inactive=true", None)
        .await;
    assert_eq!(slugs(&all), ["aa_42", "partner_api", "my-integration"]);
    assert_eq!(all["total"], 3);

    // Detach the scheme, clear the description.
    let detached = app
        .backend_ok(
            "PATCH",
            "/api-auth/apps/my-integration",
            Some(json!({"rate_limit_scheme_slug": "", "description": ""})),
        )
        .await;
    assert_eq!(detached["rate_limit_scheme_slug"], Value::Null);
    assert_eq!(detached["rate_limits"], json!([]));
    assert_eq!(detached["description"], Value::Null);

    let deleted = app
        .backend("DELETE", "/api-auth/apps/my-integration", None)
        .await;
    assert_eq!(deleted.status.as_u16(), 204);
    for (method, uri) in [
        ("GET", "/api-auth/apps/my-integration"),
        ("PATCH", "/api-auth/apps/my-integration"),
        ("DELETE", "/api-auth/apps/my-integration"),
        ("GET", "/api-auth/apps/my-integration/keys"),
    ] {
        app.backend(method, uri, Some(json!({})))
            .await
            .assert_backend_error(404, "API auth app not found");
    }
    let all = app
        .backend_ok("GET", "/api-auth/apps?include_inactive=true", None)
        .await;
    assert_eq!(slugs(&all), ["aa_42", "partner_api"]);
    // A deleted app's slug stays taken.
    app.backend("POST", "/api-auth/apps", Some(new_app("my-integration")))
        .await
        .assert_backend_error(409, "API auth app 'my-integration' already exists");
}

/// `@wacht/backend` types the owner ids `string | number`: both are accepted, kept as text.
#[tokio::test]
async fn owner_ids_may_be_strings_or_numbers() {
    let app = app();
    let mut body = new_app("owned");
    body["user_id"] = json!(123);
    body["organization_id"] = json!("456");
    let created = app.backend_ok("POST", "/api-auth/apps", Some(body)).await;
    assert_eq!(created["user_id"], "123");
    assert_eq!(created["organization_id"], "456");
    let updated = app
        .backend_ok(
            "PATCH",
            "/api-auth/apps/owned",
            Some(json!({"workspace_id": 789})),
        )
        .await;
    assert_eq!(updated["workspace_id"], "789");
    for bad in [json!(1.5), json!(true), json!([1])] {
        let reply = app
            .backend(
                "PATCH",
                "/api-auth/apps/owned",
                Some(json!({"workspace_id": bad})),
            )
            .await;
        assert_eq!(reply.status.as_u16(), 400, "{}", reply.text());
    }
}

#[tokio::test]
async fn another_deployments_key_sees_none_of_it() {
    let app = app();
    app.backend_ok("POST", "/api-auth/apps", Some(new_app("ours")))
        .await;
    let other = |method: &'static str, uri: &'static str, body: Value| {
        app.backend_raw(
            method,
            uri,
            Some(OTHER_KEY),
            body.to_string().into_bytes(),
            true,
        )
    };
    let list = other("GET", "/api-auth/apps?include_inactive=true", json!({}))
        .await
        .json();
    assert_eq!(slugs(&list), ["aa_77"]);
    assert_eq!(list["apps"][0]["deployment_id"], "77");
    for (method, uri) in [
        ("GET", "/api-auth/apps/ours"),
        ("GET", "/api-auth/apps/aa_42"),
        ("PATCH", "/api-auth/apps/aa_42"),
        ("DELETE", "/api-auth/apps/aa_42"),
        ("GET", "/api-auth/apps/aa_42/keys"),
        ("POST", "/api-auth/apps/aa_42/keys"),
        ("GET", "/api-auth/apps/aa_42/audit/logs"),
    ] {
        other(method, uri, json!({"name": "x"}))
            .await
            .assert_backend_error(404, "API auth app not found");
    }
    other("GET", "/api-auth/rate-limit-schemes/standard", json!({}))
        .await
        .assert_backend_error(404, "Rate limit scheme not found");
    let schemes = other("GET", "/api-auth/rate-limit-schemes", json!({}))
        .await
        .json();
    assert_eq!(schemes, json!({"schemes": [], "total": 0}));
    // Deployment 77 may use the same slugs for its own rows.
    other("POST", "/api-auth/apps", new_app("ours")).await;
    let ours = app.backend_ok("GET", "/api-auth/apps/ours", None).await;
    assert_eq!(ours["deployment_id"], "42");
    // And deployment 42 still has aa_42.
    app.backend_ok("GET", "/api-auth/apps/aa_42", None).await;
}

#[tokio::test]
async fn bad_app_input_is_a_400_and_stores_nothing() {
    let app = app();
    let long = "x".repeat(257);
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"name": "n", "key_prefix": "p"}),
            "Invalid request body: missing field `app_slug`",
        ),
        (
            json!({"app_slug": 5, "name": "n", "key_prefix": "p"}),
            "Invalid request body: invalid type",
        ),
        (
            json!({"app_slug": "a b", "name": "n", "key_prefix": "p"}),
            "app_slug must be",
        ),
        (
            json!({"app_slug": "", "name": "n", "key_prefix": "p"}),
            "app_slug must be",
        ),
        (
            json!({"app_slug": "x".repeat(65), "name": "n", "key_prefix": "p"}),
            "app_slug must be",
        ),
        (
            json!({"app_slug": "ok", "name": " ", "key_prefix": "p"}),
            "name cannot be empty",
        ),
        (
            json!({"app_slug": "ok", "name": long, "key_prefix": "p"}),
            "name must be at most 256",
        ),
        (
            json!({"app_slug": "ok", "name": "n", "key_prefix": "p-q"}),
            "key_prefix must be",
        ),
        (
            json!({"app_slug": "ok", "name": "n", "key_prefix": "p", "permissions": "x"}),
            "Invalid request body: invalid type",
        ),
        (
            json!({"app_slug": "ok", "name": "n", "key_prefix": "p", "permissions": [""]}),
            "permissions cannot be empty",
        ),
        (
            json!({"app_slug": "ok", "name": "n", "key_prefix": "p", "rate_limit_scheme_slug": "nope"}),
            "Rate limit scheme 'nope' not found",
        ),
        (
            json!({"app_slug": "ok", "name": "n", "key_prefix": "p", "user_id": "1", "permissions": ["a"]}),
            "permissions and resources cannot be set together with user_id",
        ),
        (
            json!({"app_slug": "ok", "name": "n", "key_prefix": "p", "organization_id": "1"}),
            "organization_id and workspace_id require user_id",
        ),
        (
            json!({"app_slug": "ok", "name": "n", "key_prefix": "p", "description": "d".repeat(1025)}),
            "description must be at most 1024",
        ),
        (json!([1, 2]), "Invalid request body: invalid type"),
    ];
    app.assert_backend_refuses("POST", "/api-auth/apps", &cases)
        .await;
    for (body, message) in [
        (b"not json".to_vec(), "Invalid request body: expected ident"),
        (Vec::new(), "Request body is required"),
    ] {
        let reply = app
            .backend_raw("POST", "/api-auth/apps", Some(BACKEND_KEY), body, true)
            .await;
        assert_eq!(reply.status.as_u16(), 400, "{}", reply.text());
        assert!(
            reply.backend_message().starts_with(message),
            "{}",
            reply.text()
        );
    }
    let mut huge = new_app("huge");
    huge["description"] = json!("d".repeat(MAX_BODY_BYTES));
    app.backend("POST", "/api-auth/apps", Some(huge))
        .await
        .assert_backend_error(413, "Request body too large");

    // Updates: wrong types, unknown scheme, overlong values; the app is unchanged.
    for (body, message) in [
        (
            json!({"is_active": "no"}),
            "Invalid request body: invalid type",
        ),
        (json!({"name": ""}), "name cannot be empty"),
        (
            json!({"name": "ok", "rate_limit_scheme_slug": "nope"}),
            "Rate limit scheme 'nope' not found",
        ),
        (
            json!({"name": "ok", "organization_id": "9"}),
            "organization_id and workspace_id require user_id",
        ),
        (
            json!({"name": "ok", "key_prefix": "x".repeat(33)}),
            "key_prefix must be",
        ),
    ] {
        let reply = app
            .backend("PATCH", "/api-auth/apps/aa_42", Some(body.clone()))
            .await;
        assert_eq!(reply.status.as_u16(), 400, "{body}: {}", reply.text());
        assert!(
            reply.backend_message().starts_with(message),
            "{body}: {}",
            reply.text()
        );
    }
    app.backend("PATCH", "/api-auth/apps/nope", Some(json!({"name": "x"})))
        .await
        .assert_backend_error(404, "API auth app not found");
    let list = app
        .backend_ok("GET", "/api-auth/apps?include_inactive=true", None)
        .await;
    assert_eq!(slugs(&list), ["aa_42", "partner_api"]);
    assert_eq!(list["apps"][0]["name"], "Acme Public API");
    assert_eq!(list["apps"][0]["key_prefix"], "acme_test");
}

#[tokio::test]
async fn rate_limit_schemes_round_trip_and_apps_name_them() {
    let app = app();
    let list = app
        .backend_ok("GET", "/api-auth/rate-limit-schemes", None)
        .await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["schemes"][0]["slug"], "standard");
    assert_eq!(list["schemes"][0]["deployment_id"], "42");
    let rules = json!([
        {"unit": "minute", "duration": 1, "max_requests": 100, "mode": "per_key", "priority": 0},
        {"unit": "second", "duration": 1, "max_requests": 5, "endpoints": ["/v1/users"], "priority": 1}
    ]);
    let created = app
        .backend_ok(
            "POST",
            "/api-auth/rate-limit-schemes",
            Some(json!({"slug": "my-rate-limit-scheme", "name": "Mine", "description": null, "rules": rules})),
        )
        .await;
    assert_eq!(created["rules"], rules);
    assert_eq!(created["description"], Value::Null);
    assert!(created["id"]
        .as_str()
        .is_some_and(|id| id.parse::<i64>().is_ok()));
    let got = app
        .backend_ok(
            "GET",
            "/api-auth/rate-limit-schemes/my-rate-limit-scheme",
            None,
        )
        .await;
    assert_eq!(got, created);
    app.backend(
        "POST",
        "/api-auth/rate-limit-schemes",
        Some(json!({"slug": "my-rate-limit-scheme", "name": "Again", "rules": rules})),
    )
    .await
    .assert_backend_error(
        409,
        "Rate limit scheme 'my-rate-limit-scheme' already exists",
    );

    let mut body = new_app("my-integration-with-rate-limit");
    body["rate_limit_scheme_slug"] = json!("my-rate-limit-scheme");
    let with_scheme = app.backend_ok("POST", "/api-auth/apps", Some(body)).await;
    assert_eq!(with_scheme["rate_limits"], rules);

    let updated = app
        .backend_ok(
            "PATCH",
            "/api-auth/rate-limit-schemes/my-rate-limit-scheme",
            Some(json!({"name": null, "description": "tighter", "rules": [
                {"unit": "hour", "duration": 2, "max_requests": 7}
            ]})),
        )
        .await;
    assert_eq!(updated["name"], "Mine");
    assert_eq!(updated["description"], "tighter");
    let new_rules = json!([{"unit": "hour", "duration": 2, "max_requests": 7, "priority": 0}]);
    assert_eq!(updated["rules"], new_rules);
    let app_now = app
        .backend_ok("GET", "/api-auth/apps/my-integration-with-rate-limit", None)
        .await;
    assert_eq!(app_now["rate_limits"], new_rules);

    // In use: refused; detached: deleted, then gone.
    app.backend(
        "DELETE",
        "/api-auth/rate-limit-schemes/my-rate-limit-scheme",
        None,
    )
    .await
    .assert_backend_error(409, "Rate limit scheme 'my-rate-limit-scheme' is in use");
    app.backend_ok(
        "PATCH",
        "/api-auth/apps/my-integration-with-rate-limit",
        Some(json!({"rate_limit_scheme_slug": ""})),
    )
    .await;
    let deleted = app
        .backend(
            "DELETE",
            "/api-auth/rate-limit-schemes/my-rate-limit-scheme",
            None,
        )
        .await;
    assert_eq!(deleted.status.as_u16(), 204, "{}", deleted.text());
    app.backend(
        "GET",
        "/api-auth/rate-limit-schemes/my-rate-limit-scheme",
        None,
    )
    .await
    .assert_backend_error(404, "Rate limit scheme not found");
    let list = app
        .backend_ok("GET", "/api-auth/rate-limit-schemes", None)
        .await;
    assert_eq!(list["total"], 1);
}

#[tokio::test]
async fn bad_scheme_input_is_a_400_and_stores_nothing() {
    let app = app();
    let rule = |unit: &str, duration: i64| json!({"slug": "s", "name": "n", "rules": [{"unit": unit, "duration": duration, "max_requests": 1}]});
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"slug": "s", "name": "n"}),
            "Invalid request body: missing field `rules`",
        ),
        (
            json!({"slug": "s", "name": "n", "rules": []}),
            "rules must have 1-100 entries",
        ),
        (rule("fortnight", 1), "rules[0]: unknown unit 'fortnight'"),
        (
            rule("second", 0),
            "rules[0]: duration and max_requests must be above 0",
        ),
        (
            rule("second", 1801),
            "rules[0]: duration must be at most 1800",
        ),
        (rule("day", 31), "rules[0]: duration must be at most 30"),
        (
            rule("calendar_month", 2),
            "rules[0]: duration must be at most 1",
        ),
        (
            rule("second", 5_000_000_000),
            "Invalid request body: invalid value",
        ),
        (
            json!({"slug": "s", "name": "n", "rules": [{"unit": "second", "duration": 1, "max_requests": 1, "mode": "per_moon"}]}),
            "rules[0]: unknown mode 'per_moon'",
        ),
        (
            json!({"slug": "s/t", "name": "n", "rules": [{"unit": "second", "duration": 1, "max_requests": 1}]}),
            "slug must be",
        ),
    ];
    app.assert_backend_refuses("POST", "/api-auth/rate-limit-schemes", &cases)
        .await;
    let reply = app
        .backend(
            "PATCH",
            "/api-auth/rate-limit-schemes/standard",
            Some(json!({"name": "Changed", "rules": [{"unit": "second", "duration": 0, "max_requests": 1}]})),
        )
        .await;
    assert_eq!(reply.status.as_u16(), 400, "{}", reply.text());
    app.backend(
        "PATCH",
        "/api-auth/rate-limit-schemes/nope",
        Some(json!({})),
    )
    .await
    .assert_backend_error(404, "Rate limit scheme not found");
    app.backend("DELETE", "/api-auth/rate-limit-schemes/standard", None)
        .await
        .assert_backend_error(409, "Rate limit scheme 'standard' is in use");
    let list = app
        .backend_ok("GET", "/api-auth/rate-limit-schemes", None)
        .await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["schemes"][0]["name"], "Standard");
    assert_eq!(list["schemes"][0]["rules"][0]["duration"], 10);
}

#[tokio::test]
async fn an_undecodable_path_segment_is_a_backend_400_after_the_key_check() {
    let app = app();
    for (method, uri) in [
        ("GET", "/api-auth/apps/%FF"),
        ("PATCH", "/api-auth/apps/%FF"),
        ("DELETE", "/api-auth/apps/%FF"),
        ("POST", "/api-auth/apps/%FF/keys"),
        ("POST", "/api-auth/apps/aa_42/keys/%FF/rotate"),
        ("POST", "/api-auth/apps/aa_42/keys/%FF/revoke"),
        ("GET", "/api-auth/rate-limit-schemes/%FF"),
        ("GET", "/api-auth/apps/%FF/audit/logs"),
    ] {
        app.backend(method, uri, Some(json!({"name": "x"})))
            .await
            .assert_backend_error(400, "Invalid path");
        app.backend_raw(method, uri, Some("wk_test_nope"), Vec::new(), false)
            .await
            .assert_backend_error(401, "Authentication failed");
    }
}

#[tokio::test]
async fn a_wrong_method_is_a_backend_405() {
    let app = app();
    for (method, uri) in [
        ("PUT", "/api-auth/apps"),
        ("POST", "/api-auth/apps/aa_42"),
        ("DELETE", "/api-auth/apps/aa_42/keys"),
        ("GET", "/api-auth/apps/aa_42/keys/1/rotate"),
        ("PUT", "/api-auth/rate-limit-schemes/standard"),
        ("POST", "/api-auth/apps/aa_42/audit/logs"),
    ] {
        app.backend(method, uri, Some(json!({})))
            .await
            .assert_backend_error(405, "Method not allowed");
    }
    // Nothing changed.
    let list = app.backend_ok("GET", "/api-auth/apps", None).await;
    assert_eq!(slugs(&list), ["aa_42", "partner_api"]);
}
