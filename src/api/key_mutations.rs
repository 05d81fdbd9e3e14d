//! Key lifecycle mutations. Each one resolves as soon as the server answered (a created or
//! rotated key's one-time secret is never held back by anything after it), and then refetches
//! every observed key list and audit query once in the background (the hooks refetch only the
//! current key list). Secrets are returned to the caller only.

use super::keys::{
    create_request, revoke_request, rotate_request, CreateKeyInput, RevokeKeyInput, RotateKeyInput,
    KEY_WITH_SECRET, REVOKED,
};
use crate::error::ClientError;
use crate::json::schema::{read_input, Shape};
use crate::json::Value;
use crate::query::cache::QueryCache;
use crate::transport::request::ApiRequest;
use futures::future::{FutureExt, LocalBoxFuture};
use std::rc::Rc;

/// One key mutation as data: its name (in error messages), how its input becomes a request,
/// and the shape of its answer. One [`run`] serves all three (one copy in the module).
pub struct KeyMutation {
    /// The JS method, e.g. `createKey`.
    pub name: &'static str,
    /// Checks the input object and builds the request.
    pub prepare: fn(&Value, &str) -> Result<ApiRequest, ClientError>,
    /// The shape of the answer's `data`.
    pub data: &'static Shape,
}

/// `POST /api-auth/keys`; resolves with the key and its one-time secret (an `ApiKeyWithSecret`).
pub static CREATE_KEY: KeyMutation = KeyMutation {
    name: "createKey",
    prepare: |input, what| read_input::<CreateKeyInput>(input, what).map(|i| create_request(&i)),
    data: &KEY_WITH_SECRET,
};

/// `POST /api-auth/keys/{id}/rotate`; resolves with the new key and its one-time secret.
pub static ROTATE_KEY: KeyMutation = KeyMutation {
    name: "rotateKey",
    prepare: |input, what| {
        let input = read_input::<RotateKeyInput>(input, what)?;
        require_key_id(&input.key_id)?;
        Ok(rotate_request(&input))
    },
    data: &KEY_WITH_SECRET,
};

/// `POST /api-auth/keys/{id}/revoke`; resolves with a `RevokeResult`.
pub static REVOKE_KEY: KeyMutation = KeyMutation {
    name: "revokeKey",
    prepare: |input, what| {
        let input = read_input::<RevokeKeyInput>(input, what)?;
        require_key_id(&input.key_id)?;
        Ok(revoke_request(&input))
    },
    data: &REVOKED,
};

fn require_key_id(key_id: &str) -> Result<(), ClientError> {
    if key_id.trim().is_empty() {
        Err(ClientError::invalid_argument(
            "key_id must be a non-empty string",
        ))
    } else {
        Ok(())
    }
}

