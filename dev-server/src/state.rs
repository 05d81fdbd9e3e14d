//! In-memory state: one [`Store`] behind one `std::sync::Mutex`, plus fixed [`Settings`].
//!
//! The store is a handful of plain tables (`Vec`s and `HashMap`s) with public fields, so later
//! features (API keys, a gateway, audit logs) add a table here without touching the others.

use crate::api_key::ApiKey;
use crate::audit::AuditEntry;
use crate::config::{Config, Mode};
use crate::connections::Connections;
use crate::faults::FaultQueue;
use crate::ids::SnowflakeIds;
use crate::persistence::Persistence;
use crate::prune::Prune;
use crate::rate_limit::Counters;
use crate::request_log::RequestLog;
use crate::tenants::{Identity, Tenant};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use subtle::ConstantTimeEq;

/// Fixed facts about this server process, known once the socket is bound.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Mode of the primary deployment.
    pub mode: Mode,
    /// The bound origin, e.g. `http://127.0.0.1:8787`.
    pub origin: String,
    /// `pk_test_…` / `pk_live_…` for [`Settings::origin`].
    pub publishable_key: String,
    /// Id of the deployment every frontend request resolves to.
    pub primary_deployment_id: String,
    /// Optional cap on app-session lifetime (`--session-ttl-seconds`).
    pub session_ttl_seconds: Option<u64>,
    /// Backend API key of the primary deployment.
    pub backend_api_key: String,
    /// Directory served for every non-API path.
    pub www_dir: PathBuf,
    /// Directory served under `/pkg/`.
    pub pkg_dir: PathBuf,
    /// `expires_in` of tickets from the demo app's embed-ticket endpoint
    /// (`--embed-ticket-ttl-seconds`, default 120).
    pub embed_ticket_ttl_seconds: u64,
    /// When expired and idle state is dropped ([`crate::prune`]).
    pub prune: Prune,
}

impl Settings {
    /// Settings for a server bound at `origin`.
    pub fn new(config: &Config, origin: &str) -> Settings {
        Settings {
            mode: config.mode,
            origin: origin.to_string(),
            publishable_key: crate::deployment::publishable_key(config.mode, origin),
            primary_deployment_id: crate::seed::PRIMARY_DEPLOYMENT_ID.to_string(),
            session_ttl_seconds: config.session_ttl_seconds,
            backend_api_key: config.backend_api_key.clone(),
            www_dir: config.www_dir.clone(),
            pkg_dir: config.pkg_dir.clone(),
            embed_ticket_ttl_seconds: config.embed_ticket_ttl_seconds,
            prune: config.prune,
        }
    }
}

/// Shared handle to the settings and the store; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    settings: Settings,
    store: Mutex<Store>,
}

impl AppState {
    /// State seeded with the demo deployments (see [`crate::seed`]), all in memory.
    pub fn new(settings: Settings) -> AppState {
        let store = crate::seed::seeded_store(&settings);
        AppState::from_parts(settings, store)
    }

    fn from_parts(settings: Settings, store: Store) -> AppState {
        AppState {
            shared: Arc::new(Shared {
                settings,
                store: Mutex::new(store),
            }),
        }
    }

    /// Seeded state whose keys and audit entries also live in the SQLite file at `path`
    /// (created if missing); what the file already holds is loaded first.
    pub fn with_data_file(settings: Settings, path: &Path) -> Result<AppState, String> {
        let mut store = crate::seed::seeded_store(&settings);
        let persistence = Persistence::open(path)
            .map_err(|error| format!("cannot open data file {}: {error}", path.display()))?;
        let loaded = persistence
            .load()
            .map_err(|error| format!("cannot read data file {}: {error}", path.display()))?;
        for key in &loaded.keys {
            store.ids.observe(&key.id);
        }
        for entry in &loaded.audit {
            store
                .ids
                .observe(entry.request_id.strip_prefix("req_").unwrap_or_default());
        }
        store.api_keys = loaded.keys;
        store.audit_log = loaded.audit;
        store.persistence = Some(persistence);
        Ok(AppState::from_parts(settings, store))
    }

    /// The fixed settings.
    pub fn settings(&self) -> &Settings {
        &self.shared.settings
    }

