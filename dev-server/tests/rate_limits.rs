//! Rate-limit windows, names, counter keys and modes (wire contract §6.2 step 4), tested on the
//! functions the gateway uses, with fixed timestamps.

use wacht_dev_server::rate_limit::{
    counter_key, rule_counter_key, window, window_label, window_length_ms, Counters, Mode,
    RateLimitRule, Subject, Unit, Window,
};
use wacht_dev_server::timestamps::{format_ms, parse_rfc3339_ms};

fn at(value: &str) -> i64 {
    parse_rfc3339_ms(value).expect("timestamp")
}

fn span(window: Window) -> (String, String) {
    (format_ms(window.start_ms), format_ms(window.end_ms))
}

#[test]
fn window_length_and_label_per_unit() {
    let table = [
        (Unit::Millisecond, 500, 500, "500ms"),
        (Unit::Millisecond, 1000, 1000, "1s"),
        (Unit::Second, 1, 1_000, "1s"),
        (Unit::Second, 10, 10_000, "10s"),
        (Unit::Minute, 1, 60_000, "60s"),
        (Unit::Minute, 5, 300_000, "300s"),
        (Unit::Hour, 1, 3_600_000, "3600s"),
        (Unit::Day, 1, 86_400_000, "86400s"),
        (Unit::CalendarDay, 1, 86_400_000, "86400s"),
        (Unit::Month, 1, 2_592_000_000, "2592000s"),
        (Unit::CalendarMonth, 1, 2_592_000_000, "2592000s"),
    ];
    // A Wednesday in the middle of a month, mid-day.
    let now = at("2026-03-18T13:37:42.123Z");
    for (unit, duration, length, label) in table {
        assert_eq!(
            window_length_ms(unit, duration),
            Some(length),
            "{unit:?} {duration}"
        );
        assert_eq!(window_label(length), label, "{unit:?} {duration}");
        let current = window(unit, duration, now).expect("window");
        assert!(
            current.start_ms <= now && now < current.end_ms,
            "{unit:?} {current:?}"
        );
        if unit != Unit::CalendarMonth {
            // Fixed, epoch-aligned windows of exactly the nominal length.
            assert_eq!(current.end_ms - current.start_ms, length, "{unit:?}");
            assert_eq!(current.start_ms % length, 0, "{unit:?}");
        }
    }
    assert_eq!(
        span(window(Unit::Second, 10, now).expect("w")),
        (
            "2026-03-18T13:37:40.000Z".to_string(),
            "2026-03-18T13:37:50.000Z".to_string()
        )
    );
    assert_eq!(
        span(window(Unit::Millisecond, 500, now).expect("w")),
        (
            "2026-03-18T13:37:42.000Z".to_string(),
            "2026-03-18T13:37:42.500Z".to_string()
        )
    );
    assert_eq!(
        span(window(Unit::Hour, 1, now).expect("w")),
        (
            "2026-03-18T13:00:00.000Z".to_string(),
            "2026-03-18T14:00:00.000Z".to_string()
        )
    );
    // `month` is 30 days from the epoch, not a calendar month.
    let month = window(Unit::Month, 1, now).expect("w");
    assert_ne!(format_ms(month.start_ms), "2026-03-01T00:00:00.000Z");
    assert_eq!(month.end_ms - month.start_ms, 30 * 86_400_000);
    for unit in [Unit::Second, Unit::CalendarMonth] {
        assert_eq!(window(unit, 0, now), None);
        assert_eq!(window(unit, -1, now), None);
    }
}

#[test]
fn calendar_day_resets_at_utc_midnight() {
    let before = window(Unit::CalendarDay, 1, at("2026-03-15T23:59:59.999Z")).expect("w");
    let after = window(Unit::CalendarDay, 1, at("2026-03-16T00:00:00Z")).expect("w");
    assert_eq!(
        span(before),
        (
            "2026-03-15T00:00:00.000Z".to_string(),
            "2026-03-16T00:00:00.000Z".to_string()
        )
    );
    assert_eq!(
        span(after),
        (
            "2026-03-16T00:00:00.000Z".to_string(),
            "2026-03-17T00:00:00.000Z".to_string()
        )
    );
    // A non-UTC offset in the input does not move the boundary.
    let offset = window(Unit::CalendarDay, 1, at("2026-03-16T01:30:00+02:00")).expect("w");
    assert_eq!(offset, before);
}

