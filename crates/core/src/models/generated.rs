// Generated from the shape tables in crates/core/src/ by `WACHT_UPDATE_TYPES=1 cargo test -p wacht-api-auth-core`; do not edit.
//! The typed models, generated from the shape tables (see the `models` module).

use super::de;
#[allow(unused_imports)]
use crate::error::ClientError;
#[allow(unused_imports)]
use crate::session::state::SessionStatus;
use serde::{Deserialize, Serialize};

/// One rate-limit rule of the app's scheme.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct RateLimit {
    /// Window unit.
    ///
    /// Known values: `millisecond`, `second`, `minute`, `hour`, `day`, `calendar_day`, `month`, `calendar_month`.
    pub unit: String,
    /// How many units the window lasts.
    pub duration: f64,
    /// Requests allowed per window.
    pub max_requests: f64,
    /// What the rule counts per (absent: server default).
    ///
    /// Known values: `per_app`, `per_key`, `per_key_and_ip`, `per_app_and_ip`.
    #[serde(default)]
    pub mode: Option<String>,
}

impl<'de> Deserialize<'de> for RateLimit {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<RateLimit, D::Error> {
        RateLimit::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for RateLimit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RateLimit::serialize(self, serializer)
    }
}

/// The API-auth app a session gives access to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "ApiAuthAppInfoWire")]
pub struct ApiAuthAppInfo {
    /// The app's slug, e.g. `aa_42`.
    pub app_slug: String,
    /// App id; the newest servers omit it, so it falls back to `app_slug`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Prefix of every key secret. Empty in ticket-exchange responses; read the session for the full record.
    #[serde(default, deserialize_with = "de::or_default")]
    pub key_prefix: String,
    /// Optional description.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether the app accepts keys.
    #[serde(default, deserialize_with = "de::or_default")]
    pub is_active: bool,
    /// Rules of the app's rate-limit scheme (`[]` when none or not sent).
    #[serde(default, deserialize_with = "de::or_default")]
    pub rate_limits: Vec<RateLimit>,
}

/// `GET /api-auth/session` data: the app session and its app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ApiAuthAppSessionData {
    /// The API-auth app session id (decimal string).
    #[serde(deserialize_with = "de::id")]
    pub session_id: String,
    /// The app this session manages.
    pub api_auth_app: ApiAuthAppInfo,
}

impl<'de> Deserialize<'de> for ApiAuthAppSessionData {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ApiAuthAppSessionData, D::Error> {
        ApiAuthAppSessionData::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for ApiAuthAppSessionData {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ApiAuthAppSessionData::serialize(self, serializer)
    }
}

/// Snapshot of an API-auth app session store; the fields of `useApiAuthAppSession` plus `status`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ApiAuthAppSessionSnapshot {
    /// `false` once the server said there is no session (true before the first read, like the hook).
    #[serde(rename = "hasSession")]
    pub has_session: bool,
    /// True while exchanging the ticket or reading the session for the first time.
    #[serde(rename = "sessionLoading")]
    pub session_loading: bool,
    /// Exchange error, else a read error other than "no session".
    #[serde(rename = "sessionError", default)]
    pub session_error: Option<ClientError>,
    /// The API-auth app session id.
    #[serde(rename = "sessionId", default)]
    pub session_id: Option<String>,
    /// The app the session manages.
    #[serde(rename = "apiAuthApp", default)]
    pub api_auth_app: Option<ApiAuthAppInfo>,
    /// True once the ticket was exchanged (or when there was none).
    #[serde(rename = "ticketExchanged")]
    pub ticket_exchanged: bool,
    /// True while the ticket is exchanged.
    #[serde(rename = "ticketLoading")]
    pub ticket_loading: bool,
    /// Where the session stands.
    pub status: SessionStatus,
}

