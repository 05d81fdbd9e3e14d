//! Backend ticket mint: `POST /session/tickets` (wire contract §4).
//!
//! Validation order and texts follow the platform's backend route: ticket type, then (static
//! agent_access only) the actor, then the fields of the ticket type, then `expires_in`.

use super::auth::{bearer_key, deployment_for_key};
use super::error::BackendError;
use crate::ids::{now_ms, ticket_id};
use crate::state::AppState;
use crate::store::tickets::{AgentSessionIdentifier, StoredTicket, TicketType};
use crate::store::Store;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

/// Ticket lifetime when `expires_in` is absent (12 h).
pub const DEFAULT_EXPIRES_IN: u64 = 43_200;

const INVALID_TICKET_TYPE: &str = "Invalid ticket_type. Must be 'impersonation', 'agent_access', \
'webhook_app_access', or 'api_auth_access'";

/// JSON body of `POST /session/tickets`. Unknown fields are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CreateSessionTicketRequest {
    /// `impersonation` | `agent_access` | `webhook_app_access` | `api_auth_access`.
    pub ticket_type: String,
    /// Impersonation target.
    pub user_id: Option<String>,
    /// Static agent_access actor (must be an integer and exist).
    pub actor_id: Option<String>,
    /// agent_access agents (non-empty).
    pub agent_ids: Option<Vec<String>>,
    /// `static` (default) or `signin`.
    pub agent_session_identifier: Option<AgentSessionIdentifier>,
    /// webhook_app_access app.
    pub webhook_app_slug: Option<String>,
    /// api_auth_access app (existence is not checked here).
    pub api_auth_app_slug: Option<String>,
    /// Lifetime in seconds (default 43200; 0 fails like a Redis `SETEX 0`).
    pub expires_in: Option<u64>,
}

impl CreateSessionTicketRequest {
    /// An `api_auth_access` request for `slug`.
    pub fn api_auth_access(slug: &str, expires_in: Option<u64>) -> CreateSessionTicketRequest {
        CreateSessionTicketRequest {
            ticket_type: "api_auth_access".to_string(),
            api_auth_app_slug: Some(slug.to_string()),
            expires_in,
            ..CreateSessionTicketRequest::default()
        }
    }
}

/// Success body (flattened, wire contract §2.3).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MintedTicket {
    /// Decimal ticket id (secret until exchanged).
    pub ticket: String,
    /// Expiry in unix seconds.
    pub expires_at: i64,
    /// Hosted page URL for the ticket type.
    pub url: String,
}

/// `POST /session/tickets`. Authentication is checked before the body, as in production
/// (there it is a middleware), so a bad key wins over a bad body.
pub async fn create_session_ticket(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<CreateSessionTicketRequest>, JsonRejection>,
) -> Response {
    let key = match bearer_key(&headers) {
        Ok(key) => key,
        Err(error) => return error.into_response(),
    };
    let mut store = state.lock();
    let deployment_id = match deployment_for_key(&store, key) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    let Json(request) = match body {
        Ok(body) => body,
        // axum's plain-text rejection (400/415/422), like the platform's `axum::Json`.
        Err(rejection) => return rejection.into_response(),
    };
    match mint(&mut store, &deployment_id, request, now_ms()) {
        Ok(minted) => Json(minted).into_response(),
        Err(error) => error.into_response(),
    }
}

/// Mints a ticket with a backend API key: the code path of `POST /session/tickets` minus HTTP.
pub fn mint_with_api_key(
    state: &AppState,
    api_key: &str,
    request: CreateSessionTicketRequest,
) -> Result<MintedTicket, BackendError> {
    let mut store = state.lock();
    let deployment_id = deployment_for_key(&store, api_key)?;
    mint(&mut store, &deployment_id, request, now_ms())
}

