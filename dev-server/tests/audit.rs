//! `/api-auth/audit/{logs,analytics,timeseries}` (wire contract §3.7–3.9, §5.6–5.8, §6.3) on entries
//! inserted with explicit timestamps.

mod common;

use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use common::TestApp;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::time::{SystemTime, UNIX_EPOCH};
use wacht_dev_server::config::Mode;
use wacht_dev_server::store::audit::AuditEntry;
use wacht_dev_server::timestamps::parse_rfc3339_ms;

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64
}

fn at(value: &str) -> i64 {
    parse_rfc3339_ms(value).expect("timestamp")
}

/// Builder for one entry of `aa_42` in deployment 42.
#[derive(Clone)]
struct Row {
    entry: AuditEntry,
}

fn row(request: u64, timestamp_ms: i64) -> Row {
    Row {
        entry: AuditEntry {
            request_id: format!("req_{request}"),
            deployment_id: "42".to_string(),
            app_slug: "aa_42".to_string(),
            key_id: "101".to_string(),
            key_name: "alpha".to_string(),
            outcome: "VALID".to_string(),
            blocked_by_rule: None,
            client_ip: "198.51.100.1".to_string(),
            path: "GET /v1/a".to_string(),
            user_agent: "unknown".to_string(),
            rate_limits: Some(r#"[{"rule":"10/10s","remaining":9,"limit":10}]"#.to_string()),
            timestamp_ms,
        },
    }
}

impl Row {
    fn key(mut self, id: &str, name: &str) -> Row {
        self.entry.key_id = id.to_string();
        self.entry.key_name = name.to_string();
        self
    }
    fn outcome(mut self, outcome: &str, rule: Option<&str>) -> Row {
        self.entry.outcome = outcome.to_string();
        self.entry.blocked_by_rule = rule.map(str::to_string);
        self
    }
    fn path(mut self, path: &str) -> Row {
        self.entry.path = path.to_string();
        self
    }
    fn app(mut self, deployment: &str, slug: &str) -> Row {
        self.entry.deployment_id = deployment.to_string();
        self.entry.app_slug = slug.to_string();
        self
    }
}

fn insert(app: &TestApp, rows: impl IntoIterator<Item = Row>) {
    let mut store = app.state.lock();
    for row in rows {
        store.insert_audit(row.entry).expect("insert");
    }
}

fn request_ids(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .expect("data array")
        .iter()
        .map(|e| e["request_id"].as_str().expect("request_id").to_string())
        .collect()
}

async fn logs(app: &TestApp, token: &str, query: &str) -> Value {
    app.get_in(&format!("/api-auth/audit/logs?{query}"), token)
        .await
        .envelope_data()
}

#[tokio::test]
async fn audit_routes_need_an_app_session() {
    let app = TestApp::new(Mode::Staging);
    let token = app.staging_session().await;
    for route in ["logs", "analytics", "timeseries"] {
        app.get_in(&format!("/api-auth/audit/{route}"), &token)
            .await
            .assert_frontend_error(401, "No active API auth app session");
    }
}

#[tokio::test]
async fn cursor_pagination_has_no_gaps_or_repeats() {
    let app = TestApp::new(Mode::Staging);
    let token = app.app_session("aa_42").await;
    let base = now_ms() - DAY;
    // 30 entries; groups of three share a millisecond, and their ids cross a digit boundary
    // (req_8, req_9, req_10, …) so text order would differ from numeric order.
    let mut rows = Vec::new();
    for n in 0..30u64 {
        let ts = base + (n / 3) as i64 * 1000;
        rows.push(row(8 + n * 7 % 30, ts));
    }
    // Noise from other tenants and apps never shows up.
    rows.push(row(500, base).app("42", "partner_api"));
    rows.push(row(501, base).app("77", "aa_42"));
    insert(&app, rows.clone());

    let mut expected: Vec<&AuditEntry> = rows[..30].iter().map(|r| &r.entry).collect();
    expected.sort_by(|a, b| {
        b.timestamp_ms.cmp(&a.timestamp_ms).then_with(|| {
            let n = |e: &AuditEntry| e.request_id[4..].parse::<u64>().expect("n");
            n(b).cmp(&n(a))
        })
    });
    let expected: Vec<String> = expected.iter().map(|e| e.request_id.clone()).collect();

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = Vec::new();
    loop {
        let query = match &cursor {
            Some(cursor) => format!("limit=7&cursor={cursor}"),
            None => "limit=7".to_string(),
        };
        let page = logs(&app, &token, &query).await;
        assert_eq!(page["limit"], 7);
        let ids = request_ids(&page);
        pages.push((ids.len(), page["has_more"].as_bool().expect("has_more")));
        seen.extend(ids);
        // next_cursor is there whenever rows are, also on the last page.
        let next = page["next_cursor"]
            .as_str()
            .expect("next_cursor")
            .to_string();
        if page["has_more"] == false {
            // Following it gives an empty page without a cursor.
            let after = logs(&app, &token, &format!("limit=7&cursor={next}")).await;
            assert_eq!(after["data"], json!([]));
            assert_eq!(after["has_more"], false);
            assert_eq!(after.get("next_cursor"), None);
            break;
        }
        cursor = Some(next);
    }
    assert_eq!(
        pages,
        [(7, true), (7, true), (7, true), (7, true), (2, false)]
    );
    assert_eq!(seen, expected);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 30);

    // The cursor format: base64url without padding of "<ms>|<request_id>".
    let first = logs(&app, &token, "limit=1").await;
    let decoded = URL_SAFE_NO_PAD
        .decode(first["next_cursor"].as_str().expect("cursor"))
        .expect("base64url");
    let top = &first["data"][0];
    let top_ms = at(top["timestamp"].as_str().expect("ts"));
    assert_eq!(
        String::from_utf8(decoded).expect("utf8"),
        format!("{top_ms}|{}", top["request_id"].as_str().expect("id"))
    );

    // Legacy cursor_ts + cursor_id gives the same continuation.
    let page = logs(&app, &token, "limit=7").await;
    let last = &page["data"][6];
    let legacy = logs(
        &app,
        &token,
        &format!(
            "limit=7&cursor_ts={}&cursor_id={}",
            last["timestamp"].as_str().expect("ts"),
            last["request_id"].as_str().expect("id")
        ),
    )
    .await;
    assert_eq!(request_ids(&legacy), expected[7..14]);

    // Limits: default 100, capped at 1000, clamped to at least 1.
    for (query, limit, rows) in [
        ("", 100, 30),
        ("limit=", 100, 30),
        ("limit=5000", 1000, 30),
        ("limit=0", 1, 1),
        ("limit=-4", 1, 1),
        ("limit=abc", 1, 1),
        ("limit=3&offset=2", 3, 3),
    ] {
        let page = logs(&app, &token, query).await;
        assert_eq!(page["limit"], limit, "{query}");
        assert_eq!(request_ids(&page).len(), rows, "{query}");
    }
    let offset = logs(&app, &token, "limit=3&offset=2").await;
    assert_eq!(request_ids(&offset), expected[2..5]);

    let padded = URL_SAFE.encode(format!("{top_ms}|req_1"));
    assert!(padded.ends_with('='), "{padded}");
    for bad in [
        "%21%21%21".to_string(),
        URL_SAFE_NO_PAD.encode("no-separator"),
        URL_SAFE_NO_PAD.encode("abc|req_1"),
        padded,
    ] {
        app.get_in(&format!("/api-auth/audit/logs?cursor={bad}"), &token)
            .await
            .assert_frontend_error(400, "invalid cursor");
    }
    app.get_in("/api-auth/audit/logs?cursor_ts=yesterday", &token)
        .await
        .assert_frontend_error(400, "invalid cursor_ts (must be RFC3339)");
}