impl<'de> Deserialize<'de> for ApiAuthAppSessionSnapshot {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ApiAuthAppSessionSnapshot, D::Error> {
        ApiAuthAppSessionSnapshot::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for ApiAuthAppSessionSnapshot {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ApiAuthAppSessionSnapshot::serialize(self, serializer)
    }
}

/// The webhook app a `webhook_app_access` ticket opened.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct WebhookAppInfo {
    /// The app's slug.
    pub app_slug: String,
    /// Display name.
    pub name: String,
    /// The app's signing secret, as the server returns it.
    #[serde(default)]
    pub signing_secret: Option<String>,
    /// Whether the app is active.
    #[serde(default, deserialize_with = "de::or_default")]
    pub is_active: bool,
}

impl<'de> Deserialize<'de> for WebhookAppInfo {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<WebhookAppInfo, D::Error> {
        WebhookAppInfo::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for WebhookAppInfo {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        WebhookAppInfo::serialize(self, serializer)
    }
}

impl std::fmt::Debug for WebhookAppInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookAppInfo")
            .field("app_slug", &self.app_slug)
            .field("name", &self.name)
            .field("signing_secret", &"[redacted]")
            .field("is_active", &self.is_active)
            .finish()
    }
}

/// The actor an `agent_access` session acts as.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct AgentActor {
    /// Actor id.
    #[serde(deserialize_with = "de::id")]
    pub id: String,
    /// Display name, if any.
    #[serde(default)]
    pub display_name: Option<String>,
    /// e.g. `user`.
    #[serde(default)]
    pub subject_type: Option<String>,
    /// The caller's own key for the actor.
    #[serde(default, deserialize_with = "de::opt_id")]
    pub external_key: Option<String>,
}

impl<'de> Deserialize<'de> for AgentActor {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<AgentActor, D::Error> {
        AgentActor::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for AgentActor {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        AgentActor::serialize(self, serializer)
    }
}

/// One agent an `agent_access` session may use.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct AgentInfo {
    /// Agent id.
    #[serde(deserialize_with = "de::id")]
    pub id: String,
    /// Agent name.
    pub name: String,
    /// Optional description.
    #[serde(default)]
    pub description: Option<String>,
}

impl<'de> Deserialize<'de> for AgentInfo {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<AgentInfo, D::Error> {
        AgentInfo::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for AgentInfo {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        AgentInfo::serialize(self, serializer)
    }
}

/// One API key as listed (never carries the secret).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ApiKey {
    /// Key id (decimal string).
    #[serde(deserialize_with = "de::id")]
    pub id: String,
    /// The name given at creation.
    pub name: String,
    /// Prefix of the secret (the app's key prefix).
    pub key_prefix: String,
    /// Last 8 characters of the secret; show keys as `{key_prefix}…{key_suffix}`.
    pub key_suffix: String,
    /// Permissions granted to the key.
    #[serde(default, deserialize_with = "de::or_default")]
    pub permissions: Vec<String>,
    /// Organisation role permissions (not sent by the frontend API; `[]` then).
    #[serde(default, deserialize_with = "de::or_default")]
    pub org_role_permissions: Vec<String>,
    /// Workspace role permissions (not sent by the frontend API; `[]` then).
    #[serde(default, deserialize_with = "de::or_default")]
    pub workspace_role_permissions: Vec<String>,
    /// Organisation the key belongs to, if any.
    #[serde(default, deserialize_with = "de::opt_id")]
    pub organization_id: Option<String>,
    /// Workspace the key belongs to, if any.
    #[serde(default, deserialize_with = "de::opt_id")]
    pub workspace_id: Option<String>,
    /// Organisation membership the key belongs to, if any.
    #[serde(default, deserialize_with = "de::opt_id")]
    pub organization_membership_id: Option<String>,
    /// Workspace membership the key belongs to, if any.
    #[serde(default, deserialize_with = "de::opt_id")]
    pub workspace_membership_id: Option<String>,
    /// Expiry (RFC 3339), if any.
    #[serde(default)]
    pub expires_at: Option<String>,
    /// Last use (RFC 3339), if known.
    #[serde(default)]
    pub last_used_at: Option<String>,
    /// False once revoked or rotated.
    pub is_active: bool,
    /// Creation time (RFC 3339).
    pub created_at: String,
    /// Revocation time (RFC 3339), if revoked.
    #[serde(default)]
    pub revoked_at: Option<String>,
    /// Why it was revoked (`Rotated` for rotated keys), if given.
    #[serde(default)]
    pub revoked_reason: Option<String>,
}

