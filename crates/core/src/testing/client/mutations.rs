//! Key mutations: resolve with the one-time secret as soon as the server answered, keep it out
//! of every list, refetch each observed list and audit read once, refuse bad input before any
//! request.

use super::key;
use crate::api::audit::{ANALYTICS_READ, LOGS_READ};
use crate::api::key_mutations::{CREATE_KEY, REVOKE_KEY, ROTATE_KEY};
use crate::error::ErrorCode;
use crate::json::{HostJson, Json};
use crate::testing::support::{envelope, keys_store, read_store, Harness};
use serde_json::json;

fn audit_store(h: &mut Harness, read: &'static crate::api::endpoint::ReadEndpoint) {
    let options = read.options(&HostJson::undefined()).unwrap();
    read_store(h, read, options);
}

#[test]
fn create_refetches_each_observed_list_and_audit_once_and_keeps_the_secret_out() {
    let mut h = Harness::production();
    h.server
        .respond("/api-auth/keys", 200, envelope(json!([])), None);
    h.server.respond("/api-auth/audit/analytics", 200, envelope(json!({"total_requests":0,"allowed_requests":0,"blocked_requests":0,"success_rate":0.0})), None);
    let active = keys_store(&mut h, json!({}));
    keys_store(&mut h, json!({}));
    audit_store(&mut h, &ANALYTICS_READ);
    h.run();
    assert_eq!(
        (
            h.server.count("/api-auth/keys"),
            h.server.count("/api-auth/audit/analytics")
        ),
        (1, 1)
    );
    let mut created = key("9", "CI key");
    created["secret"] = json!("acme_TOPSECRET");
    h.server
        .respond_to("POST", "/api-auth/keys", 200, envelope(created.clone()));
    // A server that leaks the secret into lists too.
    h.server
        .respond("/api-auth/keys", 200, envelope(json!([created])), None);
    let result = h
        .call(|c| c.mutate(&CREATE_KEY, &HostJson::from(json!({"name": "CI key"}))))
        .unwrap();
    assert_eq!(
        result.get("data").string_at("secret").as_deref(),
        Some("acme_TOPSECRET")
    );
    // one create + one refetch of the shared key list entry; one audit refetch
    assert_eq!(h.server.count("/api-auth/keys"), 3);
    assert_eq!(h.server.count("/api-auth/audit/analytics"), 2);
    let snapshot = h.snapshot(active);
    assert_eq!(
        snapshot["keys"].as_array().map(Vec::len),
        Some(1),
        "refetched after create"
    );
    assert!(
        !snapshot.to_string().contains("TOPSECRET"),
        "the key list never carries the secret"
    );
    assert!(
        !h.core.debug_state().contains("TOPSECRET"),
        "nor does anything the core keeps"
    );
    let request = h
        .server
        .requests()
        .into_iter()
        .find(|r| r.form_body.is_some())
        .unwrap();
    assert_eq!(request.form_body.as_deref(), Some("name=CI+key"));
}

