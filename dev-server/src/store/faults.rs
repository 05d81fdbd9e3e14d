//! Injected faults as queued by `POST /__dev/faults` (the format and how they act:
//! [`crate::dev::faults`]): the request body's checks and the queue.

use axum::http::{HeaderValue, Method, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};

/// Longest `hang_ms` accepted.
pub const MAX_HANG_MS: u64 = 120_000;

/// Largest `times` accepted.
pub const MAX_TIMES: u64 = 1_000;

/// Most faults pending at once.
pub const MAX_PENDING: usize = 100;

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
        /// `X-Development-Session` header, so a test can hand the client a new staging token.
        dev_session: Option<HeaderValue>,
        /// True: sent without CORS headers, like Wacht's early errors (its limiter's 429, an
        /// unknown deployment's 404), which leave before its CORS middleware runs.
        no_cors: bool,
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
                dev_session,
                no_cors,
            } => json!({
                "status": status.as_u16(),
                "body": body,
                "content_type": content_type.as_ref().and_then(|value| value.to_str().ok()),
                "dev_session": dev_session.as_ref().and_then(|value| value.to_str().ok()),
                "no_cors": no_cors,
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
    /// `X-Development-Session` of an injected answer.
    pub dev_session: Option<String>,
    /// `true`: the injected answer goes without CORS headers.
    pub no_cors: Option<bool>,
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
        if self.status.is_none()
            && (self.body.is_some()
                || self.content_type.is_some()
                || self.dev_session.is_some()
                || self.no_cors.is_some())
        {
            return Err("body, content_type, dev_session and no_cors go only with status".into());
        }
        let action = if let Some(status) = self.status {
            let dev_session = match self.dev_session {
                None => None,
                Some(token) if token.is_empty() || token.len() > 200 => {
                    return Err("dev_session must be 1 to 200 characters".to_string())
                }
                Some(token) => Some(
                    HeaderValue::from_str(&token)
                        .map_err(|_| "dev_session is not a valid header value".to_string())?,
                ),
            };
            let mut action = status_action(status, self.body, self.content_type, dev_session)?;
            if let FaultAction::Status { no_cors, .. } = &mut action {
                *no_cors = self.no_cors.unwrap_or(false);
            }
            action
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
    dev_session: Option<HeaderValue>,
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
        dev_session,
        no_cors: false,
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

/// True for `/__dev` and `/__dev/…`.
pub fn is_dev_path(path: &str) -> bool {
    path.strip_prefix("/__dev")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
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
