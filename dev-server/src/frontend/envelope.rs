//! Frontend API envelope (contract §2.1):
//! `{"status":<http>,"message":"","data":…,"session":null,"errors":null}`.

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
}

impl FrontendError {
    /// An error with any status.
    pub fn new(status: StatusCode, message: impl Into<String>) -> FrontendError {
        FrontendError {
            status,
            message: message.into(),
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
            "errors": null,
        });
        (self.status, Json(body)).into_response()
    }
}
