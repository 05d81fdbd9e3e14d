//! `/api-auth/*` routes of the frontend API (wire contract §3): the app session (wire contract §3.2) in
//! [`app_session`], keys in [`keys`], audit reads in [`audit_logs`], [`audit_analytics`] and
//! [`audit_timeseries`] (their shared filter in [`audit_query`]). Every handler takes the
//! [`app_session::ActiveAppSession`] extractor first, so a caller without an active API-auth
//! app session gets the 401 before anything else is read.

pub mod app_session;
pub mod audit_analytics;
pub mod audit_logs;
pub mod audit_query;
pub mod audit_timeseries;
pub mod form;
pub mod keys;

use crate::frontend::envelope::FrontendError;
use crate::frontend::framework_errors::only;
use crate::state::AppState;
use axum::routing::{any, get, post};
use axum::Router;

/// The `/api-auth/*` routes; unknown paths below `/api-auth` answer the envelope 404 "Resource
/// does not exist", a wrong method on a known one the envelope 405.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api-auth/session", only(get(app_session::get_session)))
        .route(
            "/api-auth/keys",
            only(get(keys::list_keys).post(keys::create_key)),
        )
        .route(
            "/api-auth/keys/{key_id}/rotate",
            only(post(keys::rotate_key)),
        )
        .route(
            "/api-auth/keys/{key_id}/revoke",
            only(post(keys::revoke_key)),
        )
        .route("/api-auth/audit/logs", only(get(audit_logs::get_logs)))
        .route(
            "/api-auth/audit/analytics",
            only(get(audit_analytics::get_analytics)),
        )
        .route(
            "/api-auth/audit/timeseries",
            only(get(audit_timeseries::get_timeseries)),
        )
        .route("/api-auth", any(not_found))
        .route("/api-auth/{*rest}", any(not_found))
}

/// Envelope 404 for unknown `/api-auth/*` routes.
pub async fn not_found() -> FrontendError {
    FrontendError::not_found("Resource does not exist")
}
