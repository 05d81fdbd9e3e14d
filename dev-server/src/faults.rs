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
//!     `text/plain; charset=utf-8`; no `Content-Type` without a body). The route never runs.
//!   * `"hang_ms": 0..=120000`: waits that long, then the route answers as usual (if the client
//!     closes the connection meanwhile, hyper drops the request and the route never runs).
//!   * `"reset": true`: the connection is reset without any response; the route never runs.
//!     While one is pending, every response carries `Connection: close`, and queueing one
//!     closes the idle keep-alive connections, so the caught request comes on a fresh
//!     connection and a browser reports a network error instead of silently resending it (see
//!     [`crate::connections`]).
//!
//! Faults are tried in the order added; the first one matching the request catches it and its
//! `times` decreases (an exhausted fault is removed). At most 100 are pending. `GET /__dev/faults`
//! lists them, `DELETE /__dev/faults` clears them.
//!
//! The [`inject`] layer sits inside each route group's CORS layer, so an injected answer carries
//! the CORS headers the route would have sent, and preflights (answered by the CORS layer) are
//! never caught. `/__dev/*` requests are never caught. The request log names the fault that
//! caught a request ([`AppliedFault`]).

use crate::connections::{self, ConnectionHandle};
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Duration;

/// Longest `hang_ms` accepted.
pub const MAX_HANG_MS: u64 = 120_000;

/// Largest `times` accepted.
pub const MAX_TIMES: u64 = 1_000;

/// Most faults pending at once.
pub const MAX_PENDING: usize = 100;

/// Longest wait of `POST /__dev/faults` for idle connections to close (reset faults).
const IDLE_CLOSE_WAIT: Duration = Duration::from_millis(100);

/// Content type of a JSON body when `content_type` is not given.
const JSON_CONTENT_TYPE: &str = "application/json";

/// Content type of any other body when `content_type` is not given.
const TEXT_CONTENT_TYPE: &str = "text/plain; charset=utf-8";

/// What a fault does to a request it catches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultAction {
    /// Answers with this status, body and content type instead of the route.
    Status {
        /// Status code (200..=599).
        status: StatusCode,
        /// Body, sent as is.
        body: Option<String>,
        /// `Content-Type` header (the default already applied).
        content_type: Option<HeaderValue>,
    },
    /// Waits this many milliseconds, then lets the route answer.
    Hang {
        /// Delay in milliseconds.
        ms: u64,
    },
    /// Resets the connection without sending anything.
    Reset,
}

impl FaultAction {
    /// `"status"`, `"hang"` or `"reset"`.
    pub fn kind(&self) -> &'static str {
        match self {
            FaultAction::Status { .. } => "status",
            FaultAction::Hang { .. } => "hang",
            FaultAction::Reset => "reset",
        }
    }
}

/// One pending fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// 1, 2, 3, … in the order added (keeps counting across clears); 0 until queued.
    pub id: u64,
    /// Only requests with this method, any when `None`.
    pub method: Option<Method>,
    /// Only requests whose path starts with this.
    pub path_prefix: String,
    /// Requests still to catch (at least 1 while pending).
    pub times: u64,
    /// What happens to a caught request.
    pub action: FaultAction,
}

impl Fault {
    /// A fault from a `POST /__dev/faults` body, or the message of a 400.
    pub fn parse(body: &[u8]) -> Result<Fault, String> {
        let request: FaultRequest =
            serde_json::from_slice(body).map_err(|error| format!("invalid fault: {error}"))?;
        request.validate()
    }

    /// True when this fault catches a `method` request for `path`.
    pub fn matches(&self, method: &Method, path: &str) -> bool {
        self.method.as_ref().is_none_or(|wanted| wanted == method)
            && path.starts_with(&self.path_prefix)
    }

