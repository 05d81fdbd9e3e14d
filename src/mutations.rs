//! Key lifecycle mutations. Each one, on success, refetches every observed key list and audit
//! query once (the hooks refetch only the current key list), and resolves after the key lists
//! are fresh, as the hooks' `await mutate()` does. Secrets are returned to the caller only.

use crate::error::ClientError;
use crate::keys::{
    create_request, revoke_request, rotate_request, ApiKeyWithSecret, CreateKeyInput,
    RevokeKeyInput, RevokeResult, RotateKeyInput,
};
use crate::query_cache::{QueryCache, QueryKind};
use std::rc::Rc;

const ALL_KINDS: [QueryKind; 4] = [
    QueryKind::Keys,
    QueryKind::AuditLogs,
    QueryKind::AuditAnalytics,
    QueryKind::AuditTimeseries,
];

/// Refetches everything a key mutation can change; waits for the key lists only.
async fn after_mutation(cache: &Rc<QueryCache>) {
    let key_lists: Vec<_> = cache
        .invalidate(&ALL_KINDS)
        .into_iter()
        .filter(|(kind, _)| *kind == QueryKind::Keys)
        .map(|(_, fetch)| fetch)
        .collect();
    futures::future::join_all(key_lists).await;
}

fn require_key_id(key_id: &str) -> Result<(), ClientError> {
    if key_id.trim().is_empty() {
        Err(ClientError::invalid_argument(
            "key_id must be a non-empty string",
        ))
    } else {
        Ok(())
    }
}

/// `POST /api-auth/keys`; resolves with the key and its one-time secret.
pub async fn create_key(
    cache: Rc<QueryCache>,
    input: CreateKeyInput,
) -> Result<ApiKeyWithSecret, ClientError> {
    let created = cache.client().fetch_data(&create_request(&input)).await?;
    after_mutation(&cache).await;
    Ok(created)
}

/// `POST /api-auth/keys/{id}/rotate`; resolves with the new key and its one-time secret.
pub async fn rotate_key(
    cache: Rc<QueryCache>,
    input: RotateKeyInput,
) -> Result<ApiKeyWithSecret, ClientError> {
    require_key_id(&input.key_id)?;
    let rotated = cache.client().fetch_data(&rotate_request(&input)).await?;
    after_mutation(&cache).await;
    Ok(rotated)
}

/// `POST /api-auth/keys/{id}/revoke`.
pub async fn revoke_key(
    cache: Rc<QueryCache>,
    input: RevokeKeyInput,
) -> Result<RevokeResult, ClientError> {
    require_key_id(&input.key_id)?;
    let revoked = cache.client().fetch_data(&revoke_request(&input)).await?;
    after_mutation(&cache).await;
    Ok(revoked)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::query_cache::Query;
    use crate::query_store::{keys_snapshot, QueryObserver};
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
        let active = QueryObserver::new(
            cache.clone(),
            Query {
                kind: QueryKind::Keys,
                request: crate::keys::list_request(&Default::default()),
            },
        );
        let _twin = QueryObserver::new(
            cache.clone(),
            Query {
                kind: QueryKind::Keys,
                request: crate::keys::list_request(&Default::default()),
            },
        );
        let _analytics = QueryObserver::new(
            cache.clone(),
            Query {
                kind: QueryKind::AuditAnalytics,
                request: crate::audit::analytics_request(&Default::default()),
            },
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
        let result = pool.run_until(create_key(
            cache.clone(),
            CreateKeyInput {
                name: "CI key".into(),
                expires_at: None,
            },
        ));
        let created = result.unwrap();
        assert_eq!(created.secret, "acme_TOPSECRET");
        pool.run_until_stalled();
        // one create + one refetch of the shared key list entry; one audit refetch
        assert_eq!(server.count("/api-auth/keys"), 3);
        assert_eq!(server.count("/api-auth/audit/analytics"), 2);
        let snapshot = keys_snapshot(active.state());
        assert_eq!(
            snapshot.keys.len(),
            1,
            "the list was refetched before create resolved"
        );
        assert!(
            !format!("{:?}", snapshot).contains("TOPSECRET"),
            "the key list never carries the secret"
        );
    }

    #[test]
    fn empty_key_ids_are_refused_before_any_request() {
        let server = FakeServer::new();
        let cache = QueryCache::new(production_client(&server));
        let err = futures::executor::block_on(rotate_key(
            cache.clone(),
            RotateKeyInput { key_id: " ".into() },
        ))
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidArgument);
        let err = futures::executor::block_on(revoke_key(
            cache,
            RevokeKeyInput {
                key_id: String::new(),
                reason: None,
            },
        ))
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidArgument);
        assert!(server.requests().is_empty());
    }
}