impl<'de> Deserialize<'de> for ApiKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ApiKey, D::Error> {
        ApiKey::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for ApiKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ApiKey::serialize(self, serializer)
    }
}

/// A key with its one-time secret: what create and rotate resolve to. It is never in a cache or snapshot.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ApiKeyWithSecret {
    /// Key id (decimal string).
    #[serde(deserialize_with = "de::id")]
    pub id: String,
    /// The name given at creation.
    pub name: String,
    /// Prefix of the secret (the app's key prefix).
    pub key_prefix: String,
    /// Last 8 characters of the secret; show keys as `{key_prefix}…{key_suffix}`.
    pub key_suffix: String,
    /// Permissions granted to the key.
    #[serde(default, deserialize_with = "de::or_default")]
    pub permissions: Vec<String>,
    /// Organisation role permissions (not sent by the frontend API; `[]` then).
    #[serde(default, deserialize_with = "de::or_default")]
    pub org_role_permissions: Vec<String>,
    /// Workspace role permissions (not sent by the frontend API; `[]` then).
    #[serde(default, deserialize_with = "de::or_default")]
    pub workspace_role_permissions: Vec<String>,
    /// Organisation the key belongs to, if any.
    #[serde(default, deserialize_with = "de::opt_id")]
    pub organization_id: Option<String>,
    /// Workspace the key belongs to, if any.
    #[serde(default, deserialize_with = "de::opt_id")]
    pub workspace_id: Option<String>,
    /// Organisation membership the key belongs to, if any.
    #[serde(default, deserialize_with = "de::opt_id")]
    pub organization_membership_id: Option<String>,
    /// Workspace membership the key belongs to, if any.
    #[serde(default, deserialize_with = "de::opt_id")]
    pub workspace_membership_id: Option<String>,
    /// Expiry (RFC 3339), if any.
    #[serde(default)]
    pub expires_at: Option<String>,
    /// Last use (RFC 3339), if known.
    #[serde(default)]
    pub last_used_at: Option<String>,
    /// False once revoked or rotated.
    pub is_active: bool,
    /// Creation time (RFC 3339).
    pub created_at: String,
    /// Revocation time (RFC 3339), if revoked.
    #[serde(default)]
    pub revoked_at: Option<String>,
    /// Why it was revoked (`Rotated` for rotated keys), if given.
    #[serde(default)]
    pub revoked_reason: Option<String>,
    /// The full secret, e.g. `acme_live_…`. Shown exactly once.
    pub secret: String,
}

impl<'de> Deserialize<'de> for ApiKeyWithSecret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ApiKeyWithSecret, D::Error> {
        ApiKeyWithSecret::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for ApiKeyWithSecret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ApiKeyWithSecret::serialize(self, serializer)
    }
}

impl std::fmt::Debug for ApiKeyWithSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiKeyWithSecret")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("key_prefix", &self.key_prefix)
            .field("key_suffix", &self.key_suffix)
            .field("permissions", &self.permissions)
            .field("org_role_permissions", &self.org_role_permissions)
            .field("workspace_role_permissions", &self.workspace_role_permissions)
            .field("organization_id", &self.organization_id)
            .field("workspace_id", &self.workspace_id)
            .field("organization_membership_id", &self.organization_membership_id)
            .field("workspace_membership_id", &self.workspace_membership_id)
            .field("expires_at", &self.expires_at)
            .field("last_used_at", &self.last_used_at)
            .field("is_active", &self.is_active)
            .field("created_at", &self.created_at)
            .field("revoked_at", &self.revoked_at)
            .field("revoked_reason", &self.revoked_reason)
            .field("secret", &"[redacted]")
            .finish()
    }
}

/// `data` of a revoke.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct RevokeResult {
    /// True when the key was revoked.
    pub success: bool,
}

