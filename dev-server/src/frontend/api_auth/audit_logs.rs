//! `GET /api-auth/audit/logs` (wire contract §3.7): the session app's audit entries, newest first,
//! with keyset pagination.
//!
//! * `limit`: default 100, at most 1000; a non-numeric value counts as 0 like Go's `Atoi`, and
//!   the result is clamped to at least 1 (production panics on 0).
//! * `cursor` = base64url-no-pad of `"<unix_ms>|<request_id>"`; anything else → 400
//!   "invalid cursor". Legacy `cursor_ts` (RFC3339) + optional `cursor_id`.
//! * `outcome=allowed|blocked` (exact) selects both vocabularies; other values do not filter.
//! * `offset` (default 0) is only applied without a cursor.
//! * Request ids compare numerically (`req_` stripped).

use super::app_session::ActiveAppSession;
use super::audit_query::BaseFilter;
use crate::frontend::envelope::{self, FrontendError};
use crate::http::query::{query_int, query_param};
use crate::ids::now_ms;
use crate::state::AppState;
use crate::store::audit::{compare_request_ids, newest_first, AuditEntry};
use crate::store::Store;
use crate::timestamps::parse_rfc3339_ms;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use std::cmp::Ordering;

/// Default page size.
pub const DEFAULT_LIMIT: i64 = 100;
/// Largest page size.
pub const MAX_LIMIT: i64 = 1000;
/// Default window without `start_date`.
const DEFAULT_DAYS: i64 = 7;

/// A position in the newest-first order: entries strictly after it are returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// Timestamp (ms) of the last entry seen.
    pub timestamp_ms: i64,
    /// Its request id; `None` compares by timestamp only.
    pub request_id: Option<String>,
}

impl Cursor {
    /// The cursor pointing after `entry`.
    pub fn after(entry: &AuditEntry) -> Cursor {
        Cursor {
            timestamp_ms: entry.timestamp_ms,
            request_id: Some(entry.request_id.clone()),
        }
    }

    /// Wire form: base64url-no-pad of `"<unix_ms>|<request_id>"`.
    pub fn encode(&self) -> String {
        let id = self.request_id.as_deref().unwrap_or_default();
        URL_SAFE_NO_PAD.encode(format!("{}|{id}", self.timestamp_ms))
    }

    /// Parses the wire form; `None` when it is not base64url-no-pad of `<int>|<anything>`.
    pub fn decode(raw: &str) -> Option<Cursor> {
        let bytes = URL_SAFE_NO_PAD.decode(raw).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (ms, id) = text.split_once('|')?;
        Some(Cursor {
            timestamp_ms: ms.parse().ok()?,
            request_id: Some(id.to_string()).filter(|id| !id.is_empty()),
        })
    }

    /// `ts < T OR (ts = T AND request_id < ID)`.
    pub fn admits(&self, entry: &AuditEntry) -> bool {
        match entry.timestamp_ms.cmp(&self.timestamp_ms) {
            Ordering::Less => true,
            Ordering::Equal => self
                .request_id
                .as_deref()
                .is_some_and(|id| compare_request_ids(&entry.request_id, id) == Ordering::Less),
            Ordering::Greater => false,
        }
    }
}

/// `cursor`, else legacy `cursor_ts` + `cursor_id`; 400 on a malformed value.
fn parse_cursor(query: Option<&str>) -> Result<Option<Cursor>, FrontendError> {
    if let Some(raw) = query_param(query, "cursor").filter(|raw| !raw.is_empty()) {
        return Cursor::decode(&raw)
            .map(Some)
            .ok_or_else(|| FrontendError::bad_request("invalid cursor"));
    }
    match query_param(query, "cursor_ts").filter(|raw| !raw.is_empty()) {
        None => Ok(None),
        Some(raw) => {
            let timestamp_ms = parse_rfc3339_ms(&raw)
                .ok_or_else(|| FrontendError::bad_request("invalid cursor_ts (must be RFC3339)"))?;
            Ok(Some(Cursor {
                timestamp_ms,
                request_id: query_param(query, "cursor_id").filter(|id| !id.is_empty()),
            }))
        }
    }
}

/// `GET /api-auth/audit/logs` → `data: {data, limit, has_more, next_cursor?}`.
pub async fn get_logs(
    State(state): State<AppState>,
    ActiveAppSession(session): ActiveAppSession,
    uri: Uri,
) -> Result<Response, FrontendError> {
    let store = state.lock();
    let page = logs_page(
        &store,
        &session.deployment_id,
        &session.app_slug,
        uri.query(),
        now_ms(),
    )?;
    Ok(envelope::success(page))
}

/// One page of an app's audit entries for `query`: `{data, limit, has_more, next_cursor?}`
/// (entries as the frontend API writes them).
pub fn logs_page(
    store: &Store,
    deployment_id: &str,
    app_slug: &str,
    query: Option<&str>,
    now_ms: i64,
) -> Result<Value, FrontendError> {
    let limit = query_int(query, "limit", DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let offset = query_int(query, "offset", 0).max(0);
    let cursor = parse_cursor(query)?;
    let filter = BaseFilter::parse(query, deployment_id, app_slug, DEFAULT_DAYS, now_ms)?;
    let outcome = query_param(query, "outcome").unwrap_or_default();

    let mut rows: Vec<&AuditEntry> = store
        .audit_log
        .iter()
        .filter(|entry| filter.matches(entry))
        .filter(|entry| match outcome.as_str() {
            "allowed" => entry.is_allowed(),
            "blocked" => entry.is_blocked(),
            _ => true,
        })
        .filter(|entry| cursor.as_ref().is_none_or(|cursor| cursor.admits(entry)))
        .collect();
    rows.sort_by(|a, b| newest_first(a, b));

    // Both bounds are clamped to small non-negative values above.
    let limit = usize::try_from(limit).unwrap_or(1);
    let skip = if cursor.is_some() {
        0
    } else {
        usize::try_from(offset).unwrap_or(0)
    };
    let mut page: Vec<&AuditEntry> = rows.into_iter().skip(skip).take(limit + 1).collect();
    let has_more = page.len() > limit;
    page.truncate(limit);

    let data: Vec<Value> = page.iter().map(|entry| entry.to_json()).collect();
    let mut body = json!({ "data": data, "limit": limit, "has_more": has_more });
    if let Some(last) = page.last() {
        body["next_cursor"] = json!(Cursor::after(last).encode());
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trip() {
        let cursor = Cursor {
            timestamp_ms: 1_767_225_600_123,
            request_id: Some("req_42".to_string()),
        };
        assert_eq!(cursor.encode(), "MTc2NzIyNTYwMDEyM3xyZXFfNDI");
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        for bad in ["!!", "MTIz", "YWJjfHJlcQ", "MTIzfHg="] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }
}
