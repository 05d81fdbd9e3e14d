//! The caller's API-auth app session: the [`ActiveAppSession`] extractor every `/api-auth/*`
//! handler starts with, and `GET /api-auth/session` (wire contract §3.2).

use crate::frontend::browser_session::CurrentSession;
use crate::frontend::envelope::{self, FrontendError};
use crate::ids::now_ms;
use crate::state::AppState;
use crate::store::model::ApiAuthAppAnswer;
use crate::store::sessions::AppSession;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::response::Response;
use serde_json::json;

/// The active API-auth app session of the request's browser session (the most recent unexpired
/// one of its deployment, any slug). Extracting it fails with the envelope 401 "No active API
/// auth app session"; so a handler that takes it runs only for a caller with a session.
///
/// A handler that also reads the body takes `Result<ActiveAppSession, FrontendError>` and
/// answers the error after the body was read, so an oversized body is a 413 first, as when the
/// check ran inside the handler.
#[derive(Debug, Clone)]
pub struct ActiveAppSession(pub AppSession);

impl FromRequestParts<AppState> for ActiveAppSession {
    type Rejection = FrontendError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<ActiveAppSession, FrontendError> {
        // Put there by the browser-session prelude, which runs before every frontend route.
        let current = parts.extensions.get::<CurrentSession>().ok_or_else(|| {
            FrontendError::something_went_wrong(axum::http::StatusCode::INTERNAL_SERVER_ERROR)
        })?;
        state
            .lock()
            .active_api_auth_app_session(&current.id, &current.deployment_id, now_ms())
            .cloned()
            .map(ActiveAppSession)
            .ok_or_else(|| FrontendError::unauthorized("No active API auth app session"))
    }
}

/// `GET /api-auth/session` → `data: {session_id, api_auth_app}`; 400 "Invalid API auth app
/// session" when the session's app is gone or deactivated.
pub async fn get_session(
    State(state): State<AppState>,
    ActiveAppSession(session): ActiveAppSession,
) -> Result<Response, FrontendError> {
    let store = state.lock();
    let app = store
        .api_auth_app(&session.deployment_id, &session.app_slug)
        .filter(|app| app.is_active)
        .ok_or_else(|| FrontendError::bad_request("Invalid API auth app session"))?;
    let rate_limits =
        store.rate_limit_rules(&app.deployment_id, app.rate_limit_scheme_slug.as_deref());
    Ok(envelope::success(json!({
        "session_id": session.id,
        "api_auth_app": app.to_json(ApiAuthAppAnswer::Session {
            rate_limits: &rate_limits,
        }),
    })))
}
