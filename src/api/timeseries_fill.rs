//! Zero-filling audit timeseries for charts: the server returns only non-empty buckets, a chart
//! wants one bar per bucket. Buckets are UTC, as the server computes them (weeks start Sunday).
//!
//! The date arithmetic is the small proleptic-Gregorian conversion (days ↔ civil date) written
//! out here rather than a date crate, to keep the wasm module small; it is covered by tests.

use crate::error::ClientError;
use crate::json::Value;

/// Most buckets one fill may produce (a year of hours); more is almost surely a wrong range.
pub const MAX_BUCKETS: usize = 10_000;

/// A bucket width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    /// One minute.
    Minute,
    /// One hour.
    Hour,
    /// One UTC day.
    Day,
    /// One week starting Sunday 00:00 UTC.
    Week,
    /// One calendar month (UTC).
    Month,
}

impl Interval {
    /// Parses an interval name; unknown names mean `hour`, as on the server.
    pub fn parse(name: &str) -> Interval {
        match name {
            "minute" => Interval::Minute,
            "day" => Interval::Day,
            "week" => Interval::Week,
            "month" => Interval::Month,
            _ => Interval::Hour,
        }
    }
}

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
const DAY_MS: i64 = 24 * HOUR_MS;

/// Days since 1970-01-01 of a civil date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date (year, month 1–12, day 1–31) of days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The decimal number in `text[from..from + len]`, which must be all ASCII digits.
fn number(text: &str, from: usize, len: usize) -> Option<i64> {
    let digits = crate::decimal::parse_digits(text.get(from..from + len)?, len)?;
    i64::try_from(digits).ok()
}

/// Milliseconds since the epoch of `YYYY-MM-DD`, or RFC 3339 `YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|±HH:MM]`
/// (a missing offset means UTC).
pub fn parse_timestamp_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    let (year, month, day) = (
        number(text, 0, 4)?,
        number(text, 5, 2)?,
        number(text, 8, 2)?,
    );
    if text.get(4..5) != Some("-")
        || text.get(7..8) != Some("-")
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
    {
        return None;
    }
    let date_ms = days_from_civil(year, month, day) * DAY_MS;
    if text.len() == 10 {
        return Some(date_ms);
    }
    if !matches!(text.get(10..11), Some("T" | "t" | " "))
        || text.get(13..14) != Some(":")
        || text.get(16..17) != Some(":")
    {
        return None;
    }
    let (hour, minute, second) = (
        number(text, 11, 2)?,
        number(text, 14, 2)?,
        number(text, 17, 2)?,
    );
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = text.get(19..)?;
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        // Milliseconds: the first three digits, padded with zeros ("5" is 500 ms).
        let shown = digits.min(3);
        millis = number(fraction, 0, shown)? * 10_i64.pow(3 - shown as u32);
        rest = fraction.get(digits..)?;
    }
    let offset_ms = match rest {
        "" | "Z" | "z" => 0,
        _ => {
            let sign = match rest.get(0..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.get(3..4) != Some(":") {
                return None;
            }
            sign * (number(rest, 1, 2)? * HOUR_MS + number(rest, 4, 2)? * MINUTE_MS)
        }
    };
    Some(date_ms + hour * HOUR_MS + minute * MINUTE_MS + second * 1000 + millis - offset_ms)
}

/// `YYYY-MM-DDTHH:MM:SSZ` of a millisecond timestamp (UTC).
pub fn format_timestamp(ms: i64) -> String {
    let days = ms.div_euclid(DAY_MS);
    let in_day = ms.rem_euclid(DAY_MS);
    let (year, month, day) = civil_from_days(days);
    let mut text = String::with_capacity(20);
    push_padded(&mut text, year, 4);
    text.push('-');
    push_padded(&mut text, month, 2);
    text.push('-');
    push_padded(&mut text, day, 2);
    text.push('T');
    push_padded(&mut text, in_day / HOUR_MS, 2);
    text.push(':');
    push_padded(&mut text, (in_day % HOUR_MS) / MINUTE_MS, 2);
    text.push(':');
    push_padded(&mut text, (in_day % MINUTE_MS) / 1000, 2);
    text.push('Z');
    text
}

/// Appends `n` as `format!("{n:0width$}")` would (the sign counts in the width), without
/// `core::fmt`.
fn push_padded(text: &mut String, n: i64, width: usize) {
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(n.unsigned_abs());
    let mut len = digits.len();
    if n < 0 {
        text.push('-');
        len += 1;
    }
    for _ in len..width {
        text.push('0');
    }
    text.push_str(digits);
}