    /// Locks the store. A panic while the lock was held leaves plain data behind, so a poisoned
    /// lock is recovered rather than propagated.
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.shared
            .store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A tenant. Only the primary deployment is served as a frontend API host.
#[derive(Debug, Clone)]
pub struct Deployment {
    /// Decimal id, e.g. `"42"`.
    pub id: String,
    /// Staging or production.
    pub mode: Mode,
    /// Frontend API origin (with scheme).
    pub backend_host: String,
    /// Accounts-pages origin (with scheme).
    pub frontend_host: String,
    /// Bearer key that authenticates `POST /session/tickets` as this deployment.
    pub backend_api_key: String,
}

/// One rate-limit rule as shown to the frontend (§5.1).
#[derive(Debug, Clone, Serialize)]
pub struct RateLimitRule {
    /// `second`, `minute`, `day`, …
    pub unit: String,
    /// Number of units in the window.
    pub duration: i32,
    /// Requests allowed per window.
    pub max_requests: i32,
    /// `per_app`, `per_key`, …; omitted when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Resources the rule applies to (`*` or exact paths); absent = all. Not sent to clients.
    #[serde(skip)]
    pub endpoints: Option<Vec<String>>,
    /// Lower runs first at the gateway. Not sent to clients.
    #[serde(skip)]
    pub priority: i32,
}

/// A named set of rate-limit rules of one deployment.
#[derive(Debug, Clone)]
pub struct RateLimitScheme {
    /// Owning deployment.
    pub deployment_id: String,
    /// Scheme slug referenced by apps.
    pub slug: String,
    /// Rules in priority order.
    pub rules: Vec<RateLimitRule>,
}

/// An API-auth app (`aa_<deployment id>`).
#[derive(Debug, Clone)]
pub struct ApiAuthApp {
    /// Owning deployment.
    pub deployment_id: String,
    /// Slug, e.g. `aa_42`.
    pub app_slug: String,
    /// Display name.
    pub name: String,
    /// Prefix of generated keys (without the joining `_`).
    pub key_prefix: String,
    /// Optional description.
    pub description: Option<String>,
    /// Whether the app accepts keys.
    pub is_active: bool,
    /// Rate-limit scheme attached to the app, if any.
    pub rate_limit_scheme_slug: Option<String>,
    /// Soft-deleted apps are invisible to exchange and session lookups.
    pub deleted: bool,
}

/// A user that can be impersonated.
#[derive(Debug, Clone)]
pub struct User {
    /// Owning deployment.
    pub deployment_id: String,
    /// Decimal id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Disabled users cannot be impersonated.
    pub disabled: bool,
}

/// An AI actor (subject of an agent session).
#[derive(Debug, Clone)]
pub struct Actor {
    /// Owning deployment.
    pub deployment_id: String,
    /// Decimal id.
    pub id: String,
    /// Optional display name.
    pub display_name: Option<String>,
    /// e.g. `debug`, `user`.
    pub subject_type: String,
    /// External identifier of the subject.
    pub external_key: String,
}

/// An AI agent.
#[derive(Debug, Clone)]
pub struct Agent {
    /// Owning deployment.
    pub deployment_id: String,
    /// Decimal id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Description.
    pub description: String,
}

/// A webhook app.
#[derive(Debug, Clone)]
pub struct WebhookApp {
    /// Owning deployment.
    pub deployment_id: String,
    /// Slug, e.g. `payment-webhooks`.
    pub app_slug: String,
    /// Display name.
    pub name: String,
    /// Signing secret shown to the webhook app session.
    pub signing_secret: String,
    /// Whether the app is active.
    pub is_active: bool,
}

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
    /// dropped ([`crate::prune`]).
    pub last_seen_ms: i64,
    /// Sign-ins of this session.
    pub signins: Vec<SignIn>,
    /// Id of the active sign-in, if any.
    pub active_signin_id: Option<String>,
}

/// Ticket types of §4.
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

/// A minted, not yet exchanged ticket (the Redis payload of §4, plus a ms expiry).
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