impl<'de> Deserialize<'de> for RevokeResult {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<RevokeResult, D::Error> {
        RevokeResult::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for RevokeResult {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RevokeResult::serialize(self, serializer)
    }
}

/// Options of `apiAuthKeys` / `listKeys`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct KeyListOptions {
    /// `active` (the server's default), `revoked`, `expired` or `all`.
    ///
    /// Known values: `active`, `revoked`, `expired`, `all`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

impl<'de> Deserialize<'de> for KeyListOptions {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<KeyListOptions, D::Error> {
        KeyListOptions::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for KeyListOptions {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        KeyListOptions::serialize(self, serializer)
    }
}

/// Input of `createKey`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct CreateKeyInput {
    /// Name shown in lists; required by the server.
    pub name: String,
    /// Optional expiry, RFC 3339 (e.g. `new Date(...).toISOString()`; a `Date` is accepted too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

impl<'de> Deserialize<'de> for CreateKeyInput {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<CreateKeyInput, D::Error> {
        CreateKeyInput::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for CreateKeyInput {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        CreateKeyInput::serialize(self, serializer)
    }
}

/// Input of `rotateKey`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct RotateKeyInput {
    /// The key to rotate.
    pub key_id: String,
}

impl<'de> Deserialize<'de> for RotateKeyInput {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<RotateKeyInput, D::Error> {
        RotateKeyInput::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for RotateKeyInput {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RotateKeyInput::serialize(self, serializer)
    }
}

/// Input of `revokeKey`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct RevokeKeyInput {
    /// The key to revoke.
    pub key_id: String,
    /// Optional reason, kept by the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl<'de> Deserialize<'de> for RevokeKeyInput {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<RevokeKeyInput, D::Error> {
        RevokeKeyInput::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for RevokeKeyInput {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RevokeKeyInput::serialize(self, serializer)
    }
}

/// Snapshot of `apiAuthKeys`, as `useApiAuthKeys` returns it plus `fetching`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ApiAuthKeysSnapshot {
    /// The keys; `[]` until loaded.
    pub keys: Vec<ApiKey>,
    /// First load in progress.
    pub loading: bool,
    /// A request is in flight (also while showing earlier data).
    pub fetching: bool,
    /// The last failure, until a success.
    #[serde(default)]
    pub error: Option<ClientError>,
}

impl<'de> Deserialize<'de> for ApiAuthKeysSnapshot {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ApiAuthKeysSnapshot, D::Error> {
        ApiAuthKeysSnapshot::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for ApiAuthKeysSnapshot {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ApiAuthKeysSnapshot::serialize(self, serializer)
    }
}

/// One gateway check as recorded by the audit log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ApiAuditLog {
    /// `req_<id>` as written by the gateway.
    pub request_id: String,
    /// Deployment id (decimal string).
    #[serde(deserialize_with = "de::id")]
    pub deployment_id: String,
    /// App slug.
    pub app_slug: String,
    /// Key id (decimal string).
    #[serde(deserialize_with = "de::id")]
    pub key_id: String,
    /// Key name at the time of the request.
    pub key_name: String,
    /// `VALID`/`BLOCKED` from the gateway (`allowed`/`blocked` in other vocabularies; see `auditOutcome`).
    pub outcome: String,
    /// `permission_denied` or a rate-limit rule such as `100/60s`, when blocked.
    #[serde(default)]
    pub blocked_by_rule: Option<String>,
    /// Caller IP.
    #[serde(default, deserialize_with = "de::or_default")]
    pub client_ip: String,
    /// `"<METHOD> <path>"`.
    #[serde(default, deserialize_with = "de::or_default")]
    pub path: String,
    /// Caller user agent (`unknown` when not supplied).
    #[serde(default, deserialize_with = "de::or_default")]
    pub user_agent: String,
    /// Raw JSON text of the rate-limit state, e.g. `[{"rule":"100/60s","remaining":99,"limit":100}]`.
    #[serde(default)]
    pub rate_limits: Option<String>,
    /// When the check happened (RFC 3339).
    pub timestamp: String,
}

impl<'de> Deserialize<'de> for ApiAuditLog {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ApiAuditLog, D::Error> {
        ApiAuditLog::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for ApiAuditLog {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ApiAuditLog::serialize(self, serializer)
    }
}

/// A page of audit logs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ApiAuditLogsPage {
    /// The entries, newest first.
    #[serde(default, deserialize_with = "de::or_default")]
    pub data: Vec<ApiAuditLog>,
    /// Page size the server applied.
    #[serde(default, deserialize_with = "de::count_or_zero")]
    pub limit: u64,
    /// True when more entries follow.
    #[serde(default, deserialize_with = "de::or_default")]
    pub has_more: bool,
    /// Cursor of the next page; only meaningful when `has_more`.
    #[serde(default)]
    pub next_cursor: Option<String>,
}

impl<'de> Deserialize<'de> for ApiAuditLogsPage {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ApiAuditLogsPage, D::Error> {
        ApiAuditLogsPage::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for ApiAuditLogsPage {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ApiAuditLogsPage::serialize(self, serializer)
    }
}

/// Requests per key in the analytics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct TopKey {
    /// Key id (string; older servers sent a number).
    #[serde(deserialize_with = "de::id")]
    pub key_id: String,
    /// Key name.
    pub key_name: String,
    /// Requests made with the key.
    #[serde(deserialize_with = "de::count")]
    pub total_requests: u64,
}

impl<'de> Deserialize<'de> for TopKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<TopKey, D::Error> {
        TopKey::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for TopKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TopKey::serialize(self, serializer)
    }
}

