//! The backend API-auth management: apps ([`apps`]), their keys ([`keys`]), rate-limit schemes
//! ([`schemes`]) and audit reads ([`audit`]), all behind the backend key ([`authenticate`]) and
//! scoped to its deployment; bodies checked by [`validate`]. Successes are bare JSON, errors the
//! backend shape. They work on the same rows the frontend API and the gateway use.
//!
//! [`authenticate`]: crate::backend::auth::authenticate

pub mod apps;
pub mod audit;
pub mod keys;
pub mod schemes;
pub mod validate;

use crate::state::AppState;
use axum::routing::{get, post};
use axum::Router;

/// The routes, without layers.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api-auth/apps",
            get(apps::list_apps).post(apps::create_app),
        )
        .route(
            "/api-auth/apps/{slug}",
            get(apps::get_app)
                .patch(apps::update_app)
                .delete(apps::delete_app),
        )
        .route(
            "/api-auth/apps/{slug}/keys",
            get(keys::list_keys).post(keys::create_key),
        )
        .route(
            "/api-auth/apps/{slug}/keys/{key_id}/rotate",
            post(keys::rotate_key),
        )
        .route(
            "/api-auth/apps/{slug}/keys/{key_id}/revoke",
            post(keys::revoke_key),
        )
        .route(
            "/api-auth/rate-limit-schemes",
            get(schemes::list_schemes).post(schemes::create_scheme),
        )
        .route(
            "/api-auth/rate-limit-schemes/{slug}",
            get(schemes::get_scheme)
                .patch(schemes::update_scheme)
                .delete(schemes::delete_scheme),
        )
        .route("/api-auth/apps/{slug}/audit/logs", get(audit::logs))
        .route(
            "/api-auth/apps/{slug}/audit/analytics",
            get(audit::analytics),
        )
        .route(
            "/api-auth/apps/{slug}/audit/timeseries",
            get(audit::timeseries),
        )
}
