//! `/api-auth/apps[/{slug}]`: list, get, create, update and delete the API-auth apps of the
//! backend key's deployment. Answers are the ApiAuthApp object (its scheme's rules as
//! `rate_limits`); a deleted app is gone for every route, and its slug stays taken.

use super::validate::{self, MAX_DESCRIPTION_CHARS, MAX_TEXT_CHARS};
use crate::backend::auth::authenticate;
use crate::backend::body::{json_body, optional_id};
use crate::backend::error::BackendError;
use crate::backend::path::path_param;
use crate::http::query::query_bool;
use crate::ids::now_ms;
use crate::state::AppState;
use crate::store::model::ApiAuthApp;
use crate::store::Store;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// Body of `POST /api-auth/apps`. Unknown fields are ignored.
#[derive(Debug, Deserialize)]
pub struct CreateApp {
    app_slug: String,
    name: String,
    key_prefix: String,
    description: Option<String>,
    rate_limit_scheme_slug: Option<String>,
    #[serde(default, deserialize_with = "optional_id")]
    user_id: Option<String>,
    #[serde(default, deserialize_with = "optional_id")]
    organization_id: Option<String>,
    #[serde(default, deserialize_with = "optional_id")]
    workspace_id: Option<String>,
    permissions: Option<Vec<String>>,
    resources: Option<Vec<String>>,
}

/// Body of `PATCH /api-auth/apps/{slug}`: absent or `null` fields are left as they are; an
/// empty `description` clears it, an empty `rate_limit_scheme_slug` detaches the scheme.
#[derive(Debug, Deserialize)]
pub struct UpdateApp {
    name: Option<String>,
    key_prefix: Option<String>,
    description: Option<String>,
    is_active: Option<bool>,
    rate_limit_scheme_slug: Option<String>,
    #[serde(default, deserialize_with = "optional_id")]
    organization_id: Option<String>,
    #[serde(default, deserialize_with = "optional_id")]
    workspace_id: Option<String>,
    permissions: Option<Vec<String>>,
    resources: Option<Vec<String>>,
}

/// 404 "API auth app not found".
pub fn app_not_found() -> BackendError {
    BackendError::not_found("API auth app not found")
}

/// The deployment's non-deleted app `slug`, or 404.
pub fn find_app<'a>(
    store: &'a Store,
    deployment_id: &str,
    slug: &str,
) -> Result<&'a ApiAuthApp, BackendError> {
    store
        .api_auth_app(deployment_id, slug)
        .ok_or_else(app_not_found)
}

/// The ApiAuthApp answer of `app`.
pub fn app_json(store: &Store, app: &ApiAuthApp) -> Value {
    let rules = store.rate_limit_rules(&app.deployment_id, app.rate_limit_scheme_slug.as_deref());
    app.to_backend_json(&rules)
}

/// A scheme slug the deployment has, or 400 "Rate limit scheme '<slug>' not found".
fn existing_scheme(store: &Store, deployment_id: &str, slug: &str) -> Result<String, BackendError> {
    store
        .rate_limit_scheme(deployment_id, slug)
        .map(|scheme| scheme.slug.clone())
        .ok_or_else(|| BackendError::bad_request(format!("Rate limit scheme '{slug}' not found")))
}

