//! The frontend API (wire contract §1.5, §2.1, §3), what the browser client calls: `GET /deployment`,
//! `GET /session/ticket/exchange` and the `/api-auth/*` routes ([`api_auth`]). Every request
//! first passes the browser-session prelude ([`browser_session`]); answers use the envelope
//! ([`envelope`]); CORS depends on the deployment mode ([`crate::http::cors::frontend`]).

pub mod api_auth;
pub mod browser_session;
pub mod deployment;
pub mod envelope;
pub mod framework_errors;
pub mod ticket_exchange;

use crate::state::AppState;
use axum::routing::get;
use axum::Router;
use framework_errors::only;

/// The frontend API's routes, without their layers (the prelude, latency, faults and CORS are
/// added by [`crate::router`]).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/deployment", only(get(deployment::get_deployment)))
        .route(
            "/session/ticket/exchange",
            only(get(ticket_exchange::exchange_ticket)),
        )
        .merge(api_auth::routes())
}
