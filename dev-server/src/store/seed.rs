//! Seed data: the primary deployment 42 (served) and "another tenant" 77 (not served).
//! No API keys or audit entries are seeded; with `--data` they come from the file.
//!
//! Also the demo app's own tenants and identities ([`super::tenants`]): `acme` (active, owns
//! 42), `globex` (active, 77), `initech` (suspended, 91) and `hooli` (soft-deleted, 93).
//! Deployments 91 and 93 have no Wacht data: no ticket is ever minted for them.

use super::model::{Actor, Agent, ApiAuthApp, Deployment, RateLimitScheme, User, WebhookApp};
use super::tenants::{Identity, Tenant, TenantStatus};
use super::Store;
use crate::config::Mode;
use crate::rate_limit::RateLimitRule;

/// Id of the deployment every frontend request resolves to.
pub const PRIMARY_DEPLOYMENT_ID: &str = "42";
/// Id of the second deployment; it exists only so tests can mint a ticket for another tenant.
pub const OTHER_DEPLOYMENT_ID: &str = "77";
/// Backend API key of deployment 77.
pub const OTHER_BACKEND_API_KEY: &str = "wk_test_other_tenant_key";
/// User of deployment 42 that can be impersonated.
pub const USER_ID: &str = "123";
/// Disabled user of deployment 42 (impersonation → 403).
pub const DISABLED_USER_ID: &str = "124";
/// Actor of deployment 42 for static agent_access tickets.
pub const ACTOR_ID: &str = "777";
/// Webhook app of deployment 42.
pub const WEBHOOK_APP_SLUG: &str = "payment-webhooks";
/// Signing secret of [`WEBHOOK_APP_SLUG`] (a fixed development value, not a real secret).
pub const WEBHOOK_SIGNING_SECRET: &str = "whsec_dev_2f6c1b8e4a9d4e0f8c3b7a1d5e9f0c2a";
/// Main API-auth app of deployment 42.
pub const PRIMARY_APP_SLUG: &str = "aa_42";
/// Second API-auth app of deployment 42 (key prefix `partner`, no scheme → gateway default).
pub const PARTNER_APP_SLUG: &str = "partner_api";
/// Creation time of the seeded apps and scheme (2026-01-01T00:00:00Z).
pub const SEED_TIME_MS: i64 = 1_767_225_600_000;
/// Rate-limit scheme attached to `aa_42`.
pub const STANDARD_SCHEME: &str = "standard";