/// Validates `request` for `deployment_id` and stores the ticket.
pub fn mint(
    store: &mut Store,
    deployment_id: &str,
    request: CreateSessionTicketRequest,
    now_ms: i64,
) -> Result<MintedTicket, BackendError> {
    let ticket_type = TicketType::parse(&request.ticket_type)
        .ok_or_else(|| BackendError::bad_request(INVALID_TICKET_TYPE))?;

    let is_static_agent_access = ticket_type == TicketType::AgentAccess
        && request.agent_session_identifier != Some(AgentSessionIdentifier::Signin);
    if is_static_agent_access {
        check_actor(store, deployment_id, request.actor_id.as_deref())?;
    }

    let mut ticket = StoredTicket {
        ticket_type,
        deployment_id: deployment_id.to_string(),
        user_id: None,
        actor_id: request.actor_id,
        agent_ids: None,
        agent_session_identifier: None,
        webhook_app_slug: None,
        api_auth_app_slug: None,
        expires_at: 0,
        expires_at_ms: 0,
    };
    match ticket_type {
        TicketType::Impersonation => {
            let user_id = request.user_id.ok_or_else(|| {
                BackendError::bad_request("user_id is required for impersonation tickets")
            })?;
            ticket.user_id = Some(user_id);
        }
        TicketType::AgentAccess => {
            let agent_ids = request.agent_ids.ok_or_else(|| {
                BackendError::bad_request("agent_ids is required for agent_access tickets")
            })?;
            if agent_ids.is_empty() {
                return Err(BackendError::bad_request(
                    "agent_ids cannot be empty for agent_access tickets",
                ));
            }
            ticket.agent_ids = Some(agent_ids);
            ticket.agent_session_identifier = request.agent_session_identifier;
        }
        TicketType::WebhookAppAccess => {
            ticket.webhook_app_slug = Some(require_non_empty(
                request.webhook_app_slug,
                "webhook_app_slug is required for webhook_app_access tickets",
                "webhook_app_slug cannot be empty for webhook_app_access tickets",
            )?);
        }
        TicketType::ApiAuthAccess => {
            ticket.api_auth_app_slug = Some(require_non_empty(
                request.api_auth_app_slug,
                "api_auth_app_slug is required for api_auth_access tickets",
                "api_auth_app_slug cannot be empty for api_auth_access tickets",
            )?);
        }
    }

    let expires_in = request.expires_in.unwrap_or(DEFAULT_EXPIRES_IN);
    // Production stores the ticket with `SETEX <expires_in>`: 0 (and absurdly large values)
    // make Redis fail, which the backend masks as 500 "Something went wrong".
    let expires_in = i64::try_from(expires_in)
        .ok()
        .filter(|seconds| *seconds > 0)
        .ok_or_else(BackendError::internal)?;
    ticket.expires_at_ms = expires_in
        .checked_mul(1000)
        .and_then(|ms| now_ms.checked_add(ms))
        .ok_or_else(BackendError::internal)?;
    ticket.expires_at = now_ms.div_euclid(1000) + expires_in;

    let deployment = store
        .deployment(deployment_id)
        .ok_or_else(BackendError::internal)?;
    let (backend_host, frontend_host) = (
        deployment.backend_host.clone(),
        deployment.frontend_host.clone(),
    );

    // Expired tickets are unusable anyway; dropping them here keeps the table small.
    store
        .tickets
        .retain(|_, stored| stored.expires_at_ms > now_ms);
    let id = loop {
        let candidate = ticket_id();
        if !store.tickets.contains_key(&candidate) {
            break candidate;
        }
    };
    let url = match ticket_type {
        TicketType::ApiAuthAccess => format!("{backend_host}/vanity/api-auth?ticket={id}"),
        TicketType::WebhookAppAccess => format!("{backend_host}/vanity/webhook?ticket={id}"),
        TicketType::AgentAccess => format!("{backend_host}/vanity/agents?ticket={id}"),
        TicketType::Impersonation => format!("{frontend_host}/sign-in?ticket={id}"),
    };
    let expires_at = ticket.expires_at;
    store.tickets.insert(id.clone(), ticket);
    Ok(MintedTicket {
        ticket: id,
        expires_at,
        url,
    })
}

/// Static agent_access: `actor_id` must be present, non-empty, an integer and an existing actor.
fn check_actor(
    store: &Store,
    deployment_id: &str,
    actor_id: Option<&str>,
) -> Result<(), BackendError> {
    let actor_id = actor_id.ok_or_else(|| {
        BackendError::bad_request("actor_id is required for static agent_access tickets")
    })?;
    if actor_id.is_empty() {
        return Err(BackendError::bad_request(
            "actor_id cannot be empty for static agent_access tickets",
        ));
    }
    let parsed: i64 = actor_id
        .parse()
        .map_err(|_| BackendError::bad_request("actor_id must be a valid integer"))?;
    let exists = store
        .actors
        .iter()
        .any(|actor| actor.deployment_id == deployment_id && actor.id.parse() == Ok(parsed));
    if exists {
        Ok(())
    } else {
        Err(BackendError::new(
            StatusCode::NOT_FOUND,
            format!("Actor {parsed} not found"),
        ))
    }
}

/// `Some(non-empty)` or the matching 400.
fn require_non_empty(
    value: Option<String>,
    required_message: &str,
    empty_message: &str,
) -> Result<String, BackendError> {
    let value = value.ok_or_else(|| BackendError::bad_request(required_message))?;
    if value.is_empty() {
        return Err(BackendError::bad_request(empty_message));
    }
    Ok(value)
}
