//! Audit reads: wire shapes (wire contract §5.6–5.8), their options (each a query parameter
//! only when set, in the hooks' order: see [`ReadEndpoint`]), and the snapshots of the analytics
//! and timeseries stores (the logs store's pages are in `audit_logs_pages`).

use super::endpoint::ReadEndpoint;
use crate::json::schema::{Field, Missing, Model, Shape};
use crate::json::Json;
use crate::model;
use crate::query::cache::EntryState;
use crate::query::kind::QueryKind;
use crate::query::read::Read;
#[cfg(test)]
use crate::query::read::{READ_ERROR, READ_FETCHING, READ_LOADING};

/// One gateway check as recorded by the audit log.
pub static API_AUDIT_LOG: Model = model!(
    "ApiAuditLog",
    "One gateway check as recorded by the audit log.",
    [
        Field::required("request_id", Shape::Str, "`req_<id>` as written by the gateway."),
        Field::required("deployment_id", Shape::Id, "Deployment id (decimal string)."),
        Field::required("app_slug", Shape::Str, "App slug."),
        Field::required("key_id", Shape::Id, "Key id (decimal string)."),
        Field::required("key_name", Shape::Str, "Key name at the time of the request."),
        Field::required("outcome", Shape::Str, "`VALID`/`BLOCKED` from the gateway (`allowed`/`blocked` in other vocabularies; see `auditOutcome`)."),
        Field::nullable("blocked_by_rule", Shape::Str, "`permission_denied` or a rate-limit rule such as `100/60s`, when blocked."),
        Field::or("client_ip", Shape::Str, Missing::EmptyString, "Caller IP."),
        Field::or("path", Shape::Str, Missing::EmptyString, "`\"<METHOD> <path>\"`."),
        Field::or("user_agent", Shape::Str, Missing::EmptyString, "Caller user agent (`unknown` when not supplied)."),
        Field::nullable("rate_limits", Shape::Str, "Raw JSON text of the rate-limit state, e.g. `[{\"rule\":\"100/60s\",\"remaining\":99,\"limit\":100}]`."),
        Field::required("timestamp", Shape::Str, "When the check happened (RFC 3339)."),
    ]
);

/// A page of audit logs.
pub static API_AUDIT_LOGS_PAGE: Model = model!(
    "ApiAuditLogsPage",
    "A page of audit logs.",
    [
        Field::or(
            "data",
            Shape::List(&Shape::Object(&API_AUDIT_LOG)),
            Missing::EmptyList,
            "The entries, newest first."
        ),
        Field::or(
            "limit",
            Shape::Count,
            Missing::Zero,
            "Page size the server applied."
        ),
        Field::or(
            "has_more",
            Shape::Bool,
            Missing::False,
            "True when more entries follow."
        ),
        Field::nullable(
            "next_cursor",
            Shape::Str,
            "Cursor of the next page; only meaningful when `has_more`."
        ),
    ]
);

/// Requests per key in the analytics.
pub static TOP_KEY: Model = model!(
    "TopKey",
    "Requests per key in the analytics.",
    [
        Field::required(
            "key_id",
            Shape::Id,
            "Key id (string; older servers sent a number)."
        ),
        Field::required("key_name", Shape::Str, "Key name."),
        Field::required(
            "total_requests",
            Shape::Count,
            "Requests made with the key."
        ),
    ]
);

/// Requests per path in the analytics.
pub static TOP_PATH: Model = model!(
    "TopPath",
    "Requests per path in the analytics.",
    [
        Field::required("path", Shape::Str, "`\"<METHOD> <path>\"`."),
        Field::required("total_requests", Shape::Count, "Requests to the path."),
    ]
);

/// Why requests were blocked, in the analytics.
pub static BLOCKED_REASON: Model = model!(
    "BlockedReason",
    "Why requests were blocked, in the analytics.",
    [
        Field::required(
            "blocked_by_rule",
            Shape::Str,
            "The rule or `permission_denied`."
        ),
        Field::required("count", Shape::Count, "How many requests it blocked."),
        Field::required(
            "percentage",
            Shape::Number,
            "Share of blocked requests, 0–100."
        ),
    ]
);

/// One rate-limit rule's hits.
pub static RATE_LIMIT_RULE_STAT: Model = model!(
    "RateLimitRuleStat",
    "One rate-limit rule's hits.",
    [
        Field::required("rule", Shape::Str, "The rule."),
        Field::required("hit_count", Shape::Count, "Hits."),
        Field::required(
            "percentage",
            Shape::Number,
            "Share of rate-limit hits, 0–100."
        ),
    ]
);

