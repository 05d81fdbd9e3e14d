//! Demo app backend: `POST /api/settings/api-keys/embed-ticket` (the customer's own endpoint in
//! the integration guides) and `GET /api/config`. The endpoint applies the app's policy
//! ([`super::embed_policy`]) to the signed-in demo identity ([`super::sign_in`]), then mints
//! an `api_auth_access` ticket for `aa_<deploymentId>` with that deployment's backend key, through
//! the same code as `POST /session/tickets`. Every attempt prints one line, never the ticket:
//!
//! ```text
//! embed-ticket: denied identity="viewer" deployment="42" status=403 reason="cannot manage API keys"
//! embed-ticket: issued identity="owner" deployment="42" status=200 app="aa_42" expires_at=1767225600
//! ```

use super::embed_policy::{authorize, Grant};
use super::sign_in::presented_identity;
use crate::backend::tickets::{mint_with_api_key, CreateSessionTicketRequest};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// The deployment the demo app's settings screen manages.
pub const DEMO_DEPLOYMENT_ID: &str = "42";

/// `GET /api/config`: what the demo page needs to start, as an app would inline it in its HTML:
/// `{"publishableKey":"pk_…","deploymentId":"42"}`. Public values only.
pub async fn config(State(state): State<AppState>) -> Response {
    let publishable_key = state.settings().publishable_key.clone();
    Json(json!({ "publishableKey": publishable_key, "deploymentId": DEMO_DEPLOYMENT_ID }))
        .into_response()
}

/// Longest piece of request data (identity id, deployment id) printed in a log line.
const MAX_LOGGED_CHARS: usize = 64;

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// `deploymentId` as a string: a JSON string, or a number written in decimal. `Err` when the
/// body is not JSON; an empty body counts as `{}`.
fn deployment_id(body: &[u8]) -> Result<Option<String>, ()> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let body: Value = serde_json::from_slice(body).map_err(|_| ())?;
    Ok(match body.get("deploymentId") {
        Some(Value::String(id)) if !id.is_empty() => Some(id.clone()),
        Some(Value::Number(id)) => Some(id.to_string()),
        _ => None,
    })
}

/// Request data for a log line: quoted and escaped (`{:?}`), cut at [`MAX_LOGGED_CHARS`];
/// `-` when absent.
fn logged(value: Option<&str>) -> String {
    match value {
        Some(value) => format!(
            "{:?}",
            value.chars().take(MAX_LOGGED_CHARS).collect::<String>()
        ),
        None => "-".to_string(),
    }
}

/// Prints the line of one attempt: `embed-ticket: <outcome> identity=… deployment=… status=N
/// <detail>`.
fn log_attempt(
    outcome: &str,
    identity: Option<&str>,
    deployment: Option<&str>,
    status: StatusCode,
    detail: &str,
) {
    println!(
        "embed-ticket: {outcome} identity={} deployment={} status={} {detail}",
        logged(identity),
        logged(deployment),
        status.as_u16()
    );
}

/// `POST /api/settings/api-keys/embed-ticket` with `{"deploymentId":"42"}` →
/// `{"ticket":"…","expires_at":…}`, or `{"error":…}` with 400/401/403 (see
/// [`super::embed_policy`]); a body that is not JSON is a 400 `Invalid JSON body` first.
pub async fn embed_ticket(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let identity = presented_identity(&headers);
    let identity = identity.as_deref();
    let Ok(requested) = deployment_id(&body) else {
        let status = StatusCode::BAD_REQUEST;
        log_attempt(
            "denied",
            identity,
            None,
            status,
            "reason=\"body is not JSON\"",
        );
        return error(status, "Invalid JSON body");
    };
    let requested = requested.as_deref();

    let decision = authorize(&state.lock(), identity, requested);
    let Grant { deployment_id } = match decision {
        Ok(grant) => grant,
        Err(denied) => {
            let reason = format!("reason={:?}", denied.reason);
            log_attempt("denied", identity, requested, denied.status, &reason);
            return error(denied.status, denied.error);
        }
    };

    // The app keeps one backend key per deployment it manages; here that is the key the
    // deployment has on this server.
    let api_key = state
        .lock()
        .deployment(&deployment_id)
        .map(|deployment| deployment.backend_api_key.clone());
    let Some(api_key) = api_key else {
        let status = StatusCode::INTERNAL_SERVER_ERROR;
        log_attempt(
            "failed",
            identity,
            requested,
            status,
            "reason=\"deployment unknown to Wacht\"",
        );
        return error(status, "deployment is not provisioned");
    };
    let slug = format!("aa_{deployment_id}");
    let expires_in = state.settings().embed_ticket_ttl_seconds;
    let request = CreateSessionTicketRequest::api_auth_access(&slug, Some(expires_in));
    match mint_with_api_key(&state, &api_key, request) {
        Ok(minted) => {
            let detail = format!("app={slug:?} expires_at={}", minted.expires_at);
            log_attempt("issued", identity, requested, StatusCode::OK, &detail);
            Json(json!({ "ticket": minted.ticket, "expires_at": minted.expires_at }))
                .into_response()
        }
        Err(failure) => {
            let detail = format!("reason={:?}", failure.message);
            log_attempt("failed", identity, requested, failure.status, &detail);
            error(failure.status, &failure.message)
        }
    }
}
