//! Backend API authentication: `Authorization: Bearer <backend API key>` → deployment id.

use super::error::BackendError;
use crate::store::Store;
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};

/// The key of a `Bearer` Authorization header, or 401 "Authorization header must be Bearer token".
pub fn bearer_key(headers: &HeaderMap) -> Result<&str, BackendError> {
    headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .ok_or_else(|| {
            BackendError::new(
                StatusCode::UNAUTHORIZED,
                "Authorization header must be Bearer token",
            )
        })
}

/// The deployment of a backend API request (ticket mint and the API-auth management): the one
/// owning the `Bearer` key. No or a non-Bearer header → 401 "Authorization header must be Bearer
/// token"; an empty, unknown or malformed key → 401 "Authentication failed".
pub fn authenticate(store: &Store, headers: &HeaderMap) -> Result<String, BackendError> {
    deployment_for_key(store, bearer_key(headers)?)
}

/// The id of the deployment owning `key`, or 401 "Authentication failed" (empty, unknown or
/// malformed key).
pub fn deployment_for_key(store: &Store, key: &str) -> Result<String, BackendError> {
    store
        .deployment_by_backend_key(key)
        .filter(|_| !key.is_empty())
        .map(|deployment| deployment.id.clone())
        .ok_or_else(|| BackendError::new(StatusCode::UNAUTHORIZED, "Authentication failed"))
}