/// Requests per path in the analytics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct TopPath {
    /// `"<METHOD> <path>"`.
    pub path: String,
    /// Requests to the path.
    #[serde(deserialize_with = "de::count")]
    pub total_requests: u64,
}

impl<'de> Deserialize<'de> for TopPath {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<TopPath, D::Error> {
        TopPath::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for TopPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TopPath::serialize(self, serializer)
    }
}

/// Why requests were blocked, in the analytics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct BlockedReason {
    /// The rule or `permission_denied`.
    pub blocked_by_rule: String,
    /// How many requests it blocked.
    #[serde(deserialize_with = "de::count")]
    pub count: u64,
    /// Share of blocked requests, 0–100.
    pub percentage: f64,
}

impl<'de> Deserialize<'de> for BlockedReason {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<BlockedReason, D::Error> {
        BlockedReason::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for BlockedReason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        BlockedReason::serialize(self, serializer)
    }
}

/// One rate-limit rule's hits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct RateLimitRuleStat {
    /// The rule.
    pub rule: String,
    /// Hits.
    #[serde(deserialize_with = "de::count")]
    pub hit_count: u64,
    /// Share of rate-limit hits, 0–100.
    pub percentage: f64,
}

impl<'de> Deserialize<'de> for RateLimitRuleStat {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<RateLimitRuleStat, D::Error> {
        RateLimitRuleStat::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for RateLimitRuleStat {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RateLimitRuleStat::serialize(self, serializer)
    }
}

/// Rate-limit statistics of the analytics.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct RateLimitStats {
    /// Requests blocked by rate limits.
    #[serde(default, deserialize_with = "de::count_or_zero")]
    pub total_hits: u64,
    /// Share of blocked requests, 0–100.
    #[serde(default, deserialize_with = "de::or_default")]
    pub percentage_of_blocked: f64,
    /// The busiest rules.
    #[serde(default)]
    pub top_rules: Option<Vec<RateLimitRuleStat>>,
}

