//! `GET /api-auth/audit/timeseries` (wire contract §3.9, §5.8): counts per UTC bucket over the
//! filtered entries (default window 30 days). `interval` = minute|hour|day|week|month (weeks
//! start on Sunday, like ClickHouse `toStartOfWeek`); anything else buckets by hour but is
//! echoed verbatim. Only non-empty buckets, ascending; `data` is `null` when there are none.

use super::app_session::ActiveAppSession;
use super::audit_query::{percentage, BaseFilter, DAY_MS};
use crate::frontend::envelope::{self, FrontendError};
use crate::http::query::query_or;
use crate::ids::now_ms;
use crate::state::AppState;
use crate::store::audit::AuditEntry;
use crate::store::Store;
use crate::timestamps::format_ms;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use chrono::{DateTime, Datelike, NaiveDate};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Default window without `start_date`.
const DEFAULT_DAYS: i64 = 30;

/// Bucket sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    /// `toStartOfMinute`.
    Minute,
    /// `toStartOfHour` (also for unknown values).
    Hour,
    /// `toStartOfDay`.
    Day,
    /// `toStartOfWeek`, Sunday.
    Week,
    /// `toStartOfMonth`.
    Month,
}

impl Interval {
    /// Parses the parameter; unknown values bucket by hour.
    pub fn parse(value: &str) -> Interval {
        match value {
            "minute" => Interval::Minute,
            "day" => Interval::Day,
            "week" => Interval::Week,
            "month" => Interval::Month,
            _ => Interval::Hour,
        }
    }

    /// Start (ms, UTC) of the bucket holding `ms`.
    pub fn bucket_start(self, ms: i64) -> i64 {
        let floor = |size: i64| ms.div_euclid(size) * size;
        match self {
            Interval::Minute => floor(60_000),
            Interval::Hour => floor(3_600_000),
            Interval::Day => floor(DAY_MS),
            Interval::Week => {
                let day = floor(DAY_MS);
                let since_sunday = DateTime::from_timestamp_millis(day)
                    .map_or(0, |date| i64::from(date.weekday().num_days_from_sunday()));
                day - since_sunday * DAY_MS
            }
            Interval::Month => DateTime::from_timestamp_millis(ms)
                .and_then(|date| NaiveDate::from_ymd_opt(date.year(), date.month(), 1))
                .and_then(|first| first.and_hms_opt(0, 0, 0))
                .map_or_else(|| floor(DAY_MS), |first| first.and_utc().timestamp_millis()),
        }
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    total: u64,
    allowed: u64,
    blocked: u64,
}

/// `GET /api-auth/audit/timeseries` → `data: {data: Point[] | null, interval}`.
pub async fn get_timeseries(
    State(state): State<AppState>,
    ActiveAppSession(session): ActiveAppSession,
    uri: Uri,
) -> Result<Response, FrontendError> {
    let store = state.lock();
    let mut body = timeseries(
        &store,
        &session.deployment_id,
        &session.app_slug,
        uri.query(),
        now_ms(),
    )?;
    // Go serialises an empty (nil) slice as null.
    if body["data"].as_array().is_some_and(Vec::is_empty) {
        body["data"] = Value::Null;
    }
    Ok(envelope::success(body))
}

/// `{data: Point[], interval}` of an app's audit entries for `query` (`data` is `[]` when no
/// bucket has entries).
pub fn timeseries(
    store: &Store,
    deployment_id: &str,
    app_slug: &str,
    query: Option<&str>,
    now_ms: i64,
) -> Result<Value, FrontendError> {
    let interval_raw = query_or(query, "interval", "hour");
    let interval = Interval::parse(&interval_raw);
    let filter = BaseFilter::parse(query, deployment_id, app_slug, DEFAULT_DAYS, now_ms)?;

    let mut buckets: BTreeMap<i64, Counts> = BTreeMap::new();
    let rows = store.audit_log.iter().filter(|entry| filter.matches(entry));
    for entry in rows {
        count(
            buckets
                .entry(interval.bucket_start(entry.timestamp_ms))
                .or_default(),
            entry,
        );
    }
    let points: Vec<Value> = buckets
        .into_iter()
        .map(|(start, counts)| {
            json!({
                "timestamp": format_ms(start),
                "total_requests": counts.total,
                "allowed_requests": counts.allowed,
                "blocked_requests": counts.blocked,
                "success_rate": percentage(counts.allowed, counts.total),
            })
        })
        .collect();
    Ok(json!({ "data": points, "interval": interval_raw }))
}

fn count(counts: &mut Counts, entry: &AuditEntry) {
    counts.total += 1;
    counts.allowed += u64::from(entry.is_allowed());
    counts.blocked += u64::from(entry.is_blocked());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timestamps::parse_rfc3339_ms;

    fn at(value: &str) -> i64 {
        parse_rfc3339_ms(value).unwrap_or(i64::MIN)
    }

    #[test]
    fn buckets() {
        // 2026-01-07 is a Wednesday; its week starts on Sunday 2026-01-04.
        let ms = at("2026-01-07T13:45:30.250Z");
        assert_eq!(
            format_ms(Interval::Minute.bucket_start(ms)),
            "2026-01-07T13:45:00.000Z"
        );
        assert_eq!(
            format_ms(Interval::Hour.bucket_start(ms)),
            "2026-01-07T13:00:00.000Z"
        );
        assert_eq!(
            format_ms(Interval::Day.bucket_start(ms)),
            "2026-01-07T00:00:00.000Z"
        );
        assert_eq!(
            format_ms(Interval::Week.bucket_start(ms)),
            "2026-01-04T00:00:00.000Z"
        );
        assert_eq!(
            format_ms(Interval::Week.bucket_start(at("2026-01-04T00:00:00Z"))),
            "2026-01-04T00:00:00.000Z"
        );
        assert_eq!(
            format_ms(Interval::Week.bucket_start(at("2026-01-03T23:59:59Z"))),
            "2025-12-28T00:00:00.000Z"
        );
        assert_eq!(
            format_ms(Interval::Month.bucket_start(ms)),
            "2026-01-01T00:00:00.000Z"
        );
        assert_eq!(Interval::parse("fortnight"), Interval::Hour);
    }
}
