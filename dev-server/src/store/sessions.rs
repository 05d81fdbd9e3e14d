//! Sessions: browser sessions with their sign-ins, and the app and agent sessions a ticket
//! exchange creates.

use super::tickets::AgentSessionIdentifier;

/// A completed sign-in of a browser session (created by impersonation).
#[derive(Debug, Clone)]
pub struct SignIn {
    /// Decimal id.
    pub id: String,
    /// Signed-in user.
    pub user_id: String,
    /// Expiry (ms since the Unix epoch).
    pub expires_at_ms: i64,
}

/// A browser session, found by its opaque token (cookie `__session` or `__dev_session__`).
#[derive(Debug, Clone)]
pub struct BrowserSession {
    /// Decimal id (what app sessions point at).
    pub id: String,
    /// Deployment the session belongs to.
    pub deployment_id: String,
    /// Creation time (ms).
    pub created_at_ms: i64,
    /// When a request last presented the token, or the creation time (ms); idle sessions are
    /// dropped ([`super::prune`]).
    pub last_seen_ms: i64,
    /// Sign-ins of this session.
    pub signins: Vec<SignIn>,
    /// Id of the active sign-in, if any.
    pub active_signin_id: Option<String>,
}

/// An app session created by a ticket exchange (API-auth and webhook apps share this shape).
#[derive(Debug, Clone)]
pub struct AppSession {
    /// Decimal id (`session_id` on the wire).
    pub id: String,
    /// Browser session id.
    pub session_id: String,
    /// Deployment id.
    pub deployment_id: String,
    /// App slug.
    pub app_slug: String,
    /// Creation time (ms).
    pub created_at_ms: i64,
    /// Expiry (ms); `None` never expires.
    pub expires_at_ms: Option<i64>,
}

impl AppSession {
    /// True while the session has not expired.
    pub fn is_active_at(&self, now_ms: i64) -> bool {
        self.expires_at_ms.is_none_or(|expires| expires > now_ms)
    }
}

/// An agent session created by an `agent_access` exchange.
#[derive(Debug, Clone)]
pub struct AgentSession {
    /// Decimal id.
    pub id: String,
    /// Browser session id.
    pub session_id: String,
    /// Deployment id.
    pub deployment_id: String,
    /// How the actor was chosen.
    pub identifier: AgentSessionIdentifier,
    /// Actor id.
    pub actor_id: String,
    /// Agents the session may use.
    pub agent_ids: Vec<String>,
    /// Expiry (ms).
    pub expires_at_ms: Option<i64>,
}
