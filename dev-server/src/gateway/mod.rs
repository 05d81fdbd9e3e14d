//! The gateway (wire contract §6.2): `POST /v1/authz/check`, the API-key check an API server asks
//! before serving a request ([`check`]: format, key lookup, permissions, rate limits, audit
//! entry). The rate-limit rules, windows and counters it evaluates are [`crate::rate_limit`];
//! the keys, schemes and audit entries it reads and writes are in [`crate::store`].

pub mod check;

use crate::state::AppState;
use axum::routing::post;
use axum::Router;

/// The gateway's routes, without their layers (faults and CORS: [`crate::router`]).
pub fn routes() -> Router<AppState> {
    Router::new().route("/v1/authz/check", post(check::check))
}