#[tokio::test]
async fn log_filters() {
    let app = TestApp::new(Mode::Staging);
    let token = app.app_session("aa_42").await;
    let recent = now_ms() - HOUR;
    insert(
        &app,
        [
            row(1, recent).outcome("VALID", None),
            row(2, recent + 1).outcome("allowed", None),
            row(3, recent + 2)
                .outcome("ALLOWED", None)
                .key("102", "beta"),
            row(4, recent + 3).outcome("BLOCKED", Some("10/10s")),
            row(5, recent + 4).outcome("blocked", Some("permission_denied")),
            row(6, recent + 5)
                .outcome("RATE_LIMITED", Some("rate_limit:x"))
                .key("102", "beta"),
            // Older than the 7-day default window.
            row(7, now_ms() - 8 * DAY),
            // Fixed dates for the date formats.
            row(10, at("2025-03-01T00:00:00Z")),
            row(11, at("2025-03-01T12:00:00Z")),
            row(12, at("2025-03-02T00:00:00Z")),
            row(13, at("2025-03-03T00:00:00Z")),
        ],
    );
    let ids = |page: Value| request_ids(&page);
    let reqs =
        |numbers: &[u64]| -> Vec<String> { numbers.iter().map(|n| format!("req_{n}")).collect() };

    assert_eq!(ids(logs(&app, &token, "").await), reqs(&[6, 5, 4, 3, 2, 1]));
    assert_eq!(
        ids(logs(&app, &token, "outcome=allowed").await),
        reqs(&[3, 2, 1])
    );
    assert_eq!(
        ids(logs(&app, &token, "outcome=blocked").await),
        reqs(&[6, 5, 4])
    );
    // Only the two lower-case values filter.
    assert_eq!(ids(logs(&app, &token, "outcome=ALLOWED").await).len(), 6);
    assert_eq!(ids(logs(&app, &token, "outcome=VALID").await).len(), 6);
    assert_eq!(ids(logs(&app, &token, "key_id=102").await), reqs(&[6, 3]));
    assert_eq!(
        ids(logs(&app, &token, "key_id=102&outcome=blocked").await),
        reqs(&[6])
    );
    assert_eq!(ids(logs(&app, &token, "key_id=999").await), reqs(&[]));

    // start_date in all three formats; end_date inclusive, only with start_date.
    assert_eq!(
        ids(logs(&app, &token, "start_date=2025-03-01&end_date=2025-03-02").await),
        reqs(&[12, 11, 10])
    );
    assert_eq!(
        ids(logs(
            &app,
            &token,
            "start_date=2025-03-01+00:00:01&end_date=2025-03-02T00:00:00Z"
        )
        .await),
        reqs(&[12, 11])
    );
    assert_eq!(
        ids(logs(
            &app,
            &token,
            "start_date=2025-03-01T13:00:00%2B01:00&end_date=2025-03-02+00:00:00"
        )
        .await),
        reqs(&[12, 11])
    );
    // Without end_date everything after start_date (here also the recent ones and req_7).
    assert_eq!(
        ids(logs(&app, &token, "start_date=2025-03-02").await),
        reqs(&[6, 5, 4, 3, 2, 1, 7, 13, 12])
    );
    // end_date alone is ignored: the 7-day default applies.
    assert_eq!(
        ids(logs(&app, &token, "end_date=2025-03-02").await),
        reqs(&[6, 5, 4, 3, 2, 1])
    );

    for (query, message) in [
        ("key_id=abc", "invalid key_id"),
        ("key_id=1.5", "invalid key_id"),
        ("start_date=03/01/2025", "invalid date format"),
        ("start_date=2025-03-01T00:00:00", "invalid date format"),
        ("end_date=tomorrow", "invalid date format"),
    ] {
        app.get_in(&format!("/api-auth/audit/logs?{query}"), &token)
            .await
            .assert_frontend_error(500, message);
    }
    // The cursor is checked before the other parameters.
    app.get_in("/api-auth/audit/logs?cursor=%21&key_id=abc", &token)
        .await
        .assert_frontend_error(400, "invalid cursor");

    // Wire shape of one entry.
    let page = logs(&app, &token, "key_id=102&outcome=blocked").await;
    assert_eq!(
        page["data"][0],
        json!({
            "request_id": "req_6",
            "deployment_id": "42",
            "app_slug": "aa_42",
            "key_id": "102",
            "key_name": "beta",
            "outcome": "RATE_LIMITED",
            "blocked_by_rule": "rate_limit:x",
            "client_ip": "198.51.100.1",
            "path": "GET /v1/a",
            "user_agent": "unknown",
            "rate_limits": r#"[{"rule":"10/10s","remaining":9,"limit":10}]"#,
            "timestamp": wacht_dev_server::timestamps::format_ms(recent + 5),
        })
    );
}

