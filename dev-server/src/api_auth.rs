//! `/api-auth/*` routes of the frontend API (contract §3): the session (§3.2) here, keys in
//! [`crate::key_routes`], audit reads in [`crate::audit_logs`], [`crate::audit_analytics`] and
//! [`crate::audit_timeseries`].

use crate::browser_session::CurrentSession;
use crate::envelope::{self, FrontendError};
use crate::ids::now_ms;
use crate::state::{AppSession, AppState, Store};
use axum::extract::State;
use axum::response::Response;
use axum::routing::{any, get, post};
use axum::{Extension, Router};
use serde_json::json;

/// The `/api-auth/*` routes; unknown paths below `/api-auth` answer the envelope 404 "Not found".
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api-auth/session", get(get_session))
        .route(
            "/api-auth/keys",
            get(crate::key_routes::list_keys).post(crate::key_routes::create_key),
        )
        .route(
            "/api-auth/keys/{key_id}/rotate",
            post(crate::key_routes::rotate_key),
        )
        .route(
            "/api-auth/keys/{key_id}/revoke",
            post(crate::key_routes::revoke_key),
        )
        .route("/api-auth/audit/logs", get(crate::audit_logs::get_logs))
        .route(
            "/api-auth/audit/analytics",
            get(crate::audit_analytics::get_analytics),
        )
        .route(
            "/api-auth/audit/timeseries",
            get(crate::audit_timeseries::get_timeseries),
        )
        .route("/api-auth", any(not_found))
        .route("/api-auth/{*rest}", any(not_found))
}

/// The caller's active API-auth app session, or 401 "No active API auth app session".
/// Every `/api-auth/*` handler starts here.
pub fn require_app_session(
    store: &Store,
    current: &CurrentSession,
) -> Result<AppSession, FrontendError> {
    store
        .active_api_auth_app_session(&current.id, &current.deployment_id, now_ms())
        .cloned()
        .ok_or_else(|| FrontendError::unauthorized("No active API auth app session"))
}

/// `GET /api-auth/session`.
pub async fn get_session(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
) -> Result<Response, FrontendError> {
    let store = state.lock();
    let session = require_app_session(&store, &current)?;
    let app = store
        .api_auth_app(&current.deployment_id, &session.app_slug)
        .ok_or_else(|| FrontendError::bad_request("Invalid API auth app session"))?;
    let rate_limits =
        store.rate_limit_rules(&app.deployment_id, app.rate_limit_scheme_slug.as_deref());
    let mut api_auth_app = json!({
        "app_slug": app.app_slug,
        "name": app.name,
        "key_prefix": app.key_prefix,
        "is_active": app.is_active,
        "rate_limits": rate_limits,
    });
    if let Some(description) = &app.description {
        api_auth_app["description"] = json!(description);
    }
    Ok(envelope::success(json!({
        "session_id": session.id,
        "api_auth_app": api_auth_app,
    })))
}

/// Envelope 404 for unknown `/api-auth/*` routes.
pub async fn not_found() -> FrontendError {
    FrontendError::not_found("Not found")
}
