//! The backend API (wire contract §2.3, §4), what an app's server calls with its backend API key:
//! `POST /session/tickets` ([`tickets`]) and the API-auth management ([`api_auth`]: apps, keys,
//! rate-limit schemes, audit reads), authenticated by [`auth`], JSON bodies read by [`body`], path parameters by [`path`],
//! errors in the backend shape ([`error`]).

pub mod api_auth;
pub mod auth;
pub mod body;
pub mod error;
pub mod path;
pub mod tickets;

use crate::state::AppState;
use axum::routing::post;
use axum::Router;

/// The backend API's routes, without their layers (faults and CORS: [`crate::router`]).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/session/tickets", post(tickets::create_session_ticket))
        .merge(api_auth::routes())
}