/// Rate-limit statistics of the analytics.
pub static RATE_LIMIT_STATS: Model = model!(
    "RateLimitStats",
    "Rate-limit statistics of the analytics.",
    [
        Field::or(
            "total_hits",
            Shape::Count,
            Missing::Zero,
            "Requests blocked by rate limits."
        ),
        Field::or(
            "percentage_of_blocked",
            Shape::Number,
            Missing::Zero,
            "Share of blocked requests, 0–100."
        ),
        Field::nullable(
            "top_rules",
            Shape::List(&Shape::Object(&RATE_LIMIT_RULE_STAT)),
            "The busiest rules."
        ),
    ]
);

/// `GET /api-auth/audit/analytics` data.
pub static API_AUDIT_ANALYTICS: Model = model!(
    "ApiAuditAnalytics",
    "`GET /api-auth/audit/analytics` data.",
    [
        Field::required("total_requests", Shape::Count, "All checks in the window."),
        Field::required("allowed_requests", Shape::Count, "Allowed checks."),
        Field::required("blocked_requests", Shape::Count, "Blocked checks."),
        Field::required(
            "success_rate",
            Shape::Number,
            "allowed / total × 100 (0 when there were none)."
        ),
        Field::or(
            "keys_used_24h",
            Shape::Count,
            Missing::Zero,
            "Distinct keys used in the last 24 h (ignores key and date filters)."
        ),
        Field::nullable(
            "top_keys",
            Shape::List(&Shape::Object(&TOP_KEY)),
            "With `include_top_keys`, when non-empty."
        ),
        Field::nullable(
            "top_paths",
            Shape::List(&Shape::Object(&TOP_PATH)),
            "With `include_top_paths`, when non-empty."
        ),
        Field::nullable(
            "blocked_reasons",
            Shape::List(&Shape::Object(&BLOCKED_REASON)),
            "With `include_blocked_reasons`, when non-empty."
        ),
        Field::nullable(
            "rate_limit_stats",
            Shape::Object(&RATE_LIMIT_STATS),
            "With `include_rate_limits`."
        ),
    ]
);

/// One timeseries bucket.
pub static TIMESERIES_POINT: Model = model!(
    "TimeseriesPoint",
    "One timeseries bucket.",
    [
        Field::required("timestamp", Shape::Str, "Bucket start (RFC 3339, UTC)."),
        Field::required("total_requests", Shape::Count, "Checks in the bucket."),
        Field::required("allowed_requests", Shape::Count, "Allowed checks."),
        Field::required("blocked_requests", Shape::Count, "Blocked checks."),
        Field::required("success_rate", Shape::Number, "allowed / total × 100."),
    ]
);

/// `GET /api-auth/audit/timeseries` data (`data: null` becomes `[]`).
pub static API_AUDIT_TIMESERIES: Model = model!(
    "ApiAuditTimeseries",
    "`GET /api-auth/audit/timeseries` data (`data: null` becomes `[]`).",
    [
        Field::or(
            "data",
            Shape::List(&Shape::Object(&TIMESERIES_POINT)),
            Missing::EmptyList,
            "Non-empty buckets, oldest first."
        ),
        Field::or(
            "interval",
            Shape::Str,
            Missing::EmptyString,
            "The interval the server used (echoed verbatim)."
        ),
    ]
);

/// The shape of a logs page.
pub static LOGS_PAGE: Shape = Shape::Object(&API_AUDIT_LOGS_PAGE);
/// The shape of the analytics.
pub static ANALYTICS: Shape = Shape::Object(&API_AUDIT_ANALYTICS);
/// The shape of a timeseries.
pub static TIMESERIES: Shape = Shape::Object(&API_AUDIT_TIMESERIES);
/// The shape of a list of timeseries points (the input of `zeroFillTimeseries`).
pub static TIMESERIES_POINTS: Shape = Shape::List(&Shape::Object(&TIMESERIES_POINT));

/// What the audit log's `outcome` means, across the vocabularies servers use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

    /// The JS spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Blocked => "blocked",
            Outcome::Unknown => "unknown",
        }
    }
}