#[test]
fn calendar_month_resets_at_the_first_of_the_utc_month() {
    let cases = [
        ("2026-02-28T23:59:59.999Z", "2026-02-01", "2026-03-01"),
        ("2026-03-01T00:00:00Z", "2026-03-01", "2026-04-01"),
        ("2026-12-31T12:00:00Z", "2026-12-01", "2027-01-01"),
        ("2028-02-29T10:00:00Z", "2028-02-01", "2028-03-01"),
        ("2026-01-31T23:59:59.999Z", "2026-01-01", "2026-02-01"),
    ];
    for (now, start, end) in cases {
        let current = window(Unit::CalendarMonth, 1, at(now)).expect("w");
        assert_eq!(
            span(current),
            (
                format!("{start}T00:00:00.000Z"),
                format!("{end}T00:00:00.000Z")
            ),
            "{now}"
        );
    }
    let leap = window(Unit::CalendarMonth, 1, at("2028-02-10T00:00:00Z")).expect("w");
    assert_eq!(leap.end_ms - leap.start_ms, 29 * 86_400_000);
}

#[test]
fn counter_keys_per_mode() {
    let subject = Subject {
        deployment_id: "42",
        app_slug: "aa_42",
        key_id: "7",
        resource: "/v1/users",
        client_ip: "203.0.113.9",
    };
    let table = [
        (Mode::PerApp, "app:42:aa_42:10000"),
        (Mode::PerKey, "key:7:/v1/users:10000"),
        (Mode::PerKeyAndIp, "key_ip:7:203.0.113.9:/v1/users:10000"),
        (Mode::PerAppAndIp, "app_ip:42:aa_42:203.0.113.9:10000"),
        (Mode::PerIp, "ip:203.0.113.9:10000"),
    ];
    for (mode, key) in table {
        assert_eq!(counter_key(mode, &subject, 10_000), key, "{mode:?}");
    }
    // Each rule's counter: the subject's key plus the rule's limit (and endpoints, if any).
    let rule = RateLimitRule {
        unit: "second".to_string(),
        duration: 10,
        max_requests: 3,
        mode: None,
        endpoints: None,
        priority: 0,
    };
    assert_eq!(
        rule_counter_key(&rule, Mode::PerApp, &subject, 10_000),
        "app:42:aa_42:10000:3"
    );
    let scoped = RateLimitRule {
        endpoints: Some(vec!["/v1/users".to_string()]),
        ..rule
    };
    assert_eq!(
        rule_counter_key(&scoped, Mode::PerKey, &subject, 10_000),
        r#"key:7:/v1/users:10000:3:["/v1/users"]"#
    );
    assert_eq!(Mode::parse(None), Some(Mode::PerApp));
}

fn one_per_minute(mode: &str) -> RateLimitRule {
    RateLimitRule {
        unit: "minute".to_string(),
        duration: 1,
        max_requests: 1,
        mode: Some(mode.to_string()),
        endpoints: None,
        priority: 0,
    }
}

/// Which counters each mode shares: after one request by `base`, is a request by each variant
/// blocked (same counter) or allowed (its own counter)?
#[test]
fn modes_share_counters_as_documented() {
    let base = Subject {
        deployment_id: "42",
        app_slug: "aa_42",
        key_id: "1",
        resource: "/a",
        client_ip: "10.0.0.1",
    };
    let other_key = Subject {
        key_id: "2",
        ..base
    };
    let other_resource = Subject {
        resource: "/b",
        ..base
    };
    let other_ip = Subject {
        client_ip: "10.0.0.2",
        ..base
    };
    let other_app = Subject {
        app_slug: "partner_api",
        key_id: "3",
        ..base
    };
    // (mode, [other_key, other_resource, other_ip, other_app] blocked?)
    let table = [
        ("per_app", [true, true, true, false]),
        ("per_key", [false, false, true, false]),
        ("per_key_and_ip", [false, false, false, false]),
        ("per_app_and_ip", [true, true, false, false]),
        ("per_ip", [true, true, false, true]),
    ];
    let now = at("2026-03-18T13:37:10Z");
    for (mode, expected) in table {
        let rules = [one_per_minute(mode)];
        let mut counters = Counters::default();
        let first = counters.evaluate(&rules, &base, now);
        assert!(first.allowed(), "{mode}");
        counters.commit(&first, now);
        let again = counters.evaluate(&rules, &base, now + 1);
        assert_eq!(again.blocked_by.as_deref(), Some("1/60s"), "{mode}");
        for (variant, blocked) in [other_key, other_resource, other_ip, other_app]
            .iter()
            .zip(expected)
        {
            let decision = counters.evaluate(&rules, variant, now + 1);
            assert_eq!(!decision.allowed(), blocked, "{mode} {variant:?}");
        }
        // The next window starts afresh.
        let next = counters.evaluate(&rules, &base, at("2026-03-18T13:38:00Z"));
        assert!(next.allowed(), "{mode}");
    }
}

