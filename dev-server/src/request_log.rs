//! Request log: one stdout line per request (method, path, status, duration) and an in-memory
//! list of records served by `GET /__dev/requests` (cleared by `DELETE /__dev/requests`).
//!
//! Ticket values (and `__dev_session__` tokens) are redacted from the logged path; request and
//! response bodies are never logged. Of an `Authorization` header only the fact that it carried
//! a Bearer token is recorded (`bearer`), never the token.
//!
//! A request caught by an injected fault ([`crate::faults`]) is recorded with `fault` naming the
//! action (`"status"`, `"hang"`, `"reset"`); a reset one with `status` 0, as nothing was sent.

use crate::faults::AppliedFault;
use crate::query::redacted_path_and_query;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::json;
use std::collections::VecDeque;
use std::time::Instant;

/// Most records kept; older ones are dropped first.
const MAX_RECORDS: usize = 10_000;

/// Prefix of the introspection routes, which are printed but not recorded (so a test that
/// counts requests is not disturbed by its own reads of the log).
const DEV_PREFIX: &str = "/__dev/";

/// One handled request.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RequestRecord {
    /// 1, 2, 3, … in arrival order of completion; keeps counting across clears.
    pub seq: u64,
    /// HTTP method.
    pub method: String,
    /// Path plus query, secrets redacted.
    pub path: String,
    /// Response status; 0 when a fault reset the connection instead.
    pub status: u16,
    /// True when the request had an `Authorization: Bearer …` header (e.g. a forwarded session
    /// JWT); the token itself is never recorded.
    pub bearer: bool,
    /// When the request arrived (unix ms).
    pub received_ms: i64,
    /// When its response was ready (unix ms).
    pub responded_ms: i64,
    /// Kind of the injected fault that caught the request (`"status"`, `"hang"`, `"reset"`);
    /// absent from the JSON when none did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<&'static str>,
}

/// The recorded requests.
#[derive(Debug, Default)]
pub struct RequestLog {
    last_seq: u64,
    records: VecDeque<RequestRecord>,
}

impl RequestLog {
    /// Appends a record and returns its `seq`.
    pub fn push(
        &mut self,
        method: String,
        path: String,
        status: u16,
        bearer: bool,
        received_ms: i64,
        fault: Option<&'static str>,
    ) -> u64 {
        self.last_seq += 1;
        if self.records.len() >= MAX_RECORDS {
            self.records.pop_front();
        }
        self.records.push_back(RequestRecord {
            seq: self.last_seq,
            method,
            path,
            status,
            bearer,
            received_ms,
            responded_ms: crate::ids::now_ms(),
            fault,
        });
        self.last_seq
    }

    /// The records, oldest first.
    pub fn records(&self) -> Vec<RequestRecord> {
        self.records.iter().cloned().collect()
    }

    /// Forgets every record (`seq` keeps counting).
    pub fn clear(&mut self) {
        self.records.clear();
    }
}

/// Middleware: records and prints every request after it has been answered.
pub async fn log_requests(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let received_ms = crate::ids::now_ms();
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
