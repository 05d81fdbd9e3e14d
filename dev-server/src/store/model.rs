//! The Wacht rows a deployment is made of: the deployment itself, its API-auth apps and their
//! rate-limit schemes, users, actors, agents and webhook apps (seeded in [`super::seed`]).

use crate::config::Mode;
use crate::rate_limit::RateLimitRule;
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

/// Which answer an [`ApiAuthApp`] is written into (contract §5.2); the two differ in three fields.
#[derive(Debug, Clone, Copy)]
pub enum ApiAuthAppAnswer<'a> {
    /// `GET /api-auth/session`: with `key_prefix` and the scheme's rules, no `id`.
    Session {
        /// Rules of the app's rate-limit scheme (`[]` when it has none).
        rate_limits: &'a [RateLimitRule],
    },
    /// The `api_auth_access` ticket exchange: `id` = the slug, no `key_prefix`, and
    /// `rate_limits: null` (not loaded by production's exchange either, contract §8.11).
    Exchange,
}

impl ApiAuthApp {
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