/// All mutable data of the server.
#[derive(Debug, Default)]
pub struct Store {
    /// Id generator for rows.
    pub ids: SnowflakeIds,
    /// Tenants (primary first).
    pub deployments: Vec<Deployment>,
    /// API-auth apps of all deployments.
    pub api_auth_apps: Vec<ApiAuthApp>,
    /// Rate-limit schemes of all deployments.
    pub rate_limit_schemes: Vec<RateLimitScheme>,
    /// Users of all deployments.
    pub users: Vec<User>,
    /// Actors of all deployments.
    pub actors: Vec<Actor>,
    /// Agents of all deployments.
    pub agents: Vec<Agent>,
    /// Webhook apps of all deployments.
    pub webhook_apps: Vec<WebhookApp>,
    /// Browser sessions by token.
    pub browser_sessions: HashMap<String, BrowserSession>,
    /// Unexchanged tickets by ticket id.
    pub tickets: HashMap<String, StoredTicket>,
    /// API-auth app sessions in creation order.
    pub api_auth_app_sessions: Vec<AppSession>,
    /// Webhook app sessions in creation order.
    pub webhook_app_sessions: Vec<AppSession>,
    /// Agent sessions in creation order.
    pub agent_sessions: Vec<AgentSession>,
    /// Request records for `/__dev/requests`.
    pub request_log: RequestLog,
    /// Artificial delay before frontend API requests (test support; 0 = none).
    pub latency_ms: u64,
    /// Injected faults (test support; none by default).
    pub faults: FaultQueue,
    /// Open connections of a server started by [`crate::serve`] (resettable, closable).
    pub connections: Connections,
    /// API keys of all deployments in creation order (hashes only, never secrets).
    pub api_keys: Vec<ApiKey>,
    /// Gateway audit entries in insertion order.
    pub audit_log: Vec<AuditEntry>,
    /// Gateway rate-limit counters (memory only).
    pub rate_limit_counters: Counters,
    /// The `--data` file, when keys and audit entries are also written to disk.
    pub persistence: Option<Persistence>,
    /// The demo app's tenants (not Wacht deployments; each names the deployment it owns).
    pub tenants: Vec<Tenant>,
    /// The demo app's sign-in identities.
    pub identities: Vec<Identity>,
}

impl Store {
    /// Stores new or changed keys: written to the data file first (one transaction), then
    /// applied in memory (a row with the same id is replaced, others are appended). On a write
    /// error nothing changes.
    pub fn save_keys(&mut self, keys: Vec<ApiKey>) -> rusqlite::Result<()> {
        if let Some(persistence) = self.persistence.as_mut() {
            persistence.save_keys(&keys.iter().collect::<Vec<_>>())?;
        }
        for key in keys {
            match self.api_keys.iter_mut().find(|stored| stored.id == key.id) {
                Some(stored) => *stored = key,
                None => self.api_keys.push(key),
            }
        }
        Ok(())
    }

    /// Appends an audit entry (written to the data file first). The gateway uses it; tests use
    /// it to place entries at explicit timestamps.
    pub fn insert_audit(&mut self, entry: AuditEntry) -> rusqlite::Result<()> {
        if let Some(persistence) = self.persistence.as_ref() {
            persistence.insert_audit(&entry)?;
        }
        self.audit_log.push(entry);
        Ok(())
    }

    /// The deployment with this id.
    pub fn deployment(&self, id: &str) -> Option<&Deployment> {
        self.deployments.iter().find(|d| d.id == id)
    }

    /// The deployment that owns this backend API key. Every deployment's key is compared, each
    /// in constant time (`subtle`), so the time taken does not reveal how much of a guess
    /// matched (only whether its length is a key's).
    pub fn deployment_by_backend_key(&self, key: &str) -> Option<&Deployment> {
        let mut found = None;
        for deployment in &self.deployments {
            if bool::from(deployment.backend_api_key.as_bytes().ct_eq(key.as_bytes())) {
                found = found.or(Some(deployment));
            }
        }
        found
    }

    /// A non-deleted API-auth app of a deployment.
    pub fn api_auth_app(&self, deployment_id: &str, slug: &str) -> Option<&ApiAuthApp> {
        self.api_auth_apps
            .iter()
            .find(|a| a.deployment_id == deployment_id && a.app_slug == slug && !a.deleted)
    }

    /// Rules of a deployment's rate-limit scheme, `[]` when the scheme is absent.
    pub fn rate_limit_rules(
        &self,
        deployment_id: &str,
        scheme: Option<&str>,
    ) -> Vec<RateLimitRule> {
        scheme
            .and_then(|slug| {
                self.rate_limit_schemes
                    .iter()
                    .find(|s| s.deployment_id == deployment_id && s.slug == slug)
            })
            .map(|s| s.rules.clone())
            .unwrap_or_default()
    }

    /// The most recent unexpired API-auth app session of (browser session, deployment), any slug.
    pub fn active_api_auth_app_session(
        &self,
        session_id: &str,
        deployment_id: &str,
        now_ms: i64,
    ) -> Option<&AppSession> {
        self.api_auth_app_sessions.iter().rev().find(|s| {
            s.session_id == session_id && s.deployment_id == deployment_id && s.is_active_at(now_ms)
        })
    }
}
