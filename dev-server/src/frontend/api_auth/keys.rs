//! `/api-auth/keys*` (wire contract §3.3–3.6): list, create, rotate, revoke the keys of the caller's
//! API-auth app. Every handler first requires the active app session (401,
//! [`ActiveAppSession`]), then works only on keys of that session's deployment and app slug.
//! Status codes and texts are the frontend API's, including its 500s for "not found".

use super::app_session::ActiveAppSession;
use super::form::form_value;
use crate::frontend::envelope::{self, FrontendError};
use crate::http::query::{query_bool, query_param};
use crate::ids::now_ms;
use crate::state::AppState;
use crate::store::api_key::{generate_secret, id_matches, parse_key_id, ApiKey, KeyGrant};
use crate::timestamps::parse_rfc3339_ms;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use serde_json::{json, Value};
use std::cmp::Ordering;

/// `?status=` values of `GET /api-auth/keys`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    /// `is_active AND revoked_at IS NULL` (expired keys included).
    Active,
    /// `NOT is_active OR revoked_at IS NOT NULL`.
    Revoked,
    /// `expires_at < now`.
    Expired,
    /// Everything.
    All,
}

impl StatusFilter {
    /// Trimmed and lower-cased; empty → active (all with `include_inactive`); else 500
    /// "invalid status filter: <raw>".
    pub fn parse(raw: &str, include_inactive: bool) -> Result<StatusFilter, FrontendError> {
        match raw.trim().to_lowercase().as_str() {
            "" if include_inactive => Ok(StatusFilter::All),
            "" | "active" => Ok(StatusFilter::Active),
            "revoked" => Ok(StatusFilter::Revoked),
            "expired" => Ok(StatusFilter::Expired),
            "all" => Ok(StatusFilter::All),
            _ => Err(FrontendError::internal(format!(
                "invalid status filter: {raw}"
            ))),
        }
    }

    /// True when `key` passes the filter at `now_ms`.
    pub fn matches(self, key: &ApiKey, now_ms: i64) -> bool {
        match self {
            StatusFilter::Active => key.is_live(),
            StatusFilter::Revoked => !key.is_live(),
            StatusFilter::Expired => key.expires_at_ms.is_some_and(|at| at < now_ms),
            StatusFilter::All => true,
        }
    }
}

/// Longest key `name` and revoke `reason`, in characters (Unicode scalar values, not bytes) of
/// the trimmed value; a longer one is a 400 before anything is stored.
pub const MAX_TEXT_CHARS: usize = 256;

/// 400 "<field> must be at most 256 characters" when `value` is longer than [`MAX_TEXT_CHARS`].
fn check_length(field: &str, value: &str) -> Result<(), FrontendError> {
    if value.chars().count() > MAX_TEXT_CHARS {
        return Err(FrontendError::bad_request(format!(
            "{field} must be at most {MAX_TEXT_CHARS} characters"
        )));
    }
    Ok(())
}

/// Newest first: `created_at DESC`, then id DESC (numerically).
fn newest_key_first(a: &&ApiKey, b: &&ApiKey) -> Ordering {
    let id = |key: &ApiKey| key.id.parse::<u64>().unwrap_or(0);
    b.created_at_ms
        .cmp(&a.created_at_ms)
        .then_with(|| id(b).cmp(&id(a)))
}

/// 500 with the text of an app that is gone.
fn app_not_found() -> FrontendError {
    FrontendError::internal("API auth app not found")
}

/// A failed write to the `--data` file: logged, answered 500.
fn storage_error(error: rusqlite::Error) -> FrontendError {
    eprintln!("wacht-dev-server: cannot write the data file: {error}");
    FrontendError::internal("Internal server error")
}

/// `GET /api-auth/keys[?status=]` → `data: ApiKey[]`.
pub async fn list_keys(
    State(state): State<AppState>,
    ActiveAppSession(session): ActiveAppSession,
    uri: Uri,
) -> Result<Response, FrontendError> {
    let store = state.lock();
    let raw = query_param(uri.query(), "status").unwrap_or_default();
    let filter = StatusFilter::parse(&raw, query_bool(uri.query(), "include_inactive"))?;
    let now = now_ms();
    let mut keys: Vec<&ApiKey> = store
        .api_keys
        .iter()
        .filter(|key| key.belongs_to(&session.deployment_id, &session.app_slug))
        .filter(|key| filter.matches(key, now))
        .collect();
    if keys.is_empty()
        && store
            .api_auth_app(&session.deployment_id, &session.app_slug)
            .is_none()
    {
        return Err(app_not_found());
    }
    keys.sort_by(newest_key_first);
    let data: Vec<Value> = keys.iter().map(|key| key.to_json()).collect();
    Ok(envelope::success(data))
}

