//! The filter shared by `/api-auth/audit/{logs,analytics,timeseries}` (wire contract §3.7–3.9, §6.3):
//! the deployment and app slug (the session's, or the backend path's), optional `key_id`, and a date window.

use crate::frontend::envelope::FrontendError;
use crate::http::query::query_param;
use crate::store::audit::AuditEntry;
use crate::timestamps::parse_audit_date_ms;

/// Milliseconds per day.
pub const DAY_MS: i64 = 86_400_000;

/// Which entries a read looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseFilter {
    /// The session's deployment.
    pub deployment_id: String,
    /// The session's app.
    pub app_slug: String,
    /// `key_id` when given.
    pub key_id: Option<i64>,
    /// Inclusive lower bound (ms): `start_date`, else now minus the default window.
    pub from_ms: i64,
    /// Inclusive upper bound (ms): `end_date`, only when `start_date` is given.
    pub to_ms: Option<i64>,
}

impl BaseFilter {
    /// Parses `key_id`, `start_date`, `end_date` in the frontend API's order. Errors are 500s
    /// ("invalid key_id", "invalid date format"); an invalid `end_date` fails even without a
    /// `start_date`, although it is then not applied. Without `start_date` the window is the
    /// last `default_days` days.
    pub fn parse(
        query: Option<&str>,
        deployment_id: &str,
        app_slug: &str,
        default_days: i64,
        now_ms: i64,
    ) -> Result<BaseFilter, FrontendError> {
        let key_id = match query_param(query, "key_id").filter(|raw| !raw.is_empty()) {
            None => None,
            Some(raw) => Some(
                raw.parse::<i64>()
                    .map_err(|_| FrontendError::internal("invalid key_id"))?,
            ),
        };
        let start = parse_date(query, "start_date")?;
        let end = parse_date(query, "end_date")?;
        let (from_ms, to_ms) = match start {
            Some(start) => (start, end),
            None => (now_ms - default_days * DAY_MS, None),
        };
        Ok(BaseFilter {
            deployment_id: deployment_id.to_string(),
            app_slug: app_slug.to_string(),
            key_id,
            from_ms,
            to_ms,
        })
    }

    /// True when `entry` is inside the filter.
    pub fn matches(&self, entry: &AuditEntry) -> bool {
        entry.deployment_id == self.deployment_id
            && entry.app_slug == self.app_slug
            && self
                .key_id
                .is_none_or(|wanted| entry.key_id.parse::<i64>() == Ok(wanted))
            && entry.timestamp_ms >= self.from_ms
            && self.to_ms.is_none_or(|to| entry.timestamp_ms <= to)
    }
}

/// An optional date parameter; present but unparseable → 500 "invalid date format".
fn parse_date(query: Option<&str>, name: &str) -> Result<Option<i64>, FrontendError> {
    match query_param(query, name).filter(|raw| !raw.is_empty()) {
        None => Ok(None),
        Some(raw) => parse_audit_date_ms(&raw)
            .map(Some)
            .ok_or_else(|| FrontendError::internal("invalid date format")),
    }
}

/// `allowed / total × 100`, 0 when `total` is 0.
pub fn percentage(part: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        part as f64 / total as f64 * 100.0
    }
}
