//! What a ticket exchange created, typed: written by hand, as the exchange has no model table
//! of its own (its data is checked field by field, then recognised by which app it carries).

use super::de;
use super::generated::{AgentActor, AgentInfo, ApiAuthAppInfo, WebhookAppInfo};
use serde::{Deserialize, Serialize};

/// What a ticket exchange created, tagged by `type` (the ticket type), as the core recognises
/// it from the exchange's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TicketExchangeResult {
    /// An `api_auth_access` ticket: an API-auth app session now exists for this browser.
    ApiAuthAccess {
        /// Server message.
        #[serde(default, deserialize_with = "de::or_default")]
        message: String,
        /// The new session id.
        #[serde(deserialize_with = "de::id")]
        session_id: String,
        /// The app the session manages.
        api_auth_app: ApiAuthAppInfo,
    },
    /// A `webhook_app_access` ticket.
    WebhookAppAccess {
        /// Server message.
        #[serde(default, deserialize_with = "de::or_default")]
        message: String,
        /// The new session id.
        #[serde(deserialize_with = "de::id")]
        session_id: String,
        /// The webhook app.
        webhook_app: WebhookAppInfo,
    },
    /// An `agent_access` ticket.
    AgentAccess {
        /// Server message.
        #[serde(default, deserialize_with = "de::or_default")]
        message: String,
        /// The new session id.
        #[serde(deserialize_with = "de::id")]
        session_id: String,
        /// The actor the session acts as.
        actor: AgentActor,
        /// The agents the session may use (`[]` when none were sent).
        #[serde(default, deserialize_with = "de::or_default")]
        agents: Vec<AgentInfo>,
    },
    /// An `impersonation` ticket: the browser session is now signed in as the user.
    Impersonation {
        /// Server message.
        #[serde(default, deserialize_with = "de::or_default")]
        message: String,
        /// The impersonated browser session.
        session: serde_json::Map<String, serde_json::Value>,
    },
}

impl TicketExchangeResult {
    /// The ticket type, as the core names it.
    pub fn ticket_type(&self) -> crate::session::exchange::TicketType {
        use crate::session::exchange::TicketType;
        match self {
            TicketExchangeResult::ApiAuthAccess { .. } => TicketType::ApiAuthAccess,
            TicketExchangeResult::WebhookAppAccess { .. } => TicketType::WebhookAppAccess,
            TicketExchangeResult::AgentAccess { .. } => TicketType::AgentAccess,
            TicketExchangeResult::Impersonation { .. } => TicketType::Impersonation,
        }
    }
}
