//! Gateway rate limiting (wire contract §6.2 step 4) with fixed windows: the rules, their windows and
//! the counters. A leaf: the store keeps schemes of [`RateLimitRule`]s and the [`Counters`], the
//! gateway ([`crate::gateway`]) evaluates and commits them.
//!
//! * Window length = duration × unit (`month` = 30 days). Non-calendar windows start at
//!   `floor(now / length) · length` (epoch-aligned, UTC). `calendar_day` windows start at UTC
//!   midnight, `calendar_month` windows at the first of the UTC month and last `duration` months.
//! * Rule name `"{max}/{win}"`, `win` = `"{ms}ms"` below one second else `"{s}s"`, using the
//!   nominal length (a calendar month is named `2592000s` like a 30-day month).
//! * Counter key by mode: per_app `app:{dep}:{slug}:{ms}`, per_key `key:{key_id}:{resource}:{ms}`,
//!   per_key_and_ip `key_ip:{key_id}:{ip}:{resource}:{ms}`, per_app_and_ip
//!   `app_ip:{dep}:{slug}:{ip}:{ms}`, per_ip `ip:{ip}:{ms}` (`{ms}` = nominal window length),
//!   then the rule ([`rule_counter_key`]): `:{max}`, plus `:{endpoints:?}` when the rule names
//!   endpoints. So every rule has its own counter, also next to a rule with the same mode and
//!   window; only identical rules share one.
//! * A check looks at every applicable rule first. If any rule is exhausted the request is
//!   blocked by the first such rule and **no** counter moves; otherwise every counter counts it
//!   once (a counter shared by identical rules too).

use chrono::{DateTime, Datelike, Months, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;

/// One rate-limit rule as shown to the frontend (wire contract §5.1).
#[derive(Debug, Clone, Serialize)]
pub struct RateLimitRule {
    /// `second`, `minute`, `day`, …
    pub unit: String,
    /// Number of units in the window.
    pub duration: i32,
    /// Requests allowed per window.
    pub max_requests: i32,
    /// `per_app`, `per_key`, …; omitted when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Resources the rule applies to (`*` or exact paths); absent = all. Not sent to clients.
    #[serde(skip)]
    pub endpoints: Option<Vec<String>>,
    /// Lower runs first at the gateway. Not sent to clients.
    #[serde(skip)]
    pub priority: i32,
}

/// Milliseconds per day.
const DAY_MS: i64 = 86_400_000;
/// Counters kept before expired ones are swept.
const SWEEP_AT: usize = 10_000;

/// Rate-limit unit (wire contract §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// 1 ms.
    Millisecond,
    /// 1 s.
    Second,
    /// 60 s.
    Minute,
    /// 3600 s.
    Hour,
    /// 86400 s, epoch-aligned.
    Day,
    /// A UTC calendar day.
    CalendarDay,
    /// 30 days.
    Month,
    /// A UTC calendar month.
    CalendarMonth,
}

impl Unit {
    /// Parses the wire name; unknown names give `None` (such a rule is ignored).
    pub fn parse(value: &str) -> Option<Unit> {
        Some(match value {
            "millisecond" => Unit::Millisecond,
            "second" => Unit::Second,
            "minute" => Unit::Minute,
            "hour" => Unit::Hour,
            "day" => Unit::Day,
            "calendar_day" => Unit::CalendarDay,
            "month" => Unit::Month,
            "calendar_month" => Unit::CalendarMonth,
            _ => return None,
        })
    }

    /// Nominal length of one unit in ms.
    pub fn unit_ms(self) -> i64 {
        match self {
            Unit::Millisecond => 1,
            Unit::Second => 1_000,
            Unit::Minute => 60_000,
            Unit::Hour => 3_600_000,
            Unit::Day | Unit::CalendarDay => DAY_MS,
            Unit::Month | Unit::CalendarMonth => 30 * DAY_MS,
        }
    }
}

/// Who a counter counts (wire contract §6.2; `per_ip` exists only in the Go model).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// All keys of the app share one counter (the default when `mode` is absent).
    PerApp,
    /// One counter per key and resource.
    PerKey,
    /// One counter per key, client IP and resource.
    PerKeyAndIp,
    /// One counter per app and client IP.
    PerAppAndIp,
    /// One counter per client IP.
    PerIp,
}

