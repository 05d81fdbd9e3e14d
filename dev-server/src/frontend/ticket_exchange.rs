//! `GET /session/ticket/exchange?ticket=` (wire contract §3.10).
//!
//! Stricter than production: the whole exchange (look-up, expiry check, session writes and
//! consumption) runs under the store lock, so a ticket is used at most once even under
//! concurrent requests, and its expiry is checked here rather than only by a TTL.
//! A ticket is consumed only when the exchange succeeds.

use super::browser_session::CurrentSession;
use super::envelope::{self, FrontendError};
use crate::http::query::query_param;
use crate::ids::now_ms;
use crate::state::AppState;
use crate::store::model::{Actor, ApiAuthAppAnswer};
use crate::store::sessions::{AgentSession, AppSession, SignIn};
use crate::store::tickets::{AgentSessionIdentifier, StoredTicket, TicketType};
use crate::store::Store;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use axum::Extension;
use serde_json::{json, Value};

const INVALID_OR_EXPIRED: &str = "Invalid or expired ticket";
const INTERNAL: &str = "Internal server error";
/// Lifetime of the sign-in created by impersonation.
const IMPERSONATION_SIGNIN_SECONDS: i64 = 1200;

/// Context shared by the per-type exchanges.
struct Exchange<'a> {
    current: &'a CurrentSession,
    ticket: &'a StoredTicket,
    now_ms: i64,
    /// `--session-ttl-seconds`, if given.
    session_ttl_seconds: Option<u64>,
}

impl Exchange<'_> {
    /// Expiry of an app session created from this ticket: the ticket's own expiry, capped at
    /// now + `--session-ttl-seconds` when that flag is set.
    fn app_session_expiry(&self) -> i64 {
        let ticket_expiry = self.ticket.expires_at_ms;
        match self.session_ttl_seconds {
            Some(ttl) => {
                let ttl_ms = i64::try_from(ttl)
                    .unwrap_or(i64::MAX / 1000)
                    .saturating_mul(1000);
                ticket_expiry.min(self.now_ms.saturating_add(ttl_ms))
            }
            None => ticket_expiry,
        }
    }
}

/// `GET /session/ticket/exchange`.
pub async fn exchange_ticket(
    State(state): State<AppState>,
    Extension(current): Extension<CurrentSession>,
    uri: Uri,
) -> Result<Response, FrontendError> {
    let ticket_id = query_param(uri.query(), "ticket")
        .filter(|ticket| !ticket.is_empty())
        .ok_or_else(|| FrontendError::bad_request("ticket is required"))?;
    let now_ms = now_ms();
    let session_ttl_seconds = state.settings().session_ttl_seconds;

    let mut store = state.lock();
    let ticket = match store.tickets.get(&ticket_id) {
        None => return Err(FrontendError::unauthorized(INVALID_OR_EXPIRED)),
        Some(ticket) if ticket.expires_at_ms <= now_ms => {
            store.tickets.remove(&ticket_id);
            return Err(FrontendError::unauthorized(INVALID_OR_EXPIRED));
        }
        Some(ticket) => ticket.clone(),
    };

    let ticket_deployment: u64 = ticket
        .deployment_id
        .parse()
        .map_err(|_| FrontendError::bad_request("Invalid deployment ID in ticket"))?;
    if current.deployment_id.parse::<u64>().ok() != Some(ticket_deployment) {
        // Not consumed: the ticket stays valid for its own deployment.
        return Err(FrontendError::unauthorized(
            "Ticket not valid for this deployment",
        ));
    }

    let exchange = Exchange {
        current: &current,
        ticket: &ticket,
        now_ms,
        session_ttl_seconds,
    };
    let data = match ticket.ticket_type {
        TicketType::ApiAuthAccess => api_auth_access(&mut store, &exchange)?,
        TicketType::WebhookAppAccess => webhook_app_access(&mut store, &exchange)?,
        TicketType::AgentAccess => agent_access(&mut store, &exchange)?,
        TicketType::Impersonation => impersonation(&mut store, &exchange)?,
    };
    store.tickets.remove(&ticket_id);
    Ok(envelope::success(data))
}

