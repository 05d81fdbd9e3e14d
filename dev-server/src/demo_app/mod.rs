//! The demo app's own backend: the endpoint a customer's server would have
//! (`POST /api/settings/api-keys/embed-ticket`, [`embed_ticket`], behind the app's policy
//! [`embed_policy`]), `GET /api/config`, and a fake sign-in to show every branch of the policy
//! ([`sign_in`]). It plays the app that embeds Wacht, so it reaches Wacht only through the
//! backend API's code ([`crate::backend::tickets`]); its tenants and identities are
//! [`crate::store::tenants`].

pub mod embed_policy;
pub mod embed_ticket;
pub mod sign_in;

use crate::state::AppState;
use axum::routing::{get, post};
use axum::Router;

/// The demo app's routes, without their layers (faults and CORS: [`crate::router`]).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/settings/api-keys/embed-ticket",
            post(embed_ticket::embed_ticket),
        )
        .route("/api/config", get(embed_ticket::config))
        .route("/api/demo/identities", get(sign_in::list_identities))
        .route("/api/demo/sign-in", post(sign_in::sign_in))
        .route("/api/demo/sign-out", post(sign_in::sign_out))
}
