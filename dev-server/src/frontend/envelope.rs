//! Frontend API envelope: `{"status":<http>,"message":"","data":…,"session":…,"errors":null}`.
//! Handlers write `session: null`; the browser-session prelude fills it in for the request's
//! session.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::json;

/// A 200 envelope carrying `data`.
pub fn success<T: Serialize>(data: T) -> Response {
    let body = json!({
        "status": 200,
        "message": "",
        "data": data,
        "session": null,
        "errors": null,
    });
    (StatusCode::OK, Json(body)).into_response()
}

/// An error envelope: `data: null`, `errors: null`, the text in `message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontendError {
    /// HTTP status (mirrored in the body's `status`).
    pub status: StatusCode,
    /// Human-readable text.
    pub message: String,
    /// True for the framework's own errors (wrong method, internal failure): `errors: []`
    /// instead of `null`.
    pub empty_errors: bool,
}

/// The text of a wrong method or an internal failure.
pub const SOMETHING_WENT_WRONG: &str = "Something went wrong. Please try again later.";

impl FrontendError {
    /// An error with any status.
    pub fn new(status: StatusCode, message: impl Into<String>) -> FrontendError {
        FrontendError {
            status,
            message: message.into(),
            empty_errors: false,
        }
    }

    /// A failure of the server itself (405 for a wrong method, 500 for an internal error):
    /// "Something went wrong. Please try again later." with `errors: []`.
    pub fn something_went_wrong(status: StatusCode) -> FrontendError {
        FrontendError {
            empty_errors: true,
            ..FrontendError::new(status, SOMETHING_WENT_WRONG)
        }
    }

    /// 400.
    pub fn bad_request(message: impl Into<String>) -> FrontendError {
        FrontendError::new(StatusCode::BAD_REQUEST, message)
    }

    /// 401.
    pub fn unauthorized(message: impl Into<String>) -> FrontendError {
        FrontendError::new(StatusCode::UNAUTHORIZED, message)
    }

    /// 403.
    pub fn forbidden(message: impl Into<String>) -> FrontendError {
        FrontendError::new(StatusCode::FORBIDDEN, message)
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> FrontendError {
        FrontendError::new(StatusCode::NOT_FOUND, message)
    }

    /// 500.
    pub fn internal(message: impl Into<String>) -> FrontendError {
        FrontendError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

impl IntoResponse for FrontendError {
    fn into_response(self) -> Response {
        let body = json!({
            "status": self.status.as_u16(),
            "message": self.message,
            "data": null,
            "session": null,
            "errors": if self.empty_errors { json!([]) } else { json!(null) },
        });
        (self.status, Json(body)).into_response()
    }
}