/// Expires this browser session's live sessions of `slug`, then appends a new one.
/// As in production this happens before the app is loaded, so a missing app leaves the new row
/// behind (and `/api-auth/session` then answers 400 "Invalid API auth app session").
fn replace_app_session(
    sessions: &mut Vec<AppSession>,
    id: String,
    slug: &str,
    exchange: &Exchange<'_>,
) -> String {
    let now = exchange.now_ms;
    for session in sessions.iter_mut() {
        if session.session_id == exchange.current.id
            && session.app_slug == slug
            && session.is_active_at(now)
        {
            session.expires_at_ms = Some(now);
        }
    }
    sessions.push(AppSession {
        id: id.clone(),
        session_id: exchange.current.id.clone(),
        deployment_id: exchange.current.deployment_id.clone(),
        app_slug: slug.to_string(),
        created_at_ms: now,
        expires_at_ms: Some(exchange.app_session_expiry()),
    });
    id
}

fn api_auth_access(store: &mut Store, exchange: &Exchange<'_>) -> Result<Value, FrontendError> {
    let slug = exchange
        .ticket
        .api_auth_app_slug
        .clone()
        .filter(|slug| !slug.is_empty())
        .ok_or_else(|| {
            FrontendError::bad_request("api_auth_app_slug is required for api_auth_access tickets")
        })?;
    let id = store.ids.next_id();
    let session_id = replace_app_session(&mut store.api_auth_app_sessions, id, &slug, exchange);
    // A deactivated app is refused like a missing one (its keys fail at the gateway too).
    let app = store
        .api_auth_app(&exchange.current.deployment_id, &slug)
        .filter(|app| app.is_active)
        .ok_or_else(|| FrontendError::internal(INTERNAL))?;
    // `id` is the ticket's slug, which is the app's: the app was found by it.
    Ok(json!({
        "success": true,
        "message": "API auth app session created",
        "session_id": session_id,
        "api_auth_app": app.to_json(ApiAuthAppAnswer::Exchange),
    }))
}

fn webhook_app_access(store: &mut Store, exchange: &Exchange<'_>) -> Result<Value, FrontendError> {
    let slug = exchange
        .ticket
        .webhook_app_slug
        .clone()
        .filter(|slug| !slug.is_empty())
        .ok_or_else(|| {
            FrontendError::bad_request(
                "webhook_app_slug is required for webhook_app_access tickets",
            )
        })?;
    let id = store.ids.next_id();
    let session_id = replace_app_session(&mut store.webhook_app_sessions, id, &slug, exchange);
    let app = store
        .webhook_apps
        .iter()
        .find(|app| app.deployment_id == exchange.current.deployment_id && app.app_slug == slug)
        .ok_or_else(|| FrontendError::internal(INTERNAL))?;
    Ok(json!({
        "success": true,
        "message": "Webhook app session created",
        "session_id": session_id,
        "webhook_app": {
            "app_slug": app.app_slug,
            "name": app.name,
            "signing_secret": app.signing_secret,
            "is_active": app.is_active,
        },
    }))
}

fn agent_access(store: &mut Store, exchange: &Exchange<'_>) -> Result<Value, FrontendError> {
    let deployment_id = exchange.current.deployment_id.clone();
    let raw_ids = exchange
        .ticket
        .agent_ids
        .clone()
        .filter(|ids| !ids.is_empty())
        .ok_or_else(|| {
            FrontendError::bad_request("agent_ids is required for agent_access tickets")
        })?;
    let mut agent_ids: Vec<i64> = Vec::with_capacity(raw_ids.len());
    for raw in &raw_ids {
        match raw.parse::<i64>() {
            Ok(id) if id >= 0 => agent_ids.push(id),
            _ => {
                return Err(FrontendError::bad_request(format!(
                    "Invalid agent_id: {raw}"
                )))
            }
        }
    }

    let identifier = exchange
        .ticket
        .agent_session_identifier
        .unwrap_or(AgentSessionIdentifier::Static);
    let actor_id = match identifier {
        AgentSessionIdentifier::Static => {
            let raw = exchange
                .ticket
                .actor_id
                .as_deref()
                .filter(|raw| !raw.is_empty())
                .ok_or_else(|| {
                    FrontendError::bad_request(
                        "actor_id is required for static agent_access tickets",
                    )
                })?;
            let parsed: u64 = raw
                .parse()
                .map_err(|_| FrontendError::bad_request("Invalid actor_id"))?;
            store
                .actors
                .iter()
                .find(|actor| {
                    actor.deployment_id == deployment_id && actor.id.parse() == Ok(parsed)
                })
                .map(|actor| actor.id.clone())
                .ok_or_else(|| {
                    FrontendError::bad_request("actor_id was not found for this deployment")
                })?
        }
        AgentSessionIdentifier::Signin => signin_actor(store, exchange)?,
    };

    // Replaces any agent session of this browser session.
    let browser_session_id = exchange.current.id.clone();
    store
        .agent_sessions
        .retain(|s| !(s.session_id == browser_session_id && s.deployment_id == deployment_id));
    let session = AgentSession {
        id: store.ids.next_id(),
        session_id: browser_session_id,
        deployment_id: deployment_id.clone(),
        identifier,
        actor_id: actor_id.clone(),
        agent_ids: agent_ids.iter().map(i64::to_string).collect(),
        expires_at_ms: Some(exchange.app_session_expiry()),
    };
    let session_id = session.id.clone();
    store.agent_sessions.push(session);

    let actor = store
        .actors
        .iter()
        .find(|actor| actor.deployment_id == deployment_id && actor.id == actor_id)
        .ok_or_else(|| FrontendError::internal("Failed to fetch agent session"))?;
    let mut actor_json = json!({
        "id": actor.id,
        "subject_type": actor.subject_type,
        "external_key": actor.external_key,
    });
    if let Some(name) = &actor.display_name {
        actor_json["display_name"] = json!(name);
    }
    let mut agents: Vec<_> = store
        .agents
        .iter()
        .filter(|agent| {
            agent.deployment_id == deployment_id
                && agent
                    .id
                    .parse::<i64>()
                    .is_ok_and(|id| agent_ids.contains(&id))
        })
        .collect();
    agents.sort_by(|a, b| a.name.cmp(&b.name));
    let agents: Vec<Value> = agents
        .iter()
        .map(
            |agent| json!({ "id": agent.id, "name": agent.name, "description": agent.description }),
        )
        .collect();

    Ok(json!({
        "success": true,
        "message": "Agent session created",
        "session_id": session_id,
        "actor": actor_json,
        "agents": agents,
    }))
}

