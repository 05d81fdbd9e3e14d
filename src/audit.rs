//! Audit reads: wire models (contract §5.6–5.8), options, and requests built as the audit hooks
//! build them (each parameter only when truthy, in the hooks' order).

use crate::envelope::ErrorKind;
use crate::models::string_or_number;
use crate::request::ApiRequest;
use serde::{Deserialize, Deserializer, Serialize};

/// One gateway check as recorded by the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ApiAuditLog {
    /// `req_<id>` as written by the gateway.
    pub request_id: String,
    /// Deployment id (decimal string).
    #[serde(deserialize_with = "string_or_number")]
    pub deployment_id: String,
    /// App slug.
    pub app_slug: String,
    /// Key id (decimal string).
    #[serde(deserialize_with = "string_or_number")]
    pub key_id: String,
    /// Key name at the time of the request.
    pub key_name: String,
    /// `VALID`/`BLOCKED` from the gateway (`allowed`/`blocked` in other vocabularies; see
    /// `auditOutcome`).
    pub outcome: String,
    /// `permission_denied` or a rate-limit rule such as `100/60s`, when blocked.
    #[serde(default)]
    pub blocked_by_rule: Option<String>,
    /// Caller IP.
    #[serde(default)]
    pub client_ip: String,
    /// `"<METHOD> <path>"`.
    #[serde(default)]
    pub path: String,
    /// Caller user agent (`unknown` when not supplied).
    #[serde(default)]
    pub user_agent: String,
    /// Raw JSON text of the rate-limit state, e.g. `[{"rule":"100/60s","remaining":99,"limit":100}]`.
    #[serde(default)]
    pub rate_limits: Option<String>,
    /// When the check happened (RFC 3339).
    pub timestamp: String,
}

/// What the audit log's `outcome` means, across the vocabularies servers use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// `VALID`, `allowed`, `ALLOWED`.
    Allowed,
    /// `BLOCKED`, `blocked`, `RATE_LIMITED`.
    Blocked,
    /// Anything else.
    Unknown,
}

impl Outcome {
    /// Classifies a stored outcome string.
    pub fn of(outcome: &str) -> Outcome {
        match outcome {
            "VALID" | "allowed" | "ALLOWED" => Outcome::Allowed,
            "BLOCKED" | "blocked" | "RATE_LIMITED" => Outcome::Blocked,
            _ => Outcome::Unknown,
        }
    }
}

/// A page of audit logs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ApiAuditLogsPage {
    /// The entries, newest first.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub data: Vec<ApiAuditLog>,
    /// Page size the server applied.
    #[serde(default)]
    pub limit: u32,
    /// True when more entries follow.
    #[serde(default)]
    pub has_more: bool,
    /// Cursor of the next page; only meaningful when `has_more` (servers send it regardless, the
    /// client drops it otherwise).
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// Requests per key in the analytics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TopKey {
    /// Key id (string; older servers sent a number).
    #[serde(deserialize_with = "string_or_number")]
    pub key_id: String,
    /// Key name.
    pub key_name: String,
    /// Requests made with the key.
    pub total_requests: u64,
}

/// Requests per path in the analytics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TopPath {
    /// `"<METHOD> <path>"`.
    pub path: String,
    /// Requests to the path.
    pub total_requests: u64,
}

/// Why requests were blocked, in the analytics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct BlockedReason {
    /// The rule or `permission_denied`.
    pub blocked_by_rule: String,
    /// How many requests it blocked.
    pub count: u64,
    /// Share of blocked requests, 0–100.
    pub percentage: f64,
}

/// One rate-limit rule's hits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RateLimitRuleStat {
    /// The rule.
    pub rule: String,
    /// Hits.
    pub hit_count: u64,
    /// Share of rate-limit hits, 0–100.
    pub percentage: f64,
}

/// Rate-limit statistics of the analytics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct RateLimitStats {
    /// Requests blocked by rate limits.
    #[serde(default)]
    pub total_hits: u64,
    /// Share of blocked requests, 0–100.
    #[serde(default)]
    pub percentage_of_blocked: f64,
    /// The busiest rules.
    #[serde(default)]
    pub top_rules: Option<Vec<RateLimitRuleStat>>,
}

/// `GET /api-auth/audit/analytics` data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ApiAuditAnalytics {
    /// All checks in the window.
    pub total_requests: u64,
    /// Allowed checks.
    pub allowed_requests: u64,
    /// Blocked checks.
    pub blocked_requests: u64,
    /// allowed / total × 100 (0 when there were none).
    pub success_rate: f64,
    /// Distinct keys used in the last 24 h (ignores key and date filters).
    #[serde(default)]
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

