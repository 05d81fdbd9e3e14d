//! `GET /vanity/api-auth[/]?ticket=…` serves `<www>/vanity.html`; the ticket never reaches the
//! request log.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{TestApp, ORIGIN};
use serde_json::json;
use std::path::PathBuf;
use wacht_dev_server::config::{Config, Mode};

const STUB: &str = "<!doctype html><title>vanity stub</title><p>API keys</p>";

/// A fresh `www` directory holding `index.html` and, when `with_vanity`, the stub `vanity.html`.
fn www_dir(name: &str, with_vanity: bool) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "wacht-dev-server-vanity-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("www");
    std::fs::write(dir.join("index.html"), "<!doctype html><p>index</p>").expect("index");
    if with_vanity {
        std::fs::write(dir.join("vanity.html"), STUB).expect("vanity");
    }
    dir
}

fn app_with_www(www: &std::path::Path, mode: Mode) -> TestApp {
    TestApp::with_config(Config {
        mode,
        www_dir: www.to_path_buf(),
        ..Config::default()
    })
}

#[tokio::test]
async fn serves_vanity_html_with_and_without_slash_and_query() {
    let www = www_dir("serve", true);
    let app = app_with_www(&www, Mode::Staging);
    for uri in [
        "/vanity/api-auth",
        "/vanity/api-auth/",
        "/vanity/api-auth?ticket=123456",
        "/vanity/api-auth/?ticket=123456&theme=dark",
        "/vanity/api-auth?",
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert_eq!(reply.text(), STUB, "{uri}");
        let content_type = reply.header("content-type").unwrap_or_default();
        assert!(
            content_type.starts_with("text/html"),
            "{uri}: {content_type}"
        );
        assert_eq!(
            reply.header("referrer-policy").as_deref(),
            Some("no-referrer"),
            "{uri}"
        );
        assert_eq!(
            reply.header("cache-control").as_deref(),
            Some("no-store"),
            "{uri}"
        );
    }
    // HEAD works too; other paths under /vanity are not this page.
    let head = app
        .send(
            Request::head("/vanity/api-auth?ticket=1")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty());
    assert_eq!(
        app.get("/vanity/api-auth/extra").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/vanity/webhook").await.status,
        StatusCode::NOT_FOUND
    );
    let _ = std::fs::remove_dir_all(www);
}

#[tokio::test]
async fn missing_vanity_file_is_404() {
    let www = www_dir("missing", false);
    let app = app_with_www(&www, Mode::Staging);
    assert_eq!(
        app.get("/vanity/api-auth?ticket=1").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/vanity/api-auth/").await.status,
        StatusCode::NOT_FOUND
    );
    let _ = std::fs::remove_dir_all(www);
}

#[tokio::test]
async fn the_mint_url_opens_the_page_and_the_log_redacts_its_ticket() {
    let www = www_dir("mint-url", true);
    for mode in [Mode::Staging, Mode::Production] {
        let app = app_with_www(&www, mode);
        let minted = app
            .mint(
                Some(common::BACKEND_KEY),
                json!({"ticket_type": "api_auth_access", "api_auth_app_slug": "aa_42"}),
            )
            .await
            .json();
        let ticket = minted["ticket"].as_str().expect("ticket");
        let url = minted["url"].as_str().expect("url");
        assert_eq!(url, format!("{ORIGIN}/vanity/api-auth?ticket={ticket}"));

        let path = url.strip_prefix(ORIGIN).expect("same origin");
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.text(), STUB);
        let slash = app.get(&format!("/vanity/api-auth/?ticket={ticket}")).await;
        assert_eq!(slash.status, StatusCode::OK);

        let text = app.get("/__dev/requests").await.text();
        assert!(!text.contains(ticket), "{text}");
        let records = app.state.lock().request_log.records();
        let pages: Vec<(&str, u16)> = records
            .iter()
            .filter(|r| r.path.starts_with("/vanity/"))
            .map(|r| (r.path.as_str(), r.status))
            .collect();
        assert_eq!(
            pages,
            [
                ("/vanity/api-auth?ticket=[redacted]", 200),
                ("/vanity/api-auth/?ticket=[redacted]", 200),
            ]
        );
        // Opening the page does not consume the ticket.
        assert!(app.state.lock().tickets.contains_key(ticket));
    }
    let _ = std::fs::remove_dir_all(www);
}
