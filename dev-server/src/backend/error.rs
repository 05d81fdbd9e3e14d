//! Backend API error body (wire contract §2.3): `{"errors":[{"message":"…","code":<status>}]}`.
//! Successes are the payload itself at top level, so they need no helper.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Text of every masked internal error.
pub const SOMETHING_WENT_WRONG: &str = "Something went wrong";

/// A backend API error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendError {
    /// HTTP status (also the numeric `code`).
    pub status: StatusCode,
    /// Human-readable text.
    pub message: String,
}

impl BackendError {
    /// An error with any status.
    pub fn new(status: StatusCode, message: impl Into<String>) -> BackendError {
        BackendError {
            status,
            message: message.into(),
        }
    }

    /// 400.
    pub fn bad_request(message: impl Into<String>) -> BackendError {
        BackendError::new(StatusCode::BAD_REQUEST, message)
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> BackendError {
        BackendError::new(StatusCode::NOT_FOUND, message)
    }

    /// 409.
    pub fn conflict(message: impl Into<String>) -> BackendError {
        BackendError::new(StatusCode::CONFLICT, message)
    }

    /// A failed write to the `--data` file: logged, answered 500 "Something went wrong".
    pub fn storage(error: rusqlite::Error) -> BackendError {
        eprintln!("wacht-dev-server: cannot write the data file: {error}");
        BackendError::internal()
    }

    /// 500 "Something went wrong" (internal details are never shown).
    pub fn internal() -> BackendError {
        BackendError::new(StatusCode::INTERNAL_SERVER_ERROR, SOMETHING_WENT_WRONG)
    }
}

impl IntoResponse for BackendError {
    fn into_response(self) -> Response {
        let body = json!({
            "errors": [{ "message": self.message, "code": self.status.as_u16() }],
        });
        (self.status, Json(body)).into_response()
    }
}