/// The analytics fixture: 11 entries on 2025-06-01, 3 recent ones for `keys_used_24h`, one
/// 20 days old.
fn analytics_fixture(app: &TestApp) {
    let t = at("2025-06-01T10:00:00Z");
    let mut rows = Vec::new();
    for n in 0..4 {
        rows.push(
            row(100 + n, t + n as i64)
                .key("101", "alpha")
                .path("GET /v1/a"),
        );
    }
    rows.push(
        row(110, t + 10)
            .key("101", "alpha")
            .path("GET /v1/a")
            .outcome("BLOCKED", Some("10/10s")),
    );
    rows.push(row(120, t + 20).key("102", "beta-old").path("GET /v1/b"));
    rows.push(row(121, t + 21).key("102", "beta").path("GET /v1/b"));
    rows.push(
        row(122, t + 22)
            .key("102", "beta")
            .path("GET /v1/b")
            .outcome("BLOCKED", Some("permission_denied")),
    );
    rows.push(
        row(123, t + 23)
            .key("102", "beta")
            .path("GET /v1/b")
            .outcome("blocked", Some("permission_denied")),
    );
    rows.push(
        row(124, t + 24)
            .key("102", "beta")
            .path("GET /v1/c")
            .outcome("RATE_LIMITED", Some("rate_limit:burst")),
    );
    rows.push(
        row(130, t + 30)
            .key("103", "gamma")
            .path("GET /v1/c")
            .outcome("allowed", None),
    );
    let now = now_ms();
    rows.push(row(200, now - HOUR).key("201", "recent-1"));
    rows.push(row(201, now - 2 * HOUR).key("202", "recent-2"));
    rows.push(row(202, now - 3 * HOUR).key("202", "recent-2"));
    rows.push(row(203, now - 25 * HOUR).key("203", "yesterday"));
    rows.push(row(204, now - 20 * DAY).key("204", "old"));
    // Another app of the same deployment.
    rows.push(
        row(300, now - HOUR)
            .key("301", "partner")
            .app("42", "partner_api"),
    );
    insert(app, rows);
}