/// Runs `mutation` on an input object: resolves with the answer's `data` as soon as the server
/// answered (a created or rotated key's one-time secret is never held back), then refetches in
/// the background every observed read a key mutation changes (see
/// [`crate::query::kind::QueryKind::changed_by_key_mutation`]). A bad input rejects before any
/// request.
pub fn run(
    cache: Rc<QueryCache>,
    mutation: &'static KeyMutation,
    input: &Value,
) -> LocalBoxFuture<'static, Result<Value, ClientError>> {
    let request = match (mutation.prepare)(input, mutation.name) {
        Ok(request) => request,
        Err(error) => return futures::future::ready(Err(error)).boxed_local(),
    };
    async move {
        let data = cache.client().fetch_data(&request, mutation.data).await?;
        // The fetches run on their own; nobody waits for them.
        drop(cache.invalidate(|kind| kind.changed_by_key_mutation()));
        Ok(data)
    }
    .boxed_local()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::api::keys::{keys_list_query, keys_snapshot};
    use crate::error::ErrorCode;
    use crate::query::observer::QueryObserver;
    use crate::test_support::{cache_setup, envelope, production_client, FakeServer};
    use serde_json::json;

    fn key(id: &str, name: &str) -> serde_json::Value {
        json!({"id": id, "name": name, "key_prefix":"acme","key_suffix":"abcd1234","permissions":[],"is_active":true,"created_at":"2026-01-01T00:00:00Z"})
    }

    #[test]
    fn create_refetches_each_observed_list_and_audit_once_and_keeps_the_secret_out() {
        let (mut pool, server, cache) = cache_setup();
        server.respond("/api-auth/keys", 200, envelope(json!([])), None);
        server.respond("/api-auth/audit/analytics", 200, envelope(json!({"total_requests":0,"allowed_requests":0,"blocked_requests":0,"success_rate":0.0})), None);
        let active = QueryObserver::new(cache.clone(), keys_list_query(&Default::default()));
        let _twin = QueryObserver::new(cache.clone(), keys_list_query(&Default::default()));
        let _analytics = QueryObserver::new(
            cache.clone(),
            crate::api::audit::analytics_query(&Default::default()),
        );
        pool.run_until_stalled();
        assert_eq!(
            (
                server.count("/api-auth/keys"),
                server.count("/api-auth/audit/analytics")
            ),
            (1, 1)
        );

        let mut created = key("9", "CI key");
        created["secret"] = json!("acme_TOPSECRET");
        server.respond_to("POST", "/api-auth/keys", 200, envelope(created));
        server.respond(
            "/api-auth/keys",
            200,
            envelope(json!([key("9", "CI key")])),
            None,
        );
        let result = pool.run_until(run(
            cache.clone(),
            &CREATE_KEY,
            &Value::from(json!({"name": "CI key"})),
        ));
        let created = result.unwrap();
        assert_eq!(
            created.string_at("secret").as_deref(),
            Some("acme_TOPSECRET")
        );
        pool.run_until_stalled();
        // one create + one refetch of the shared key list entry; one audit refetch
        assert_eq!(server.count("/api-auth/keys"), 3);
        assert_eq!(server.count("/api-auth/audit/analytics"), 2);
        let snapshot = keys_snapshot(active.state()).to_json();
        assert_eq!(
            snapshot["keys"].as_array().map(Vec::len),
            Some(1),
            "the list was refetched after create resolved"
        );
        assert!(
            !snapshot.to_string().contains("TOPSECRET"),
            "the key list never carries the secret"
        );
    }

    #[test]
    fn rotate_and_revoke_refetch_each_observed_list_and_audit_once_too() {
        let (mut pool, server, cache) = cache_setup();
        server.respond(
            "/api-auth/keys",
            200,
            envelope(json!([key("7", "k")])),
            None,
        );
        server.respond(
            "/api-auth/audit/logs",
            200,
            envelope(json!({"data":[],"limit":50,"has_more":false})),
            None,
        );
        let _keys = QueryObserver::new(cache.clone(), keys_list_query(&Default::default()));
        let _logs = QueryObserver::new(
            cache.clone(),
            crate::api::audit::logs_query(&Default::default()),
        );
        pool.run_until_stalled();
        let mut rotated = key("8", "k");
        rotated["secret"] = json!("acme_NEW");
        server.respond_to("POST", "/api-auth/keys/7/rotate", 200, envelope(rotated));
        server.respond_to(
            "POST",
            "/api-auth/keys/8/revoke",
            200,
            envelope(json!({"success": true})),
        );
        let counts = |server: &FakeServer| {
            (
                server.count("/api-auth/keys"),
                server.count("/api-auth/audit/logs"),
            )
        };
        assert_eq!(counts(&server), (1, 1));
        let inputs = [
            (&ROTATE_KEY, json!({"key_id": "7"})),
            (&REVOKE_KEY, json!({"key_id": "8", "reason": "r"})),
        ];
        for (round, (mutation, input)) in inputs.into_iter().enumerate() {
            pool.run_until(run(cache.clone(), mutation, &Value::from(input)))
                .unwrap();
            pool.run_until_stalled();
            assert_eq!(
                counts(&server),
                (2 + round, 2 + round),
                "{} refetched the key list and the logs once",
                mutation.name
            );
        }
    }

    #[test]
    fn the_secret_is_returned_even_while_the_refetches_hang() {
        let (mut pool, server, cache) = cache_setup();
        server.respond("/api-auth/keys", 200, envelope(json!([])), None);
        let active = QueryObserver::new(cache.clone(), keys_list_query(&Default::default()));
        pool.run_until_stalled();
        let mut created = key("9", "CI key");
        created["secret"] = json!("acme_TOPSECRET");
        server.respond_to("POST", "/api-auth/keys", 200, envelope(created));
        server.hold("/api-auth/keys");
        let result = pool.run_until(run(
            cache.clone(),
            &CREATE_KEY,
            &Value::from(json!({"name": "CI key"})),
        ));
        assert_eq!(
            result.unwrap().string_at("secret").as_deref(),
            Some("acme_TOPSECRET")
        );
        pool.run_until_stalled();
        assert_eq!(
            server.count("/api-auth/keys"),
            3,
            "list, create, held refetch"
        );
        assert!(
            active.state().is_some_and(|s| s.fetching),
            "the refetch is still on its way"
        );
    }

    #[test]
    fn empty_key_ids_are_refused_before_any_request() {
        let server = FakeServer::new();
        let cache = QueryCache::new(production_client(&server));
        let err = futures::executor::block_on(run(
            cache.clone(),
            &ROTATE_KEY,
            &Value::from(json!({"key_id": " "})),
        ))
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidArgument);
        let err = futures::executor::block_on(run(
            cache.clone(),
            &REVOKE_KEY,
            &Value::from(json!({"key_id": ""})),
        ))
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidArgument);
        let err =
            futures::executor::block_on(run(cache, &CREATE_KEY, &Value::from(json!({"name": 5}))))
                .unwrap_err();
        assert_eq!(
            (err.code, err.message.as_str()),
            (
                ErrorCode::InvalidArgument,
                "createKey.name: expected a string, got a number"
            )
        );
        assert!(server.requests().is_empty());
    }
}
