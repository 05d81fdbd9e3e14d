//! Policy boundary of the demo app's embed-ticket endpoint (the "backend validates user +
//! tenancy + RBAC" step of the API-auth guides). Checked in this order, first failure wins:
//!
//! | check | status | `error` | log reason |
//! |---|---|---|---|
//! | no identity cookie | 401 | `Unauthorized` | `not signed in` |
//! | cookie names no identity | 401 | `Unauthorized` | `unknown identity` |
//! | role cannot manage keys | 403 | `Forbidden` | `cannot manage API keys` |
//! | `deploymentId` missing/empty | 400 | `deploymentId is required` | `deploymentId missing` |
//! | identity's tenant missing | 403 | `Forbidden` | `tenant not found` |
//! | deployment not the tenant's | 403 | `Forbidden` | `deployment not owned by tenant` |
//! | tenant suspended / deleted | 403 | `Forbidden` | `tenant suspended` / `tenant deleted` |

use crate::store::tenants::TenantStatus;
use crate::store::Store;
use axum::http::StatusCode;

/// Why a caller may not get a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied {
    /// 400, 401 or 403.
    pub status: StatusCode,
    /// Text of the `{"error": …}` answer.
    pub error: &'static str,
    /// Finer reason, for the log only (the answer does not tell which check failed).
    pub reason: &'static str,
}

impl Denied {
    fn new(status: StatusCode, error: &'static str, reason: &'static str) -> Denied {
        Denied {
            status,
            error,
            reason,
        }
    }

    fn unauthorized(reason: &'static str) -> Denied {
        Denied::new(StatusCode::UNAUTHORIZED, "Unauthorized", reason)
    }

    fn forbidden(reason: &'static str) -> Denied {
        Denied::new(StatusCode::FORBIDDEN, "Forbidden", reason)
    }
}

/// A caller allowed to get a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The deployment the ticket is for (owned by the identity's active tenant).
    pub deployment_id: String,
}

/// Applies the policy to the identity id from the cookie and the requested deployment.
pub fn authorize(
    store: &Store,
    identity_id: Option<&str>,
    deployment_id: Option<&str>,
) -> Result<Grant, Denied> {
    let identity_id = identity_id.ok_or_else(|| Denied::unauthorized("not signed in"))?;
    let identity = store
        .identity(identity_id)
        .ok_or_else(|| Denied::unauthorized("unknown identity"))?;
    if !identity.can_manage_keys {
        return Err(Denied::forbidden("cannot manage API keys"));
    }
    let deployment_id = deployment_id.filter(|id| !id.is_empty()).ok_or_else(|| {
        Denied::new(
            StatusCode::BAD_REQUEST,
            "deploymentId is required",
            "deploymentId missing",
        )
    })?;
    let tenant = store
        .tenant(&identity.tenant_id)
        .ok_or_else(|| Denied::forbidden("tenant not found"))?;
    if tenant.deployment_id != deployment_id {
        return Err(Denied::forbidden("deployment not owned by tenant"));
    }
    match tenant.status {
        TenantStatus::Active => Ok(Grant {
            deployment_id: deployment_id.to_string(),
        }),
        TenantStatus::Suspended => Err(Denied::forbidden("tenant suspended")),
        TenantStatus::Deleted => Err(Denied::forbidden("tenant deleted")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Mode;

    fn store() -> Store {
        crate::store::seed::seeded_store(Mode::Staging, "http://127.0.0.1:1", "wk_test_key")
    }

    fn reason(identity: Option<&str>, deployment: Option<&str>) -> &'static str {
        match authorize(&store(), identity, deployment) {
            Ok(_) => "granted",
            Err(denied) => denied.reason,
        }
    }

    #[test]
    fn checks_in_order() {
        assert_eq!(reason(None, None), "not signed in");
        assert_eq!(reason(Some("nobody"), Some("42")), "unknown identity");
        assert_eq!(reason(Some("viewer"), None), "cannot manage API keys");
        assert_eq!(reason(Some("owner"), Some("")), "deploymentId missing");
        assert_eq!(
            reason(Some("owner"), Some("77")),
            "deployment not owned by tenant"
        );
        assert_eq!(
            reason(Some("initech"), Some("42")),
            "deployment not owned by tenant"
        );
        assert_eq!(reason(Some("initech"), Some("91")), "tenant suspended");
        assert_eq!(reason(Some("hooli"), Some("93")), "tenant deleted");
        assert_eq!(reason(Some("owner"), Some("42")), "granted");
        assert_eq!(reason(Some("admin"), Some("42")), "granted");
        assert_eq!(reason(Some("globex"), Some("77")), "granted");
    }
}
