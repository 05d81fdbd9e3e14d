//! Browser-session prelude (wire contract §1.5), run before every non-OPTIONS frontend API request.
//!
//! Token = cookie `__session`; else, for staging only, the `__dev_session__` query parameter.
//! A missing or unknown token silently creates a new session. Like Wacht's sliding session, the
//! token (new or presented) comes back on every answer: `X-Development-Session: <token>`
//! (staging) or `Set-Cookie: __session=…` (production, see [`cookie_domain`] for its `Domain`).
//! The answer's envelope gets the browser session as `session: {id, created_at, updated_at}`
//! ([`fill_envelope_session`]).
//!
//! Every Host resolves to the primary deployment (production resolves the deployment from the
//! Host header; this server serves exactly one deployment, whatever name it is reached by).
//! Tokens are opaque random strings, valid until the session is idle long enough to be dropped
//! ([`crate::store::prune`]; each request presenting the token counts as use) or the process ends.

use crate::config::{Mode, SESSION_LIFETIME};
use crate::http::cookie::cookie_value;
use crate::http::cors::DEV_SESSION_HEADER;
use crate::http::query::query_param;
use crate::ids::{now_ms, session_token};
use crate::state::AppState;
use crate::store::sessions::BrowserSession;
use crate::timestamps::format_ms;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::time::SystemTime;

/// Cookie that carries the production session token.
pub const SESSION_COOKIE: &str = "__session";
/// Query parameter that carries the staging session token.
pub const DEV_SESSION_PARAM: &str = "__dev_session__";

/// Largest answer whose envelope gets its `session` filled (bigger JSON answers are not produced
/// by the frontend routes: a logs page is at most 1000 entries).
const ENVELOPE_MAX_BYTES: usize = 16 * 1024 * 1024;

/// The browser session of the current request, inserted as a request extension by [`prelude`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentSession {
    /// Browser session id.
    pub id: String,
    /// The session's token (lookup key in `Store::browser_sessions`).
    pub token: String,
    /// Deployment the request resolved to.
    pub deployment_id: String,
    /// When the session was created (ms).
    pub created_at_ms: i64,
    /// When a request last presented the token (this one), or the creation time (ms).
    pub updated_at_ms: i64,
}

/// Middleware: resolves or creates the browser session and delivers a new token.
pub async fn prelude(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    let settings = state.settings();
    let mode = settings.mode;
    let deployment_id = settings.primary_deployment_id.clone();

    let presented = cookie_value(request.headers(), SESSION_COOKIE).or_else(|| match mode {
        Mode::Staging => query_param(request.uri().query(), DEV_SESSION_PARAM),
        // A production deployment ignores `__dev_session__`.
        Mode::Production => None,
    });

    let (current, domain) = {
        let mut store = state.lock();
        let now = now_ms();
        let known = presented
            .filter(|token| !token.is_empty())
            .and_then(|token| {
                store
                    .browser_sessions
                    .get_mut(&token)
                    .filter(|session| session.deployment_id == deployment_id)
                    .map(|session| {
                        session.last_seen_ms = now;
                        CurrentSession {
                            id: session.id.clone(),
                            token: token.clone(),
                            deployment_id: deployment_id.clone(),
                            created_at_ms: session.created_at_ms,
                            updated_at_ms: now,
                        }
                    })
            });
        let current = match known {
            Some(current) => current,
            None => {
                let token = session_token();
                let session = BrowserSession {
                    id: store.ids.next_id(),
                    deployment_id: deployment_id.clone(),
                    created_at_ms: now,
                    last_seen_ms: now,
                    signins: Vec::new(),
                    active_signin_id: None,
                };
                let current = CurrentSession {
                    id: session.id.clone(),
                    token: token.clone(),
                    deployment_id: deployment_id.clone(),
                    created_at_ms: now,
                    updated_at_ms: now,
                };
                store.browser_sessions.insert(token, session);
                current
            }
        };
        let domain = store
            .deployment(&deployment_id)
            .and_then(|deployment| cookie_domain(&deployment.backend_host));
        (current, domain)
    };

    let secure = forwarded_https(request.headers());
    request.extensions_mut().insert(current.clone());
    let response = next.run(request).await;
    let mut response = fill_envelope_session(response, &current).await;
    deliver_token(
        &mut response,
        mode,
        &current.token,
        secure,
        domain.as_deref(),
    );
    response
}

