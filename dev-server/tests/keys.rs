//! `/api-auth/keys*` (wire contract §3.3–3.6, §5.3–5.5): key lifecycle and tenant isolation.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::{
    http, http_app_session, http_create_key, http_post_form, spawn_server, with_dev_session,
    TestApp, BACKEND_KEY,
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use wacht_dev_server::config::{Config, Mode};
use wacht_dev_server::http::MAX_BODY_BYTES;

fn app() -> TestApp {
    TestApp::new(Mode::Staging)
}

fn sha256_hex(value: &str) -> String {
    Sha256::digest(value.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn field_names(value: &Value) -> Vec<String> {
    let mut names: Vec<String> = value.as_object().expect("object").keys().cloned().collect();
    names.sort();
    names
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
fn assert_rfc3339_ms(value: &Value) {
    let text = value.as_str().expect("timestamp string");
    assert_eq!(text.len(), 24, "{text}");
    assert!(text.ends_with('Z') && text.as_bytes()[19] == b'.', "{text}");
}

async fn list(app: &TestApp, token: &str, status: Option<&str>) -> Vec<Value> {
    let uri = match status {
        Some(status) => format!("/api-auth/keys?status={status}"),
        None => "/api-auth/keys".to_string(),
    };
    app.get_in(&uri, token)
        .await
        .envelope_data()
        .as_array()
        .expect("array")
        .clone()
}

fn ids(keys: &[Value]) -> Vec<String> {
    keys.iter()
        .map(|key| key["id"].as_str().expect("id").to_string())
        .collect()
}

#[tokio::test]
async fn every_key_route_needs_an_app_session() {
    let app = app();
    let token = app.staging_session().await;
    for reply in [
        app.get_in("/api-auth/keys", &token).await,
        app.post_form("/api-auth/keys", &token, "name=x").await,
        app.post_form("/api-auth/keys/1/rotate", &token, "").await,
        app.post_form("/api-auth/keys/1/revoke", &token, "").await,
        // The session check comes before the id check.
        app.post_form("/api-auth/keys/abc/rotate", &token, "").await,
    ] {
        reply.assert_frontend_error(401, "No active API auth app session");
    }
}

#[tokio::test]
async fn create_returns_the_secret_once_and_stores_only_its_hash() {
    let app = app();
    let token = app.app_session("aa_42").await;
    let data = app
        .post_form("/api-auth/keys", &token, "name=+My+Key+")
        .await
        .envelope_data();
    assert_eq!(
        field_names(&data),
        [
            "created_at",
            "id",
            "is_active",
            "key_prefix",
            "key_suffix",
            "name",
            "permissions",
            "secret"
        ]
    );
    assert_eq!(data["name"], "My Key");
    assert_eq!(data["key_prefix"], "acme_test");
    assert_eq!(data["permissions"], json!([]));
    assert_eq!(data["is_active"], true);
    assert_rfc3339_ms(&data["created_at"]);
    let id = data["id"].as_str().expect("id");
    assert!(id.parse::<u64>().is_ok(), "{id}");

    let secret = data["secret"].as_str().expect("secret").to_string();
    let random = secret.strip_prefix("acme_test_").expect("prefix");
    assert_eq!(random.len(), 43);
    assert!(random
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    assert_eq!(data["key_suffix"], secret[secret.len() - 8..]);

    {
        let store = app.state.lock();
        let stored = store.api_keys.iter().find(|k| k.id == id).expect("stored");
        assert_eq!(stored.key_hash, sha256_hex(&secret));
        assert_eq!(stored.rate_limit_scheme_slug.as_deref(), Some("standard"));
        let dump = format!("{:?}", *store);
        assert!(!dump.contains(&secret), "secret in the store");
        assert!(!dump.contains(random), "secret in the store");
    }
    // The request log never sees bodies.
    let log = app.get("/__dev/requests").await.text();
    assert!(!log.contains(random));

    // Listed without the secret.
    let listed = list(&app, &token, None).await;
    assert_eq!(listed.len(), 1);
    let mut expected = data.clone();
    expected.as_object_mut().expect("object").remove("secret");
    assert_eq!(listed[0], expected);
}

#[tokio::test]
async fn create_validates_name_and_expiry() {
    let app = app();
    let token = app.app_session("aa_42").await;
    for body in ["", "name=", "name=+++", "other=x"] {
        app.post_form("/api-auth/keys", &token, body)
            .await
            .assert_frontend_error(400, "name is required");
    }
    // JSON is not a form: Fiber's FormValue sees no name.
    app.send(
        Request::post(with_dev_session("/api-auth/keys", &token))
            .header("content-type", "application/json")
            .body(Body::from(r#"{"name":"json"}"#))
            .expect("request"),
    )
    .await
    .assert_frontend_error(400, "name is required");
    for expiry in ["tomorrow", "2026-07-01", "2026-07-01 12:00:00"] {
        let body = format!("name=k&expires_at={}", expiry.replace(' ', "+"));
        app.post_form("/api-auth/keys", &token, &body)
            .await
            .assert_frontend_error(400, "expires_at must be RFC3339");
    }
    let cases = [
        ("2026-07-01T12:00:00.000Z", "2026-07-01T12:00:00.000Z"),
        ("2030-01-01T01:00:00%2B01:00", "2030-01-01T00:00:00.000Z"),
        // Past dates are accepted.
        ("2020-01-01T00:00:00.123456Z", "2020-01-01T00:00:00.123Z"),
        ("+2031-05-05T05:05:05Z+", "2031-05-05T05:05:05.000Z"),
    ];
    for (sent, stored) in cases {
        let data = app
            .post_form(
                "/api-auth/keys",
                &token,
                &format!("name=k&expires_at={sent}"),
            )
            .await
            .envelope_data();
        assert_eq!(data["expires_at"], stored, "{sent}");
    }
    // An empty expiry means none.
    let data = app
        .post_form("/api-auth/keys", &token, "name=k&expires_at=+")
        .await
        .envelope_data();
    assert_eq!(data.get("expires_at"), None);
}

#[tokio::test]
async fn list_by_every_status() {
    let app = app();
    let token = app.app_session("aa_42").await;
    let (active, _) = app.create_key(&token, "active").await;
    let (revoked, _) = app.create_key(&token, "revoked").await;
    let expired = app
        .post_form(
            "/api-auth/keys",
            &token,
            "name=expired&expires_at=2020-01-01T00:00:00Z",
        )
        .await
        .envelope_data()["id"]
        .as_str()
        .expect("id")
        .to_string();
    let (rotated, _) = app.create_key(&token, "rotated").await;
    app.post_form(
        &format!("/api-auth/keys/{revoked}/revoke"),
        &token,
        "reason=leaked",
    )
    .await
    .envelope_data();
    let replacement = app
        .post_form(&format!("/api-auth/keys/{rotated}/rotate"), &token, "")
        .await
        .envelope_data()["id"]
        .as_str()
        .expect("id")
        .to_string();

    // Newest first.
    let all = [
        replacement.clone(),
        rotated.clone(),
        expired.clone(),
        revoked.clone(),
        active.clone(),
    ];
    let live = [replacement.clone(), expired.clone(), active.clone()];
    assert_eq!(ids(&list(&app, &token, None).await), live);
    assert_eq!(ids(&list(&app, &token, Some("")).await), live);
    assert_eq!(ids(&list(&app, &token, Some("active")).await), live);
    assert_eq!(ids(&list(&app, &token, Some("+ACTIVE+")).await), live);
    assert_eq!(
        ids(&list(&app, &token, Some("revoked")).await),
        [rotated.clone(), revoked.clone()]
    );
    assert_eq!(ids(&list(&app, &token, Some("expired")).await), [expired]);
    assert_eq!(ids(&list(&app, &token, Some("all")).await), all);
    assert_eq!(ids(&list(&app, &token, Some("All")).await), all);
    let everything = app
        .get_in("/api-auth/keys?include_inactive=true", &token)
        .await
        .envelope_data();
    assert_eq!(ids(everything.as_array().expect("array")), all);

    app.get_in("/api-auth/keys?status=bogus", &token)
        .await
        .assert_frontend_error(500, "invalid status filter: bogus");
    // The raw value is echoed (after URL decoding), not the trimmed one.
    app.get_in("/api-auth/keys?status=+Nope+", &token)
        .await
        .assert_frontend_error(500, "invalid status filter:  Nope ");

    let listed = list(&app, &token, Some("revoked")).await;
    assert_eq!(listed[0]["revoked_reason"], "Rotated");
    assert_eq!(listed[1]["revoked_reason"], "leaked");
    for key in &listed {
        assert_eq!(key["is_active"], false);
        assert_rfc3339_ms(&key["revoked_at"]);
        assert_eq!(key.get("secret"), None);
    }
}

#[tokio::test]
async fn rotate_revokes_the_old_key_and_issues_a_new_one() {
    let app = app();
    let token = app.app_session("aa_42").await;
    let created = app
        .post_form(
            "/api-auth/keys",
            &token,
            "name=Rotating&expires_at=2031-01-01T00:00:00Z",
        )
        .await
        .envelope_data();
    let old_id = created["id"].as_str().expect("id").to_string();
    let rotated = app
        .post_form(&format!("/api-auth/keys/{old_id}/rotate"), &token, "")
        .await
        .envelope_data();
    assert_ne!(rotated["id"], created["id"]);
    assert_ne!(rotated["secret"], created["secret"]);
    assert_eq!(rotated["name"], "Rotating");
    assert_eq!(rotated["expires_at"], "2031-01-01T00:00:00.000Z");
    assert_eq!(rotated["is_active"], true);
    assert_eq!(rotated["permissions"], json!([]));
    let secret = rotated["secret"].as_str().expect("secret");
    assert!(secret.starts_with("acme_test_") && secret.len() == 53);
    assert_eq!(rotated["key_suffix"], secret[secret.len() - 8..]);
    assert_eq!(rotated.get("revoked_at"), None);

    let all = list(&app, &token, Some("all")).await;
    let old = all
        .iter()
        .find(|k| k["id"] == old_id.as_str())
        .expect("old");
    assert_eq!(old["is_active"], false);
    assert_eq!(old["revoked_reason"], "Rotated");
    assert_rfc3339_ms(&old["revoked_at"]);

    // The old key is no longer live; unknown ids are the same 500.
    for id in [old_id.as_str(), "1", "18446744073709551615"] {
        app.post_form(&format!("/api-auth/keys/{id}/rotate"), &token, "")
            .await
            .assert_frontend_error(500, "API key not found or inactive");
    }
    for id in ["abc", "-1", "%2B1", "18446744073709551616", "1.5"] {
        app.post_form(&format!("/api-auth/keys/{id}/rotate"), &token, "")
            .await
            .assert_frontend_error(400, "invalid key id");
    }
}

#[tokio::test]
async fn revoke_keeps_or_replaces_the_reason() {
    let app = app();
    let token = app.app_session("aa_42").await;
    let (id, _) = app.create_key(&token, "to revoke").await;
    let revoke = |body: &'static str| {
        let uri = format!("/api-auth/keys/{id}/revoke");
        let app = &app;
        let token = token.clone();
        async move { app.post_form(&uri, &token, body).await }
    };
    let reason_of = |keys: Vec<Value>| keys[0]["revoked_reason"].clone();

    assert_eq!(
        revoke("reason=+compromised+").await.envelope_data(),
        json!({"success": true})
    );
    let first = list(&app, &token, Some("revoked")).await;
    assert_eq!(reason_of(first.clone()), "compromised");
    // Re-revoking succeeds; an empty or blank reason keeps the old one.
    revoke("").await.envelope_data();
    revoke("reason=+").await.envelope_data();
    assert_eq!(
        reason_of(list(&app, &token, Some("revoked")).await),
        "compromised"
    );
    revoke("reason=second").await.envelope_data();
    assert_eq!(
        reason_of(list(&app, &token, Some("revoked")).await),
        "second"
    );
    // A revoke without any body or content type.
    app.send(
        Request::post(with_dev_session(
            &format!("/api-auth/keys/{id}/revoke"),
            &token,
        ))
        .body(Body::empty())
        .expect("request"),
    )
    .await
    .envelope_data();

    app.post_form("/api-auth/keys/1/revoke", &token, "")
        .await
        .assert_frontend_error(500, "API key not found");
    app.post_form("/api-auth/keys/x1/revoke", &token, "")
        .await
        .assert_frontend_error(400, "invalid key id");
}

#[tokio::test]
async fn another_app_of_the_same_deployment_cannot_see_or_touch_the_keys() {
    let app = app();
    let acme = app.app_session("aa_42").await;
    let partner = app.app_session("partner_api").await;
    assert_ne!(acme, partner);
    let (acme_key, _) = app.create_key(&acme, "acme key").await;

    assert_eq!(list(&app, &partner, Some("all")).await, Vec::<Value>::new());
    app.post_form(&format!("/api-auth/keys/{acme_key}/rotate"), &partner, "")
        .await
        .assert_frontend_error(500, "API key not found or inactive");
    app.post_form(
        &format!("/api-auth/keys/{acme_key}/revoke"),
        &partner,
        "reason=hijack",
    )
    .await
    .assert_frontend_error(500, "API key not found");
    let acme_keys = list(&app, &acme, None).await;
    assert_eq!(ids(&acme_keys), [acme_key.as_str()]);
    assert_eq!(acme_keys[0]["is_active"], true);

    let partner_key = app
        .post_form("/api-auth/keys", &partner, "name=partner+key")
        .await
        .envelope_data();
    assert_eq!(partner_key["key_prefix"], "partner");
    assert!(partner_key["secret"]
        .as_str()
        .expect("secret")
        .starts_with("partner_"));
    assert_eq!(ids(&list(&app, &acme, Some("all")).await), [acme_key]);
    assert_eq!(
        ids(&list(&app, &partner, Some("all")).await),
        [partner_key["id"].as_str().expect("id").to_string()]
    );
    // The partner app has no scheme: the key carries none either.
    let store = app.state.lock();
    let stored = store
        .api_keys
        .iter()
        .find(|k| k.app_slug == "partner_api")
        .expect("partner key");
    assert_eq!(stored.rate_limit_scheme_slug, None);
    assert_eq!(stored.deployment_id, "42");
}

/// Over HTTP: `name` and `reason` are counted in characters (256 two-byte `é` pass, 257 ASCII
/// letters do not) after trimming; a longer one is a 400 envelope and nothing is stored.
#[tokio::test]
async fn name_and_reason_are_at_most_256_characters() {
    let server = spawn_server(Config {
        port: 0,
        ..Config::default()
    })
    .await;
    let token = http_app_session(server.addr, "aa_42").await;
    let longest = "é".repeat(256);
    let (id, _) = http_create_key(server.addr, &token, &format!("  {longest}  ")).await;
    assert_eq!(server.state.lock().api_keys[0].name, longest);

    for name in ["a".repeat(257), "é".repeat(257)] {
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("name", &name)
            .finish();
        http_post_form(server.addr, "/api-auth/keys", &token, body.as_bytes())
            .await
            .assert_frontend_error(400, "name must be at most 256 characters");
    }
    assert_eq!(server.state.lock().api_keys.len(), 1, "nothing stored");

    let revoke = format!("/api-auth/keys/{id}/revoke");
    let too_long = format!("reason={}", "%C3%A9".repeat(257));
    http_post_form(server.addr, &revoke, &token, too_long.as_bytes())
        .await
        .assert_frontend_error(400, "reason must be at most 256 characters");
    {
        let store = server.state.lock();
        let key = &store.api_keys[0];
        assert!(key.is_active && key.revoked_at_ms.is_none(), "{key:?}");
    }
    let fits = format!("reason={}", "r".repeat(256));
    http_post_form(server.addr, &revoke, &token, fits.as_bytes())
        .await
        .envelope_data();
    assert_eq!(
        server.state.lock().api_keys[0].revoked_reason.as_deref(),
        Some("r".repeat(256).as_str())
    );
}

/// Over HTTP: a body of `MAX_BODY_BYTES` is read; one byte more is a 413 on every route that
/// reads a body (form, JSON, the gateway with its own error shape), and nothing is stored.
#[tokio::test]
async fn bodies_over_64_kib_are_413() {
    assert_eq!(MAX_BODY_BYTES, 64 * 1024);
    let server = spawn_server(Config {
        port: 0,
        ..Config::default()
    })
    .await;
    let token = http_app_session(server.addr, "aa_42").await;
    let padded = |len: usize| {
        let mut body = b"name=padded&pad=".to_vec();
        body.resize(len, b'x');
        body
    };
    let fits = http_post_form(
        server.addr,
        "/api-auth/keys",
        &token,
        &padded(MAX_BODY_BYTES),
    )
    .await;
    assert_eq!(fits.envelope_data()["name"], "padded");
    let over = http_post_form(
        server.addr,
        "/api-auth/keys",
        &token,
        &padded(MAX_BODY_BYTES + 1),
    )
    .await;
    assert_eq!(over.status.as_u16(), 413, "{}", over.text());
    assert_eq!(server.state.lock().api_keys.len(), 1, "nothing stored");

    let mut json_body = br#"{"pad":""#.to_vec();
    json_body.resize(MAX_BODY_BYTES - 1, b'x');
    json_body.extend_from_slice(b"\"}");
    assert_eq!(json_body.len(), MAX_BODY_BYTES + 1);
    let bearer = format!("Bearer {BACKEND_KEY}");
    let json_headers = [("content-type", "application/json")];
    for (target, extra) in [
        ("/session/tickets", Some(("authorization", bearer.as_str()))),
        ("/api/demo/sign-in", None),
        ("/api/settings/api-keys/embed-ticket", None),
        ("/__dev/faults", None),
        ("/v1/authz/check", None),
    ] {
        let mut headers = json_headers.to_vec();
        headers.extend(extra);
        let reply = http(server.addr, "POST", target, &headers, &json_body).await;
        assert_eq!(reply.status.as_u16(), 413, "{target}: {}", reply.text());
    }
    let gateway = http(
        server.addr,
        "POST",
        "/v1/authz/check",
        &json_headers,
        &json_body,
    )
    .await;
    gateway.assert_backend_error(413, "Request body too large");
    let store = server.state.lock();
    assert!(
        store.tickets.is_empty() && store.faults.pending().is_empty() && store.audit_log.is_empty()
    );
}

/// Keys are scoped by deployment *and* app slug: a key of deployment 77 that carries the slug
/// `aa_42` (as every deployment's first app could) is invisible to deployment 42's `aa_42`
/// session: not listed, not rotated, not revoked, and left untouched.
#[tokio::test]
async fn a_key_of_another_deployment_with_the_same_slug_is_out_of_reach() {
    let app = app();
    let token = app.app_session("aa_42").await;
    let (own_id, _) = app.create_key(&token, "own key").await;
    let foreign_id = {
        let mut store = app.state.lock();
        let mut foreign = store.api_keys[0].clone();
        foreign.id = store.ids.next_id();
        foreign.deployment_id = "77".to_string();
        foreign.name = "tenant 77 key".to_string();
        let id = foreign.id.clone();
        store.save_keys(vec![foreign]).expect("save");
        id
    };

    for status in [None, Some("all"), Some("active"), Some("revoked")] {
        let listed = ids(&list(&app, &token, status).await);
        assert!(!listed.contains(&foreign_id), "{status:?}: {listed:?}");
    }
    assert_eq!(ids(&list(&app, &token, None).await), [own_id.as_str()]);
    app.post_form(&format!("/api-auth/keys/{foreign_id}/rotate"), &token, "")
        .await
        .assert_frontend_error(500, "API key not found or inactive");
    app.post_form(
        &format!("/api-auth/keys/{foreign_id}/revoke"),
        &token,
        "reason=hijack",
    )
    .await
    .assert_frontend_error(500, "API key not found");

    let store = app.state.lock();
    let foreign = store
        .api_keys
        .iter()
        .find(|key| key.id == foreign_id)
        .expect("foreign key");
    assert!(foreign.is_live(), "{foreign:?}");
    assert_eq!(foreign.revoked_reason, None);
    assert_eq!(store.api_keys.len(), 2, "no key was added by a rotation");
}

/// Rotation carries the old key's permissions and rate-limit scheme over to the new key (the
/// frontend API creates keys without permissions, but keys made elsewhere have them), and the
/// new secret passes the gateway with those permissions.
#[tokio::test]
async fn rotation_keeps_permissions_and_the_rate_limit_scheme() {
    let app = app();
    let token = app.app_session("aa_42").await;
    let (old_id, _) = app.create_key(&token, "granted").await;
    {
        let mut store = app.state.lock();
        // A scheme other than the app's ("standard"), so a rotation that took the app's scheme
        // instead of the key's would show.
        let mut key = store.api_keys[0].clone();
        key.permissions = vec!["users:read".to_string(), "users:write".to_string()];
        key.rate_limit_scheme_slug = Some("partner_tier".to_string());
        store.save_keys(vec![key]).expect("save");
    }
    let rotated = app
        .post_form(&format!("/api-auth/keys/{old_id}/rotate"), &token, "")
        .await
        .envelope_data();
    assert_eq!(rotated["permissions"], json!(["users:read", "users:write"]));
    let new_id = rotated["id"].as_str().expect("id").to_string();
    {
        let store = app.state.lock();
        let new = store
            .api_keys
            .iter()
            .find(|key| key.id == new_id)
            .expect("new key");
        assert_eq!(new.permissions, ["users:read", "users:write"]);
        assert_eq!(new.rate_limit_scheme_slug.as_deref(), Some("partner_tier"));
        assert_eq!(
            (new.deployment_id.as_str(), new.app_slug.as_str()),
            ("42", "aa_42")
        );
    }
    let listed = list(&app, &token, None).await;
    assert_eq!(
        listed[0]["permissions"],
        json!(["users:read", "users:write"])
    );

    let secret = rotated["secret"].as_str().expect("secret");
    let check = app
        .send(
            Request::post("/v1/authz/check")
                .header("content-type", "application/json")
                .body(Body::from(
                    json!({
                        "principal": {"type": "api_key", "value": secret},
                        "resource": "/v1/users",
                        "method": "GET",
                        "required_permissions": ["users:write"],
                    })
                    .to_string(),
                ))
                .expect("request"),
        )
        .await;
    assert_eq!(check.status, 200, "{:?}", check.json());
    assert_eq!(
        check.json()["permissions"],
        json!(["users:read", "users:write"])
    );
    // The key's scheme does not exist in its deployment: the gateway default applies (not the
    // app's scheme, and not "no limit").
    assert_eq!(check.json()["rate_limits"][0]["rule"], "1000/60s");
    assert_eq!(
        check.json()["rate_limits"].as_array().map(Vec::len),
        Some(1)
    );
}

/// What a rotation keeps (name, expiry, permissions, scheme, owner) and what is the new key's
/// own: id, secret and the app's current prefix, creation and update time now, never used, not
/// revoked.
#[tokio::test]
async fn a_rotated_key_is_new_but_for_what_it_keeps() {
    let app = app();
    let token = app.app_session("aa_42").await;
    let (old_id, _) = app.create_key(&token, "aging").await;
    let long_ago = 1_700_000_000_000;
    {
        let mut store = app.state.lock();
        let mut key = store.api_keys[0].clone();
        key.created_at_ms = long_ago;
        key.updated_at_ms = long_ago;
        key.last_used_at_ms = Some(long_ago);
        store.save_keys(vec![key]).expect("save");
        // The app's prefix changed since the key was made.
        let app_row = store
            .api_auth_apps
            .iter_mut()
            .find(|app| app.app_slug == "aa_42")
            .expect("app");
        app_row.key_prefix = "acme_v2".to_string();
    }
    let before = wacht_dev_server::ids::now_ms();
    let rotated = app
        .post_form(&format!("/api-auth/keys/{old_id}/rotate"), &token, "")
        .await
        .envelope_data();
    assert_eq!(rotated["key_prefix"], "acme_v2");
    assert!(rotated["secret"]
        .as_str()
        .expect("secret")
        .starts_with("acme_v2_"));
    assert_eq!(rotated.get("revoked_reason"), None);
    assert_eq!(rotated.get("revoked_at"), None);
    assert_eq!(rotated.get("last_used_at"), None);
    assert_ne!(rotated["created_at"], "2023-11-14T22:13:20.000Z");
    let new_id = rotated["id"].as_str().expect("id").to_string();
    let store = app.state.lock();
    let new = store
        .api_keys
        .iter()
        .find(|key| key.id == new_id)
        .expect("new key");
    assert!(new.created_at_ms >= before, "{new:?}");
    assert_eq!(new.updated_at_ms, new.created_at_ms);
    assert_eq!(new.last_used_at_ms, None);
    assert_eq!(new.revoked_reason, None);
    let old = store
        .api_keys
        .iter()
        .find(|key| key.id == old_id)
        .expect("old key");
    assert_eq!(
        old.created_at_ms, long_ago,
        "the old key keeps its creation time"
    );
    assert!(old.updated_at_ms >= before);
}