/// `GET /api-auth/apps[?include_inactive=true]` → `{"total", "apps"}`, oldest first.
pub async fn list_apps(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, BackendError> {
    let store = state.lock();
    let deployment_id = authenticate(&store, &headers)?;
    let include_inactive = query_bool(uri.query(), "include_inactive");
    let apps: Vec<Value> = store
        .api_auth_apps
        .iter()
        .filter(|app| app.deployment_id == deployment_id && !app.deleted)
        .filter(|app| include_inactive || app.is_active)
        .map(|app| app_json(&store, app))
        .collect();
    Ok(Json(json!({ "total": apps.len(), "apps": apps })).into_response())
}

/// `GET /api-auth/apps/{slug}`.
pub async fn get_app(
    State(state): State<AppState>,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
) -> Result<Response, BackendError> {
    let store = state.lock();
    let deployment_id = authenticate(&store, &headers)?;
    let slug = path_param(slug)?;
    let app = find_app(&store, &deployment_id, &slug)?;
    Ok(Json(app_json(&store, app)).into_response())
}

/// `POST /api-auth/apps`: 409 when the deployment already has (or had) the slug.
pub async fn create_app(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, BackendError> {
    let mut store = state.lock();
    let deployment_id = authenticate(&store, &headers)?;
    let request: CreateApp = json_body(body, false)?;
    let app_slug = validate::slug("app_slug", &request.app_slug)?;
    let name = validate::text("name", &request.name, MAX_TEXT_CHARS)?;
    let key_prefix = validate::key_prefix(&request.key_prefix)?;
    let description = validate::optional_text(
        "description",
        request.description.as_deref(),
        MAX_DESCRIPTION_CHARS,
    )?;
    let user_id = validate::optional_text("user_id", request.user_id.as_deref(), MAX_TEXT_CHARS)?;
    let organization_id = validate::optional_text(
        "organization_id",
        request.organization_id.as_deref(),
        MAX_TEXT_CHARS,
    )?;
    let workspace_id = validate::optional_text(
        "workspace_id",
        request.workspace_id.as_deref(),
        MAX_TEXT_CHARS,
    )?;
    let permissions = validate::text_list("permissions", &request.permissions.unwrap_or_default())?;
    let resources = validate::text_list("resources", &request.resources.unwrap_or_default())?;
    if user_id.is_some() && !(permissions.is_empty() && resources.is_empty()) {
        return Err(BackendError::bad_request(
            "permissions and resources cannot be set together with user_id",
        ));
    }
    if user_id.is_none() && (organization_id.is_some() || workspace_id.is_some()) {
        return Err(BackendError::bad_request(
            "organization_id and workspace_id require user_id",
        ));
    }
    let rate_limit_scheme_slug = match request.rate_limit_scheme_slug.as_deref() {
        None | Some("") => None,
        Some(slug) => Some(existing_scheme(&store, &deployment_id, slug)?),
    };
    let taken = store
        .api_auth_apps
        .iter()
        .any(|app| app.deployment_id == deployment_id && app.app_slug == app_slug);
    if taken {
        return Err(BackendError::conflict(format!(
            "API auth app '{app_slug}' already exists"
        )));
    }
    let now = now_ms();
    let app = ApiAuthApp {
        deployment_id,
        app_slug,
        name,
        key_prefix,
        description,
        is_active: true,
        rate_limit_scheme_slug,
        user_id,
        organization_id,
        workspace_id,
        permissions,
        resources,
        created_at_ms: now,
        updated_at_ms: now,
        deleted: false,
    };
    let answer = app_json(&store, &app);
    store.save_app(app).map_err(BackendError::storage)?;
    Ok(Json(answer).into_response())
}

/// `PATCH /api-auth/apps/{slug}`: only the fields given change.
pub async fn update_app(
    State(state): State<AppState>,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, BackendError> {
    let mut store = state.lock();
    let deployment_id = authenticate(&store, &headers)?;
    let slug = path_param(slug)?;
    let request: UpdateApp = json_body(body, true)?;
    let mut app = find_app(&store, &deployment_id, &slug)?.clone();
    if let Some(name) = request.name.as_deref() {
        app.name = validate::text("name", name, MAX_TEXT_CHARS)?;
    }
    if let Some(prefix) = request.key_prefix.as_deref() {
        app.key_prefix = validate::key_prefix(prefix)?;
    }
    if let Some(description) = request.description.as_deref() {
        app.description =
            validate::optional_text("description", Some(description), MAX_DESCRIPTION_CHARS)?;
    }
    if let Some(is_active) = request.is_active {
        app.is_active = is_active;
    }
    if let Some(scheme) = request.rate_limit_scheme_slug.as_deref() {
        app.rate_limit_scheme_slug = match scheme {
            "" => None,
            slug => Some(existing_scheme(&store, &deployment_id, slug)?),
        };
    }
    let owned =
        |field: &str, value: Option<&str>| validate::optional_text(field, value, MAX_TEXT_CHARS);
    if let Some(organization_id) = request.organization_id.as_deref() {
        app.organization_id = owned("organization_id", Some(organization_id))?;
    }
    if let Some(workspace_id) = request.workspace_id.as_deref() {
        app.workspace_id = owned("workspace_id", Some(workspace_id))?;
    }
    if let Some(permissions) = &request.permissions {
        app.permissions = validate::text_list("permissions", permissions)?;
    }
    if let Some(resources) = &request.resources {
        app.resources = validate::text_list("resources", resources)?;
    }
    if app.user_id.is_none() && (app.organization_id.is_some() || app.workspace_id.is_some()) {
        return Err(BackendError::bad_request(
            "organization_id and workspace_id require user_id",
        ));
    }
    if app.user_id.is_some() && !(app.permissions.is_empty() && app.resources.is_empty()) {
        return Err(BackendError::bad_request(
            "permissions and resources cannot be set together with user_id",
        ));
    }
    app.updated_at_ms = now_ms();
    let answer = app_json(&store, &app);
    store.save_app(app).map_err(BackendError::storage)?;
    Ok(Json(answer).into_response())
}

/// `DELETE /api-auth/apps/{slug}` → 204. The app is soft-deleted: its tickets no longer
/// exchange, its sessions and keys stop working, its slug stays taken.
pub async fn delete_app(
    State(state): State<AppState>,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
) -> Result<Response, BackendError> {
    let mut store = state.lock();
    let deployment_id = authenticate(&store, &headers)?;
    let slug = path_param(slug)?;
    let mut app = find_app(&store, &deployment_id, &slug)?.clone();
    app.deleted = true;
    app.updated_at_ms = now_ms();
    store.save_app(app).map_err(BackendError::storage)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
