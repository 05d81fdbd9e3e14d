//! `GET /api-auth/audit/analytics` (wire contract §3.8, §5.7, §6.3): totals over the filtered entries
//! (default window 30 days), plus optional top keys, top paths, blocked reasons and rate-limit
//! stats. Ties in the top lists are broken by key id / path / rule ascending so results are
//! deterministic; `key_name` of a top key is the name on its newest entry.
//!
//! `rate_limit_stats` counts blocked entries whose rule matches ClickHouse `LIKE 'rate_limit:%'`,
//! which the gateway's `"<max>/<window>"` names never do (wire contract §8.5) — kept faithfully.

use super::app_session::ActiveAppSession;
use super::audit_query::{percentage, BaseFilter, DAY_MS};
use crate::frontend::envelope::{self, FrontendError};
use crate::http::query::{query_bool, query_int};
use crate::ids::now_ms;
use crate::state::AppState;
use crate::store::audit::{newest_first, AuditEntry};
use crate::store::Store;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Default size of the top lists.
pub const DEFAULT_TOP_LIMIT: i64 = 10;
/// Largest size of the top lists.
pub const MAX_TOP_LIMIT: i64 = 50;
/// Default window without `start_date`.
const DEFAULT_DAYS: i64 = 30;

/// `GET /api-auth/audit/analytics` → `data: ApiAuditAnalyticsResponse`.
pub async fn get_analytics(
    State(state): State<AppState>,
    ActiveAppSession(session): ActiveAppSession,
    uri: Uri,
) -> Result<Response, FrontendError> {
    let store = state.lock();
    let data = analytics(
        &store,
        &session.deployment_id,
        &session.app_slug,
        uri.query(),
        now_ms(),
    )?;
    Ok(envelope::success(data))
}

/// The analytics object of an app's audit entries for `query`.
pub fn analytics(
    store: &Store,
    deployment_id: &str,
    app_slug: &str,
    query: Option<&str>,
    now: i64,
) -> Result<Value, FrontendError> {
    let filter = BaseFilter::parse(query, deployment_id, app_slug, DEFAULT_DAYS, now)?;
    // Non-numeric → 0 (Go `Atoi`), negative → 0: the lists are then empty and omitted.
    let top_limit =
        usize::try_from(query_int(query, "top_limit", DEFAULT_TOP_LIMIT).clamp(0, MAX_TOP_LIMIT))
            .unwrap_or(0);

    let rows: Vec<&AuditEntry> = store
        .audit_log
        .iter()
        .filter(|entry| filter.matches(entry))
        .collect();
    let total = rows.len() as u64;
    let allowed = rows.iter().filter(|entry| entry.is_allowed()).count() as u64;
    let blocked = rows.iter().filter(|entry| entry.is_blocked()).count() as u64;
    let keys_used_24h: BTreeSet<&str> = store
        .audit_log
        .iter()
        .filter(|entry| {
            entry.deployment_id == deployment_id
                && entry.app_slug == app_slug
                && entry.timestamp_ms >= now - DAY_MS
        })
        .map(|entry| entry.key_id.as_str())
        .collect();

    let mut data = json!({
        "total_requests": total,
        "allowed_requests": allowed,
        "blocked_requests": blocked,
        "success_rate": percentage(allowed, total),
        "keys_used_24h": keys_used_24h.len(),
    });
    let optional = [
        (
            "top_keys",
            query_bool(query, "include_top_keys").then(|| top_keys(&rows, top_limit)),
        ),
        (
            "top_paths",
            query_bool(query, "include_top_paths").then(|| top_paths(&rows, top_limit)),
        ),
        (
            "blocked_reasons",
            query_bool(query, "include_blocked_reasons").then(|| blocked_reasons(&rows, top_limit)),
        ),
    ];
    for (name, list) in optional {
        if let Some(list) = list.filter(|list| !list.is_empty()) {
            data[name] = Value::Array(list);
        }
    }
    if query_bool(query, "include_rate_limits") {
        data["rate_limit_stats"] = rate_limit_stats(&rows, blocked, top_limit);
    }
    Ok(data)
}

