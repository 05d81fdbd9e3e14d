//! Browser-session prelude (contract §1.5), run before every non-OPTIONS frontend API request.
//!
//! Token = cookie `__session`; else, for staging only, the `__dev_session__` query parameter.
//! A missing or unknown token silently creates a new session, delivered as
//! `X-Development-Session: <token>` (staging) or `Set-Cookie: __session=…` (production). Known
//! tokens are used as they are and nothing is sent back.
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
use axum::extract::{Request, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use std::time::SystemTime;

/// Cookie that carries the production session token.
pub const SESSION_COOKIE: &str = "__session";
/// Query parameter that carries the staging session token.
pub const DEV_SESSION_PARAM: &str = "__dev_session__";

/// The browser session of the current request, inserted as a request extension by [`prelude`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentSession {
    /// Browser session id.
    pub id: String,
    /// The session's token (lookup key in `Store::browser_sessions`).
    pub token: String,
    /// Deployment the request resolved to.
    pub deployment_id: String,
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

    let (current, created) = {
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
                        }
                    })
            });
        match known {
            Some(current) => (current, false),
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
                };
                store.browser_sessions.insert(token, session);
                (current, true)
            }
        }
    };

    let secure = forwarded_https(request.headers());
    request.extensions_mut().insert(current.clone());
    let mut response = next.run(request).await;
    if created {
        deliver_token(&mut response, mode, &current.token, secure);
    }
    response
}

/// Attaches a new token to the response.
fn deliver_token(response: &mut Response, mode: Mode, token: &str, secure: bool) {
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
            let cookie = format!(
                "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Expires={expires}{secure}"
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
