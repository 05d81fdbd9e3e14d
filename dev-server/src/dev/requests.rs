//! Request log: one stdout line per request (method, path, status, duration) and an in-memory
//! list of records ([`crate::store::request_log`]) served by `GET /__dev/requests` (cleared by `DELETE /__dev/requests`).
//!
//! Ticket values (and `__dev_session__` tokens) are redacted from the logged path; request and
//! response bodies are never logged. Of an `Authorization` header only the fact that it carried
//! a Bearer token is recorded (`bearer`), never the token.
//!
//! A request caught by an injected fault ([`super::faults`]) is recorded with `fault` naming the
//! action (`"status"`, `"hang"`, `"reset"`); a reset one with `status` 0, as nothing was sent.

use super::faults::AppliedFault;
use crate::http::query::redacted_path_and_query;
use crate::ids::now_ms;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use std::time::Instant;

/// Prefix of the introspection routes, which are printed but not recorded (so a test that
/// counts requests is not disturbed by its own reads of the log).
const DEV_PREFIX: &str = "/__dev/";

/// Middleware: records and prints every request after it has been answered.
pub async fn log_requests(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let received_ms = now_ms();
    let method = request.method().to_string();
    let path = redacted_path_and_query(request.uri().path(), request.uri().query());
    let record = !request.uri().path().starts_with(DEV_PREFIX);
    let bearer = has_bearer(request.headers());

    let response = next.run(request).await;

    let fault = response.extensions().get::<AppliedFault>().copied();
    let status = match fault {
        Some(fault) if fault.connection_reset => 0,
        _ => response.status().as_u16(),
    };
    let fault = fault.map(|fault| fault.kind);
    if record {
        state.lock().request_log.push(
            method.clone(),
            path.clone(),
            status,
            bearer,
            received_ms,
            fault,
        );
    }
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    match fault {
        Some(kind) => println!("{method} {path} {status} {elapsed_ms:.1}ms (fault: {kind})"),
        None => println!("{method} {path} {status} {elapsed_ms:.1}ms"),
    }
    response
}

/// True when an `Authorization` header uses the Bearer scheme (any case) with a non-empty token.
pub fn has_bearer(headers: &HeaderMap) -> bool {
    headers.get_all(AUTHORIZATION).iter().any(|value| {
        let value = value.as_bytes();
        value.len() > BEARER.len()
            && value[..BEARER.len()].eq_ignore_ascii_case(BEARER)
            && value[BEARER.len()..]
                .iter()
                .any(|byte| !byte.is_ascii_whitespace())
    })
}

/// Scheme prefix of a Bearer `Authorization` header.
const BEARER: &[u8] = b"bearer ";

/// `GET /__dev/requests` →
/// `{"requests":[{seq, method, path, status, bearer, received_ms, responded_ms[, fault]}, …]}`.
pub async fn list_requests(State(state): State<AppState>) -> Response {
    let records = state.lock().request_log.records();
    Json(json!({ "requests": records })).into_response()
}

/// `DELETE /__dev/requests` → 204.
pub async fn clear_requests(State(state): State<AppState>) -> StatusCode {
    state.lock().request_log.clear();
    StatusCode::NO_CONTENT
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn bearer_detection() {
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(AUTHORIZATION, HeaderValue::from_static(value));
            has_bearer(&headers)
        };
        assert!(with("Bearer abc"));
        assert!(with("bearer abc"));
        assert!(!with("Bearer "));
        assert!(!with("Bearer    "));
        assert!(!with("Basic dXNlcjpwYXNz"));
        assert!(!with("Bearerabc"));
        assert!(!has_bearer(&HeaderMap::new()));
    }
}