#[test]
fn a_blocked_request_counts_against_no_rule() {
    let rules = [
        RateLimitRule {
            max_requests: 5,
            ..one_per_minute("per_app")
        },
        RateLimitRule {
            unit: "second".to_string(),
            duration: 10,
            max_requests: 2,
            mode: Some("per_key".to_string()),
            endpoints: None,
            priority: 1,
        },
    ];
    let subject = Subject {
        deployment_id: "42",
        app_slug: "aa_42",
        key_id: "1",
        resource: "/a",
        client_ip: "10.0.0.1",
    };
    let now = at("2026-03-18T13:37:01Z");
    let mut counters = Counters::default();
    for step in 0..2 {
        let decision = counters.evaluate(&rules, &subject, now + step);
        assert!(decision.allowed());
        counters.commit(&decision, now + step);
    }
    let blocked = counters.evaluate(&rules, &subject, now + 5);
    assert_eq!(blocked.blocked_by.as_deref(), Some("2/10s"));
    counters.commit(&blocked, now + 5);
    let states = blocked.states();
    assert_eq!(states[0].rule, "5/60s");
    assert_eq!(states[0].remaining, 3);
    assert_eq!(states[1].remaining, 0);
    // Retry when the 10 s window ends: 13:37:10 − 13:37:01.005 → 9 s (rounded up).
    assert_eq!(blocked.retry_after_seconds(now + 5), Some(9));
    // The per_app counter did not move.
    let after = counters.evaluate(&rules, &subject, at("2026-03-18T13:37:10Z"));
    assert!(after.allowed());
    assert_eq!(after.states()[0].remaining, 2);
}

/// Rules with the same mode and window count apart when their limits or endpoints differ;
/// identical rules share a counter that still counts each request once.
#[test]
fn every_rule_has_its_own_counter() {
    let rule = |max_requests: i32, endpoints: Option<&[&str]>| RateLimitRule {
        unit: "second".to_string(),
        duration: 10,
        max_requests,
        mode: Some("per_app".to_string()),
        endpoints: endpoints.map(|list| list.iter().map(|e| e.to_string()).collect()),
        priority: 0,
    };
    let subject = |resource| Subject {
        deployment_id: "42",
        app_slug: "aa_42",
        key_id: "1",
        resource,
        client_ip: "10.0.0.1",
    };
    let now = at("2026-03-18T13:37:01Z");
    let mut counters = Counters::default();
    // 3 and 10 per window, plus a duplicate of the 10: the 3 blocks the fourth request.
    let rules = [rule(10, None), rule(3, None), rule(10, None)];
    for step in 0..3 {
        let decision = counters.evaluate(&rules, &subject("/a"), now + step);
        assert!(decision.allowed(), "request {step}");
        counters.commit(&decision, now + step);
    }
    let fourth = counters.evaluate(&rules, &subject("/a"), now + 3);
    assert_eq!(fourth.blocked_by.as_deref(), Some("3/10s"));
    let remaining: Vec<i64> = fourth.states().iter().map(|s| s.remaining).collect();
    assert_eq!(remaining, [7, 0, 7]);

    // Same mode, window and limit, different endpoints: /b's rule has not counted /a.
    let only_a = [rule(2, Some(&["/a"]))];
    let only_b = [rule(2, Some(&["/b"]))];
    for step in 0..2 {
        let decision = counters.evaluate(&only_a, &subject("/a"), now + step);
        counters.commit(&decision, now + step);
    }
    assert!(!counters
        .evaluate(&only_a, &subject("/a"), now + 2)
        .allowed());
    assert!(counters
        .evaluate(&only_b, &subject("/b"), now + 2)
        .allowed());
}

