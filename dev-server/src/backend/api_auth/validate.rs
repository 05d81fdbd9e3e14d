//! Input checks of the backend API-auth routes. Each failure is a 400 naming the field, found
//! before anything is stored.

use crate::backend::error::BackendError;
use crate::rate_limit::{window_length_ms, Mode, RateLimitRule, Unit};
use crate::store::model::RuleRow;

/// Longest `name`, revoke `reason`, permission, resource, endpoint or id, in characters.
pub const MAX_TEXT_CHARS: usize = 256;
/// Longest `description`, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 1024;
/// Longest app or scheme slug: 1–64 of `[A-Za-z0-9_-]`.
pub const MAX_SLUG_CHARS: usize = 64;
/// Longest key prefix: 1–32 of `[A-Za-z0-9_]`.
pub const MAX_PREFIX_CHARS: usize = 32;
/// Most entries of `permissions`, `resources`, `endpoints` or a scheme's `rules`.
pub const MAX_LIST_LEN: usize = 100;
/// Longest rate-limit window (30 days).
const MAX_WINDOW_MS: i64 = 30 * 86_400_000;

/// A trimmed, non-empty text of at most `max` characters.
pub fn text(field: &str, value: &str, max: usize) -> Result<String, BackendError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(BackendError::bad_request(format!(
            "{field} cannot be empty"
        )));
    }
    if value.chars().count() > max {
        return Err(BackendError::bad_request(format!(
            "{field} must be at most {max} characters"
        )));
    }
    Ok(value.to_string())
}

/// An optional text: `None` and `""` are absent, otherwise as [`text`].
pub fn optional_text(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, BackendError> {
    match value.map(str::trim).filter(|value| !value.is_empty()) {
        None => Ok(None),
        Some(value) => text(field, value, max).map(Some),
    }
}

/// An app or scheme slug: 1–64 of `[A-Za-z0-9_-]` (it is a path segment).
pub fn slug(field: &str, value: &str) -> Result<String, BackendError> {
    let ok = !value.is_empty()
        && value.len() <= MAX_SLUG_CHARS
        && value
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-');
    if ok {
        Ok(value.to_string())
    } else {
        Err(BackendError::bad_request(format!(
            "{field} must be 1-{MAX_SLUG_CHARS} characters of A-Z, a-z, 0-9, '_' or '-'"
        )))
    }
}

/// A key prefix: 1–32 of `[A-Za-z0-9_]` (secrets are `<prefix>_<random>`).
pub fn key_prefix(value: &str) -> Result<String, BackendError> {
    let ok = !value.is_empty()
        && value.len() <= MAX_PREFIX_CHARS
        && value
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_');
    if ok {
        Ok(value.to_string())
    } else {
        Err(BackendError::bad_request(format!(
            "key_prefix must be 1-{MAX_PREFIX_CHARS} characters of A-Z, a-z, 0-9 or '_'"
        )))
    }
}

/// A list of at most [`MAX_LIST_LEN`] texts, each as [`text`].
pub fn text_list(field: &str, values: &[String]) -> Result<Vec<String>, BackendError> {
    if values.len() > MAX_LIST_LEN {
        return Err(BackendError::bad_request(format!(
            "{field} must have at most {MAX_LIST_LEN} entries"
        )));
    }
    values
        .iter()
        .map(|value| text(field, value, MAX_TEXT_CHARS))
        .collect()
}

/// Per-unit caps of `duration` (the calendar units allow only 1).
fn max_duration(unit: Unit) -> i32 {
    match unit {
        Unit::Millisecond => 60_000,
        Unit::Second => 1_800,
        Unit::Minute => 1_440,
        Unit::Hour => 720,
        Unit::Day => 30,
        Unit::CalendarDay | Unit::Month | Unit::CalendarMonth => 1,
    }
}

/// A scheme's rules: 1–100 rules, each with a known unit and mode, `duration` and
/// `max_requests` above 0, `duration` within its unit's cap and the window at most 30 days.
pub fn rules(rows: Vec<RuleRow>) -> Result<Vec<RateLimitRule>, BackendError> {
    if rows.is_empty() || rows.len() > MAX_LIST_LEN {
        return Err(BackendError::bad_request(format!(
            "rules must have 1-{MAX_LIST_LEN} entries"
        )));
    }
    rows.into_iter()
        .enumerate()
        .map(|(index, row)| rule(index, row))
        .collect()
}

fn rule(index: usize, row: RuleRow) -> Result<RateLimitRule, BackendError> {
    let bad = |why: String| BackendError::bad_request(format!("rules[{index}]: {why}"));
    let unit = Unit::parse(&row.unit).ok_or_else(|| bad(format!("unknown unit '{}'", row.unit)))?;
    if let Some(mode) = row.mode.as_deref() {
        Mode::parse(Some(mode)).ok_or_else(|| bad(format!("unknown mode '{mode}'")))?;
    }
    if row.duration <= 0 || row.max_requests <= 0 {
        return Err(bad("duration and max_requests must be above 0".to_string()));
    }
    let cap = max_duration(unit);
    let window = window_length_ms(unit, i64::from(row.duration));
    if row.duration > cap || window.is_none_or(|window| window > MAX_WINDOW_MS) {
        return Err(bad(format!(
            "duration must be at most {cap} for unit {} and the window at most 30 days",
            row.unit
        )));
    }
    if let Some(endpoints) = &row.endpoints {
        text_list("endpoints", endpoints).map_err(|error| bad(error.message))?;
    }
    Ok(RateLimitRule::from(row))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(unit: &str, duration: i32) -> RuleRow {
        RuleRow {
            unit: unit.to_string(),
            duration,
            max_requests: 5,
            mode: Some("per_key".to_string()),
            endpoints: None,
            priority: 0,
        }
    }

    #[test]
    fn rule_limits() {
        assert!(rules(vec![row("second", 1800)]).is_ok());
        assert!(rules(vec![row("second", 1801)]).is_err());
        assert!(rules(vec![row("day", 30)]).is_ok());
        assert!(rules(vec![row("day", 31)]).is_err());
        assert!(rules(vec![row("calendar_month", 1)]).is_ok());
        assert!(rules(vec![row("calendar_month", 2)]).is_err());
        assert!(rules(vec![row("minute", 0)]).is_err());
        assert!(rules(vec![row("fortnight", 1)]).is_err());
        assert!(rules(Vec::new()).is_err());
        let mut bad_mode = row("second", 1);
        bad_mode.mode = Some("per_moon".to_string());
        assert!(rules(vec![bad_mode]).is_err());
    }

    #[test]
    fn slugs_and_prefixes() {
        assert!(slug("app_slug", "aa_42-x").is_ok());
        assert!(slug("app_slug", "").is_err());
        assert!(slug("app_slug", "a/b").is_err());
        assert!(slug("app_slug", &"a".repeat(65)).is_err());
        assert!(key_prefix("sk_live").is_ok());
        assert!(key_prefix("sk-live").is_err());
        assert!(text("name", &"é".repeat(256), MAX_TEXT_CHARS).is_ok());
        assert!(text("name", &"é".repeat(257), MAX_TEXT_CHARS).is_err());
        assert!(text("name", "  ", MAX_TEXT_CHARS).is_err());
    }
}