const JUNE: &str = "start_date=2025-06-01&end_date=2025-06-02";

async fn analytics(app: &TestApp, token: &str, query: &str) -> Value {
    app.get_in(&format!("/api-auth/audit/analytics?{query}"), token)
        .await
        .envelope_data()
}

#[tokio::test]
async fn analytics_numbers_and_percentages() {
    let app = TestApp::new(Mode::Staging);
    let token = app.app_session("aa_42").await;
    analytics_fixture(&app);

    let all_flags = "include_top_keys=true&include_top_paths=1&include_blocked_reasons=TRUE\
                     &include_rate_limits=t";
    let data = analytics(&app, &token, &format!("{JUNE}&{all_flags}")).await;
    assert_eq!(
        data,
        json!({
            "total_requests": 11,
            "allowed_requests": 7,
            "blocked_requests": 4,
            "success_rate": 7.0 / 11.0 * 100.0,
            "keys_used_24h": 2,
            "top_keys": [
                {"key_id": "101", "key_name": "alpha", "total_requests": 5},
                {"key_id": "102", "key_name": "beta", "total_requests": 5},
                {"key_id": "103", "key_name": "gamma", "total_requests": 1},
            ],
            "top_paths": [
                {"path": "GET /v1/a", "total_requests": 5},
                {"path": "GET /v1/b", "total_requests": 4},
                {"path": "GET /v1/c", "total_requests": 2},
            ],
            "blocked_reasons": [
                {"blocked_by_rule": "permission_denied", "count": 2, "percentage": 50.0},
                {"blocked_by_rule": "10/10s", "count": 1, "percentage": 25.0},
                {"blocked_by_rule": "rate_limit:burst", "count": 1, "percentage": 25.0},
            ],
            "rate_limit_stats": {
                "total_hits": 1,
                "percentage_of_blocked": 25.0,
                "top_rules": [{"rule": "rate_limit:burst", "hit_count": 1, "percentage": 100.0}],
            },
        })
    );

    // top_limit trims every list; key_id filters everything but keys_used_24h.
    let trimmed = analytics(&app, &token, &format!("{JUNE}&{all_flags}&top_limit=1")).await;
    assert_eq!(trimmed["top_keys"].as_array().expect("keys").len(), 1);
    assert_eq!(trimmed["top_paths"].as_array().expect("paths").len(), 1);
    assert_eq!(
        trimmed["blocked_reasons"],
        json!([{"blocked_by_rule": "permission_denied", "count": 2, "percentage": 50.0}])
    );
    let beta = analytics(&app, &token, &format!("{JUNE}&key_id=102")).await;
    assert_eq!(
        beta,
        json!({
            "total_requests": 5,
            "allowed_requests": 2,
            "blocked_requests": 3,
            "success_rate": 40.0,
            "keys_used_24h": 2,
        })
    );

    // Flags that are not Go booleans count as false; empty lists are omitted, the rate-limit
    // stats are not.
    let none = analytics(
        &app,
        &token,
        "start_date=2024-01-01&end_date=2024-01-02&include_top_keys=yes\
         &include_top_paths=true&include_rate_limits=true",
    )
    .await;
    assert_eq!(
        none,
        json!({
            "total_requests": 0,
            "allowed_requests": 0,
            "blocked_requests": 0,
            "success_rate": 0.0,
            "keys_used_24h": 2,
            "rate_limit_stats": {"total_hits": 0, "percentage_of_blocked": 0.0},
        })
    );

    // Gateway-style rule names never match `rate_limit:%` (wire contract §8.5).
    let gateway_only = analytics(
        &app,
        &token,
        &format!("{JUNE}&key_id=101&include_rate_limits=true"),
    )
    .await;
    assert_eq!(
        gateway_only["rate_limit_stats"],
        json!({"total_hits": 0, "percentage_of_blocked": 0.0})
    );

    // Default window: the last 30 days (the 20-day-old entry counts, June 2025 does not).
    let default = analytics(&app, &token, "").await;
    assert_eq!(default["total_requests"], 5);
    let default_logs = app
        .get_in("/api-auth/audit/logs", &token)
        .await
        .envelope_data();
    assert_eq!(request_ids(&default_logs).len(), 4);

    app.get_in("/api-auth/audit/analytics?key_id=x", &token)
        .await
        .assert_frontend_error(500, "invalid key_id");
    app.get_in("/api-auth/audit/analytics?start_date=June", &token)
        .await
        .assert_frontend_error(500, "invalid date format");
}

