//! The demo app's own tenants and sign-in identities (seeded in [`super::seed`]).
//!
//! They belong to the app that embeds Wacht, not to Wacht: a tenant is linked to the Wacht
//! deployment it owns by id only, and that deployment need not exist on this server (a ticket is
//! never minted for a suspended or deleted tenant). The embed-ticket policy
//! ([`crate::demo_app::embed_policy`]) reads these tables.

use serde::Serialize;

/// Lifecycle state of a tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TenantStatus {
    /// In good standing.
    Active,
    /// Suspended (e.g. unpaid): no new tickets.
    Suspended,
    /// Soft-deleted: still in the table, no new tickets.
    Deleted,
}

impl TenantStatus {
    /// The wire value: `active`, `suspended` or `deleted`.
    pub fn as_str(self) -> &'static str {
        match self {
            TenantStatus::Active => "active",
            TenantStatus::Suspended => "suspended",
            TenantStatus::Deleted => "deleted",
        }
    }
}

/// A customer of the demo app.
#[derive(Debug, Clone)]
pub struct Tenant {
    /// Slug, e.g. `acme`.
    pub id: String,
    /// Display name, e.g. `Acme Inc.`.
    pub name: String,
    /// Lifecycle state.
    pub status: TenantStatus,
    /// Id of the Wacht deployment this tenant owns, e.g. `"42"`.
    pub deployment_id: String,
}

/// A person who can sign in to the demo app (fake sign-in by id).
#[derive(Debug, Clone)]
pub struct Identity {
    /// Sign-in id, e.g. `owner`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Tenant the identity belongs to.
    pub tenant_id: String,
    /// Role inside the tenant (`owner`, `admin`, `viewer`).
    pub role: String,
    /// Whether the role may manage API keys (RBAC of the embed-ticket policy).
    pub can_manage_keys: bool,
}

/// An identity joined with its tenant, as `/api/demo/*` answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentityView {
    /// Sign-in id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Tenant slug.
    pub tenant_id: String,
    /// Tenant display name.
    pub tenant_name: String,
    /// `active`, `suspended` or `deleted`.
    pub tenant_status: TenantStatus,
    /// Role inside the tenant.
    pub role: String,
    /// Whether the role may manage API keys.
    pub can_manage_keys: bool,
    /// The tenant's Wacht deployment.
    pub deployment_id: String,
}