/// `signin` agent_access: the actor of the session's signed-in user (created when missing).
fn signin_actor(store: &mut Store, exchange: &Exchange<'_>) -> Result<String, FrontendError> {
    let deployment_id = exchange.current.deployment_id.clone();
    let user_id = store
        .browser_sessions
        .get(&exchange.current.token)
        .and_then(|session| {
            let active = session.active_signin_id.as_ref()?;
            session
                .signins
                .iter()
                .find(|signin| &signin.id == active && signin.expires_at_ms > exchange.now_ms)
                .map(|signin| signin.user_id.clone())
        })
        .ok_or_else(|| {
            FrontendError::unauthorized("No active sign in for signin agent_access ticket")
        })?;
    if let Some(actor) = store.actors.iter().find(|actor| {
        actor.deployment_id == deployment_id
            && actor.subject_type == "user"
            && actor.external_key == user_id
    }) {
        return Ok(actor.id.clone());
    }
    let id = store.ids.next_id();
    store.actors.push(Actor {
        deployment_id,
        id: id.clone(),
        display_name: None,
        subject_type: "user".to_string(),
        external_key: user_id,
    });
    Ok(id)
}

fn impersonation(store: &mut Store, exchange: &Exchange<'_>) -> Result<Value, FrontendError> {
    let raw = exchange.ticket.user_id.as_deref().ok_or_else(|| {
        FrontendError::bad_request("user_id is required for impersonation tickets")
    })?;
    let user_id: u64 = raw
        .parse()
        .map_err(|_| FrontendError::bad_request("Invalid user_id"))?;
    let user = store
        .users
        .iter()
        .find(|user| {
            user.deployment_id == exchange.current.deployment_id && user.id.parse() == Ok(user_id)
        })
        .ok_or_else(|| FrontendError::not_found("User not found"))?;
    if user.disabled {
        return Err(FrontendError::forbidden("Cannot impersonate disabled user"));
    }
    let user_id = user.id.clone();
    let signin_id = store.ids.next_id();
    let now = exchange.now_ms;
    let session = store
        .browser_sessions
        .get_mut(&exchange.current.token)
        .ok_or_else(|| FrontendError::unauthorized("Session required"))?;
    if session
        .signins
        .iter()
        .any(|signin| signin.user_id == user_id && signin.expires_at_ms > now)
    {
        return Err(FrontendError::bad_request("User already signed in"));
    }
    let expires_at_ms = now + IMPERSONATION_SIGNIN_SECONDS * 1000;
    session.signins.push(SignIn {
        id: signin_id.clone(),
        user_id: user_id.clone(),
        expires_at_ms,
    });
    session.active_signin_id = Some(signin_id.clone());
    Ok(json!({
        "success": true,
        "message": "Impersonation successful",
        "session": {
            "id": session.id,
            "active_signin": { "id": signin_id, "user_id": user_id },
        },
    }))
}