/// Options of the audit logs reads.
pub static AUDIT_LOGS_OPTIONS: Model = model!(
    "AuditLogsOptions",
    "Options of the audit logs reads.",
    [
        Field::or(
            "limit",
            Shape::Count,
            Missing::Keep,
            "Page size (server default 100, max 1000)."
        ),
        Field::or(
            "cursor",
            Shape::Str,
            Missing::Keep,
            "Start after this cursor."
        ),
        Field::or(
            "outcome",
            Shape::Str,
            Missing::Keep,
            "Only allowed or only blocked checks."
        )
        .typed("\"allowed\" | \"blocked\""),
        Field::or("key_id", Shape::Str, Missing::Keep, "Only this key."),
        Field::or(
            "start_date",
            Shape::Str,
            Missing::Keep,
            "RFC 3339, `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS` (UTC). Default: last 7 days."
        ),
        Field::or(
            "end_date",
            Shape::Str,
            Missing::Keep,
            "Same formats; only applied with `start_date`."
        ),
    ]
);

/// Options of the analytics read.
pub static AUDIT_ANALYTICS_OPTIONS: Model = model!(
    "AuditAnalyticsOptions",
    "Options of the analytics read.",
    [
        Field::or(
            "start_date",
            Shape::Str,
            Missing::Keep,
            "Window start (default: last 30 days)."
        ),
        Field::or("end_date", Shape::Str, Missing::Keep, "Window end."),
        Field::or("key_id", Shape::Str, Missing::Keep, "Only this key."),
        Field::or(
            "include_top_keys",
            Shape::Bool,
            Missing::Keep,
            "Include `top_keys`."
        ),
        Field::or(
            "include_top_paths",
            Shape::Bool,
            Missing::Keep,
            "Include `top_paths`."
        ),
        Field::or(
            "include_blocked_reasons",
            Shape::Bool,
            Missing::Keep,
            "Include `blocked_reasons`."
        ),
        Field::or(
            "include_rate_limits",
            Shape::Bool,
            Missing::Keep,
            "Include `rate_limit_stats`."
        ),
        Field::or(
            "top_limit",
            Shape::Count,
            Missing::Keep,
            "Length of the top lists (server default 10, max 50)."
        ),
    ]
);

/// Options of the timeseries read.
pub static AUDIT_TIMESERIES_OPTIONS: Model = model!(
    "AuditTimeseriesOptions",
    "Options of the timeseries read.",
    [
        Field::or(
            "start_date",
            Shape::Str,
            Missing::Keep,
            "Window start (default: last 30 days)."
        ),
        Field::or("end_date", Shape::Str, Missing::Keep, "Window end."),
        Field::or(
            "interval",
            Shape::Str,
            Missing::Keep,
            "Bucket width (default `hour`)."
        )
        .typed("\"minute\" | \"hour\" | \"day\" | \"week\" | \"month\""),
        Field::or("key_id", Shape::Str, Missing::Keep, "Only this key."),
    ]
);

/// What `apiAuthAuditLogs` stores show (for the `.d.ts`; a host test checks real snapshots
/// against it).
#[cfg(test)]
pub static LOGS_SNAPSHOT: Model = model!(
    "ApiAuthAuditLogsSnapshot",
    "Snapshot of `apiAuthAuditLogs`.",
    [
        Field::required(
            "logs",
            Shape::List(&Shape::Object(&API_AUDIT_LOG)),
            "First page plus every page `loadMore()` added, newest first."
        ),
        Field::required(
            "limit",
            Shape::Number,
            "The server's page size, else the requested one, else 0."
        ),
        Field::required("has_more", Shape::Bool, "More pages follow."),
        Field::nullable("next_cursor", Shape::Str, "Only set while `has_more`."),
        READ_LOADING,
        READ_FETCHING,
        READ_ERROR,
        Field::required("loading_more", Shape::Bool, "A `loadMore()` is in flight."),
    ]
);

/// What `apiAuthAuditAnalytics` stores show.
#[cfg(test)]
pub static ANALYTICS_SNAPSHOT: Model = model!(
    "ApiAuthAuditAnalyticsSnapshot",
    "Snapshot of `apiAuthAuditAnalytics`.",
    [
        Field::nullable(
            "analytics",
            Shape::Object(&API_AUDIT_ANALYTICS),
            "The analytics, once loaded."
        ),
        READ_LOADING,
        READ_FETCHING,
        READ_ERROR,
    ]
);

/// What `apiAuthAuditTimeseries` stores show.
#[cfg(test)]
pub static TIMESERIES_SNAPSHOT: Model = model!(
    "ApiAuthAuditTimeseriesSnapshot",
    "Snapshot of `apiAuthAuditTimeseries`.",
    [
        Field::required(
            "timeseries",
            Shape::List(&Shape::Object(&TIMESERIES_POINT)),
            "Non-empty buckets, oldest first; `[]` until loaded."
        ),
        Field::required(
            "interval",
            Shape::Str,
            "The server's interval, else the requested one, else `hour`."
        ),
        READ_LOADING,
        READ_FETCHING,
        READ_ERROR,
    ]
);

