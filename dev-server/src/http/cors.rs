//! CORS policies.
//!
//! * Frontend API (wire contract §1.5): staging allows any origin, production only loopback origins;
//!   both allow credentials, mirror the requested headers and expose `X-Development-Session`.
//! * Backend ticket mint, demo app backend, gateway and `/__dev/*`: loopback origins only.

use crate::config::Mode;
use axum::http::{HeaderName, HeaderValue, Method};
use tower_http::cors::{AllowHeaders, AllowOrigin, CorsLayer};

/// Response header that carries a new staging browser-session token.
pub const DEV_SESSION_HEADER: &str = "x-development-session";

const METHODS: [Method; 7] = [
    Method::GET,
    Method::POST,
    Method::HEAD,
    Method::PUT,
    Method::DELETE,
    Method::PATCH,
    Method::OPTIONS,
];

/// True for `http(s)://127.0.0.1[:port]`, `http(s)://localhost[:port]` and `http(s)://[::1][:port]`.
pub fn is_loopback_origin(origin: &str) -> bool {
    let Some(rest) = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
    else {
        return false;
    };
    if let Some(after) = rest.strip_prefix("[::1]") {
        return after.is_empty() || is_port_suffix(after);
    }
    let (name, port_suffix) = match rest.find(':') {
        Some(index) => (&rest[..index], Some(&rest[index..])),
        None => (rest, None),
    };
    port_suffix.is_none_or(is_port_suffix)
        && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
}

/// True for `:<1-5 digits>`.
fn is_port_suffix(value: &str) -> bool {
    value.strip_prefix(':').is_some_and(|digits| {
        !digits.is_empty() && digits.len() <= 5 && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

fn loopback_predicate() -> AllowOrigin {
    AllowOrigin::predicate(|origin: &HeaderValue, _| {
        origin.to_str().map(is_loopback_origin).unwrap_or(false)
    })
}

/// Frontend API policy for the deployment mode.
pub fn frontend(mode: Mode) -> CorsLayer {
    let origins = match mode {
        // Any origin: the predicate echoes the request's Origin (required with credentials).
        Mode::Staging => AllowOrigin::predicate(|_, _| true),
        Mode::Production => loopback_predicate(),
    };
    CorsLayer::new()
        .allow_origin(origins)
        .allow_credentials(true)
        .allow_methods(METHODS)
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers([HeaderName::from_static(DEV_SESSION_HEADER)])
}

/// Loopback-only policy.
///
/// For `POST /session/tickets` this exists only in the local dev server: the real Wacht backend
/// API is server-to-server and sends no CORS headers. It lets the project's browser tests play
/// the part of an app backend from a page on 127.0.0.1/localhost.
pub fn loopback_only() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(loopback_predicate())
        .allow_credentials(true)
        .allow_methods(METHODS)
        .allow_headers(AllowHeaders::mirror_request())
}

/// Gateway policy (`POST /v1/authz/check`): loopback origins, so a demo page can send test
/// traffic. The rate-limit header names depend on the rules, so the handler itself sends
/// `Access-Control-Expose-Headers` listing the `X-RateLimit-*` and `Retry-After` headers it set.
pub fn gateway() -> CorsLayer {
    loopback_only()
}

#[cfg(test)]
mod tests {
    use super::is_loopback_origin;

    #[test]
    fn loopback_origins() {
        for ok in [
            "http://127.0.0.1:8787",
            "http://localhost:3000",
            "http://localhost",
            "https://127.0.0.1",
            "http://[::1]:9000",
            "http://LOCALHOST:1",
        ] {
            assert!(is_loopback_origin(ok), "{ok}");
        }
        for bad in [
            "http://127.0.0.1.evil.com",
            "http://localhost.evil.com:80",
            "http://evil.com",
            "null",
            "http://127.0.0.1:80x",
            "http://127.0.0.1:",
            "ftp://localhost",
            "http://[::1]x",
        ] {
            assert!(!is_loopback_origin(bad), "{bad}");
        }
    }
}
