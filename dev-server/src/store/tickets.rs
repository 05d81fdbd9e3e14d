//! Minted tickets waiting for their exchange (wire contract §4).

/// Ticket types of wire contract §4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketType {
    /// Sign in as a user.
    Impersonation,
    /// Agent session for an actor.
    AgentAccess,
    /// Webhook app session.
    WebhookAppAccess,
    /// API-auth app session.
    ApiAuthAccess,
}

impl TicketType {
    /// Parses the wire name.
    pub fn parse(value: &str) -> Option<TicketType> {
        match value {
            "impersonation" => Some(TicketType::Impersonation),
            "agent_access" => Some(TicketType::AgentAccess),
            "webhook_app_access" => Some(TicketType::WebhookAppAccess),
            "api_auth_access" => Some(TicketType::ApiAuthAccess),
            _ => None,
        }
    }
}

/// How an agent session picks its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentSessionIdentifier {
    /// A fixed actor given by `actor_id` (default).
    Static,
    /// The actor of the session's signed-in user.
    Signin,
}

/// A minted, not yet exchanged ticket (the Redis payload of wire contract §4, plus a ms expiry).
#[derive(Debug, Clone)]
pub struct StoredTicket {
    /// Ticket type.
    pub ticket_type: TicketType,
    /// Deployment that minted it (decimal string).
    pub deployment_id: String,
    /// Impersonation target.
    pub user_id: Option<String>,
    /// Static agent_access actor.
    pub actor_id: Option<String>,
    /// agent_access agents.
    pub agent_ids: Option<Vec<String>>,
    /// agent_access identifier (absent = static).
    pub agent_session_identifier: Option<AgentSessionIdentifier>,
    /// webhook_app_access slug.
    pub webhook_app_slug: Option<String>,
    /// api_auth_access slug.
    pub api_auth_app_slug: Option<String>,
    /// Expiry in unix seconds, as returned by the mint.
    pub expires_at: i64,
    /// Exact expiry in ms (mint time + expires_in); enforced at exchange.
    pub expires_at_ms: i64,
}