/// The models of this module, for the `.d.ts`.
#[cfg(test)]
pub static MODELS: &[&Model] = &[
    &API_AUDIT_LOG,
    &API_AUDIT_LOGS_PAGE,
    &TOP_KEY,
    &TOP_PATH,
    &BLOCKED_REASON,
    &RATE_LIMIT_RULE_STAT,
    &RATE_LIMIT_STATS,
    &API_AUDIT_ANALYTICS,
    &TIMESERIES_POINT,
    &API_AUDIT_TIMESERIES,
    &AUDIT_LOGS_OPTIONS,
    &AUDIT_ANALYTICS_OPTIONS,
    &AUDIT_TIMESERIES_OPTIONS,
    &LOGS_SNAPSHOT,
    &ANALYTICS_SNAPSHOT,
    &TIMESERIES_SNAPSHOT,
];

/// `GET /api-auth/audit/logs`: one page of the access log.
pub static LOGS_READ: ReadEndpoint = ReadEndpoint {
    kind: QueryKind::AuditLogs,
    path: "/api-auth/audit/logs",
    options: &AUDIT_LOGS_OPTIONS,
    shape: &LOGS_PAGE,
};

/// `GET /api-auth/audit/analytics`.
pub static ANALYTICS_READ: ReadEndpoint = ReadEndpoint {
    kind: QueryKind::AuditAnalytics,
    path: "/api-auth/audit/analytics",
    options: &AUDIT_ANALYTICS_OPTIONS,
    shape: &ANALYTICS,
};

/// `GET /api-auth/audit/timeseries`.
pub static TIMESERIES_READ: ReadEndpoint = ReadEndpoint {
    kind: QueryKind::AuditTimeseries,
    path: "/api-auth/audit/timeseries",
    options: &AUDIT_TIMESERIES_OPTIONS,
    shape: &TIMESERIES,
};

/// Snapshot of `apiAuthAuditAnalytics`: `{ analytics, loading, fetching, error }`.
pub fn analytics_snapshot<J: Json>(state: Option<&EntryState<J>>, _options: &J) -> J {
    let read = Read::of(state);
    read.snapshot(&[("analytics", J::or_null(read.data.clone()))])
}

