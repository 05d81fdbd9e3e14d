//! The frontend API's framework errors: a wrong method on a known route ([`only`]) and a panic in
//! a handler ([`recover`]) answer the envelope with "Something went wrong. Please try again
//! later." and `errors: []` (405 / 500), as Wacht's error handler does.

use super::envelope::FrontendError;
use crate::state::AppState;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use std::any::Any;
use tower_http::catch_panic::CatchPanicLayer;

/// `methods` answering other methods with the envelope 405 "Something went wrong. Please try
/// again later." (`errors: []`).
pub fn only(methods: MethodRouter<AppState>) -> MethodRouter<AppState> {
    methods
        .fallback(|| async { FrontendError::something_went_wrong(StatusCode::METHOD_NOT_ALLOWED) })
}

/// Layer turning a panic in a frontend handler into the envelope 500 "Something went wrong.
/// Please try again later." (`errors: []`) instead of a dropped connection.
pub fn recover() -> CatchPanicLayer<fn(Box<dyn Any + Send + 'static>) -> Response> {
    CatchPanicLayer::custom(internal_error as fn(Box<dyn Any + Send + 'static>) -> Response)
}

fn internal_error(_panic: Box<dyn Any + Send + 'static>) -> Response {
    FrontendError::something_went_wrong(StatusCode::INTERNAL_SERVER_ERROR).into_response()
}
