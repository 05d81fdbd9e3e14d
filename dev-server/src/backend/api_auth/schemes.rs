//! `/api-auth/rate-limit-schemes[/{slug}]`: the rate-limit schemes of the backend key's
//! deployment, which apps and keys name by slug and the gateway enforces.

use super::validate::{self, MAX_DESCRIPTION_CHARS, MAX_TEXT_CHARS};
use crate::backend::auth::authenticate;
use crate::backend::body::json_body;
use crate::backend::error::BackendError;
use crate::backend::path::path_param;
use crate::ids::now_ms;
use crate::state::AppState;
use crate::store::model::{RateLimitScheme, RuleRow};
use crate::store::Store;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// Body of `POST /api-auth/rate-limit-schemes`. Unknown fields are ignored.
#[derive(Debug, Deserialize)]
pub struct CreateScheme {
    slug: String,
    name: String,
    description: Option<String>,
    rules: Vec<RuleRow>,
}

/// Body of `PATCH /api-auth/rate-limit-schemes/{slug}`: absent or `null` fields stay; an empty
/// `description` clears it.
#[derive(Debug, Deserialize)]
pub struct UpdateScheme {
    name: Option<String>,
    description: Option<String>,
    rules: Option<Vec<RuleRow>>,
}

fn find_scheme(
    store: &Store,
    deployment_id: &str,
    slug: &str,
) -> Result<RateLimitScheme, BackendError> {
    store
        .rate_limit_scheme(deployment_id, slug)
        .cloned()
        .ok_or_else(|| BackendError::not_found("Rate limit scheme not found"))
}

/// `GET /api-auth/rate-limit-schemes` → `{"schemes", "total"}`, oldest first.
pub async fn list_schemes(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, BackendError> {
    let store = state.lock();
    let deployment_id = authenticate(&store, &headers)?;
    let schemes: Vec<Value> = store
        .rate_limit_schemes
        .iter()
        .filter(|scheme| scheme.deployment_id == deployment_id && !scheme.deleted)
        .map(RateLimitScheme::to_backend_json)
        .collect();
    Ok(Json(json!({ "schemes": schemes, "total": schemes.len() })).into_response())
}

/// `GET /api-auth/rate-limit-schemes/{slug}`.
pub async fn get_scheme(
    State(state): State<AppState>,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
) -> Result<Response, BackendError> {
    let store = state.lock();
    let deployment_id = authenticate(&store, &headers)?;
    let slug = path_param(slug)?;
    let scheme = find_scheme(&store, &deployment_id, &slug)?;
    Ok(Json(scheme.to_backend_json()).into_response())
}

/// `POST /api-auth/rate-limit-schemes`: 409 when the deployment has a scheme with the slug.
pub async fn create_scheme(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, BackendError> {
    let mut store = state.lock();
    let deployment_id = authenticate(&store, &headers)?;
    let request: CreateScheme = json_body(body, false)?;
    let slug = validate::slug("slug", &request.slug)?;
    let name = validate::text("name", &request.name, MAX_TEXT_CHARS)?;
    let description = validate::optional_text(
        "description",
        request.description.as_deref(),
        MAX_DESCRIPTION_CHARS,
    )?;
    let rules = validate::rules(request.rules)?;
    if store.rate_limit_scheme(&deployment_id, &slug).is_some() {
        return Err(BackendError::conflict(format!(
            "Rate limit scheme '{slug}' already exists"
        )));
    }
    let now = now_ms();
    let scheme = RateLimitScheme {
        id: store.ids.next_id(),
        deployment_id,
        slug,
        name,
        description,
        rules,
        created_at_ms: now,
        updated_at_ms: now,
        deleted: false,
    };
    let answer = scheme.to_backend_json();
    store.save_scheme(scheme).map_err(BackendError::storage)?;
    Ok(Json(answer).into_response())
}

/// `PATCH /api-auth/rate-limit-schemes/{slug}`: only the fields given change; the gateway uses
/// the new rules from the next check on.
pub async fn update_scheme(
    State(state): State<AppState>,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, BackendError> {
    let mut store = state.lock();
    let deployment_id = authenticate(&store, &headers)?;
    let slug = path_param(slug)?;
    let request: UpdateScheme = json_body(body, true)?;
    let mut scheme = find_scheme(&store, &deployment_id, &slug)?;
    if let Some(name) = request.name.as_deref() {
        scheme.name = validate::text("name", name, MAX_TEXT_CHARS)?;
    }
    if let Some(description) = request.description.as_deref() {
        scheme.description =
            validate::optional_text("description", Some(description), MAX_DESCRIPTION_CHARS)?;
    }
    if let Some(rules) = request.rules {
        scheme.rules = validate::rules(rules)?;
    }
    scheme.updated_at_ms = now_ms();
    let answer = scheme.to_backend_json();
    store.save_scheme(scheme).map_err(BackendError::storage)?;
    Ok(Json(answer).into_response())
}

/// `DELETE /api-auth/rate-limit-schemes/{slug}` → 204; 409 while an app or a live key names it.
pub async fn delete_scheme(
    State(state): State<AppState>,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
) -> Result<Response, BackendError> {
    let mut store = state.lock();
    let deployment_id = authenticate(&store, &headers)?;
    let slug = path_param(slug)?;
    let mut scheme = find_scheme(&store, &deployment_id, &slug)?;
    let named = Some(slug.as_str());
    let used = store.api_auth_apps.iter().any(|app| {
        app.deployment_id == deployment_id
            && !app.deleted
            && app.rate_limit_scheme_slug.as_deref() == named
    }) || store.api_keys.iter().any(|key| {
        key.deployment_id == deployment_id
            && key.is_live()
            && key.rate_limit_scheme_slug.as_deref() == named
    });
    if used {
        return Err(BackendError::conflict(format!(
            "Rate limit scheme '{slug}' is in use"
        )));
    }
    scheme.deleted = true;
    scheme.updated_at_ms = now_ms();
    store.save_scheme(scheme).map_err(BackendError::storage)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