/// Snapshot of `apiAuthAuditTimeseries`: `{ timeseries, interval, loading, fetching, error }`;
/// `interval` is the server's, else the requested one (`options.interval`), else `hour`.
pub fn timeseries_snapshot<J: Json>(state: Option<&EntryState<J>>, options: &J) -> J {
    let read = Read::of(state);
    let requested = options.string_at("interval");
    let requested_interval = requested.as_deref();
    let (points, served) = match &read.data {
        Some(series) => (series.get("data"), series.string_at("interval")),
        None => (J::array(Vec::new()), None),
    };
    let interval = [served.as_deref(), requested_interval]
        .into_iter()
        .flatten()
        .find(|i| !i.is_empty())
        .unwrap_or("hour");
    read.snapshot(&[("timeseries", points), ("interval", J::string(interval))])
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::HostJson;
    use crate::session::config::Mode;
    use serde_json::json;

    /// The URL of `read` with the options `json`.
    fn url(read: &'static ReadEndpoint, json: serde_json::Value) -> String {
        let options = read.options(&HostJson::from(json)).unwrap();
        read.query(&options)
            .request
            .to_http("http://h", Mode::Production, None)
            .url
    }

    #[test]
    fn parameters_follow_the_hooks_order_and_truthiness() {
        assert_eq!(url(&LOGS_READ, json!(null)), "http://h/api-auth/audit/logs");
        assert_eq!(
            url(&LOGS_READ, json!({"end_date": "", "start_date": "2026-01-01", "key_id": "7",
                "outcome": "blocked", "cursor": "MTcw", "limit": 25})),
            "http://h/api-auth/audit/logs?limit=25&cursor=MTcw&outcome=blocked&key_id=7&start_date=2026-01-01"
        );
        assert_eq!(
            url(&LOGS_READ, json!({"limit": 0})),
            "http://h/api-auth/audit/logs",
            "a zero count is not set"
        );
        assert_eq!(
            url(
                &ANALYTICS_READ,
                json!({"include_top_keys": true, "include_top_paths": false, "top_limit": 5})
            ),
            "http://h/api-auth/audit/analytics?include_top_keys=true&top_limit=5"
        );
        assert_eq!(
            url(&TIMESERIES_READ, json!({"interval": "day", "key_id": "9"})),
            "http://h/api-auth/audit/timeseries?interval=day&key_id=9"
        );
        let options = LOGS_READ
            .options(&HostJson::from(json!({"limit": 2, "cursor": "old"})))
            .unwrap();
        let next = LOGS_READ.query_with(&options, Some(("cursor", "c 2")));
        assert_eq!(
            next.request.to_http("", Mode::Production, None).url,
            "/api-auth/audit/logs?limit=2&cursor=c+2"
        );
    }

    #[test]
    fn options_are_checked_against_their_tables() {
        let error = LOGS_READ
            .options(&HostJson::from(json!({"limit": "25"})))
            .unwrap_err();
        assert_eq!(
            (error.code, error.message.as_str()),
            (
                crate::error::ErrorCode::InvalidArgument,
                "options.limit: expected a non-negative integer, got a string"
            )
        );
        assert!(ANALYTICS_READ.options(&HostJson::from(json!([]))).is_err());
        assert!(TIMESERIES_READ.options(&HostJson::undefined()).is_ok());
    }

    #[test]
    fn decodes_pages_analytics_and_null_timeseries() {
        let checked = |shape: &Shape, data: serde_json::Value| {
            crate::json::schema::check(&HostJson::from(data), shape)
                .map(|v| v.to_json())
                .map_err(|m| m.describe("data"))
        };
        let page = checked(&LOGS_PAGE, json!({"data":[{"request_id":"req_1","deployment_id":"42","app_slug":"aa_42",
            "key_id":"7","key_name":"CI","outcome":"VALID","client_ip":"127.0.0.1","path":"GET /v1/x","user_agent":"ua",
            "rate_limits":"[]","timestamp":"2026-01-01T00:00:00.000Z"}],"limit":25,"has_more":false,"next_cursor":"abc"})).unwrap();
        assert_eq!(
            (
                page["data"].as_array().unwrap().len(),
                &page["limit"],
                &page["has_more"]
            ),
            (1, &json!(25), &json!(false))
        );
        assert_eq!(
            Outcome::of(page["data"][0]["outcome"].as_str().unwrap()),
            Outcome::Allowed
        );
        let empty = checked(&LOGS_PAGE, json!({"data":null})).unwrap();
        assert_eq!(empty["data"], json!([]));

        let analytics = checked(&ANALYTICS, json!({"total_requests":10,"allowed_requests":7,"blocked_requests":3,
            "success_rate":70.0,"keys_used_24h":2,"top_keys":[{"key_id":5,"key_name":"k","total_requests":10}],
            "rate_limit_stats":{"total_hits":0,"percentage_of_blocked":0}})).unwrap();
        assert_eq!(analytics["top_keys"][0]["key_id"], "5");
        assert_eq!(analytics["rate_limit_stats"]["top_rules"], json!(null));
        assert_eq!(
            checked(&ANALYTICS, json!({"total_requests":10,"allowed_requests":7,"blocked_requests":3,"success_rate":"70"})).unwrap_err(),
            "data.success_rate: expected a number, got a string"
        );

        let series = checked(&TIMESERIES, json!({"data":null,"interval":"hour"})).unwrap();
        assert_eq!(
            (&series["data"], &series["interval"]),
            (&json!([]), &json!("hour"))
        );
        assert_eq!(
            checked(
                &TIMESERIES,
                json!({"data":[{"timestamp":"2026-01-01T00:00:00Z","success_rate":1}]})
            )
            .unwrap_err(),
            "data.data[0].total_requests: expected a non-negative integer, got nothing"
        );
    }

    #[test]
    fn timeseries_interval_falls_back_like_the_hook() {
        let state = |data: Option<serde_json::Value>, fetching: bool| {
            Some(EntryState {
                data: data.map(HostJson::from),
                error: None,
                fetching,
                version: 1,
                data_version: 1,
            })
        };
        let served = json!({"data": [], "interval": "day"});
        let week = HostJson::from(json!({"interval": "week"}));
        assert_eq!(
            timeseries_snapshot(state(Some(served), false).as_ref(), &week).to_json()["interval"],
            "day"
        );
        assert_eq!(
            timeseries_snapshot(state(None, true).as_ref(), &week).to_json()["interval"],
            "week"
        );
        let first = timeseries_snapshot(state(None, true).as_ref(), &HostJson::object()).to_json();
        assert_eq!(
            (&first["interval"], &first["timeseries"], &first["loading"]),
            (&json!("hour"), &json!([]), &json!(true))
        );
        assert_eq!(
            analytics_snapshot(state(None, false).as_ref(), &HostJson::object()).to_json()
                ["analytics"],
            json!(null)
        );
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
