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

use crate::backend::error::BackendError;
use crate::state::AppState;
use axum::http::StatusCode;
use axum::routing::{any, get, post, MethodRouter};
use axum::Router;

/// A wrong method on a known path: 405 "Method not allowed" in the backend shape.
pub async fn method_not_allowed() -> BackendError {
    BackendError::new(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed")
}

/// An unknown path below `/api-auth/apps/` or `/api-auth/rate-limit-schemes/`: 404 "Not found"
/// in the backend shape (not the frontend API's envelope, which answers the rest of `/api-auth`).
pub async fn not_found() -> BackendError {
    BackendError::new(StatusCode::NOT_FOUND, "Not found")
}

/// `methods` answering other methods with [`method_not_allowed`].
fn only(methods: MethodRouter<AppState>) -> MethodRouter<AppState> {
    methods.fallback(method_not_allowed)
}

/// The routes, without layers.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api-auth/apps",
            only(get(apps::list_apps).post(apps::create_app)),
        )
        .route(
            "/api-auth/apps/{slug}",
            only(
                get(apps::get_app)
                    .patch(apps::update_app)
                    .delete(apps::delete_app),
            ),
        )
        .route(
            "/api-auth/apps/{slug}/keys",
            only(get(keys::list_keys).post(keys::create_key)),
        )
        .route(
            "/api-auth/apps/{slug}/keys/{key_id}/rotate",
            only(post(keys::rotate_key)),
        )
        .route(
            "/api-auth/apps/{slug}/keys/{key_id}/revoke",
            only(post(keys::revoke_key)),
        )
        .route(
            "/api-auth/rate-limit-schemes",
            only(get(schemes::list_schemes).post(schemes::create_scheme)),
        )
        .route(
            "/api-auth/rate-limit-schemes/{slug}",
            only(
                get(schemes::get_scheme)
                    .patch(schemes::update_scheme)
                    .delete(schemes::delete_scheme),
            ),
        )
        .route("/api-auth/apps/{slug}/audit/logs", only(get(audit::logs)))
        .route(
            "/api-auth/apps/{slug}/audit/analytics",
            only(get(audit::analytics)),
        )
        .route(
            "/api-auth/apps/{slug}/audit/timeseries",
            only(get(audit::timeseries)),
        )
        .route("/api-auth/apps/{slug}/{*rest}", any(not_found))
        .route(
            "/api-auth/rate-limit-schemes/{slug}/{*rest}",
            any(not_found),
        )
}