/// Start of the bucket containing `ms`.
pub fn bucket_start(ms: i64, interval: Interval) -> i64 {
    match interval {
        Interval::Minute => ms - ms.rem_euclid(MINUTE_MS),
        Interval::Hour => ms - ms.rem_euclid(HOUR_MS),
        Interval::Day => ms - ms.rem_euclid(DAY_MS),
        Interval::Week => {
            let days = ms.div_euclid(DAY_MS);
            // 1970-01-01 was a Thursday: (days + 4) mod 7 is 0 on Sundays.
            (days - (days + 4).rem_euclid(7)) * DAY_MS
        }
        Interval::Month => {
            let (year, month, _) = civil_from_days(ms.div_euclid(DAY_MS));
            days_from_civil(year, month, 1) * DAY_MS
        }
    }
}

/// Start of the bucket after the one starting at `start`.
fn next_bucket(start: i64, interval: Interval) -> i64 {
    match interval {
        Interval::Minute => start + MINUTE_MS,
        Interval::Hour => start + HOUR_MS,
        Interval::Day => start + DAY_MS,
        Interval::Week => start + 7 * DAY_MS,
        Interval::Month => {
            let (year, month, _) = civil_from_days(start.div_euclid(DAY_MS));
            let (year, month) = if month == 12 {
                (year + 1, 1)
            } else {
                (year, month + 1)
            };
            days_from_civil(year, month, 1) * DAY_MS
        }
    }
}

/// A `TimeseriesPoint` of an empty bucket.
fn zero_point(timestamp: &str) -> Value {
    let zero = Value::from_f64(0.0);
    Value::object_of(&[
        ("timestamp", Value::string(timestamp)),
        ("total_requests", zero.clone()),
        ("allowed_requests", zero.clone()),
        ("blocked_requests", zero.clone()),
        ("success_rate", zero),
    ])
}