#[test]
fn rotate_and_revoke_refetch_each_observed_list_and_audit_once_too() {
    let mut h = Harness::production();
    h.server.respond(
        "/api-auth/keys",
        200,
        envelope(json!([key("7", "k")])),
        None,
    );
    h.server.respond(
        "/api-auth/audit/logs",
        200,
        envelope(json!({"data": [], "limit": 50, "has_more": false})),
        None,
    );
    keys_store(&mut h, json!({}));
    audit_store(&mut h, &LOGS_READ);
    h.run();
    let mut rotated = key("8", "k");
    rotated["secret"] = json!("acme_NEW");
    h.server
        .respond_to("POST", "/api-auth/keys/7/rotate", 200, envelope(rotated));
    h.server.respond_to(
        "POST",
        "/api-auth/keys/8/revoke",
        200,
        envelope(json!({"success": true})),
    );
    let counts = |h: &Harness| {
        (
            h.server.count("/api-auth/keys"),
            h.server.count("/api-auth/audit/logs"),
        )
    };
    assert_eq!(counts(&h), (1, 1));
    let inputs = [
        (&ROTATE_KEY, json!({"key_id": "7"})),
        (&REVOKE_KEY, json!({"key_id": "8", "reason": "r"})),
    ];
    for (round, (mutation, input)) in inputs.into_iter().enumerate() {
        h.call(|c| c.mutate(mutation, &HostJson::from(input)))
            .unwrap();
        assert_eq!(
            counts(&h),
            (2 + round, 2 + round),
            "{} refetched the key list and the logs once",
            mutation.name
        );
    }
    let bodies: Vec<_> = h
        .server
        .requests()
        .into_iter()
        .filter(|r| r.method == crate::transport::Method::Post)
        .map(|r| (r.url, r.form_body))
        .collect();
    assert_eq!(
        bodies,
        vec![
            ("http://api.test/api-auth/keys/7/rotate".to_string(), None),
            (
                "http://api.test/api-auth/keys/8/revoke".to_string(),
                Some("reason=r".to_string())
            ),
        ]
    );
}

#[test]
fn the_secret_is_returned_even_while_the_refetches_hang() {
    let mut h = Harness::production();
    h.server
        .respond("/api-auth/keys", 200, envelope(json!([])), None);
    let active = keys_store(&mut h, json!({}));
    h.run();
    let mut created = key("9", "CI key");
    created["secret"] = json!("acme_TOPSECRET");
    h.server
        .respond_to("POST", "/api-auth/keys", 200, envelope(created));
    h.server.hold("/api-auth/keys");
    let result = h
        .call(|c| {
            c.mutate(
                &CREATE_KEY,
                &HostJson::from(
                    json!({"name": "CI key", "expires_at": "2027-01-01T00:00:00.000Z"}),
                ),
            )
        })
        .unwrap();
    assert_eq!(
        result.get("data").string_at("secret").as_deref(),
        Some("acme_TOPSECRET")
    );
    assert_eq!(
        h.server.count("/api-auth/keys"),
        3,
        "list, create, held refetch"
    );
    assert_eq!(
        h.snapshot(active)["fetching"],
        true,
        "the refetch is still on its way"
    );
}

#[test]
fn bad_inputs_are_refused_before_any_request() {
    let mut h = Harness::production();
    for (mutation, input) in [
        (&ROTATE_KEY, json!({"key_id": " "})),
        (&REVOKE_KEY, json!({"key_id": ""})),
        (&REVOKE_KEY, json!({})),
    ] {
        let err = h
            .call(|c| c.mutate(mutation, &HostJson::from(input)))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidArgument);
    }
    let err = h
        .call(|c| c.mutate(&CREATE_KEY, &HostJson::from(json!({"name": 5}))))
        .unwrap_err();
    assert_eq!(
        (err.code, err.message.as_str()),
        (
            ErrorCode::InvalidArgument,
            "createKey.name: expected a string, got a number"
        )
    );
    let err = h
        .call(|c| c.mutate(&CREATE_KEY, &HostJson::undefined()))
        .unwrap_err();
    assert_eq!(err.message, "createKey: expected an object, got nothing");
    assert!(h.server.requests().is_empty());
}

#[test]
fn key_ids_are_encoded_in_paths() {
    let request = ROTATE_KEY
        .request(&HostJson::from(json!({"key_id": "1/../../session?x"})))
        .unwrap();
    assert_eq!(
        request.path,
        "/api-auth/keys/1%2F..%2F..%2Fsession%3Fx/rotate"
    );
    let revoke = REVOKE_KEY
        .request(&HostJson::from(json!({"key_id": "12"})))
        .unwrap();
    assert_eq!(
        revoke.form,
        Some(Vec::new()),
        "an empty form body, as the hooks send"
    );
}