async fn timeseries(app: &TestApp, token: &str, query: &str) -> Value {
    app.get_in(&format!("/api-auth/audit/timeseries?{query}"), token)
        .await
        .envelope_data()
}

fn buckets(data: &Value) -> Vec<(String, i64)> {
    data["data"]
        .as_array()
        .expect("points")
        .iter()
        .map(|p| {
            (
                p["timestamp"].as_str().expect("ts").to_string(),
                p["total_requests"].as_i64().expect("total"),
            )
        })
        .collect()
}

fn b(ts: &str, total: i64) -> (String, i64) {
    (ts.to_string(), total)
}

#[tokio::test]
async fn timeseries_buckets_per_interval() {
    let app = TestApp::new(Mode::Staging);
    let token = app.app_session("aa_42").await;
    insert(
        &app,
        [
            // Wednesday 2026-01-07.
            row(1, at("2026-01-07T13:45:30Z")),
            row(2, at("2026-01-07T13:10:00Z")).outcome("BLOCKED", Some("10/10s")),
            row(3, at("2026-01-07T15:00:00Z")),
            // Saturday 2026-01-03: the week before.
            row(4, at("2026-01-03T10:00:00Z")),
            // Monday 2026-02-02: its week starts Sunday 2026-02-01.
            row(5, at("2026-02-02T00:00:00Z")),
            row(6, at("2026-01-07T13:20:00Z")).app("42", "partner_api"),
        ],
    );
    let range = "start_date=2026-01-01&end_date=2026-03-01";

    let hour = timeseries(&app, &token, range).await;
    assert_eq!(hour["interval"], "hour");
    assert_eq!(
        buckets(&hour),
        [
            b("2026-01-03T10:00:00.000Z", 1),
            b("2026-01-07T13:00:00.000Z", 2),
            b("2026-01-07T15:00:00.000Z", 1),
            b("2026-02-02T00:00:00.000Z", 1),
        ]
    );
    assert_eq!(
        hour["data"][1],
        json!({
            "timestamp": "2026-01-07T13:00:00.000Z",
            "total_requests": 2,
            "allowed_requests": 1,
            "blocked_requests": 1,
            "success_rate": 50.0,
        })
    );
    let minute = timeseries(&app, &token, &format!("{range}&interval=minute")).await;
    assert_eq!(
        buckets(&minute),
        [
            b("2026-01-03T10:00:00.000Z", 1),
            b("2026-01-07T13:10:00.000Z", 1),
            b("2026-01-07T13:45:00.000Z", 1),
            b("2026-01-07T15:00:00.000Z", 1),
            b("2026-02-02T00:00:00.000Z", 1),
        ]
    );
    let day = timeseries(&app, &token, &format!("{range}&interval=day")).await;
    assert_eq!(
        buckets(&day),
        [
            b("2026-01-03T00:00:00.000Z", 1),
            b("2026-01-07T00:00:00.000Z", 3),
            b("2026-02-02T00:00:00.000Z", 1),
        ]
    );
    let week = timeseries(&app, &token, &format!("{range}&interval=week")).await;
    assert_eq!(week["interval"], "week");
    assert_eq!(
        buckets(&week),
        [
            b("2025-12-28T00:00:00.000Z", 1),
            b("2026-01-04T00:00:00.000Z", 3),
            b("2026-02-01T00:00:00.000Z", 1),
        ]
    );
    let month = timeseries(&app, &token, &format!("{range}&interval=month")).await;
    assert_eq!(
        buckets(&month),
        [
            b("2026-01-01T00:00:00.000Z", 4),
            b("2026-02-01T00:00:00.000Z", 1),
        ]
    );
    assert_eq!(month["data"][0]["success_rate"], 75.0);

    // Unknown intervals bucket by hour but are echoed; an empty one is the default.
    let odd = timeseries(&app, &token, &format!("{range}&interval=fortnight")).await;
    assert_eq!(odd["interval"], "fortnight");
    assert_eq!(buckets(&odd), buckets(&hour));
    let empty_param = timeseries(&app, &token, &format!("{range}&interval=")).await;
    assert_eq!(empty_param["interval"], "hour");

    // key_id filters; no rows → data null.
    let none = timeseries(&app, &token, &format!("{range}&key_id=999")).await;
    assert_eq!(none, json!({"data": null, "interval": "hour"}));
    // Default window: last 30 days, none of the fixture.
    let default = timeseries(&app, &token, "interval=day").await;
    assert_eq!(default, json!({"data": null, "interval": "day"}));
    app.get_in("/api-auth/audit/timeseries?end_date=bad", &token)
        .await
        .assert_frontend_error(500, "invalid date format");
}

