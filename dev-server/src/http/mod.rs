//! HTTP plumbing shared by every route group: CORS policies, cookies, query strings, the pages'
//! security headers, and the server's TCP connections (resettable by a fault, closed when idle).

pub mod connections;
pub mod cookie;
pub mod cors;
pub mod page_headers;
pub mod query;

/// Largest request body any route reads (form and JSON bodies): a longer one is answered 413
/// before a handler sees it (axum's `DefaultBodyLimit`, set by [`crate::router`], for the
/// extractors; the gateway, which reads its body itself, applies the same cap).
pub const MAX_BODY_BYTES: usize = 64 * 1024;
