//! Test support: an artificial delay before frontend API requests are handled, so tests can
//! tell parallel requests from sequential ones (`POST /__dev/latency {"ms": 150}`; 0 turns it
//! off). Never on by default.

use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;

/// Longest delay accepted, so a test cannot stall the server for long.
const MAX_LATENCY_MS: u64 = 5_000;

/// Middleware for the frontend API routes: waits the configured latency first.
pub async fn delay(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let latency_ms = state.lock().latency_ms;
    if latency_ms > 0 && request.method() != axum::http::Method::OPTIONS {
        tokio::time::sleep(Duration::from_millis(latency_ms)).await;
    }
    next.run(request).await
}

/// Body of `POST /__dev/latency`.
#[derive(Deserialize)]
pub struct LatencyRequest {
    /// Delay in milliseconds (0 = none).
    pub ms: u64,
}

/// `POST /__dev/latency {"ms": N}` → `{"ms": N}`; 400 above the maximum.
pub async fn set_latency(
    State(state): State<AppState>,
    Json(body): Json<LatencyRequest>,
) -> Response {
    if body.ms > MAX_LATENCY_MS {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": format!("ms must be at most {MAX_LATENCY_MS}")})),
        )
            .into_response();
    }
    state.lock().latency_ms = body.ms;
    Json(json!({ "ms": body.ms })).into_response()
}
