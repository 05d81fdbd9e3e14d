//! The one error type of the client. Every failure reaches JS as an `Error` carrying these fields.

use std::fmt;

/// What went wrong, as a stable string JS can branch on (`err.code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The request never got a response (offline, DNS, CORS refusal).
    Network,
    /// The server answered with a non-2xx status that has no more specific code.
    Http,
    /// The server answered 2xx but the body was not what the wire contract describes.
    Decode,
    /// There is no active API-auth app session for this browser (401/403 from `/api-auth/*`).
    NoSession,
    /// The ticket was rejected by the exchange (unknown, used, expired, other deployment).
    InvalidTicket,
    /// A caller passed a bad argument (bad publishable key, empty ticket, wrong option type).
    InvalidArgument,
    /// The request was cancelled before it finished.
    Aborted,
    /// The request took longer than the client's timeout.
    Timeout,
}

impl ErrorCode {
    /// Every code, in the order the `.d.ts` lists them (`WachtErrorCode`).
    pub const ALL: [ErrorCode; 8] = [
        ErrorCode::Network,
        ErrorCode::Http,
        ErrorCode::Decode,
        ErrorCode::NoSession,
        ErrorCode::InvalidTicket,
        ErrorCode::InvalidArgument,
        ErrorCode::Aborted,
        ErrorCode::Timeout,
    ];

    /// The code spelled `text`, if there is one.
    pub fn parse(text: &str) -> Option<ErrorCode> {
        ErrorCode::ALL
            .into_iter()
            .find(|code| code.as_str() == text)
    }

    /// The wire/JS spelling of the code.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Network => "network",
            ErrorCode::Http => "http",
            ErrorCode::Decode => "decode",
            ErrorCode::NoSession => "no_session",
            ErrorCode::InvalidTicket => "invalid_ticket",
            ErrorCode::InvalidArgument => "invalid_argument",
            ErrorCode::Aborted => "aborted",
            ErrorCode::Timeout => "timeout",
        }
    }
}

/// A client failure: a code to branch on, the HTTP status when there was one, and a readable
/// message (the server's own text when it sent one).
#[derive(Debug, Clone, PartialEq)]
pub struct ClientError {
    /// Stable machine-readable code.
    pub code: ErrorCode,
    /// HTTP status of the response, if a response arrived.
    pub status: Option<u16>,
    /// Human-readable text; the server's `message` when it sent one.
    pub message: String,
    /// The server's own error code string (`errors[0].code`), when present.
    pub server_code: Option<String>,
}

impl ClientError {
    /// An error with no HTTP status.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ClientError {
            code,
            status: None,
            message: message.into(),
            server_code: None,
        }
    }

    /// An error that came with an HTTP response.
    pub fn with_status(code: ErrorCode, status: u16, message: impl Into<String>) -> Self {
        ClientError {
            code,
            status: Some(status),
            message: message.into(),
            server_code: None,
        }
    }

    /// The `aborted` error of calls on a disposed store.
    pub fn disposed() -> Self {
        ClientError::new(ErrorCode::Aborted, "the store was disposed")
    }

    /// Shorthand for [`ErrorCode::InvalidArgument`].
    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidArgument, message)
    }

    /// True when the failure happened before the server could act on the request, so retrying
    /// the same request (even with a single-use ticket) is meaningful.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.code,
            ErrorCode::Network | ErrorCode::Aborted | ErrorCode::Timeout
        )
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(status) => write!(f, "[{} {}] {}", self.code.as_str(), status, self.message),
            None => write!(f, "[{}] {}", self.code.as_str(), self.message),
        }
    }
}

impl std::error::Error for ClientError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Json as _;

    #[test]
    fn display_includes_code_status_and_message() {
        let err =
            ClientError::with_status(ErrorCode::InvalidTicket, 401, "Invalid or expired ticket");
        assert_eq!(
            err.to_string(),
            "[invalid_ticket 401] Invalid or expired ticket"
        );
        assert_eq!(
            ClientError::new(ErrorCode::Network, "offline").to_string(),
            "[network] offline"
        );
    }

    #[test]
    fn serializes_with_js_field_names() {
        let mut err = ClientError::with_status(ErrorCode::Http, 500, "boom");
        err.server_code = Some("INTERNAL".into());
        let json = crate::json::HostJson::error(&err).to_json();
        assert_eq!(
            json,
            serde_json::json!({"name":"WachtError","code":"http","status":500,"message":"boom","serverCode":"INTERNAL"})
        );
        let plain =
            crate::json::HostJson::error(&ClientError::new(ErrorCode::Decode, "x")).to_json();
        assert_eq!(
            plain,
            serde_json::json!({"name":"WachtError","code":"decode","message":"x"})
        );
    }

    #[test]
    fn the_d_ts_lists_every_error_code() {
        let dts = include_str!("../../../src/wasm/typescript.rs");
        let start = dts.find("export type WachtErrorCode =").unwrap();
        let end = start + dts[start..].find(';').unwrap();
        let listed: Vec<&str> = dts[start..end].split('"').skip(1).step_by(2).collect();
        let mut all: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        // `csp` is only ever made in JS, by `init()` (src/wasm/browser.js, `init_failed`): the
        // module is not running when the page refuses to compile it.
        all.push("csp");
        assert_eq!(listed, all);
        assert_eq!(ErrorCode::parse("no_session"), Some(ErrorCode::NoSession));
        assert_eq!(ErrorCode::parse("nope"), None);
    }

    #[test]
    fn only_failures_before_the_server_acted_are_transient() {
        assert!(ClientError::new(ErrorCode::Network, "").is_transient());
        assert!(ClientError::new(ErrorCode::Timeout, "").is_transient());
        assert!(!ClientError::with_status(ErrorCode::InvalidTicket, 401, "").is_transient());
        assert!(!ClientError::with_status(ErrorCode::Http, 500, "").is_transient());
    }
}