/// `POST /api-auth/keys` (form `name`, at most [`MAX_TEXT_CHARS`] characters, optional
/// `expires_at`) → `data: ApiKeyWithSecret`.
pub async fn create_key(
    State(state): State<AppState>,
    session: Result<ActiveAppSession, FrontendError>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, FrontendError> {
    let ActiveAppSession(session) = session?;
    let mut store = state.lock();
    let name = form_value(uri.query(), &headers, &body, "name")
        .trim()
        .to_string();
    if name.is_empty() {
        return Err(FrontendError::bad_request("name is required"));
    }
    check_length("name", &name)?;
    let raw_expiry = form_value(uri.query(), &headers, &body, "expires_at");
    let raw_expiry = raw_expiry.trim();
    let expires_at_ms = if raw_expiry.is_empty() {
        None
    } else {
        Some(
            parse_rfc3339_ms(raw_expiry)
                .ok_or_else(|| FrontendError::bad_request("expires_at must be RFC3339"))?,
        )
    };

    let app = store
        .api_auth_app(&session.deployment_id, &session.app_slug)
        .cloned()
        .ok_or_else(app_not_found)?;
    let secret = generate_secret(&app.key_prefix);
    let now = now_ms();
    let grant = KeyGrant {
        deployment_id: session.deployment_id.clone(),
        app_slug: session.app_slug.clone(),
        name,
        key_prefix: app.key_prefix,
        permissions: Vec::new(),
        rate_limit_scheme_slug: app.rate_limit_scheme_slug,
        expires_at_ms,
        metadata: json!({}),
    };
    let key = ApiKey::issue(store.ids.next_id(), grant, &secret, now);
    let data = key.to_json_with_secret(&secret);
    store.save_keys(vec![key]).map_err(storage_error)?;
    Ok(envelope::success(data))
}

/// The `{key_id}` segment as uint64, or 400 "invalid key id" (after the session check, which
/// the extractor made).
fn key_id(key_id: Result<Path<String>, PathRejection>) -> Result<u64, FrontendError> {
    key_id
        .ok()
        .and_then(|Path(raw)| parse_key_id(&raw))
        .ok_or_else(|| FrontendError::bad_request("invalid key id"))
}

/// `POST /api-auth/keys/{key_id}/rotate` → the new key's `ApiKeyWithSecret`. The old key must be
/// live (else 500 "API key not found or inactive"); it is revoked with reason `Rotated`.
pub async fn rotate_key(
    State(state): State<AppState>,
    ActiveAppSession(session): ActiveAppSession,
    raw_key_id: Result<Path<String>, PathRejection>,
) -> Result<Response, FrontendError> {
    let key_id = key_id(raw_key_id)?;
    let mut store = state.lock();
    let mut old = store
        .api_keys
        .iter()
        .find(|key| {
            key.belongs_to(&session.deployment_id, &session.app_slug)
                && id_matches(&key.id, key_id)
                && key.is_live()
        })
        .cloned()
        .ok_or_else(|| FrontendError::internal("API key not found or inactive"))?;
    let app = store
        .api_auth_app(&session.deployment_id, &session.app_slug)
        .ok_or_else(|| {
            FrontendError::internal("failed to fetch API auth app: API auth app not found")
        })?;
    let secret = generate_secret(&app.key_prefix);
    let key_prefix = app.key_prefix.clone();

    let new = old.rotate(store.ids.next_id(), key_prefix, &secret, now_ms());
    let data = new.to_json_with_secret(&secret);
    store.save_keys(vec![old, new]).map_err(storage_error)?;
    Ok(envelope::success(data))
}

/// `POST /api-auth/keys/{key_id}/revoke` (optional form `reason`, at most [`MAX_TEXT_CHARS`]
/// characters) → `data: {"success": true}`.
/// Revoking a revoked key succeeds again; an empty reason keeps the previous one.
pub async fn revoke_key(
    State(state): State<AppState>,
    session: Result<ActiveAppSession, FrontendError>,
    raw_key_id: Result<Path<String>, PathRejection>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, FrontendError> {
    let ActiveAppSession(session) = session?;
    let key_id = key_id(raw_key_id)?;
    let mut store = state.lock();
    let reason = form_value(uri.query(), &headers, &body, "reason")
        .trim()
        .to_string();
    check_length("reason", &reason)?;
    let mut key = store
        .api_keys
        .iter()
        .find(|key| {
            key.belongs_to(&session.deployment_id, &session.app_slug) && id_matches(&key.id, key_id)
        })
        .cloned()
        .ok_or_else(|| FrontendError::internal("API key not found"))?;
    let now = now_ms();
    key.is_active = false;
    key.revoked_at_ms = Some(now);
    key.updated_at_ms = now;
    if !reason.is_empty() {
        key.revoked_reason = Some(reason);
    }
    store.save_keys(vec![key]).map_err(storage_error)?;
    Ok(envelope::success(json!({ "success": true })))
}