impl<'de> Deserialize<'de> for RateLimitStats {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<RateLimitStats, D::Error> {
        RateLimitStats::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for RateLimitStats {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        RateLimitStats::serialize(self, serializer)
    }
}

/// `GET /api-auth/audit/analytics` data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ApiAuditAnalytics {
    /// All checks in the window.
    #[serde(deserialize_with = "de::count")]
    pub total_requests: u64,
    /// Allowed checks.
    #[serde(deserialize_with = "de::count")]
    pub allowed_requests: u64,
    /// Blocked checks.
    #[serde(deserialize_with = "de::count")]
    pub blocked_requests: u64,
    /// allowed / total × 100 (0 when there were none).
    pub success_rate: f64,
    /// Distinct keys used in the last 24 h (ignores key and date filters).
    #[serde(default, deserialize_with = "de::count_or_zero")]
    pub keys_used_24h: u64,
    /// With `include_top_keys`, when non-empty.
    #[serde(default)]
    pub top_keys: Option<Vec<TopKey>>,
    /// With `include_top_paths`, when non-empty.
    #[serde(default)]
    pub top_paths: Option<Vec<TopPath>>,
    /// With `include_blocked_reasons`, when non-empty.
    #[serde(default)]
    pub blocked_reasons: Option<Vec<BlockedReason>>,
    /// With `include_rate_limits`.
    #[serde(default)]
    pub rate_limit_stats: Option<RateLimitStats>,
}

impl<'de> Deserialize<'de> for ApiAuditAnalytics {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ApiAuditAnalytics, D::Error> {
        ApiAuditAnalytics::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for ApiAuditAnalytics {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ApiAuditAnalytics::serialize(self, serializer)
    }
}

/// One timeseries bucket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct TimeseriesPoint {
    /// Bucket start (RFC 3339, UTC).
    pub timestamp: String,
    /// Checks in the bucket.
    #[serde(deserialize_with = "de::count")]
    pub total_requests: u64,
    /// Allowed checks.
    #[serde(deserialize_with = "de::count")]
    pub allowed_requests: u64,
    /// Blocked checks.
    #[serde(deserialize_with = "de::count")]
    pub blocked_requests: u64,
    /// allowed / total × 100.
    pub success_rate: f64,
}

impl<'de> Deserialize<'de> for TimeseriesPoint {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<TimeseriesPoint, D::Error> {
        TimeseriesPoint::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for TimeseriesPoint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        TimeseriesPoint::serialize(self, serializer)
    }
}

/// `GET /api-auth/audit/timeseries` data (`data: null` becomes `[]`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ApiAuditTimeseries {
    /// Non-empty buckets, oldest first.
    #[serde(default, deserialize_with = "de::or_default")]
    pub data: Vec<TimeseriesPoint>,
    /// The interval the server used (echoed verbatim).
    #[serde(default, deserialize_with = "de::or_default")]
    pub interval: String,
}

impl<'de> Deserialize<'de> for ApiAuditTimeseries {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ApiAuditTimeseries, D::Error> {
        ApiAuditTimeseries::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for ApiAuditTimeseries {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ApiAuditTimeseries::serialize(self, serializer)
    }
}

/// Options of the audit logs reads.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct AuditLogsOptions {
    /// Page size (server default 100, max 1000).
    #[serde(default, deserialize_with = "de::opt_count", skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// Start after this cursor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Only allowed or only blocked checks.
    ///
    /// Known values: `allowed`, `blocked`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Only this key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// RFC 3339, `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (UTC). Default: last 7 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// Same formats; only applied with `start_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
}

impl<'de> Deserialize<'de> for AuditLogsOptions {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<AuditLogsOptions, D::Error> {
        AuditLogsOptions::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for AuditLogsOptions {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        AuditLogsOptions::serialize(self, serializer)
    }
}

/// Options of the analytics read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct AuditAnalyticsOptions {
    /// Window start (default: last 30 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// Window end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// Only this key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// Include `top_keys`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_top_keys: Option<bool>,
    /// Include `top_paths`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_top_paths: Option<bool>,
    /// Include `blocked_reasons`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_blocked_reasons: Option<bool>,
    /// Include `rate_limit_stats`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_rate_limits: Option<bool>,
    /// Length of the top lists (server default 10, max 50).
    #[serde(default, deserialize_with = "de::opt_count", skip_serializing_if = "Option::is_none")]
    pub top_limit: Option<u64>,
}

