//! The store: every row and table of the server's mutable data, one [`Store`] behind the one
//! lock of [`crate::state::AppState`], and the methods that look rows up or write them.
//!
//! Plain tables (`Vec`s and `HashMap`s) with public fields, so a feature adds a table here
//! without touching the others. The row types live in the files of this folder; nothing here
//! speaks HTTP.

pub mod api_key;
pub mod audit;
pub mod csp_reports;
pub mod faults;
pub mod ip_limiter;
pub mod model;
pub mod persistence;
pub mod prune;
pub mod request_log;
pub mod seed;
pub mod sessions;
pub mod tenants;
pub mod tickets;

use crate::ids::SnowflakeIds;
use crate::rate_limit::{Counters, RateLimitRule};
use api_key::ApiKey;
use audit::AuditEntry;
use faults::FaultQueue;
use model::{Actor, Agent, ApiAuthApp, Deployment, RateLimitScheme, User, WebhookApp};
use persistence::Persistence;
use request_log::RequestLog;
use sessions::{AgentSession, AppSession, BrowserSession};
use std::collections::HashMap;
use subtle::ConstantTimeEq;
use tenants::{Identity, IdentityView, Tenant};
use tickets::StoredTicket;

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
    /// CSP violation reports for `/__dev/csp-reports`.
    pub csp_reports: csp_reports::CspReports,
    /// Artificial delay before frontend API requests (test support; 0 = none).
    pub latency_ms: u64,
    /// Injected faults (test support; none by default).
    pub faults: FaultQueue,
    /// Wacht's per-IP limiter on the frontend API (test support; off by default).
    pub ip_limiter: ip_limiter::IpLimiter,
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

    /// A non-deleted rate-limit scheme of a deployment.
    pub fn rate_limit_scheme(&self, deployment_id: &str, slug: &str) -> Option<&RateLimitScheme> {
        self.rate_limit_schemes
            .iter()
            .find(|s| s.deployment_id == deployment_id && s.slug == slug && !s.deleted)
    }

    /// Rules of a deployment's rate-limit scheme, `[]` when the scheme is absent.
    pub fn rate_limit_rules(
        &self,
        deployment_id: &str,
        scheme: Option<&str>,
    ) -> Vec<RateLimitRule> {
        scheme
            .and_then(|slug| self.rate_limit_scheme(deployment_id, slug))
            .map(|s| s.rules.clone())
            .unwrap_or_default()
    }

    /// Stores a new or changed app (by deployment and slug, deleted ones included): written to
    /// the data file first; on a write error nothing changes.
    pub fn save_app(&mut self, app: ApiAuthApp) -> rusqlite::Result<()> {
        if let Some(persistence) = self.persistence.as_ref() {
            persistence.save_app(&app)?;
        }
        let same = |stored: &&mut ApiAuthApp| {
            stored.deployment_id == app.deployment_id && stored.app_slug == app.app_slug
        };
        match self.api_auth_apps.iter_mut().find(same) {
            Some(stored) => *stored = app,
            None => self.api_auth_apps.push(app),
        }
        Ok(())
    }

    /// Stores a new or changed scheme (by deployment and slug, deleted ones included), like
    /// [`Store::save_app`].
    pub fn save_scheme(&mut self, scheme: RateLimitScheme) -> rusqlite::Result<()> {
        if let Some(persistence) = self.persistence.as_ref() {
            persistence.save_scheme(&scheme)?;
        }
        let same = |stored: &&mut RateLimitScheme| {
            stored.deployment_id == scheme.deployment_id && stored.slug == scheme.slug
        };
        match self.rate_limit_schemes.iter_mut().find(same) {
            Some(stored) => *stored = scheme,
            None => self.rate_limit_schemes.push(scheme),
        }
        Ok(())
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

    /// The tenant with this id.
    pub fn tenant(&self, id: &str) -> Option<&Tenant> {
        self.tenants.iter().find(|tenant| tenant.id == id)
    }

    /// The identity with this id.
    pub fn identity(&self, id: &str) -> Option<&Identity> {
        self.identities.iter().find(|identity| identity.id == id)
    }

    /// The identity joined with its tenant; `None` when either is missing.
    pub fn identity_view(&self, id: &str) -> Option<IdentityView> {
        let identity = self.identity(id)?;
        let tenant = self.tenant(&identity.tenant_id)?;
        Some(IdentityView {
            id: identity.id.clone(),
            name: identity.name.clone(),
            tenant_id: tenant.id.clone(),
            tenant_name: tenant.name.clone(),
            tenant_status: tenant.status,
            role: identity.role.clone(),
            can_manage_keys: identity.can_manage_keys,
            deployment_id: tenant.deployment_id.clone(),
        })
    }

    /// Every identity (with a tenant) in seed order.
    pub fn identity_views(&self) -> Vec<IdentityView> {
        self.identities
            .iter()
            .filter_map(|identity| self.identity_view(&identity.id))
            .collect()
    }
}