/// One point per bucket from the bucket of `start` to the bucket of `end` (inclusive): the
/// server's point where there is one, zeros elsewhere. Points outside the range are kept in
/// order too, so nothing the server sent is lost.
pub fn zero_fill(
    points: &[Value],
    interval: Interval,
    start: &str,
    end: &str,
) -> Result<Vec<Value>, ClientError> {
    let parse = |name: &str, value: &str| {
        parse_timestamp_ms(value).ok_or_else(|| {
            ClientError::invalid_argument(
                [
                    name,
                    " must be a date or RFC 3339 timestamp, got \"",
                    value,
                    "\"",
                ]
                .concat(),
            )
        })
    };
    let (start_ms, end_ms) = (parse("start", start)?, parse("end", end)?);
    if end_ms < start_ms {
        return Err(ClientError::invalid_argument(
            "end must not be before start",
        ));
    }
    // Every bucket of the range, oldest first.
    let (first, last) = (
        bucket_start(start_ms, interval),
        bucket_start(end_ms, interval),
    );
    let mut starts = Vec::new();
    let mut bucket = first;
    while bucket <= last {
        if starts.len() >= MAX_BUCKETS {
            return Err(ClientError::invalid_argument(
                [
                    "the range spans more than ",
                    itoa::Buffer::new().format(MAX_BUCKETS as u64),
                    " buckets",
                ]
                .concat(),
            ));
        }
        starts.push(bucket);
        bucket = next_bucket(bucket, interval);
    }
    // The server's points into their buckets (a later point for the same bucket wins); points
    // outside the range or without a readable timestamp are kept, in the server's order.
    let mut slots: Vec<Option<Value>> = vec![None; starts.len()];
    let (mut before, mut after, mut unparsed) = (Vec::new(), Vec::new(), Vec::new());
    for point in points {
        let timestamp = point.string_at("timestamp").unwrap_or_default();
        let Some(ms) = parse_timestamp_ms(&timestamp) else {
            unparsed.push(point.clone());
            continue;
        };
        let bucket = bucket_start(ms, interval);
        match starts.binary_search(&bucket) {
            Ok(index) => {
                if let Some(slot) = slots.get_mut(index) {
                    *slot = Some(point.clone());
                }
            }
            Err(_) if bucket < first => before.push(point.clone()),
            Err(_) => after.push(point.clone()),
        }
    }
    let mut filled = before;
    for (start, slot) in starts.iter().zip(slots) {
        filled.push(slot.unwrap_or_else(|| zero_point(&format_timestamp(*start))));
    }
    filled.extend(after);
    filled.extend(unparsed);
    Ok(filled)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn point(timestamp: &str, total: u64) -> Value {
        Value::from(
            serde_json::json!({"timestamp": timestamp, "total_requests": total,
            "allowed_requests": total, "blocked_requests": 0, "success_rate": 100.0}),
        )
    }

    fn total(point: &Value) -> u64 {
        point.get("total_requests").as_f64().unwrap_or(-1.0) as u64
    }

    #[test]
    fn parses_the_formats_servers_use() {
        assert_eq!(parse_timestamp_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_timestamp_ms("2026-11-22T06:17:32.123Z"),
            Some(1_795_328_252_123)
        );
        assert_eq!(
            parse_timestamp_ms("2026-11-22T06:17:32.123456789Z"),
            Some(1_795_328_252_123)
        );
        assert_eq!(
            parse_timestamp_ms("2026-11-22T08:17:32.1+02:00"),
            Some(1_795_328_252_100)
        );
        assert_eq!(
            parse_timestamp_ms("2026-11-22 06:17:32"),
            Some(1_795_328_252_000)
        );
        assert_eq!(parse_timestamp_ms("2026-11-22"), Some(1_795_305_600_000));
        assert_eq!(
            parse_timestamp_ms("2000-02-29T00:00:00Z"),
            Some(951_782_400_000)
        );
        for bad in [
            "",
            "2026-13-01",
            "2026-1-01",
            "2026-11-22T25:00:00Z",
            "2026-11-22T06:17:32+0200",
            "yesterday",
            "2026-11-22T06:17:32.Z",
        ] {
            assert_eq!(parse_timestamp_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn civil_conversion_round_trips() {
        for days in [-800_000, -1, 0, 59, 60, 11_016, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(format_timestamp(1_795_328_252_123), "2026-11-22T06:17:32Z");
    }

    #[test]
    fn buckets_are_utc_and_weeks_start_on_sunday() {
        let t = parse_timestamp_ms("2026-11-25T13:45:10Z").unwrap(); // a Wednesday
        assert_eq!(
            format_timestamp(bucket_start(t, Interval::Minute)),
            "2026-11-25T13:45:00Z"
        );
        assert_eq!(
            format_timestamp(bucket_start(t, Interval::Hour)),
            "2026-11-25T13:00:00Z"
        );
        assert_eq!(
            format_timestamp(bucket_start(t, Interval::Day)),
            "2026-11-25T00:00:00Z"
        );
        assert_eq!(
            format_timestamp(bucket_start(t, Interval::Week)),
            "2026-11-22T00:00:00Z"
        );
        assert_eq!(
            format_timestamp(bucket_start(t, Interval::Month)),
            "2026-11-01T00:00:00Z"
        );
        let sunday = parse_timestamp_ms("2026-11-22T00:00:00Z").unwrap();
        assert_eq!(bucket_start(sunday, Interval::Week), sunday);
        assert_eq!(
            format_timestamp(next_bucket(
                parse_timestamp_ms("2026-12-01").unwrap(),
                Interval::Month
            )),
            "2027-01-01T00:00:00Z"
        );
        assert_eq!(Interval::parse("fortnight"), Interval::Hour);
    }

    #[test]
    fn fills_missing_buckets_with_zeros_and_keeps_server_points() {
        let points = vec![
            point("2026-11-20T00:00:00Z", 4),
            point("2026-11-22T00:00:00.000Z", 2),
        ];
        let filled = zero_fill(
            &points,
            Interval::Day,
            "2026-11-19",
            "2026-11-22T23:59:59.999Z",
        )
        .unwrap();
        let totals: Vec<(String, u64)> = filled
            .iter()
            .map(|p| (p.string_at("timestamp").unwrap(), total(p)))
            .collect();
        assert_eq!(
            totals,
            vec![
                ("2026-11-19T00:00:00Z".to_string(), 0),
                ("2026-11-20T00:00:00Z".to_string(), 4),
                ("2026-11-21T00:00:00Z".to_string(), 0),
                ("2026-11-22T00:00:00.000Z".to_string(), 2),
            ]
        );
        let outside = zero_fill(
            &[point("2026-10-01T00:00:00Z", 1)],
            Interval::Day,
            "2026-11-01",
            "2026-11-01",
        )
        .unwrap();
        assert_eq!(outside.len(), 2);
        assert_eq!(total(&outside[0]), 1);
    }

    #[test]
    fn unordered_and_repeated_points_land_in_their_buckets_the_later_one_winning() {
        let filled = zero_fill(
            &[
                point("2026-11-22T00:00:00Z", 2),
                point("2026-11-21T00:00:00Z", 1),
                point("2026-11-22T05:00:00Z", 7),
                point("2026-12-01T00:00:00Z", 9),
                point("2026-11-01T00:00:00Z", 8),
            ],
            Interval::Day,
            "2026-11-20",
            "2026-11-22",
        )
        .unwrap();
        let totals: Vec<u64> = filled.iter().map(total).collect();
        assert_eq!(totals, vec![8, 0, 1, 7, 9], "before, the range, after");
    }

    #[test]
    fn refuses_bad_ranges() {
        assert!(zero_fill(&[], Interval::Day, "2026-11-02", "2026-11-01").is_err());
        assert!(zero_fill(&[], Interval::Minute, "2020-01-01", "2026-01-01").is_err());
        assert!(zero_fill(&[], Interval::Day, "soon", "2026-01-01").is_err());
    }
}