impl<'de> Deserialize<'de> for AuditAnalyticsOptions {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<AuditAnalyticsOptions, D::Error> {
        AuditAnalyticsOptions::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for AuditAnalyticsOptions {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        AuditAnalyticsOptions::serialize(self, serializer)
    }
}

/// Options of the timeseries read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct AuditTimeseriesOptions {
    /// Window start (default: last 30 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// Window end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// Bucket width (default `hour`).
    ///
    /// Known values: `minute`, `hour`, `day`, `week`, `month`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    /// Only this key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
}

impl<'de> Deserialize<'de> for AuditTimeseriesOptions {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<AuditTimeseriesOptions, D::Error> {
        AuditTimeseriesOptions::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for AuditTimeseriesOptions {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        AuditTimeseriesOptions::serialize(self, serializer)
    }
}

/// Snapshot of `apiAuthAuditLogs`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ApiAuthAuditLogsSnapshot {
    /// First page plus every page `loadMore()` added, newest first.
    pub logs: Vec<ApiAuditLog>,
    /// The server's page size, else the requested one, else 0.
    pub limit: f64,
    /// More pages follow.
    pub has_more: bool,
    /// Only set while `has_more`.
    #[serde(default)]
    pub next_cursor: Option<String>,
    /// First load in progress.
    pub loading: bool,
    /// A request is in flight (also while showing earlier data).
    pub fetching: bool,
    /// The last failure, until a success.
    #[serde(default)]
    pub error: Option<ClientError>,
    /// A `loadMore()` is in flight.
    pub loading_more: bool,
}

impl<'de> Deserialize<'de> for ApiAuthAuditLogsSnapshot {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ApiAuthAuditLogsSnapshot, D::Error> {
        ApiAuthAuditLogsSnapshot::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for ApiAuthAuditLogsSnapshot {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ApiAuthAuditLogsSnapshot::serialize(self, serializer)
    }
}

/// Snapshot of `apiAuthAuditAnalytics`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ApiAuthAuditAnalyticsSnapshot {
    /// The analytics, once loaded.
    #[serde(default)]
    pub analytics: Option<ApiAuditAnalytics>,
    /// First load in progress.
    pub loading: bool,
    /// A request is in flight (also while showing earlier data).
    pub fetching: bool,
    /// The last failure, until a success.
    #[serde(default)]
    pub error: Option<ClientError>,
}

impl<'de> Deserialize<'de> for ApiAuthAuditAnalyticsSnapshot {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ApiAuthAuditAnalyticsSnapshot, D::Error> {
        ApiAuthAuditAnalyticsSnapshot::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for ApiAuthAuditAnalyticsSnapshot {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ApiAuthAuditAnalyticsSnapshot::serialize(self, serializer)
    }
}

/// Snapshot of `apiAuthAuditTimeseries`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ApiAuthAuditTimeseriesSnapshot {
    /// Non-empty buckets, oldest first; `[]` until loaded.
    pub timeseries: Vec<TimeseriesPoint>,
    /// The server's interval, else the requested one, else `hour`.
    pub interval: String,
    /// First load in progress.
    pub loading: bool,
    /// A request is in flight (also while showing earlier data).
    pub fetching: bool,
    /// The last failure, until a success.
    #[serde(default)]
    pub error: Option<ClientError>,
}

impl<'de> Deserialize<'de> for ApiAuthAuditTimeseriesSnapshot {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ApiAuthAuditTimeseriesSnapshot, D::Error> {
        ApiAuthAuditTimeseriesSnapshot::deserialize(de::ObjectOnly(deserializer))
    }
}

impl Serialize for ApiAuthAuditTimeseriesSnapshot {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ApiAuthAuditTimeseriesSnapshot::serialize(self, serializer)
    }
}