/// One timeseries bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct TimeseriesPoint {
    /// Bucket start (RFC 3339, UTC).
    pub timestamp: String,
    /// Checks in the bucket.
    pub total_requests: u64,
    /// Allowed checks.
    pub allowed_requests: u64,
    /// Blocked checks.
    pub blocked_requests: u64,
    /// allowed / total × 100.
    pub success_rate: f64,
}

/// `GET /api-auth/audit/timeseries` data (`data: null` decodes as `[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct ApiAuditTimeseries {
    /// Non-empty buckets, oldest first.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub data: Vec<TimeseriesPoint>,
    /// The interval the server used (echoed verbatim).
    #[serde(default)]
    pub interval: String,
}

/// Options of the audit logs reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AuditLogsOptions {
    /// Page size (server default 100, max 1000).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub limit: Option<u32>,
    /// Start after this cursor.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub cursor: Option<String>,
    /// `allowed` or `blocked`.
    #[serde(default)]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(optional, type = "\"allowed\" | \"blocked\"")
    )]
    pub outcome: Option<String>,
    /// Only this key.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub key_id: Option<String>,
    /// RFC 3339, `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (UTC). Default: last 7 days.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub start_date: Option<String>,
    /// Same formats; only applied with `start_date`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub end_date: Option<String>,
}

/// Options of the analytics read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AuditAnalyticsOptions {
    /// Window start (default: last 30 days).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub start_date: Option<String>,
    /// Window end.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub end_date: Option<String>,
    /// Only this key.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub key_id: Option<String>,
    /// Include `top_keys`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub include_top_keys: Option<bool>,
    /// Include `top_paths`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub include_top_paths: Option<bool>,
    /// Include `blocked_reasons`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub include_blocked_reasons: Option<bool>,
    /// Include `rate_limit_stats`.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub include_rate_limits: Option<bool>,
    /// Length of the top lists (server default 10, max 50).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub top_limit: Option<u32>,
}

/// Options of the timeseries read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct AuditTimeseriesOptions {
    /// Window start (default: last 30 days).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub start_date: Option<String>,
    /// Window end.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub end_date: Option<String>,
    /// `minute`, `hour` (default), `day`, `week` or `month`.
    #[serde(default)]
    #[cfg_attr(
        target_arch = "wasm32",
        tsify(
            optional,
            type = "\"minute\" | \"hour\" | \"day\" | \"week\" | \"month\""
        )
    )]
    pub interval: Option<String>,
    /// Only this key.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub key_id: Option<String>,
}

fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

fn push_text(request: &mut ApiRequest, name: &'static str, value: &Option<String>) {
    if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
        request.query.push((name, value.to_string()));
    }
}

fn push_flag(request: &mut ApiRequest, name: &'static str, value: Option<bool>) {
    if value == Some(true) {
        request.query.push((name, "true".to_string()));
    }
}

fn push_number(request: &mut ApiRequest, name: &'static str, value: Option<u32>) {
    if let Some(value) = value.filter(|v| *v > 0) {
        request.query.push((name, value.to_string()));
    }
}

/// `GET /api-auth/audit/logs` with `limit, cursor, outcome, key_id, start_date, end_date`.
pub fn logs_request(options: &AuditLogsOptions) -> ApiRequest {
    let mut request = ApiRequest::get("/api-auth/audit/logs", ErrorKind::ApiAuth);
    push_number(&mut request, "limit", options.limit);
    push_text(&mut request, "cursor", &options.cursor);
    push_text(&mut request, "outcome", &options.outcome);
    push_text(&mut request, "key_id", &options.key_id);
    push_text(&mut request, "start_date", &options.start_date);
    push_text(&mut request, "end_date", &options.end_date);
    request
}

/// `GET /api-auth/audit/analytics` with dates, key and the include flags (only when true).
pub fn analytics_request(options: &AuditAnalyticsOptions) -> ApiRequest {
    let mut request = ApiRequest::get("/api-auth/audit/analytics", ErrorKind::ApiAuth);
    push_text(&mut request, "start_date", &options.start_date);
    push_text(&mut request, "end_date", &options.end_date);
    push_text(&mut request, "key_id", &options.key_id);
    push_flag(&mut request, "include_top_keys", options.include_top_keys);
    push_flag(&mut request, "include_top_paths", options.include_top_paths);
    push_flag(
        &mut request,
        "include_blocked_reasons",
        options.include_blocked_reasons,
    );
    push_flag(
        &mut request,
        "include_rate_limits",
        options.include_rate_limits,
    );
    push_number(&mut request, "top_limit", options.top_limit);
    request
}