impl Mode {
    /// Parses the wire name; absent → per_app, unknown → `None` (the rule is ignored).
    pub fn parse(value: Option<&str>) -> Option<Mode> {
        Some(match value {
            None | Some("per_app") => Mode::PerApp,
            Some("per_key") => Mode::PerKey,
            Some("per_key_and_ip") => Mode::PerKeyAndIp,
            Some("per_app_and_ip") => Mode::PerAppAndIp,
            Some("per_ip") => Mode::PerIp,
            Some(_) => return None,
        })
    }
}

/// A fixed window `[start_ms, end_ms)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First ms of the window.
    pub start_ms: i64,
    /// First ms after the window (when the counter resets).
    pub end_ms: i64,
}

/// Nominal window length (duration × unit), `None` unless `duration > 0`.
pub fn window_length_ms(unit: Unit, duration: i64) -> Option<i64> {
    if duration <= 0 {
        return None;
    }
    duration.checked_mul(unit.unit_ms())
}

/// The window containing `now_ms` (see the module docs), `None` for a non-positive duration.
pub fn window(unit: Unit, duration: i64, now_ms: i64) -> Option<Window> {
    let length = window_length_ms(unit, duration)?;
    if unit == Unit::CalendarMonth {
        return calendar_month_window(duration, now_ms);
    }
    // Epoch-aligned: a `calendar_day` window (length = whole days) starts at UTC midnight.
    let start_ms = now_ms.div_euclid(length) * length;
    Some(Window {
        start_ms,
        end_ms: start_ms.checked_add(length)?,
    })
}

/// From the first of the current UTC month to the first of the month `duration` months later.
fn calendar_month_window(duration: i64, now_ms: i64) -> Option<Window> {
    let now = DateTime::from_timestamp_millis(now_ms)?;
    let first = NaiveDate::from_ymd_opt(now.year(), now.month(), 1)?;
    let next = first.checked_add_months(Months::new(u32::try_from(duration).ok()?))?;
    let midnight_ms = |date: NaiveDate| {
        date.and_hms_opt(0, 0, 0)
            .map(|datetime| datetime.and_utc().timestamp_millis())
    };
    Some(Window {
        start_ms: midnight_ms(first)?,
        end_ms: midnight_ms(next)?,
    })
}

/// `"{ms}ms"` below one second, else `"{s}s"` (whole seconds).
pub fn window_label(length_ms: i64) -> String {
    if length_ms < 1000 {
        format!("{length_ms}ms")
    } else {
        format!("{}s", length_ms / 1000)
    }
}

/// What a counter key is made of.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// Deployment of the key.
    pub deployment_id: &'a str,
    /// App of the key.
    pub app_slug: &'a str,
    /// Key id.
    pub key_id: &'a str,
    /// Normalised resource path.
    pub resource: &'a str,
    /// Client IP (as reported or seen).
    pub client_ip: &'a str,
}

/// The counter key for `mode` and a window of `length_ms`.
pub fn counter_key(mode: Mode, subject: &Subject<'_>, length_ms: i64) -> String {
    let Subject {
        deployment_id: dep,
        app_slug: slug,
        key_id,
        resource,
        client_ip: ip,
    } = *subject;
    match mode {
        Mode::PerApp => format!("app:{dep}:{slug}:{length_ms}"),
        Mode::PerKey => format!("key:{key_id}:{resource}:{length_ms}"),
        Mode::PerKeyAndIp => format!("key_ip:{key_id}:{ip}:{resource}:{length_ms}"),
        Mode::PerAppAndIp => format!("app_ip:{dep}:{slug}:{ip}:{length_ms}"),
        Mode::PerIp => format!("ip:{ip}:{length_ms}"),
    }
}

/// The counter key of `rule` for `mode` and a window of `length_ms`: [`counter_key`] plus the
/// rule's limit and, when it has them, its endpoints, so rules that differ only in those still
/// count apart.
pub fn rule_counter_key(
    rule: &RateLimitRule,
    mode: Mode,
    subject: &Subject<'_>,
    length_ms: i64,
) -> String {
    let key = counter_key(mode, subject, length_ms);
    match &rule.endpoints {
        None => format!("{key}:{}", rule.max_requests),
        Some(endpoints) => format!("{key}:{}:{endpoints:?}", rule.max_requests),
    }
}

