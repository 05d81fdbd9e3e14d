//! The Wacht rows a deployment is made of: the deployment itself, its API-auth apps and their
//! rate-limit schemes, users, actors, agents and webhook apps (seeded in [`super::seed`]).

use crate::config::Mode;
use crate::rate_limit::RateLimitRule;
use crate::timestamps::format_ms;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

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

/// A named set of rate-limit rules of one deployment.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RateLimitScheme {
    /// Decimal snowflake id.
    pub id: String,
    /// Owning deployment.
    pub deployment_id: String,
    /// Scheme slug referenced by apps and keys.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Optional description.
    pub description: Option<String>,
    /// Rules in priority order.
    #[serde(
        serialize_with = "serialize_rules",
        deserialize_with = "deserialize_rules"
    )]
    pub rules: Vec<RateLimitRule>,
    /// Creation time (ms).
    pub created_at_ms: i64,
    /// Last change (ms).
    pub updated_at_ms: i64,
    /// Deleted schemes are kept (so a `--data` file remembers the deletion of a seeded one) but
    /// never found.
    pub deleted: bool,
}

impl RateLimitScheme {
    /// The backend API's RateLimitScheme object.
    pub fn to_backend_json(&self) -> Value {
        json!({
            "id": self.id,
            "deployment_id": self.deployment_id,
            "slug": self.slug,
            "name": self.name,
            "description": self.description,
            "rules": rules_json(&self.rules),
            "created_at": format_ms(self.created_at_ms),
            "updated_at": format_ms(self.updated_at_ms),
        })
    }
}

/// A rule with every field, as the backend API reads and writes it (and the data file keeps it).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleRow {
    /// `second`, `minute`, …
    pub unit: String,
    /// Number of units in the window.
    pub duration: i32,
    /// Requests allowed per window.
    pub max_requests: i32,
    /// `per_app`, `per_key`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Resources the rule applies to; absent = all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoints: Option<Vec<String>>,
    /// Lower runs first.
    #[serde(default)]
    pub priority: i32,
}

impl From<&RateLimitRule> for RuleRow {
    fn from(rule: &RateLimitRule) -> RuleRow {
        RuleRow {
            unit: rule.unit.clone(),
            duration: rule.duration,
            max_requests: rule.max_requests,
            mode: rule.mode.clone(),
            endpoints: rule.endpoints.clone(),
            priority: rule.priority,
        }
    }
}

impl From<RuleRow> for RateLimitRule {
    fn from(row: RuleRow) -> RateLimitRule {
        RateLimitRule {
            unit: row.unit,
            duration: row.duration,
            max_requests: row.max_requests,
            mode: row.mode,
            endpoints: row.endpoints,
            priority: row.priority,
        }
    }
}

/// Rules with every field (the backend API's `rate_limits` / `rules`).
pub fn rules_json(rules: &[RateLimitRule]) -> Value {
    json!(rules.iter().map(RuleRow::from).collect::<Vec<_>>())
}

/// Serialises rules through [`RuleRow`] (every field kept).
fn serialize_rules<S: serde::Serializer>(rules: &[RateLimitRule], s: S) -> Result<S::Ok, S::Error> {
    rules
        .iter()
        .map(RuleRow::from)
        .collect::<Vec<_>>()
        .serialize(s)
}

/// Reads rules written by [`serialize_rules`].
fn deserialize_rules<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<RateLimitRule>, D::Error> {
    Ok(Vec::<RuleRow>::deserialize(d)?
        .into_iter()
        .map(RateLimitRule::from)
        .collect())
}

/// An API-auth app (`aa_<deployment id>`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
    /// Owning user (backend-created apps only).
    pub user_id: Option<String>,
    /// Owning organization (needs `user_id`).
    pub organization_id: Option<String>,
    /// Owning workspace (needs `user_id`).
    pub workspace_id: Option<String>,
    /// Permissions the app grants.
    pub permissions: Vec<String>,
    /// Resources the app covers.
    pub resources: Vec<String>,
    /// Creation time (ms).
    pub created_at_ms: i64,
    /// Last change (ms).
    pub updated_at_ms: i64,
    /// Soft-deleted apps are invisible to exchange, session, gateway and backend lookups; their
    /// slug stays taken.
    pub deleted: bool,
}

/// Which answer an [`ApiAuthApp`] is written into (wire contract §5.2); the two differ in three fields.
#[derive(Debug, Clone, Copy)]
pub enum ApiAuthAppAnswer<'a> {
    /// `GET /api-auth/session`: with `key_prefix` and the scheme's rules, no `id`.
    Session {
        /// Rules of the app's rate-limit scheme (`[]` when it has none).
        rate_limits: &'a [RateLimitRule],
    },
    /// The `api_auth_access` ticket exchange: `id` = the slug, no `key_prefix`, and
    /// `rate_limits: null` (not loaded by production's exchange either, wire contract §8.11).
    Exchange,
}

impl ApiAuthApp {
    /// The backend API's ApiAuthApp object; `rate_limits` are the rules of its scheme.
    pub fn to_backend_json(&self, rate_limits: &[RateLimitRule]) -> Value {
        json!({
            "deployment_id": self.deployment_id,
            "user_id": self.user_id,
            "organization_id": self.organization_id,
            "workspace_id": self.workspace_id,
            "app_slug": self.app_slug,
            "name": self.name,
            "description": self.description,
            "is_active": self.is_active,
            "key_prefix": self.key_prefix,
            "permissions": self.permissions,
            "resources": self.resources,
            "rate_limits": rules_json(rate_limits),
            "rate_limit_scheme_slug": self.rate_limit_scheme_slug,
            "created_at": format_ms(self.created_at_ms),
            "updated_at": format_ms(self.updated_at_ms),
            "deleted_at": null,
        })
    }

    /// The ApiAuthAppInfo wire object for `answer`; `description` only when set.
    pub fn to_json(&self, answer: ApiAuthAppAnswer<'_>) -> Value {
        let mut app = json!({
            "app_slug": self.app_slug,
            "name": self.name,
            "is_active": self.is_active,
        });
        match answer {
            ApiAuthAppAnswer::Session { rate_limits } => {
                app["key_prefix"] = json!(self.key_prefix);
                app["rate_limits"] = json!(rate_limits);
            }
            ApiAuthAppAnswer::Exchange => {
                app["id"] = json!(self.app_slug);
                app["rate_limits"] = Value::Null;
            }
        }
        if let Some(description) = &self.description {
            app["description"] = json!(description);
        }
        app
    }
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
