//! Timestamps on the wire: RFC3339 output with milliseconds and `Z`, and the input formats the
//! frontend API accepts (Go's `time.RFC3339` and the audit date layouts of wire contract §3.7).
//! Every stored time is an `i64` of milliseconds since the Unix epoch (UTC).

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat};

/// `2026-07-01T12:00:00.000Z` for a ms timestamp (out-of-range values render as the epoch).
pub fn format_ms(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses RFC3339 like Go's `time.Parse(time.RFC3339, …)`: `T` separator, `Z` or a numeric
/// offset, optional fractional seconds (truncated to ms). `None` when it does not parse.
pub fn parse_rfc3339_ms(value: &str) -> Option<i64> {
    // chrono also accepts a space or `t` as separator; Go does not.
    if value.as_bytes().get(10) != Some(&b'T') {
        return None;
    }
    DateTime::parse_from_rfc3339(value)
        .ok()
        .map(|parsed| parsed.timestamp_millis())
}

/// Parses an audit `start_date`/`end_date`: RFC3339, `YYYY-MM-DD` (UTC midnight) or
/// `YYYY-MM-DD HH:MM:SS` (UTC). `None` when none of them matches.
pub fn parse_audit_date_ms(value: &str) -> Option<i64> {
    if let Some(ms) = parse_rfc3339_ms(value) {
        return Some(ms);
    }
    match value.len() {
        10 if has_date_shape(value) => NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .ok()
            .and_then(|date| date.and_hms_opt(0, 0, 0))
            .map(|datetime| datetime.and_utc().timestamp_millis()),
        19 if has_date_shape(value) && has_time_shape(&value[10..]) => {
            NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M:%S")
                .ok()
                .map(|datetime| datetime.and_utc().timestamp_millis())
        }
        _ => None,
    }
}

/// `DDDD-DD-DD` at the start of `value` (Go's layouts want exactly these widths).
fn has_date_shape(value: &str) -> bool {
    shape_matches(&value.as_bytes()[..10], b"0000-00-00")
}

/// ` DD:DD:DD`.
fn has_time_shape(value: &str) -> bool {
    shape_matches(value.as_bytes(), b" 00:00:00")
}

/// Every `0` in `pattern` is a digit in `bytes`, every other byte is equal.
fn shape_matches(bytes: &[u8], pattern: &[u8]) -> bool {
    bytes.len() == pattern.len()
        && bytes
            .iter()
            .zip(pattern)
            .all(|(byte, expected)| match expected {
                b'0' => byte.is_ascii_digit(),
                other => byte == other,
            })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_millis_and_z() {
        assert_eq!(format_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_ms(1_767_225_600_123), "2026-01-01T00:00:00.123Z");
    }

    #[test]
    fn parses_go_rfc3339() {
        assert_eq!(
            parse_rfc3339_ms("2026-01-01T00:00:00Z"),
            Some(1_767_225_600_000)
        );
        assert_eq!(
            parse_rfc3339_ms("2026-01-01T01:00:00.5+01:00"),
            Some(1_767_225_600_500)
        );
        assert_eq!(
            parse_rfc3339_ms("2026-01-01T00:00:00.123456789Z"),
            Some(1_767_225_600_123)
        );
        for bad in [
            "2026-01-01 00:00:00Z",
            "2026-01-01",
            "tomorrow",
            "",
            "2026-13-01T00:00:00Z",
        ] {
            assert_eq!(parse_rfc3339_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn parses_audit_dates() {
        assert_eq!(parse_audit_date_ms("2026-01-01"), Some(1_767_225_600_000));
        assert_eq!(
            parse_audit_date_ms("2026-01-01 00:00:01"),
            Some(1_767_225_601_000)
        );
        assert_eq!(
            parse_audit_date_ms("2026-01-01T00:00:02Z"),
            Some(1_767_225_602_000)
        );
        for bad in [
            "2026-1-01",
            "2026-01-01 0:00:00",
            "01/02/2026",
            "2026-02-30",
        ] {
            assert_eq!(parse_audit_date_ms(bad), None, "{bad}");
        }
    }
}
