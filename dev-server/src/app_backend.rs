//! Demo app backend: `POST /api/settings/api-keys/embed-ticket` (the customer's own endpoint in
//! the integration guides). It mints a short-lived `api_auth_access` ticket for `aa_<deploymentId>`
//! with the primary deployment's backend key, through the same code as `POST /session/tickets`.

use crate::state::AppState;
use crate::tickets::{mint_with_api_key, CreateSessionTicketRequest};
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
    Json(json!({ "publishableKey": publishable_key, "deploymentId": DEMO_DEPLOYMENT_ID })).into_response()
}

/// Lifetime of embed tickets, as in the guides.
pub const EMBED_TICKET_EXPIRES_IN: u64 = 120;

/// Why a caller may not get a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied {
    /// 401 or 403.
    pub status: StatusCode,
    /// Text of `{"error": …}`.
    pub error: &'static str,
}

/// Policy boundary (user, role, tenant ownership of `deployment_id`). The demo has no users
/// yet, so everyone is allowed; role and tenant rules plug in here.
pub fn authorize(_headers: &HeaderMap, _deployment_id: &str) -> Result<(), Denied> {
    Ok(())
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// `deploymentId` as a string: a JSON string, or a number written in decimal.
fn deployment_id(body: &Value) -> Option<String> {
    match body.get("deploymentId")? {
        Value::String(id) if !id.is_empty() => Some(id.clone()),
        Value::Number(id) => Some(id.to_string()),
        _ => None,
    }
}

/// `POST /api/settings/api-keys/embed-ticket` with `{"deploymentId":"42"}` →
/// `{"ticket":"…","expires_at":…}`. Every attempt is logged, never the ticket.
pub async fn embed_ticket(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        match serde_json::from_slice(&body) {
            Ok(value) => value,
            Err(_) => {
                println!("embed-ticket: rejected (body is not JSON)");
                return error(StatusCode::BAD_REQUEST, "Invalid JSON body");
            }
        }
    };
    let Some(deployment_id) = deployment_id(&body) else {
        println!("embed-ticket: rejected (deploymentId missing)");
        return error(StatusCode::BAD_REQUEST, "deploymentId is required");
    };
    if let Err(denied) = authorize(&headers, &deployment_id) {
        println!(
            "embed-ticket: denied deploymentId={deployment_id:?} status={}",
            denied.status.as_u16()
        );
        return error(denied.status, denied.error);
    }

    let slug = format!("aa_{deployment_id}");
    let request = CreateSessionTicketRequest::api_auth_access(&slug, Some(EMBED_TICKET_EXPIRES_IN));
    let api_key = state.settings().backend_api_key.clone();
    match mint_with_api_key(&state, &api_key, request) {
        Ok(minted) => {
            println!(
                "embed-ticket: issued api_auth_access for {slug:?}, expires_at={}",
                minted.expires_at
            );
            Json(json!({ "ticket": minted.ticket, "expires_at": minted.expires_at }))
                .into_response()
        }
        Err(failure) => {
            println!(
                "embed-ticket: mint failed for {slug:?}: {} {}",
                failure.status.as_u16(),
                failure.message
            );
            error(failure.status, &failure.message)
        }
    }
}