/// `ApiAuthAppInfo` as sent: a field that falls back to another one may be missing.
#[derive(Deserialize)]
#[serde(remote = "Self")]
struct ApiAuthAppInfoWire {
    /// The app's slug, e.g. `aa_42`.
    app_slug: String,
    /// App id; the newest servers omit it, so it falls back to `app_slug`.
    #[serde(default, deserialize_with = "de::opt_id")]
    id: Option<String>,
    /// Display name.
    name: String,
    /// Prefix of every key secret. Empty in ticket-exchange responses; read the session for the full record.
    #[serde(default, deserialize_with = "de::or_default")]
    key_prefix: String,
    /// Optional description.
    #[serde(default)]
    description: Option<String>,
    /// Whether the app accepts keys.
    #[serde(default, deserialize_with = "de::or_default")]
    is_active: bool,
    /// Rules of the app's rate-limit scheme (`[]` when none or not sent).
    #[serde(default, deserialize_with = "de::or_default")]
    rate_limits: Vec<RateLimit>,
}

impl<'de> Deserialize<'de> for ApiAuthAppInfoWire {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ApiAuthAppInfoWire, D::Error> {
        ApiAuthAppInfoWire::deserialize(de::ObjectOnly(deserializer))
    }
}

impl From<ApiAuthAppInfoWire> for ApiAuthAppInfo {
    fn from(wire: ApiAuthAppInfoWire) -> ApiAuthAppInfo {
        let id = wire.id.filter(|text| !text.is_empty()).unwrap_or_else(|| wire.app_slug.clone());
        ApiAuthAppInfo {
            app_slug: wire.app_slug,
            id,
            name: wire.name,
            key_prefix: wire.key_prefix,
            description: wire.description,
            is_active: wire.is_active,
            rate_limits: wire.rate_limits,
        }
    }
}

/// Runs something on each typed model (the property test).
#[cfg(test)]
pub(crate) trait Visit {
    /// Runs on the model `T`, whose interface is `name`.
    fn model<T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(&mut self, name: &'static str);
}

/// Calls `visit` with every model and its interface name.
#[cfg(test)]
pub(crate) fn each_model(visit: &mut impl Visit) {
    visit.model::<RateLimit>("RateLimit");
    visit.model::<ApiAuthAppInfo>("ApiAuthAppInfo");
    visit.model::<ApiAuthAppSessionData>("ApiAuthAppSessionData");
    visit.model::<ApiAuthAppSessionSnapshot>("ApiAuthAppSessionSnapshot");
    visit.model::<WebhookAppInfo>("WebhookAppInfo");
    visit.model::<AgentActor>("AgentActor");
    visit.model::<AgentInfo>("AgentInfo");
    visit.model::<ApiKey>("ApiKey");
    visit.model::<ApiKeyWithSecret>("ApiKeyWithSecret");
    visit.model::<RevokeResult>("RevokeResult");
    visit.model::<KeyListOptions>("KeyListOptions");
    visit.model::<CreateKeyInput>("CreateKeyInput");
    visit.model::<RotateKeyInput>("RotateKeyInput");
    visit.model::<RevokeKeyInput>("RevokeKeyInput");
    visit.model::<ApiAuthKeysSnapshot>("ApiAuthKeysSnapshot");
    visit.model::<ApiAuditLog>("ApiAuditLog");
    visit.model::<ApiAuditLogsPage>("ApiAuditLogsPage");
    visit.model::<TopKey>("TopKey");
    visit.model::<TopPath>("TopPath");
    visit.model::<BlockedReason>("BlockedReason");
    visit.model::<RateLimitRuleStat>("RateLimitRuleStat");
    visit.model::<RateLimitStats>("RateLimitStats");
    visit.model::<ApiAuditAnalytics>("ApiAuditAnalytics");
    visit.model::<TimeseriesPoint>("TimeseriesPoint");
    visit.model::<ApiAuditTimeseries>("ApiAuditTimeseries");
    visit.model::<AuditLogsOptions>("AuditLogsOptions");
    visit.model::<AuditAnalyticsOptions>("AuditAnalyticsOptions");
    visit.model::<AuditTimeseriesOptions>("AuditTimeseriesOptions");
    visit.model::<ApiAuthAuditLogsSnapshot>("ApiAuthAuditLogsSnapshot");
    visit.model::<ApiAuthAuditAnalyticsSnapshot>("ApiAuthAuditAnalyticsSnapshot");
    visit.model::<ApiAuthAuditTimeseriesSnapshot>("ApiAuthAuditTimeseriesSnapshot");
}
