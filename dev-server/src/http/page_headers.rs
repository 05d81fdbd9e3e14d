//! The security headers of the demo's pages and files (`--www`, `--pkg`, the hosted page): a
//! strict Content-Security-Policy, as enterprise apps serve their pages, plus `nosniff`, a
//! referrer policy and frame options.
//!
//! The policy allows what the demo needs and nothing more: its own scripts, styles and images,
//! compiling WebAssembly (`'wasm-unsafe-eval'`, which the package needs; no `'unsafe-eval'`, no
//! `'unsafe-inline'`), requests to its own origin (the demo's frontend API and app backend are
//! this server) and frames of its own origin (the embed page frames the hosted page). Only the
//! hosted page may itself be framed, and only by this origin.
//!
//! For tests, `?__dev_csp=no-wasm-eval` on any page serves it with the same policy minus
//! `'wasm-unsafe-eval'` (only ever stricter), so a test can see what an app gets from `init()`
//! when its page forbids compiling WebAssembly.

use crate::vanity::API_AUTH_PATH;
use axum::extract::Request;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

/// Every directive but `script-src` and `frame-ancestors`, which depend on the request.
/// Violations are reported to `/__dev/csp-reports` (test support, see [`crate::dev`]).
const POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; connect-src 'self'; \
    frame-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'; \
    report-uri /__dev/csp-reports";

/// `script-src` of every page: its own scripts, and compiling WebAssembly.
pub const SCRIPT_SRC: &str = "script-src 'self' 'wasm-unsafe-eval'";

/// `script-src` with `?__dev_csp=no-wasm-eval` (tests only).
pub const SCRIPT_SRC_NO_WASM: &str = "script-src 'self'";

/// The query flag (`__dev_csp=no-wasm-eval`) that serves a page without `'wasm-unsafe-eval'`.
pub const NO_WASM_FLAG: (&str, &str) = ("__dev_csp", "no-wasm-eval");

/// The Content-Security-Policy of a page at `path` with `query`.
pub fn policy(path: &str, query: Option<&str>) -> String {
    let (flag, value) = NO_WASM_FLAG;
    let no_wasm = super::query::query_param(query, flag).as_deref() == Some(value);
    let script = if no_wasm {
        SCRIPT_SRC_NO_WASM
    } else {
        SCRIPT_SRC
    };
    let ancestors = if is_hosted_page(path) {
        "'self'"
    } else {
        "'none'"
    };
    format!("{POLICY}; {script}; frame-ancestors {ancestors}")
}

/// The hosted page, which the embed page frames: `/vanity/api-auth[/]`.
fn is_hosted_page(path: &str) -> bool {
    path.strip_prefix(API_AUTH_PATH)
        .is_some_and(|rest| rest.is_empty() || rest == "/")
}

/// Middleware of the static files and the hosted page: adds the policy and the other headers
/// (a referrer policy a route already set, the hosted page's `no-referrer`, is kept).
pub async fn add(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let framed = is_hosted_page(uri.path());
    let policy = policy(uri.path(), uri.query());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&policy) {
        headers.insert(CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    let frames = if framed { "SAMEORIGIN" } else { "DENY" };
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static(frames));
    headers
        .entry(REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("same-origin"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_hosted_page_may_be_framed_and_only_by_this_origin() {
        assert!(policy("/", None).ends_with("frame-ancestors 'none'"));
        assert!(policy("/embed.html", None).ends_with("frame-ancestors 'none'"));
        for path in ["/vanity/api-auth", "/vanity/api-auth/"] {
            assert!(policy(path, Some("ticket=1")).ends_with("frame-ancestors 'self'"));
        }
        assert!(policy("/vanity/api-auth/x", None).ends_with("frame-ancestors 'none'"));
    }

    #[test]
    fn the_test_flag_only_takes_wasm_eval_away() {
        let strict = policy("/", None);
        let flagged = policy("/", Some("as=owner&__dev_csp=no-wasm-eval"));
        assert_eq!(flagged, strict.replace(" 'wasm-unsafe-eval'", ""));
        assert_eq!(policy("/", Some("__dev_csp=other")), strict);
        assert!(!strict.contains("unsafe-inline") && !strict.contains("'unsafe-eval'"));
    }
}
