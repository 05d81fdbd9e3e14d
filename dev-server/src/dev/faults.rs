//! Test support: injected faults, so tests can drive misbehaving-server cases over real HTTP.
//! Never on by default.
//!
//! `POST /__dev/faults` queues a fault:
//!
//! ```json
//! {"method": "GET", "path_prefix": "/api-auth/keys", "times": 1, "status": 503, "body": "{}"}
//! ```
//!
//! * `path_prefix` (required): starts with `/`; matched against the request path as sent (no
//!   query, not percent-decoded) as a plain string prefix. It may not name `/__dev` routes.
//! * `method` (optional, absent or null = any): compared after ASCII upper-casing.
//! * `times` (optional, default 1, 1..=1000): how many requests the fault catches.
//! * exactly one action:
//!   * `"status": 200..=599`, optional `"body"` (a string, sent as is) and `"content_type"`
//!     (default: `application/json` when the body parses as JSON, else
//!     `text/plain; charset=utf-8`; no `Content-Type` without a body), optional
//!     `"dev_session"` (sent as `X-Development-Session`, so a test can hand the client a new
//!     staging token) and `"no_cors": true` (sent without CORS headers, like Wacht's early
//!     errors; [`strip_cors`]). The route never runs.
//!   * `"hang_ms": 0..=120000`: waits that long, then the route answers as usual (if the client
//!     closes the connection meanwhile, hyper drops the request and the route never runs).
//!   * `"reset": true`: the connection is reset without any response; the route never runs.
//!     While one is pending, every response carries `Connection: close`, and queueing one
//!     closes the idle keep-alive connections, so the caught request comes on a fresh
//!     connection and a browser reports a network error instead of silently resending it (see
//!     [`crate::http::connections`]).
//!
//! Faults are tried in the order added; the first one matching the request catches it and its
//! `times` decreases (an exhausted fault is removed). At most 100 are pending. `GET /__dev/faults`
//! lists them, `DELETE /__dev/faults` clears them.
//!
//! The [`inject`] layer sits inside each route group's CORS layer, so an injected answer carries
//! the CORS headers the route would have sent, and preflights (answered by the CORS layer) are
//! never caught. `/__dev/*` requests are never caught. The request log names the fault that
//! caught a request ([`AppliedFault`]).

use crate::http::connections::{self, ConnectionHandle};
use crate::http::cors::DEV_SESSION_HEADER;
use crate::state::AppState;
use crate::store::faults::{is_dev_path, Fault, FaultAction};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONNECTION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::time::Duration;

/// Longest wait of `POST /__dev/faults` for idle connections to close (reset faults).
const IDLE_CLOSE_WAIT: Duration = Duration::from_millis(100);

/// Response extension of an injected answer that must go without CORS headers (`no_cors`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WithoutCors;

/// Middleware outside every CORS layer: removes the `Access-Control-*` headers of an injected
/// answer marked [`WithoutCors`], so a cross-origin page sees a network failure, as it does for
/// Wacht's early errors.
pub async fn strip_cors(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if response.extensions().get::<WithoutCors>().is_some() {
        let names: Vec<_> = response
            .headers()
            .keys()
            .filter(|name| name.as_str().starts_with("access-control-"))
            .cloned()
            .collect();
        for name in names {
            response.headers_mut().remove(name);
        }
    }
    response
}

/// Response extension on every response a fault produced or delayed; the request log reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppliedFault {
    /// `"status"`, `"hang"` or `"reset"`.
    pub kind: &'static str,
    /// True when the connection was reset: the response carrying this is never sent.
    pub connection_reset: bool,
}

/// Middleware for every route group but `/__dev/*`, inside the group's CORS layer: applies the
/// first matching fault, if any.
pub async fn inject(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if is_dev_path(request.uri().path()) {
        return next.run(request).await;
    }
    let caught = state
        .lock()
        .faults
        .take(request.method(), request.uri().path());
    let Some(action) = caught else {
        return next.run(request).await;
    };
    let kind = action.kind();
    let mut connection_reset = false;
    let mut response = match action {
        FaultAction::Status {
            status,
            body,
            content_type,
            dev_session,
            no_cors,
        } => {
            let mut response = Response::new(body.map(Body::from).unwrap_or_else(Body::empty));
            *response.status_mut() = status;
            if let Some(content_type) = content_type {
                response.headers_mut().insert(CONTENT_TYPE, content_type);
            }
            if let Some(token) = dev_session {
                response.headers_mut().insert(DEV_SESSION_HEADER, token);
            }
            if no_cors {
                response.extensions_mut().insert(WithoutCors);
            }
            response
        }
        FaultAction::Hang { ms } => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(request).await
        }
        FaultAction::Reset => match request.extensions().get::<ConnectionHandle>() {
            Some(connection) => {
                connection.reset();
                connection_reset = true;
                // Never written: the connection refuses the first byte of it.
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
            None => (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(json!({
                    "error": "reset fault on a request without a resettable connection \
                              (only connections accepted by wacht_dev_server::serve can be reset)"
                })),
            )
                .into_response(),
        },
    };
    response.extensions_mut().insert(AppliedFault {
        kind,
        connection_reset,
    });
    response
}

fn bad_request(message: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response()
}

/// `POST /__dev/faults` → 201 with the stored fault ([`Fault::to_json`]); 400
/// `{"error": …}` for an invalid body (any content type is read as JSON) or a full queue.
/// For a reset fault it answers once the idle connections are closed (at most 100 ms).
pub async fn add_fault(State(state): State<AppState>, body: Bytes) -> Response {
    let fault = match Fault::parse(&body) {
        Ok(fault) => fault,
        Err(message) => return bad_request(message),
    };
    let added = state.lock().faults.add(fault);
    let closing = match &added {
        // So that the request the reset catches comes on a fresh connection.
        Ok(fault) if fault.action == FaultAction::Reset => state.connections().close_when_idle(),
        _ => Vec::new(),
    };
    connections::wait_closed(&closing, IDLE_CLOSE_WAIT).await;
    match added {
        Ok(stored) => (StatusCode::CREATED, Json(stored.to_json())).into_response(),
        Err(message) => bad_request(message),
    }
}

/// `GET /__dev/faults` → `{"faults":[fault…]}` (pending ones, oldest first, `times` remaining).
pub async fn list_faults(State(state): State<AppState>) -> Response {
    let faults: Vec<Value> = state
        .lock()
        .faults
        .pending()
        .iter()
        .map(Fault::to_json)
        .collect();
    Json(json!({ "faults": faults })).into_response()
}

/// `DELETE /__dev/faults` → 204.
pub async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.lock().faults.clear();
    StatusCode::NO_CONTENT
}

/// Middleware (added by [`crate::serve`] just inside [`connections::track_requests`]): every
/// response carries `Connection: close` while a reset fault is pending, so no keep-alive
/// connection is reused until the reset has caught its request.
pub async fn close_connections_while_reset_pending(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if state.lock().faults.has_reset() {
        response
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}