#[test]
fn prune_drops_counters_of_ended_windows() {
    let subject = Subject {
        deployment_id: "42",
        app_slug: "aa_42",
        key_id: "1",
        resource: "/a",
        client_ip: "10.0.0.1",
    };
    let rules = [
        one_per_minute("per_key"),
        RateLimitRule {
            unit: "hour".to_string(),
            ..one_per_minute("per_key")
        },
    ];
    let now = at("2026-03-18T13:37:10Z");
    let mut counters = Counters::default();
    let decision = counters.evaluate(&rules, &subject, now);
    counters.commit(&decision, now);
    assert_eq!(counters.len(), 2);
    counters.prune(at("2026-03-18T13:37:59.999Z"));
    assert_eq!(counters.len(), 2);
    // The minute window ended at 13:38; the hour's is still running.
    counters.prune(at("2026-03-18T13:38:00Z"));
    assert_eq!(counters.len(), 1);
    counters.prune(at("2026-03-18T14:00:00Z"));
    assert!(counters.is_empty());
}

/// A counter starts again from zero in each new window: a key that used up its limit in one
/// window gets the full limit in the next, and is blocked again once that is used up too.
#[test]
fn each_window_counts_from_zero() {
    let subject = Subject {
        deployment_id: "42",
        app_slug: "aa_42",
        key_id: "1",
        resource: "/a",
        client_ip: "10.0.0.1",
    };
    let rules = [RateLimitRule {
        max_requests: 2,
        ..one_per_minute("per_key")
    }];
    let mut counters = Counters::default();
    for minute in ["13:37", "13:38", "13:40"] {
        let start = at(&format!("2026-03-18T{minute}:00Z"));
        for (offset, remaining) in [(0, 1), (30_000, 0)] {
            let decision = counters.evaluate(&rules, &subject, start + offset);
            assert!(decision.allowed(), "{minute} +{offset} ms");
            assert_eq!(decision.states()[0].remaining, remaining, "{minute}");
            counters.commit(&decision, start + offset);
        }
        let third = counters.evaluate(&rules, &subject, start + 59_999);
        assert_eq!(third.blocked_by.as_deref(), Some("2/60s"), "{minute}");
        assert_eq!(third.retry_after_seconds(start + 59_999), Some(1));
    }
}

/// Every wire name of a unit and a mode parses to its own value (a rule whose unit or mode does
/// not parse is ignored, so a lost name would silently lift a limit).
#[test]
fn every_unit_and_mode_name_parses() {
    let units = [
        ("millisecond", Unit::Millisecond),
        ("second", Unit::Second),
        ("minute", Unit::Minute),
        ("hour", Unit::Hour),
        ("day", Unit::Day),
        ("calendar_day", Unit::CalendarDay),
        ("month", Unit::Month),
        ("calendar_month", Unit::CalendarMonth),
    ];
    for (name, unit) in units {
        assert_eq!(Unit::parse(name), Some(unit), "{name}");
    }
    for name in ["", "Second", "seconds", "week", "year"] {
        assert_eq!(Unit::parse(name), None, "{name}");
    }
    let modes = [
        (None, Mode::PerApp),
        (Some("per_app"), Mode::PerApp),
        (Some("per_key"), Mode::PerKey),
        (Some("per_key_and_ip"), Mode::PerKeyAndIp),
        (Some("per_app_and_ip"), Mode::PerAppAndIp),
        (Some("per_ip"), Mode::PerIp),
    ];
    for (name, mode) in modes {
        assert_eq!(Mode::parse(name), Some(mode), "{name:?}");
    }
    for name in ["", "PER_APP", "per_user"] {
        assert_eq!(Mode::parse(Some(name)), None, "{name}");
    }
}
