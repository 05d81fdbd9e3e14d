//! Test support: Wacht's per-IP limiter in front of the frontend API, off by default so tests and
//! the demo are not throttled. `POST /__dev/ip-limiter {"enabled": true}` turns it on.
//!
//! At most 20 requests per client IP (the TCP peer), path and clock minute; `GET /session/token`
//! is exempt. Over the limit the answer is 429 `{"errors":[{"message":"Too many requests…"}]}`
//! sent like Wacht's, before its CORS middleware ran: without CORS headers, so a cross-origin
//! `fetch` sees a network failure instead of the status.

use crate::ids::now_ms;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use std::net::SocketAddr;

/// The limiter's message.
pub const TOO_MANY_REQUESTS: &str = "Too many requests, please try again later.";

/// Middleware outside the frontend API's CORS layer.
pub async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let exempt = request.method() == Method::GET && request.uri().path() == "/session/token";
    if !exempt {
        let client_ip = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(
                || "unknown".to_string(),
                |ConnectInfo(addr)| addr.ip().to_string(),
            );
        let admitted = state
            .lock()
            .ip_limiter
            .admit(&client_ip, request.uri().path(), now_ms());
        if !admitted {
            let body = json!({"errors": [{"message": TOO_MANY_REQUESTS}]});
            return (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
        }
    }
    next.run(request).await
}

/// Body of `POST /__dev/ip-limiter`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimiterRequest {
    /// On or off.
    pub enabled: bool,
}

/// `POST /__dev/ip-limiter {"enabled": bool}` → `{"enabled": bool}` (counts start again). The body
/// is read as JSON whatever its content type; another body is a 400 `{"error":…}` (as the other
/// `/__dev` routes answer) and changes nothing.
pub async fn set_limiter(State(state): State<AppState>, body: Bytes) -> Response {
    let request: LimiterRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => {
            let message = format!("expected {{\"enabled\": true|false}}: {error}");
            return (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response();
        }
    };
    state.lock().ip_limiter.set_enabled(request.enabled);
    Json(json!({ "enabled": request.enabled })).into_response()
}
