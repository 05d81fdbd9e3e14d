//! Test support, `/__dev/*` (always mounted; every effect off until a test turns it on): the
//! request log ([`requests`]), an artificial latency ([`latency`]), injected faults ([`faults`]),
//! Wacht's per-IP limiter ([`ip_limiter`]) and the pages' CSP violation reports
//! ([`csp_reports`]), so tests can observe and disturb the server over real HTTP. The dev server
//! is a local tool: it listens on loopback unless told otherwise. Their data lives in the store
//! ([`crate::store::request_log`], [`crate::store::faults`], [`crate::store::csp_reports`]).

pub mod csp_reports;
pub mod faults;
pub mod ip_limiter;
pub mod latency;
pub mod requests;

use crate::state::AppState;
use axum::routing::{get, post};
use axum::Router;

/// The `/__dev/*` routes, without their CORS layer ([`crate::router`]); no fault catches them.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/__dev/requests",
            get(requests::list_requests).delete(requests::clear_requests),
        )
        .route("/__dev/latency", post(latency::set_latency))
        .route("/__dev/ip-limiter", post(ip_limiter::set_limiter))
        .route(
            "/__dev/csp-reports",
            get(csp_reports::list)
                .post(csp_reports::receive)
                .delete(csp_reports::clear),
        )
        .route(
            "/__dev/faults",
            get(faults::list_faults)
                .post(faults::add_fault)
                .delete(faults::clear_faults),
        )
}