#[tokio::test]
async fn audit_reads_are_scoped_to_the_session_app() {
    let app = TestApp::new(Mode::Staging);
    let acme = app.app_session("aa_42").await;
    let partner = app.app_session("partner_api").await;
    let (_, acme_secret) = app.create_key(&acme, "acme").await;
    let (partner_key, partner_secret) = app.create_key(&partner, "partner").await;
    for _ in 0..3 {
        assert_eq!(
            app.authz_get(&acme_secret, "/v1/acme")
                .await
                .status
                .as_u16(),
            200
        );
    }
    assert_eq!(
        app.authz_get(&partner_secret, "/v1/partner")
            .await
            .status
            .as_u16(),
        200
    );

    let page = logs(&app, &partner, "").await;
    let entries = page["data"].as_array().expect("entries");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["key_id"], partner_key.as_str());
    assert_eq!(entries[0]["app_slug"], "partner_api");
    assert_eq!(entries[0]["path"], "GET /v1/partner");
    assert_eq!(request_ids(&logs(&app, &acme, "").await).len(), 3);

    let partner_stats = analytics(&app, &partner, "include_top_keys=true").await;
    assert_eq!(partner_stats["total_requests"], 1);
    assert_eq!(partner_stats["keys_used_24h"], 1);
    assert_eq!(partner_stats["top_keys"][0]["key_name"], "partner");
    let acme_stats = analytics(&app, &acme, "").await;
    assert_eq!(acme_stats["total_requests"], 3);
    let series = timeseries(&app, &partner, "interval=day").await;
    assert_eq!(series["data"][0]["total_requests"], 1);
    // Asking for the other app's key by id shows nothing.
    let acme_key = app.state.lock().api_keys[0].id.clone();
    assert_eq!(
        logs(&app, &partner, &format!("key_id={acme_key}")).await["data"],
        json!([])
    );
}
