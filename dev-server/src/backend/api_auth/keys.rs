//! `/api-auth/apps/{slug}/keys[/{id}/rotate|revoke]`: the keys of an app of the backend key's
//! deployment, the same rows the frontend API lists. The secret is only in the create and rotate
//! answers.

use super::apps::find_app;
use super::validate::{self, MAX_TEXT_CHARS};
use crate::backend::auth::authenticate;
use crate::backend::body::json_body;
use crate::backend::error::BackendError;
use crate::backend::path::path_param;
use crate::http::query::query_bool;
use crate::ids::now_ms;
use crate::state::AppState;
use crate::store::api_key::{
    generate_secret, id_matches, parse_key_id, ApiKey, KeyGrant, NewSecret,
};
use crate::store::model::rules_json;
use crate::store::Store;
use crate::timestamps::parse_rfc3339_ms;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// Body of `POST /api-auth/apps/{slug}/keys`. Unknown fields are ignored.
#[derive(Debug, Deserialize)]
pub struct CreateKey {
    name: String,
    permissions: Option<Vec<String>>,
    /// RFC 3339, any fraction of a second (kept to the millisecond).
    expires_at: Option<String>,
    /// A JSON object (`null` = `{}`).
    metadata: Option<Value>,
}

/// Body of `POST …/revoke`: `{}`, `{"reason": null}` or `{"reason": "…"}`.
#[derive(Debug, Deserialize)]
pub struct RevokeKey {
    reason: Option<String>,
}

/// The backend ApiKey object of `key`, with the rules of its scheme (else its app's).
fn key_json(store: &Store, key: &ApiKey) -> Value {
    let scheme = key.rate_limit_scheme_slug.clone().or_else(|| {
        store
            .api_auth_app(&key.deployment_id, &key.app_slug)
            .and_then(|app| app.rate_limit_scheme_slug.clone())
    });
    let rules = store.rate_limit_rules(&key.deployment_id, scheme.as_deref());
    key.to_backend_json(rules_json(&rules))
}

/// ApiKeyWithSecret: the ApiKey fields flat, plus `secret`.
fn key_with_secret(store: &Store, key: &ApiKey, secret: &NewSecret) -> Value {
    let mut answer = key_json(store, key);
    answer["secret"] = json!(secret.secret);
    answer
}

/// The `{id}` segment, or 400 "invalid key id".
fn key_id(raw: &str) -> Result<u64, BackendError> {
    parse_key_id(raw).ok_or_else(|| BackendError::bad_request("invalid key id"))
}

/// The app's key with this id, or 404 "API key not found".
fn find_key(
    store: &Store,
    deployment_id: &str,
    slug: &str,
    key_id: u64,
) -> Result<ApiKey, BackendError> {
    store
        .api_keys
        .iter()
        .find(|key| key.belongs_to(deployment_id, slug) && id_matches(&key.id, key_id))
        .cloned()
        .ok_or_else(|| BackendError::not_found("API key not found"))
}

/// `GET /api-auth/apps/{slug}/keys[?include_inactive=true]` → `{"keys"}`, newest first; live
/// keys only unless `include_inactive`.
pub async fn list_keys(
    State(state): State<AppState>,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
    uri: Uri,
) -> Result<Response, BackendError> {
    let store = state.lock();
    let deployment_id = authenticate(&store, &headers)?;
    let slug = path_param(slug)?;
    find_app(&store, &deployment_id, &slug)?;
    let include_inactive = query_bool(uri.query(), "include_inactive");
    let mut keys: Vec<&ApiKey> = store
        .api_keys
        .iter()
        .filter(|key| key.belongs_to(&deployment_id, &slug))
        .filter(|key| include_inactive || key.is_live())
        .collect();
    let id = |key: &ApiKey| key.id.parse::<u64>().unwrap_or(0);
    keys.sort_by(|a, b| {
        b.created_at_ms
            .cmp(&a.created_at_ms)
            .then_with(|| id(b).cmp(&id(a)))
    });
    let keys: Vec<Value> = keys.iter().map(|key| key_json(&store, key)).collect();
    Ok(Json(json!({ "keys": keys })).into_response())
}