/// `GET /api-auth/audit/timeseries` with `start_date, end_date, interval, key_id`.
pub fn timeseries_request(options: &AuditTimeseriesOptions) -> ApiRequest {
    let mut request = ApiRequest::get("/api-auth/audit/timeseries", ErrorKind::ApiAuth);
    push_text(&mut request, "start_date", &options.start_date);
    push_text(&mut request, "end_date", &options.end_date);
    push_text(&mut request, "interval", &options.interval);
    push_text(&mut request, "key_id", &options.key_id);
    request
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Mode;
    use serde_json::json;

    fn url(request: ApiRequest) -> String {
        request.to_http("http://h", Mode::Production, None).url
    }

    #[test]
    fn parameters_follow_the_hooks_order_and_truthiness() {
        assert_eq!(
            url(logs_request(&AuditLogsOptions::default())),
            "http://h/api-auth/audit/logs"
        );
        let options = AuditLogsOptions {
            limit: Some(25),
            cursor: Some("MTcw".into()),
            outcome: Some("blocked".into()),
            key_id: Some("7".into()),
            start_date: Some("2026-01-01".into()),
            end_date: Some(String::new()),
        };
        assert_eq!(url(logs_request(&options)), "http://h/api-auth/audit/logs?limit=25&cursor=MTcw&outcome=blocked&key_id=7&start_date=2026-01-01");
        let analytics = AuditAnalyticsOptions {
            include_top_keys: Some(true),
            include_top_paths: Some(false),
            top_limit: Some(5),
            ..Default::default()
        };
        assert_eq!(
            url(analytics_request(&analytics)),
            "http://h/api-auth/audit/analytics?include_top_keys=true&top_limit=5"
        );
        let series = AuditTimeseriesOptions {
            interval: Some("day".into()),
            key_id: Some("9".into()),
            ..Default::default()
        };
        assert_eq!(
            url(timeseries_request(&series)),
            "http://h/api-auth/audit/timeseries?interval=day&key_id=9"
        );
    }

    #[test]
    fn decodes_pages_analytics_and_null_timeseries() {
        let page: ApiAuditLogsPage = serde_json::from_value(json!({"data":[{"request_id":"req_1","deployment_id":"42","app_slug":"aa_42",
            "key_id":"7","key_name":"CI","outcome":"VALID","client_ip":"127.0.0.1","path":"GET /v1/x","user_agent":"ua",
            "rate_limits":"[]","timestamp":"2026-01-01T00:00:00.000Z"}],"limit":25,"has_more":false,"next_cursor":"abc"})).unwrap();
        assert_eq!((page.data.len(), page.limit, page.has_more), (1, 25, false));
        assert_eq!(Outcome::of(&page.data[0].outcome), Outcome::Allowed);
        let empty: ApiAuditLogsPage = serde_json::from_value(json!({"data":null})).unwrap();
        assert!(empty.data.is_empty());

        let analytics: ApiAuditAnalytics = serde_json::from_value(json!({"total_requests":10,"allowed_requests":7,"blocked_requests":3,
            "success_rate":70.0,"keys_used_24h":2,"top_keys":[{"key_id":5,"key_name":"k","total_requests":10}],
            "rate_limit_stats":{"total_hits":0,"percentage_of_blocked":0}})).unwrap();
        assert_eq!(analytics.top_keys.unwrap()[0].key_id, "5");
        assert_eq!(analytics.rate_limit_stats.unwrap().top_rules, None);

        let series: ApiAuditTimeseries =
            serde_json::from_value(json!({"data":null,"interval":"hour"})).unwrap();
        assert_eq!((series.data.len(), series.interval.as_str()), (0, "hour"));
    }

    #[test]
    fn outcomes_accept_both_vocabularies() {
        for allowed in ["VALID", "allowed", "ALLOWED"] {
            assert_eq!(Outcome::of(allowed), Outcome::Allowed);
        }
        for blocked in ["BLOCKED", "blocked", "RATE_LIMITED"] {
            assert_eq!(Outcome::of(blocked), Outcome::Blocked);
        }
        assert_eq!(Outcome::of("valid"), Outcome::Unknown);
    }
}