/// The gateway default when the key's scheme is missing: 1000 per minute, per_app.
pub fn default_rules() -> Vec<RateLimitRule> {
    vec![RateLimitRule {
        unit: "minute".to_string(),
        duration: 1,
        max_requests: 1000,
        mode: Some("per_app".to_string()),
        endpoints: None,
        priority: 0,
    }]
}

/// Rules of a scheme that apply to `resource` (`endpoints` absent, `*` or an exact match),
/// sorted by `priority` (stable, so equal priorities keep the scheme's order).
pub fn applicable_rules(rules: &[RateLimitRule], resource: &str) -> Vec<RateLimitRule> {
    let mut matching: Vec<RateLimitRule> = rules
        .iter()
        .filter(|rule| {
            rule.endpoints.as_ref().is_none_or(|endpoints| {
                endpoints
                    .iter()
                    .any(|endpoint| endpoint == "*" || endpoint == resource)
            })
        })
        .cloned()
        .collect();
    matching.sort_by_key(|rule| rule.priority);
    matching
}

/// One entry of the response's and the audit entry's `rate_limits`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleState {
    /// Rule name, e.g. `10/10s`.
    pub rule: String,
    /// Requests left in the window after this check.
    pub remaining: i64,
    /// The rule's maximum.
    pub limit: i64,
}

/// One rule evaluated for one request.
#[derive(Debug, Clone)]
pub struct RuleCheck {
    /// Rule name, e.g. `10/10s`.
    pub name: String,
    /// Window label for the `X-RateLimit-<label>-*` headers, e.g. `10s`.
    pub label: String,
    /// The rule's maximum.
    pub limit: i64,
    /// Requests already counted in the current window.
    pub count: i64,
    /// Counter key.
    pub key: String,
    /// Current window.
    pub window: Window,
}

impl RuleCheck {
    /// True when one more request would exceed the rule.
    pub fn exhausted(&self) -> bool {
        self.count >= self.limit
    }
}

/// The outcome of all rules for one request; nothing is counted until [`Counters::commit`].
#[derive(Debug, Clone)]
pub struct Decision {
    /// Every applicable rule in priority order.
    pub checks: Vec<RuleCheck>,
    /// Name of the first exhausted rule, if any.
    pub blocked_by: Option<String>,
}

impl Decision {
    /// True when no rule is exhausted.
    pub fn allowed(&self) -> bool {
        self.blocked_by.is_none()
    }

    /// `rate_limits` entries: remaining after this request when allowed (it is counted), else
    /// what is left without it.
    pub fn states(&self) -> Vec<RuleState> {
        let used = i64::from(self.allowed());
        self.checks
            .iter()
            .map(|check| RuleState {
                rule: check.name.clone(),
                remaining: (check.limit - check.count - used).max(0),
                limit: check.limit,
            })
            .collect()
    }

    /// Seconds until every exhausted rule has reset (at least 1), `None` when allowed.
    pub fn retry_after_seconds(&self, now_ms: i64) -> Option<i64> {
        self.checks
            .iter()
            .filter(|check| check.exhausted())
            .map(|check| ceil_seconds(check.window.end_ms - now_ms).max(1))
            .max()
    }
}

/// `ms` rounded up to whole seconds.
pub fn ceil_seconds(ms: i64) -> i64 {
    ms.div_euclid(1000) + i64::from(ms.rem_euclid(1000) != 0)
}

#[derive(Debug, Clone, Copy)]
struct Counter {
    window: Window,
    count: i64,
}

/// Fixed-window counters, in memory only (they restart empty with the process).
#[derive(Debug, Default)]
pub struct Counters {
    counters: HashMap<String, Counter>,
}

impl Counters {
    /// Requests counted under `key` in `window`.
    pub fn count(&self, key: &str, window: Window) -> i64 {
        self.counters
            .get(key)
            .filter(|counter| counter.window == window)
            .map_or(0, |counter| counter.count)
    }