/// `POST /api-auth/apps/{slug}/keys` → ApiKeyWithSecret.
pub async fn create_key(
    State(state): State<AppState>,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, BackendError> {
    let mut store = state.lock();
    let deployment_id = authenticate(&store, &headers)?;
    let slug = path_param(slug)?;
    let request: CreateKey = json_body(body, false)?;
    let app = find_app(&store, &deployment_id, &slug)?.clone();
    let name = validate::text("name", &request.name, MAX_TEXT_CHARS)?;
    let permissions = validate::text_list("permissions", &request.permissions.unwrap_or_default())?;
    let expires_at_ms = match request.expires_at.as_deref() {
        None => None,
        Some(raw) => Some(
            parse_rfc3339_ms(raw)
                .ok_or_else(|| BackendError::bad_request("expires_at must be RFC 3339"))?,
        ),
    };
    let metadata = match request.metadata {
        None | Some(Value::Null) => json!({}),
        Some(object @ Value::Object(_)) => object,
        Some(_) => return Err(BackendError::bad_request("metadata must be a JSON object")),
    };
    let secret = generate_secret(&app.key_prefix);
    let now = now_ms();
    let grant = KeyGrant {
        deployment_id,
        app_slug: app.app_slug,
        name,
        key_prefix: app.key_prefix,
        permissions,
        rate_limit_scheme_slug: app.rate_limit_scheme_slug,
        expires_at_ms,
        metadata,
    };
    let key = ApiKey::issue(store.ids.next_id(), grant, &secret, now);
    let answer = key_with_secret(&store, &key, &secret);
    store.save_keys(vec![key]).map_err(BackendError::storage)?;
    Ok(Json(answer).into_response())
}

/// `POST /api-auth/apps/{slug}/keys/{id}/rotate` (no body needed) → the new key's
/// ApiKeyWithSecret. The old key must be live (else 400 "API key is not active"); it is revoked
/// with reason `Rotated`, the new one keeps its name, permissions, scheme, expiry and metadata.
pub async fn rotate_key(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, BackendError> {
    let mut store = state.lock();
    let deployment_id = authenticate(&store, &headers)?;
    let (slug, raw_id) = path_param(path)?;
    let app = find_app(&store, &deployment_id, &slug)?.clone();
    let mut old = find_key(&store, &deployment_id, &slug, key_id(&raw_id)?)?;
    if !old.is_live() {
        return Err(BackendError::bad_request("API key is not active"));
    }
    let secret = generate_secret(&app.key_prefix);
    let new = old.rotate(store.ids.next_id(), app.key_prefix, &secret, now_ms());
    let answer = key_with_secret(&store, &new, &secret);
    store
        .save_keys(vec![old, new])
        .map_err(BackendError::storage)?;
    Ok(Json(answer).into_response())
}

/// `POST /api-auth/apps/{slug}/keys/{id}/revoke` (`{"reason"}` optional, body optional) → 204.
/// Revoking a revoked key succeeds again; no reason keeps the previous one.
pub async fn revoke_key(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, BackendError> {
    let mut store = state.lock();
    let deployment_id = authenticate(&store, &headers)?;
    let (slug, raw_id) = path_param(path)?;
    let request: RevokeKey = json_body(body, true)?;
    let reason = validate::optional_text("reason", request.reason.as_deref(), MAX_TEXT_CHARS)?;
    find_app(&store, &deployment_id, &slug)?;
    let mut key = find_key(&store, &deployment_id, &slug, key_id(&raw_id)?)?;
    let now = now_ms();
    key.is_active = false;
    key.revoked_at_ms = Some(now);
    key.updated_at_ms = now;
    if reason.is_some() {
        key.revoked_reason = reason;
    }
    store.save_keys(vec![key]).map_err(BackendError::storage)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
