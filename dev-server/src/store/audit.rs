//! Audit log entries (wire contract §5.6) as written by the gateway and read by `/api-auth/audit/*`.

use crate::timestamps::format_ms;
use serde_json::{json, Value};
use std::cmp::Ordering;

/// Stored outcomes that count as allowed (both vocabularies, wire contract §3.7).
pub const ALLOWED_OUTCOMES: [&str; 3] = ["allowed", "ALLOWED", "VALID"];
/// Stored outcomes that count as blocked.
pub const BLOCKED_OUTCOMES: [&str; 3] = ["blocked", "BLOCKED", "RATE_LIMITED"];
/// Outcome the gateway writes for an allowed check.
pub const VALID: &str = "VALID";
/// Outcome the gateway writes for a blocked check.
pub const BLOCKED: &str = "BLOCKED";

/// One gateway decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// `req_<snowflake>`.
    pub request_id: String,
    /// Deployment of the key.
    pub deployment_id: String,
    /// App of the key.
    pub app_slug: String,
    /// Decimal key id.
    pub key_id: String,
    /// Key name at request time.
    pub key_name: String,
    /// `VALID` / `BLOCKED` (entries inserted by tests may use the other vocabulary).
    pub outcome: String,
    /// `permission_denied` or a rule name like `10/10s`.
    pub blocked_by_rule: Option<String>,
    /// Caller IP as reported or seen.
    pub client_ip: String,
    /// `<METHOD> <resource>`.
    pub path: String,
    /// Caller user agent, `unknown` when none.
    pub user_agent: String,
    /// Raw JSON text `[{"rule":…,"remaining":…,"limit":…}]`.
    pub rate_limits: Option<String>,
    /// Time of the check (ms).
    pub timestamp_ms: i64,
}

impl AuditEntry {
    /// True for `allowed`/`ALLOWED`/`VALID`.
    pub fn is_allowed(&self) -> bool {
        ALLOWED_OUTCOMES.contains(&self.outcome.as_str())
    }

    /// True for `blocked`/`BLOCKED`/`RATE_LIMITED`.
    pub fn is_blocked(&self) -> bool {
        BLOCKED_OUTCOMES.contains(&self.outcome.as_str())
    }

    /// The ApiAuditLog wire object; null optionals omitted.
    pub fn to_json(&self) -> Value {
        let mut entry = json!({
            "request_id": self.request_id,
            "deployment_id": self.deployment_id,
            "app_slug": self.app_slug,
            "key_id": self.key_id,
            "key_name": self.key_name,
            "outcome": self.outcome,
            "client_ip": self.client_ip,
            "path": self.path,
            "user_agent": self.user_agent,
            "timestamp": format_ms(self.timestamp_ms),
        });
        if let Some(rule) = &self.blocked_by_rule {
            entry["blocked_by_rule"] = json!(rule);
        }
        if let Some(rate_limits) = &self.rate_limits {
            entry["rate_limits"] = json!(rate_limits);
        }
        entry
    }
}

/// Orders request ids by their number (`req_` stripped), so `req_10` > `req_9`; ids that are not
/// numeric compare as text after all numeric ones.
pub fn compare_request_ids(a: &str, b: &str) -> Ordering {
    match (request_number(a), request_number(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

fn request_number(id: &str) -> Option<u64> {
    let digits = id.strip_prefix("req_").unwrap_or(id);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Newest first: `timestamp DESC, request_id DESC` (wire contract §3.7).
pub fn newest_first(a: &AuditEntry, b: &AuditEntry) -> Ordering {
    b.timestamp_ms
        .cmp(&a.timestamp_ms)
        .then_with(|| compare_request_ids(&b.request_id, &a.request_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_compare_numerically() {
        assert_eq!(compare_request_ids("req_10", "req_9"), Ordering::Greater);
        assert_eq!(compare_request_ids("req_9", "req_9"), Ordering::Equal);
        assert_eq!(compare_request_ids("9", "req_10"), Ordering::Less);
        assert_eq!(compare_request_ids("req_x", "req_1"), Ordering::Greater);
    }
}
