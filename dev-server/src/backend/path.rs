//! Path parameters of the backend API-auth routes: a segment that does not decode (invalid
//! percent-encoded UTF-8) is a backend-shaped 400, answered after the key check.

use super::error::BackendError;
use axum::extract::rejection::PathRejection;
use axum::extract::Path;

/// The decoded parameters, or 400 "Invalid path".
pub fn path_param<T>(path: Result<Path<T>, PathRejection>) -> Result<T, BackendError> {
    path.map(|Path(value)| value)
        .map_err(|_| BackendError::bad_request("Invalid path"))
}