    /// The JSON form served by the endpoints:
    /// `{"id","method"|null,"path_prefix","times"}` plus `"status","body","content_type"`
    /// (`body` and `content_type` null when absent), `"hang_ms"` or `"reset": true`.
    pub fn to_json(&self) -> Value {
        let mut value = json!({
            "id": self.id,
            "method": self.method.as_ref().map(Method::as_str),
            "path_prefix": self.path_prefix,
            "times": self.times,
        });
        let action = match &self.action {
            FaultAction::Status {
                status,
                body,
                content_type,
            } => json!({
                "status": status.as_u16(),
                "body": body,
                "content_type": content_type.as_ref().and_then(|value| value.to_str().ok()),
            }),
            FaultAction::Hang { ms } => json!({ "hang_ms": ms }),
            FaultAction::Reset => json!({ "reset": true }),
        };
        if let (Some(fields), Value::Object(action)) = (value.as_object_mut(), action) {
            fields.extend(action);
        }
        value
    }
}

/// Body of `POST /__dev/faults` (unknown fields are refused).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultRequest {
    /// HTTP method; absent or null = any.
    pub method: Option<String>,
    /// Path prefix, starting with `/`.
    pub path_prefix: String,
    /// How many requests to catch (default 1).
    pub times: Option<u64>,
    /// Status of an injected answer.
    pub status: Option<u16>,
    /// Body of an injected answer.
    pub body: Option<String>,
    /// Content type of an injected answer.
    pub content_type: Option<String>,
    /// Delay before the real answer.
    pub hang_ms: Option<u64>,
    /// `true`: reset the connection.
    pub reset: Option<bool>,
}

impl FaultRequest {
    /// Checks the fields and applies the defaults.
    pub fn validate(self) -> Result<Fault, String> {
        if !self.path_prefix.starts_with('/') {
            return Err("path_prefix must start with /".to_string());
        }
        if is_dev_path(&self.path_prefix) {
            return Err("path_prefix must not name /__dev routes (they are never faulted)".into());
        }
        let method = match self.method {
            None => None,
            Some(name) => Some(
                Method::from_bytes(name.to_ascii_uppercase().as_bytes())
                    .map_err(|_| format!("method {name:?} is not an HTTP method"))?,
            ),
        };
        let times = self.times.unwrap_or(1);
        if !(1..=MAX_TIMES).contains(&times) {
            return Err(format!("times must be between 1 and {MAX_TIMES}"));
        }
        let actions = [
            self.status.is_some(),
            self.hang_ms.is_some(),
            self.reset.is_some(),
        ];
        if actions.iter().filter(|given| **given).count() != 1 {
            return Err("give exactly one of status, hang_ms, reset".to_string());
        }
        if self.status.is_none() && (self.body.is_some() || self.content_type.is_some()) {
            return Err("body and content_type go only with status".to_string());
        }
        let action = if let Some(status) = self.status {
            status_action(status, self.body, self.content_type)?
        } else if let Some(ms) = self.hang_ms {
            if ms > MAX_HANG_MS {
                return Err(format!("hang_ms must be at most {MAX_HANG_MS}"));
            }
            FaultAction::Hang { ms }
        } else if self.reset == Some(true) {
            FaultAction::Reset
        } else {
            return Err("reset must be true".to_string());
        };
        Ok(Fault {
            id: 0,
            method,
            path_prefix: self.path_prefix,
            times,
            action,
        })
    }
}

/// A `status` action with its body and (default) content type checked.
fn status_action(
    status: u16,
    body: Option<String>,
    content_type: Option<String>,
) -> Result<FaultAction, String> {
    let status = StatusCode::from_u16(status)
        .ok()
        .filter(|status| (200..=599).contains(&status.as_u16()))
        .ok_or_else(|| "status must be between 200 and 599".to_string())?;
    let bodiless = matches!(
        status,
        StatusCode::NO_CONTENT | StatusCode::RESET_CONTENT | StatusCode::NOT_MODIFIED
    );
    if bodiless && body.is_some() {
        return Err(format!("status {} cannot carry a body", status.as_u16()));
    }
    let content_type = match (content_type, &body) {
        (Some(value), _) => Some(
            HeaderValue::from_str(&value)
                .map_err(|_| "content_type is not a valid header value".to_string())?,
        ),
        (None, Some(body)) if serde_json::from_str::<Value>(body).is_ok() => {
            Some(HeaderValue::from_static(JSON_CONTENT_TYPE))
        }
        (None, Some(_)) => Some(HeaderValue::from_static(TEXT_CONTENT_TYPE)),
        (None, None) => None,
    };
    Ok(FaultAction::Status {
        status,
        body,
        content_type,
    })
}

