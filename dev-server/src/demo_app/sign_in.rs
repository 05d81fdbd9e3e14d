//! The demo app's fake sign-in, so every branch of the embed-ticket policy can be shown:
//!
//! * `GET /api/demo/identities` → `{"identities":[IdentityView…],"current":<id>|null}`
//! * `POST /api/demo/sign-in` `{"identity":"owner"}` → `{"identity":IdentityView}` and
//!   `Set-Cookie: demo_identity=owner; Path=/; HttpOnly; SameSite=Lax`; unknown id → 400
//!   `{"error":"unknown identity"}`
//! * `POST /api/demo/sign-out` → `{"identity":null}` and the cookie cleared (`Max-Age=0`)
//!
//! The cookie holds the identity id in the clear: this is a demo of an app's own sign-in, not
//! a session mechanism.

use crate::http::cookie::cookie_value;
use crate::state::AppState;
use crate::store::tenants::IdentityView;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// Cookie that names the signed-in demo identity.
pub const IDENTITY_COOKIE: &str = "demo_identity";

/// Attributes of the identity cookie (a session cookie readable by the server only).
const COOKIE_ATTRIBUTES: &str = "Path=/; HttpOnly; SameSite=Lax";

/// The identity id the request's cookie names (known or not); `None` when there is no cookie.
pub fn presented_identity(headers: &HeaderMap) -> Option<String> {
    cookie_value(headers, IDENTITY_COOKIE)
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}

/// `GET /api/demo/identities`: every identity with its tenant, and the signed-in one (`null`
/// when the cookie is missing or names no identity).
pub async fn list_identities(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let store = state.lock();
    let identities = store.identity_views();
    let current = presented_identity(&headers).filter(|id| store.identity(id).is_some());
    Json(json!({ "identities": identities, "current": current })).into_response()
}

/// `POST /api/demo/sign-in` with `{"identity":"<id>"}`: sets the identity cookie.
pub async fn sign_in(State(state): State<AppState>, body: Bytes) -> Response {
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return error(StatusCode::BAD_REQUEST, "Invalid JSON body");
    };
    let view: Option<IdentityView> = body
        .get("identity")
        .and_then(Value::as_str)
        .and_then(|id| state.lock().identity_view(id));
    let Some(view) = view else {
        return error(StatusCode::BAD_REQUEST, "unknown identity");
    };
    println!("demo: signed in identity={:?}", view.id);
    let cookie = format!("{IDENTITY_COOKIE}={}; {COOKIE_ATTRIBUTES}", view.id);
    with_cookie(Json(json!({ "identity": view })).into_response(), &cookie)
}

/// `POST /api/demo/sign-out`: clears the identity cookie.
pub async fn sign_out() -> Response {
    let cookie = format!("{IDENTITY_COOKIE}=; {COOKIE_ATTRIBUTES}; Max-Age=0");
    with_cookie(Json(json!({ "identity": null })).into_response(), &cookie)
}
