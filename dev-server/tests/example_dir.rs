//! `--example-dir DIR` serves a built app (trunk's output for the Rust example) under
//! `/examples/leptos/`, on the origin of the frontend API and the demo app's backend, with the
//! pages' strict policy; without the flag that path belongs to `--www` like any other.

mod common;

use axum::http::StatusCode;
use common::{temp_dir, TestApp};
use wacht_dev_server::config::{Config, EXAMPLE_PATH};
use wacht_dev_server::http::page_headers::SCRIPT_SRC;

/// The magic number and version of an empty WebAssembly module.
const WASM: &[u8] = b"\0asm\x01\0\0\0";

#[tokio::test]
async fn the_example_dir_is_served_under_its_path_with_the_page_headers() {
    let base = temp_dir("example-dir");
    let (www, dist) = (base.join("www"), base.join("dist"));
    for dir in [&www, &dist] {
        std::fs::create_dir_all(dir).expect("dir");
    }
    std::fs::write(www.join("index.html"), "<p>demo</p>").expect("demo page");
    std::fs::write(dist.join("index.html"), "<p>example</p>").expect("example page");
    std::fs::write(dist.join("boot.js"), "export {};").expect("script");
    std::fs::write(dist.join("app_bg.wasm"), WASM).expect("module");
    let app = TestApp::with_config(Config {
        www_dir: www.clone(),
        example_dir: Some(dist),
        ..Config::default()
    });
    assert_eq!(EXAMPLE_PATH, "/examples/leptos");
    for (uri, body, content_type) in [
        (
            "/examples/leptos/",
            b"<p>example</p>".as_slice(),
            "text/html",
        ),
        (
            "/examples/leptos/index.html",
            b"<p>example</p>",
            "text/html",
        ),
        ("/examples/leptos/boot.js", b"export {};", "text/javascript"),
        // Browsers compile a module while it downloads only when it is served as wasm.
        ("/examples/leptos/app_bg.wasm", WASM, "application/wasm"),
    ] {
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert_eq!(reply.body, body, "{uri}");
        let served_as = reply.header("content-type").unwrap_or_default();
        assert!(served_as.starts_with(content_type), "{uri}: {served_as}");
        let policy = reply.header("content-security-policy").unwrap_or_default();
        assert!(policy.contains(SCRIPT_SRC), "{uri}: {policy}");
        assert!(!policy.contains("unsafe-inline"), "{uri}: {policy}");
        assert!(policy.contains("connect-src 'self'"), "{uri}: {policy}");
        assert_eq!(
            reply.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
        assert_eq!(reply.header("x-frame-options").as_deref(), Some("DENY"));
    }
    assert_eq!(
        app.get("/examples/leptos/gone.js").await.status,
        StatusCode::NOT_FOUND
    );
    // The demo keeps every other path.
    assert_eq!(app.get("/").await.text(), "<p>demo</p>");

    let without = TestApp::with_config(Config {
        www_dir: www,
        ..Config::default()
    });
    assert_eq!(
        without.get("/examples/leptos/").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(without.get("/").await.text(), "<p>demo</p>");
    let _ = std::fs::remove_dir_all(base);
}