/// The pending faults, in the order added.
#[derive(Debug, Default)]
pub struct FaultQueue {
    last_id: u64,
    faults: Vec<Fault>,
}

impl FaultQueue {
    /// Queues `fault` under a new id and returns it as stored; an error when
    /// [`MAX_PENDING`] faults are already pending.
    pub fn add(&mut self, mut fault: Fault) -> Result<Fault, String> {
        if self.faults.len() >= MAX_PENDING {
            return Err(format!("at most {MAX_PENDING} faults can be pending"));
        }
        self.last_id += 1;
        fault.id = self.last_id;
        self.faults.push(fault.clone());
        Ok(fault)
    }

    /// The action of the first fault matching the request, counting it down (an exhausted
    /// fault is removed); `None` when no fault matches.
    pub fn take(&mut self, method: &Method, path: &str) -> Option<FaultAction> {
        let index = self
            .faults
            .iter()
            .position(|fault| fault.matches(method, path))?;
        let fault = &mut self.faults[index];
        fault.times = fault.times.saturating_sub(1);
        let action = fault.action.clone();
        if fault.times == 0 {
            self.faults.remove(index);
        }
        Some(action)
    }

    /// True while a reset fault is pending.
    pub fn has_reset(&self) -> bool {
        self.faults
            .iter()
            .any(|fault| fault.action == FaultAction::Reset)
    }

    /// The pending faults, oldest first.
    pub fn pending(&self) -> &[Fault] {
        &self.faults
    }

    /// Forgets every pending fault (ids keep counting).
    pub fn clear(&mut self) {
        self.faults.clear();
    }
}

/// Response extension on every response a fault produced or delayed; the request log reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppliedFault {
    /// `"status"`, `"hang"` or `"reset"`.
    pub kind: &'static str,
    /// True when the connection was reset: the response carrying this is never sent.
    pub connection_reset: bool,
}

/// True for `/__dev` and `/__dev/…`.
fn is_dev_path(path: &str) -> bool {
    path.strip_prefix("/__dev")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
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
        } => {
            let mut response = Response::new(body.map(Body::from).unwrap_or_else(Body::empty));
            *response.status_mut() = status;
            if let Some(content_type) = content_type {
                response.headers_mut().insert(CONTENT_TYPE, content_type);
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
    let (added, closing) = {
        let mut store = state.lock();
        let added = store.faults.add(fault);
        let closing = match &added {
            // So that the request the reset catches comes on a fresh connection.
            Ok(fault) if fault.action == FaultAction::Reset => store.connections.close_when_idle(),
            _ => Vec::new(),
        };
        (added, closing)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(prefix: &str, method: Option<Method>, times: u64) -> Fault {
        Fault {
            id: 0,
            method,
            path_prefix: prefix.to_string(),
            times,
            action: FaultAction::Hang { ms: 1 },
        }
    }

    #[test]
    fn first_match_in_order_counts_down_and_is_removed() {
        let mut queue = FaultQueue::default();
        queue.add(fault("/a", Some(Method::POST), 1)).ok();
        queue.add(fault("/a", None, 2)).ok();
        assert!(queue.take(&Method::GET, "/b").is_none());
        assert!(queue.take(&Method::GET, "/a/x").is_some());
        assert_eq!(queue.pending()[1].times, 1);
        assert!(queue.take(&Method::POST, "/a").is_some());
        assert_eq!(queue.pending().len(), 1);
        assert_eq!(queue.pending()[0].id, 2);
        assert!(queue.take(&Method::POST, "/a").is_some());
        assert!(queue.pending().is_empty());
        assert!(queue.take(&Method::POST, "/a").is_none());
    }

    #[test]
    fn dev_paths() {
        assert!(is_dev_path("/__dev"));
        assert!(is_dev_path("/__dev/faults"));
        assert!(!is_dev_path("/__devices"));
        assert!(!is_dev_path("/api/__dev"));
    }
}