/// Counts by `group`, largest first, ties by group ascending, at most `limit`.
fn ranked<'a>(groups: impl Iterator<Item = &'a str>, limit: usize) -> Vec<(&'a str, u64)> {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for group in groups {
        *counts.entry(group).or_default() += 1;
    }
    let mut ranked: Vec<(&str, u64)> = counts.into_iter().collect();
    // Stable sort over the BTreeMap's ascending order keeps ties ascending.
    ranked.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    ranked.truncate(limit);
    ranked
}

fn top_keys(rows: &[&AuditEntry], limit: usize) -> Vec<Value> {
    ranked(rows.iter().map(|entry| entry.key_id.as_str()), limit)
        .into_iter()
        .map(|(key_id, count)| {
            let name = rows
                .iter()
                .filter(|entry| entry.key_id == key_id)
                .min_by(|a, b| newest_first(a, b))
                .map(|entry| entry.key_name.as_str())
                .unwrap_or_default();
            json!({ "key_id": key_id, "key_name": name, "total_requests": count })
        })
        .collect()
}

fn top_paths(rows: &[&AuditEntry], limit: usize) -> Vec<Value> {
    ranked(rows.iter().map(|entry| entry.path.as_str()), limit)
        .into_iter()
        .map(|(path, count)| json!({ "path": path, "total_requests": count }))
        .collect()
}

fn blocked_reasons(rows: &[&AuditEntry], limit: usize) -> Vec<Value> {
    let rules: Vec<&str> = rows
        .iter()
        .filter(|entry| entry.is_blocked())
        .filter_map(|entry| entry.blocked_by_rule.as_deref())
        .collect();
    let total = rules.len() as u64;
    ranked(rules.into_iter(), limit)
        .into_iter()
        .map(|(rule, count)| {
            json!({
                "blocked_by_rule": rule,
                "count": count,
                "percentage": percentage(count, total),
            })
        })
        .collect()
}

fn rate_limit_stats(rows: &[&AuditEntry], blocked: u64, limit: usize) -> Value {
    let rules: Vec<&str> = rows
        .iter()
        .filter(|entry| entry.is_blocked())
        .filter_map(|entry| entry.blocked_by_rule.as_deref())
        .filter(|rule| like_rate_limit_prefix(rule))
        .collect();
    let total_hits = rules.len() as u64;
    let top_rules: Vec<Value> = ranked(rules.into_iter(), limit)
        .into_iter()
        .map(|(rule, count)| {
            json!({ "rule": rule, "hit_count": count, "percentage": percentage(count, total_hits) })
        })
        .collect();
    let mut stats = json!({
        "total_hits": total_hits,
        "percentage_of_blocked": percentage(total_hits, blocked),
    });
    if !top_rules.is_empty() {
        stats["top_rules"] = Value::Array(top_rules);
    }
    stats
}

/// SQL `rule LIKE 'rate_limit:%'`, where `_` matches any one character.
fn like_rate_limit_prefix(rule: &str) -> bool {
    const PATTERN: &str = "rate_limit:";
    let mut chars = rule.chars();
    PATTERN
        .chars()
        .all(|wanted| chars.next().is_some_and(|c| wanted == '_' || c == wanted))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_pattern() {
        assert!(like_rate_limit_prefix("rate_limit:10/10s"));
        assert!(like_rate_limit_prefix("rateXlimit:"));
        assert!(!like_rate_limit_prefix("10/10s"));
        assert!(!like_rate_limit_prefix("rate_limit"));
    }

    #[test]
    fn ranking_breaks_ties_ascending() {
        let ranked = ranked(["b", "a", "c", "c"].into_iter(), 2);
        assert_eq!(ranked, vec![("c", 2), ("a", 1)]);
    }
}