/// A store holding the seed rows for a server in `mode` at `origin` (the primary deployment's
/// hosts), whose primary deployment has `backend_api_key`.
pub fn seeded_store(mode: Mode, origin: &str, backend_api_key: &str) -> Store {
    let primary = PRIMARY_DEPLOYMENT_ID.to_string();
    let other = OTHER_DEPLOYMENT_ID.to_string();
    let deployments = vec![
        Deployment {
            id: primary.clone(),
            mode,
            backend_host: origin.to_string(),
            frontend_host: origin.to_string(),
            backend_api_key: backend_api_key.to_string(),
        },
        // Another tenant. It is never served as a frontend API host: every Host header resolves
        // to deployment 42 (see frontend/browser_session.rs). Its tickets are therefore rejected with
        // 401 "Ticket not valid for this deployment".
        Deployment {
            id: other.clone(),
            mode: Mode::Staging,
            backend_host: "http://tenant-77.invalid".to_string(),
            frontend_host: "http://tenant-77.invalid".to_string(),
            backend_api_key: OTHER_BACKEND_API_KEY.to_string(),
        },
    ];

    let key_prefix = match mode {
        Mode::Production => "acme_live",
        Mode::Staging => "acme_test",
    };
    let api_auth_apps = vec![
        ApiAuthApp {
            deployment_id: primary.clone(),
            app_slug: PRIMARY_APP_SLUG.to_string(),
            name: "Acme Public API".to_string(),
            key_prefix: key_prefix.to_string(),
            description: Some("API keys for deployment 42".to_string()),
            is_active: true,
            rate_limit_scheme_slug: Some(STANDARD_SCHEME.to_string()),
            created_at_ms: SEED_TIME_MS,
            updated_at_ms: SEED_TIME_MS,
            ..ApiAuthApp::default()
        },
        // A second app of the served deployment: its sessions must never see aa_42's keys.
        ApiAuthApp {
            deployment_id: primary.clone(),
            app_slug: PARTNER_APP_SLUG.to_string(),
            name: "Partner API".to_string(),
            key_prefix: "partner".to_string(),
            description: None,
            is_active: true,
            rate_limit_scheme_slug: None,
            created_at_ms: SEED_TIME_MS,
            updated_at_ms: SEED_TIME_MS,
            ..ApiAuthApp::default()
        },
        ApiAuthApp {
            deployment_id: other.clone(),
            app_slug: "aa_77".to_string(),
            name: "Globex API".to_string(),
            key_prefix: "globex_live".to_string(),
            description: None,
            is_active: true,
            rate_limit_scheme_slug: None,
            created_at_ms: SEED_TIME_MS,
            updated_at_ms: SEED_TIME_MS,
            ..ApiAuthApp::default()
        },
    ];

    let rate_limit_schemes = vec![RateLimitScheme {
        id: "1".to_string(),
        deployment_id: primary.clone(),
        slug: STANDARD_SCHEME.to_string(),
        name: "Standard".to_string(),
        rules: vec![
            rule("second", 10, 10, "per_key", 0),
            rule("day", 1, 10_000, "per_app", 1),
        ],
        created_at_ms: SEED_TIME_MS,
        updated_at_ms: SEED_TIME_MS,
        ..RateLimitScheme::default()
    }];

    let users = vec![
        User {
            deployment_id: primary.clone(),
            id: USER_ID.to_string(),
            name: "Dev User".to_string(),
            disabled: false,
        },
        User {
            deployment_id: primary.clone(),
            id: DISABLED_USER_ID.to_string(),
            name: "Disabled User".to_string(),
            disabled: true,
        },
    ];

    let actors = vec![Actor {
        deployment_id: primary.clone(),
        id: ACTOR_ID.to_string(),
        display_name: Some("Debug Actor 777".to_string()),
        subject_type: "debug".to_string(),
        external_key: ACTOR_ID.to_string(),
    }];

    let agents = vec![
        Agent {
            deployment_id: primary.clone(),
            id: "1".to_string(),
            name: "Support Agent".to_string(),
            description: "Answers support questions".to_string(),
        },
        Agent {
            deployment_id: primary.clone(),
            id: "2".to_string(),
            name: "Billing Agent".to_string(),
            description: "Handles billing questions".to_string(),
        },
    ];

    let webhook_apps = vec![WebhookApp {
        deployment_id: primary,
        app_slug: WEBHOOK_APP_SLUG.to_string(),
        name: "Payment Webhooks".to_string(),
        signing_secret: WEBHOOK_SIGNING_SECRET.to_string(),
        is_active: true,
    }];

    Store {
        tenants: demo_tenants(),
        identities: demo_identities(),
        deployments,
        api_auth_apps,
        rate_limit_schemes,
        users,
        actors,
        agents,
        webhook_apps,
        ..Store::default()
    }
}

fn rule(unit: &str, duration: i32, max_requests: i32, mode: &str, priority: i32) -> RateLimitRule {
    RateLimitRule {
        unit: unit.to_string(),
        duration,
        max_requests,
        mode: Some(mode.to_string()),
        endpoints: None,
        priority,
    }
}

/// The demo app's tenants: `(id, name, status, owned deployment)`.
const TENANTS: [(&str, &str, TenantStatus, &str); 4] = [
    (
        "acme",
        "Acme Inc.",
        TenantStatus::Active,
        PRIMARY_DEPLOYMENT_ID,
    ),
    (
        "globex",
        "Globex Corp.",
        TenantStatus::Active,
        OTHER_DEPLOYMENT_ID,
    ),
    ("initech", "Initech", TenantStatus::Suspended, "91"),
    ("hooli", "Hooli", TenantStatus::Deleted, "93"),
];

/// The demo app's identities: `(id, name, tenant, role, can manage API keys)`.
const IDENTITIES: [(&str, &str, &str, &str, bool); 6] = [
    ("owner", "Olivia Owner", "acme", "owner", true),
    ("admin", "Adam Admin", "acme", "admin", true),
    ("viewer", "Vera Viewer", "acme", "viewer", false),
    ("globex", "Gina Globex", "globex", "owner", true),
    ("initech", "Ian Initech", "initech", "owner", true),
    ("hooli", "Hal Hooli", "hooli", "owner", true),
];

fn demo_tenants() -> Vec<Tenant> {
    TENANTS
        .iter()
        .map(|&(id, name, status, deployment_id)| Tenant {
            id: id.to_string(),
            name: name.to_string(),
            status,
            deployment_id: deployment_id.to_string(),
        })
        .collect()
}

fn demo_identities() -> Vec<Identity> {
    IDENTITIES
        .iter()
        .map(|&(id, name, tenant_id, role, can_manage_keys)| Identity {
            id: id.to_string(),
            name: name.to_string(),
            tenant_id: tenant_id.to_string(),
            role: role.to_string(),
            can_manage_keys,
        })
        .collect()
}