/// The cookie `Domain` for a deployment whose backend host is `backend_host` (a URL or a host):
/// its host name with a leading `frontend.` removed (`frontend.acme.com` → `acme.com`). `None`
/// (a host-only cookie) for an IP address, `localhost` or a name without a dot: browsers refuse
/// a `Domain` that is an IP address, and a host-only cookie is what such a `Domain` would mean.
pub fn cookie_domain(backend_host: &str) -> Option<String> {
    let rest = backend_host
        .split_once("://")
        .map_or(backend_host, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.starts_with('[') {
        return None; // IPv6 literal
    }
    let host = authority
        .split(':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let host = host.strip_prefix("frontend.").unwrap_or(&host);
    let is_ip = host.parse::<std::net::IpAddr>().is_ok();
    (!is_ip && host.contains('.') && !host.ends_with('.')).then(|| host.to_string())
}

/// Sets `session` of a JSON envelope answer (an object with `status` and `session`) to the
/// browser session. Other answers pass unchanged.
async fn fill_envelope_session(response: Response, current: &CurrentSession) -> Response {
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if !is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, ENVELOPE_MAX_BYTES).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return (parts, Body::empty()).into_response();
    };
    let filled = match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(mut object))
            if object.contains_key("status") && object.contains_key("session") =>
        {
            object.insert(
                "session".to_string(),
                json!({
                    "id": current.id,
                    "created_at": format_ms(current.created_at_ms),
                    "updated_at": format_ms(current.updated_at_ms),
                }),
            );
            serde_json::to_vec(&object).ok()
        }
        _ => None,
    };
    match filled {
        Some(body) => {
            parts.headers.remove(CONTENT_LENGTH);
            (parts, Body::from(body)).into_response()
        }
        None => (parts, Body::from(bytes)).into_response(),
    }
}

/// Attaches the session token to the response.
fn deliver_token(
    response: &mut Response,
    mode: Mode,
    token: &str,
    secure: bool,
    domain: Option<&str>,
) {
    let headers = response.headers_mut();
    match mode {
        Mode::Staging => {
            if let Ok(value) = HeaderValue::from_str(token) {
                headers.insert(DEV_SESSION_HEADER, value);
            }
        }
        Mode::Production => {
            let expires = httpdate::fmt_http_date(SystemTime::now() + SESSION_LIFETIME);
            // Production also sets `Secure` (and a `Domain`). This server speaks plain HTTP on
            // loopback, where Chromium would drop a `Secure` cookie set by http://127.0.0.1, so
            // `Secure` is only added when a TLS-terminating proxy says the request was HTTPS.
            let secure = if secure { "; Secure" } else { "" };
            let domain = domain.map(|d| format!("; Domain={d}")).unwrap_or_default();
            let cookie = format!(
                "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Expires={expires}{domain}{secure}"
            );
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                headers.append(SET_COOKIE, value);
            }
        }
    }
}

/// True when a proxy in front of this server reports the original request as HTTPS.
fn forwarded_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|proto| proto.eq_ignore_ascii_case("https"))
}

#[cfg(test)]
mod tests {
    use super::cookie_domain;

    #[test]
    fn cookie_domain_drops_frontend_and_skips_addresses() {
        assert_eq!(
            cookie_domain("https://frontend.acme.com").as_deref(),
            Some("acme.com")
        );
        assert_eq!(
            cookie_domain("frontend.acme.com:8443/x").as_deref(),
            Some("acme.com")
        );
        assert_eq!(
            cookie_domain("https://api.acme.com").as_deref(),
            Some("api.acme.com")
        );
        for none in [
            "http://127.0.0.1:8787",
            "http://[::1]:9000",
            "http://localhost:3000",
            "http://frontend.localhost",
            "",
        ] {
            assert_eq!(cookie_domain(none), None, "{none}");
        }
    }
}