    /// Evaluates `rules` (already filtered and sorted) for `subject` at `now_ms`.
    pub fn evaluate(
        &self,
        rules: &[RateLimitRule],
        subject: &Subject<'_>,
        now_ms: i64,
    ) -> Decision {
        let mut checks = Vec::with_capacity(rules.len());
        for rule in rules {
            let (Some(unit), Some(mode)) =
                (Unit::parse(&rule.unit), Mode::parse(rule.mode.as_deref()))
            else {
                continue;
            };
            let duration = i64::from(rule.duration);
            let (Some(length), Some(window)) = (
                window_length_ms(unit, duration),
                window(unit, duration, now_ms),
            ) else {
                continue;
            };
            let key = rule_counter_key(rule, mode, subject, length);
            let label = window_label(length);
            checks.push(RuleCheck {
                name: format!("{}/{label}", rule.max_requests),
                label,
                limit: i64::from(rule.max_requests),
                count: self.count(&key, window),
                key,
                window,
            });
        }
        let blocked_by = checks
            .iter()
            .find(|check| check.exhausted())
            .map(|check| check.name.clone());
        Decision { checks, blocked_by }
    }

    /// Drops the counters whose window has ended at `now_ms` (they would restart at 0 anyway).
    pub fn prune(&mut self, now_ms: i64) {
        self.counters
            .retain(|_, counter| counter.window.end_ms > now_ms);
    }

    /// Number of counters kept.
    pub fn len(&self) -> usize {
        self.counters.len()
    }

    /// True when no counter is kept.
    pub fn is_empty(&self) -> bool {
        self.counters.is_empty()
    }

    /// Counts the request once in the counter of every rule of an allowed decision (identical
    /// rules share a counter, which still counts it once); a blocked one counts nowhere.
    pub fn commit(&mut self, decision: &Decision, now_ms: i64) {
        if !decision.allowed() {
            return;
        }
        if self.counters.len() >= SWEEP_AT {
            self.prune(now_ms);
        }
        let mut counted: Vec<&str> = Vec::with_capacity(decision.checks.len());
        for check in &decision.checks {
            if counted.contains(&check.key.as_str()) {
                continue;
            }
            counted.push(&check.key);
            let counter = self.counters.entry(check.key.clone()).or_insert(Counter {
                window: check.window,
                count: 0,
            });
            if counter.window != check.window {
                *counter = Counter {
                    window: check.window,
                    count: 0,
                };
            }
            counter.count += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceil_to_seconds() {
        assert_eq!(ceil_seconds(0), 0);
        assert_eq!(ceil_seconds(1), 1);
        assert_eq!(ceil_seconds(1000), 1);
        assert_eq!(ceil_seconds(1001), 2);
    }

    /// Counters of ended windows stay until 10 000 are kept ([`SWEEP_AT`]); then the next
    /// commit drops them, so memory stays bounded between two prunes.
    #[test]
    fn commit_sweeps_ended_windows_at_the_threshold() {
        let rules = [RateLimitRule {
            unit: "minute".to_string(),
            duration: 1,
            max_requests: 5,
            mode: Some("per_key".to_string()),
            endpoints: None,
            priority: 0,
        }];
        let first_minute = 1_767_225_600_000;
        let next_minute = first_minute + 60_000;
        let mut counters = Counters::default();
        let commit = |counters: &mut Counters, key_id: &str, now_ms: i64| {
            let subject = Subject {
                deployment_id: "42",
                app_slug: "aa_42",
                key_id,
                resource: "/a",
                client_ip: "10.0.0.1",
            };
            let decision = counters.evaluate(&rules, &subject, now_ms);
            counters.commit(&decision, now_ms);
        };
        for key in 0..SWEEP_AT - 1 {
            commit(&mut counters, &key.to_string(), first_minute);
        }
        assert!(!counters.is_empty());
        // Below the threshold an ended window's counter is kept.
        commit(&mut counters, "next", next_minute);
        assert_eq!(counters.len(), SWEEP_AT);
        // At it, the ended ones go; the live one stays and the new one is added.
        commit(&mut counters, "after", next_minute);
        assert_eq!(counters.len(), 2);
    }

    #[test]
    fn modes_and_units_parse() {
        assert_eq!(Mode::parse(None), Some(Mode::PerApp));
        assert_eq!(Mode::parse(Some("per_ip")), Some(Mode::PerIp));
        assert_eq!(Mode::parse(Some("nope")), None);
        assert_eq!(Unit::parse("calendar_month"), Some(Unit::CalendarMonth));
        assert_eq!(Unit::parse("week"), None);
        assert_eq!(window(Unit::Second, 0, 5), None);
    }
}
