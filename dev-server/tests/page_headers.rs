//! The demo's pages, files and hosted page are served with a strict Content-Security-Policy and
//! the usual security headers; only the hosted page may be framed, by this origin alone, and
//! `?__dev_csp=no-wasm-eval` only takes `'wasm-unsafe-eval'` away.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use std::path::PathBuf;
use wacht_dev_server::config::{Config, Mode};

/// A fresh `--www` and `--pkg` with the files the routes below serve.
fn dirs(name: &str) -> (PathBuf, PathBuf) {
    let base = std::env::temp_dir().join(format!(
        "wacht-dev-server-headers-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&base);
    let (www, pkg) = (base.join("www"), base.join("pkg"));
    std::fs::create_dir_all(&www).expect("www");
    std::fs::create_dir_all(&pkg).expect("pkg");
    for page in ["index.html", "embed.html", "vanity.html"] {
        std::fs::write(www.join(page), "<!doctype html><p>page</p>").expect("page");
    }
    std::fs::write(www.join("app.js"), "export {};").expect("script");
    std::fs::write(pkg.join("wacht_api_auth.js"), "export {};").expect("glue");
    (www, pkg)
}

/// The directives of a policy, by name.
fn directives(policy: &str) -> Vec<(String, String)> {
    policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| match d.split_once(' ') {
            Some((name, value)) => (name.to_string(), value.to_string()),
            None => (d.to_string(), String::new()),
        })
        .collect()
}

fn directive(policy: &str, name: &str) -> String {
    let found: Vec<String> = directives(policy)
        .into_iter()
        .filter(|(n, _)| n == name)
        .map(|(_, value)| value)
        .collect();
    assert_eq!(found.len(), 1, "{name} once in {policy}");
    found.into_iter().next().unwrap_or_default()
}

#[tokio::test]
async fn pages_and_files_have_the_strict_policy_and_security_headers() {
    let (www, pkg) = dirs("pages");
    for mode in [Mode::Staging, Mode::Production] {
        let app = TestApp::with_config(Config {
            mode,
            www_dir: www.clone(),
            pkg_dir: pkg.clone(),
            ..Config::default()
        });
        for (uri, framed) in [
            ("/", false),
            ("/index.html?as=owner", false),
            ("/embed.html", false),
            ("/app.js", false),
            ("/pkg/wacht_api_auth.js", false),
            ("/vanity/api-auth?ticket=1", true),
            ("/vanity/api-auth/", true),
        ] {
            let reply = app.get(uri).await;
            assert_eq!(reply.status, StatusCode::OK, "{uri}");
            let policy = reply.header("content-security-policy").expect(uri);
            assert_eq!(directive(&policy, "default-src"), "'none'", "{uri}");
            assert_eq!(
                directive(&policy, "script-src"),
                "'self' 'wasm-unsafe-eval'",
                "{uri}"
            );
            for (name, value) in [
                ("style-src", "'self'"),
                ("img-src", "'self'"),
                ("connect-src", "'self'"),
                ("frame-src", "'self'"),
                ("base-uri", "'none'"),
                ("form-action", "'none'"),
                ("object-src", "'none'"),
            ] {
                assert_eq!(directive(&policy, name), value, "{uri}: {name}");
            }
            assert!(!policy.contains("unsafe-inline"), "{uri}: {policy}");
            assert!(!policy.contains("'unsafe-eval'"), "{uri}: {policy}");
            let (ancestors, frames) = if framed {
                ("'self'", "SAMEORIGIN")
            } else {
                ("'none'", "DENY")
            };
            assert_eq!(directive(&policy, "frame-ancestors"), ancestors, "{uri}");
            assert_eq!(
                reply.header("x-frame-options").as_deref(),
                Some(frames),
                "{uri}"
            );
            assert_eq!(
                reply.header("x-content-type-options").as_deref(),
                Some("nosniff"),
                "{uri}"
            );
            // The hosted page keeps its ticket-bearing address to itself.
            let referrer = if framed { "no-referrer" } else { "same-origin" };
            assert_eq!(
                reply.header("referrer-policy").as_deref(),
                Some(referrer),
                "{uri}"
            );
        }
        // The frontend API is not a page: no policy there.
        let api = app.get("/deployment").await;
        assert_eq!(api.status, StatusCode::OK);
        assert_eq!(api.header("content-security-policy"), None);
    }
    let _ = std::fs::remove_dir_all(www.parent().expect("base"));
}

#[tokio::test]
async fn the_test_flag_serves_a_page_without_wasm_eval_and_nothing_else_changes() {
    let (www, pkg) = dirs("flag");
    let app = TestApp::with_config(Config {
        www_dir: www.clone(),
        pkg_dir: pkg,
        ..Config::default()
    });
    for page in ["/?as=owner", "/vanity/api-auth?ticket=1"] {
        let strict = app
            .get(page)
            .await
            .header("content-security-policy")
            .expect("policy");
        let flagged_uri = format!("{page}&__dev_csp=no-wasm-eval");
        let flagged = app.get(&flagged_uri).await;
        assert_eq!(flagged.status, StatusCode::OK);
        let flagged = flagged.header("content-security-policy").expect("policy");
        assert_eq!(directive(&flagged, "script-src"), "'self'", "{flagged}");
        assert_eq!(flagged, strict.replace(" 'wasm-unsafe-eval'", ""));
    }
    let other = app.get("/?__dev_csp=anything").await;
    let policy = other.header("content-security-policy").expect("policy");
    assert_eq!(
        directive(&policy, "script-src"),
        "'self' 'wasm-unsafe-eval'"
    );
    let _ = std::fs::remove_dir_all(www.parent().expect("base"));
}

#[tokio::test]
async fn violation_reports_are_kept_redacted_listed_and_cleared() {
    use axum::body::Body;
    use axum::http::Request;
    let app = TestApp::new(Mode::Staging);
    let policy = app.get("/").await.header("content-security-policy");
    assert_eq!(
        directive(&policy.unwrap_or_default(), "report-uri"),
        "/__dev/csp-reports"
    );
    let report = serde_json::json!({"csp-report": {
        "document-uri": "http://127.0.0.1:8787/vanity/api-auth?ticket=tk_secret",
        "effective-directive": "style-src-attr",
        "violated-directive": "style-src 'self'",
        "blocked-uri": "inline",
    }});
    let post = |body: String| {
        Request::post("/__dev/csp-reports")
            .header("content-type", "application/csp-report")
            .body(Body::from(body))
            .expect("request")
    };
    assert_eq!(
        app.send(post(report.to_string())).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.send(post("{}".into())).await.status,
        StatusCode::BAD_REQUEST
    );
    let listed = app.get("/__dev/csp-reports").await;
    assert!(!listed.text().contains("tk_secret"), "{}", listed.text());
    assert_eq!(
        listed.json()["reports"],
        serde_json::json!([{
            "document": "http://127.0.0.1:8787/vanity/api-auth?ticket=[redacted]",
            "directive": "style-src-attr",
            "blocked": "inline",
        }])
    );
    let cleared = app
        .send(
            Request::delete("/__dev/csp-reports")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(cleared.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/__dev/csp-reports").await.json()["reports"],
        serde_json::json!([])
    );
}
