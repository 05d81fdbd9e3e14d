//! The binary: startup lines, static files, stdout log redaction, graceful SIGTERM shutdown.

mod common;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use common::{http, BACKEND_KEY};
use std::net::SocketAddr;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, ChildStdout, Command};
use tokio::time::timeout;

const BIN: &str = env!("CARGO_BIN_EXE_wacht-dev-server");

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("wacht-dev-server-{name}-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("www")).expect("www");
    std::fs::create_dir_all(dir.join("pkg")).expect("pkg");
    std::fs::write(dir.join("www/index.html"), "<!doctype html><p>demo</p>").expect("index");
    std::fs::write(dir.join("pkg/app_bg.wasm"), b"\0asm\x01\0\0\0").expect("wasm");
    dir
}

struct Started {
    child: Child,
    lines: tokio::io::Lines<BufReader<ChildStdout>>,
}

fn start(args: &[&str], env_key: Option<&str>) -> Started {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .env_remove("WACHT_BACKEND_API_KEY");
    if let Some(key) = env_key {
        command.env("WACHT_BACKEND_API_KEY", key);
    }
    let mut child = command.spawn().expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    Started {
        child,
        lines: BufReader::new(stdout).lines(),
    }
}

async fn next_line(started: &mut Started) -> String {
    timeout(Duration::from_secs(10), started.lines.next_line())
        .await
        .expect("line in time")
        .expect("read")
        .expect("a line")
}

/// SIGTERM, then the rest of stdout; asserts a clean exit.
async fn stop(mut started: Started) -> String {
    let pid = started.child.id().expect("pid");
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let exit = timeout(Duration::from_secs(10), started.child.wait())
        .await
        .expect("exits in time after SIGTERM")
        .expect("wait");
    assert!(exit.success(), "{exit:?}");
    let mut rest = String::new();
    started
        .lines
        .into_inner()
        .read_to_string(&mut rest)
        .await
        .expect("rest of stdout");
    rest
}

fn addr_of(origin: &str) -> SocketAddr {
    origin
        .strip_prefix("http://")
        .expect("http origin")
        .parse()
        .expect("socket address")
}

#[tokio::test]
async fn staging_startup_lines_static_files_and_redacted_log() {
    let dir = temp_dir("staging");
    let www = dir.join("www");
    let pkg = dir.join("pkg");
    let mut started = start(
        &[
            "--port",
            "0",
            "--www",
            www.to_str().expect("utf8"),
            "--pkg",
            pkg.to_str().expect("utf8"),
        ],
        None,
    );

    let listening = next_line(&mut started).await;
    let origin = listening
        .strip_prefix("wacht-dev-server listening on ")
        .unwrap_or_else(|| panic!("{listening}"))
        .to_string();
    let addr = addr_of(&origin);
    assert_eq!(addr.ip().to_string(), "127.0.0.1");
    assert_ne!(addr.port(), 0);
    assert_eq!(
        next_line(&mut started).await,
        format!("publishable key: pk_test_{}", STANDARD.encode(&origin))
    );
    assert_eq!(
        next_line(&mut started).await,
        format!("backend API key: {BACKEND_KEY}")
    );

    let deployment = http(addr, "GET", "/deployment", &[], b"").await;
    assert_eq!(deployment.json()["data"]["backend_host"], origin.as_str());

    let index = http(addr, "GET", "/", &[], b"").await;
    assert_eq!(index.status.as_u16(), 200);
    assert!(index.text().contains("demo"));
    let wasm = http(addr, "GET", "/pkg/app_bg.wasm", &[], b"").await;
    assert_eq!(wasm.status.as_u16(), 200);
    assert_eq!(
        wasm.header("content-type").as_deref(),
        Some("application/wasm")
    );

    let exchange = http(
        addr,
        "GET",
        "/session/ticket/exchange?ticket=secret123",
        &[],
        b"",
    )
    .await;
    assert_eq!(exchange.status.as_u16(), 401);

    let log = stop(started).await;
    assert!(!log.contains("secret123"), "{log}");
    assert!(
        log.lines()
            .any(|line| line.starts_with("GET /session/ticket/exchange?ticket=[redacted] 401 ")),
        "{log}"
    );
    assert!(
        log.lines()
            .any(|line| line.starts_with("GET /pkg/app_bg.wasm 200 ")),
        "{log}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn production_mode_with_a_key_from_the_environment() {
    let dir = temp_dir("production");
    let www = dir.join("www");
    let mut started = start(
        &[
            "--port",
            "0",
            "--mode",
            "production",
            "--www",
            www.to_str().expect("utf8"),
        ],
        Some("wk_test_from_env"),
    );
    let listening = next_line(&mut started).await;
    let origin = listening
        .strip_prefix("wacht-dev-server listening on ")
        .unwrap_or_else(|| panic!("{listening}"))
        .to_string();
    assert_eq!(
        next_line(&mut started).await,
        format!("publishable key: pk_live_{}", STANDARD.encode(&origin))
    );

    let addr = addr_of(&origin);
    let body = br#"{"ticket_type":"api_auth_access","api_auth_app_slug":"aa_42"}"#;
    let headers = [("Content-Type", "application/json")];
    let default_key = http(
        addr,
        "POST",
        "/session/tickets",
        &[
            headers[0],
            ("Authorization", &format!("Bearer {BACKEND_KEY}")),
        ],
        body,
    )
    .await;
    assert_eq!(default_key.status.as_u16(), 401);
    let env_key = http(
        addr,
        "POST",
        "/session/tickets",
        &[headers[0], ("Authorization", "Bearer wk_test_from_env")],
        body,
    )
    .await;
    assert_eq!(env_key.status.as_u16(), 200, "{}", env_key.text());

    let log = stop(started).await;
    assert!(!log.contains("backend API key"), "{log}");
    assert!(!log.contains("wk_test_from_env"), "{log}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn bad_arguments_exit_with_usage() {
    let output = tokio::process::Command::new(BIN)
        .args(["--mode", "dev"])
        .output()
        .await
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--mode must be staging or production"),
        "{stderr}"
    );
    assert!(stderr.contains("usage: wacht-dev-server"), "{stderr}");
}

/// Reads the four startup lines and returns the address and the `data file:` line.
async fn startup_with_data(started: &mut Started) -> (SocketAddr, String) {
    let listening = next_line(started).await;
    let origin = listening
        .strip_prefix("wacht-dev-server listening on ")
        .unwrap_or_else(|| panic!("{listening}"))
        .to_string();
    next_line(started).await; // publishable key
    next_line(started).await; // backend API key
    (addr_of(&origin), next_line(started).await)
}

#[tokio::test]
async fn data_flag_keeps_keys_and_audit_entries_across_restarts() {
    let dir = temp_dir("data");
    let data = dir.join("keys.sqlite");
    let _ = std::fs::remove_file(&data);
    let data_arg = data.to_str().expect("utf8").to_string();
    let www = dir.join("www");
    let args = [
        "--port",
        "0",
        "--www",
        www.to_str().expect("utf8"),
        "--data",
        &data_arg,
    ];

    let mut started = start(&args, None);
    let (addr, line) = startup_with_data(&mut started).await;
    assert_eq!(
        line,
        format!("data file: {data_arg} (0 keys, 0 audit entries)")
    );
    let token = http(addr, "GET", "/deployment", &[], b"")
        .await
        .header("x-development-session")
        .expect("session");
    let minted = http(
        addr,
        "POST",
        "/session/tickets",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &format!("Bearer {BACKEND_KEY}")),
        ],
        br#"{"ticket_type":"api_auth_access","api_auth_app_slug":"aa_42"}"#,
    )
    .await;
    let ticket = minted.json()["ticket"]
        .as_str()
        .expect("ticket")
        .to_string();
    let exchanged = http(
        addr,
        "GET",
        &format!("/session/ticket/exchange?ticket={ticket}&__dev_session__={token}"),
        &[],
        b"",
    )
    .await;
    assert_eq!(exchanged.status.as_u16(), 200, "{}", exchanged.text());
    let created = http(
        addr,
        "POST",
        &format!("/api-auth/keys?__dev_session__={token}"),
        &[(
            "Content-Type",
            "application/x-www-form-urlencoded;charset=UTF-8",
        )],
        b"name=cli+key",
    )
    .await;
    let secret = created.json()["data"]["secret"]
        .as_str()
        .expect("secret")
        .to_string();
    let check_body = format!(
        r#"{{"principal":{{"type":"api_key","value":"{secret}"}},"resource":"/v1/cli","method":"GET"}}"#
    );
    let check = || {
        http(
            addr,
            "POST",
            "/v1/authz/check",
            &[("Content-Type", "application/json")],
            check_body.as_bytes(),
        )
    };
    assert_eq!(check().await.status.as_u16(), 200);
    let log = stop(started).await;
    assert!(!log.contains(&secret[secret.len() - 43..]), "{log}");
    assert!(
        log.lines()
            .any(|l| l.starts_with("POST /v1/authz/check 200 ")),
        "{log}"
    );

    let mut restarted = start(&args, None);
    let (addr, line) = startup_with_data(&mut restarted).await;
    assert_eq!(
        line,
        format!("data file: {data_arg} (1 keys, 1 audit entries)")
    );
    let again = http(
        addr,
        "POST",
        "/v1/authz/check",
        &[("Content-Type", "application/json")],
        check_body.as_bytes(),
    )
    .await;
    assert_eq!(again.status.as_u16(), 200, "{}", again.text());
    assert_eq!(again.json()["identity"]["key_name"], "cli key");
    stop(restarted).await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn help_documents_the_data_flag() {
    let output = tokio::process::Command::new(BIN)
        .arg("--help")
        .output()
        .await
        .expect("run");
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("--data FILE"), "{stdout}");
    assert!(stdout.contains("SQLite"), "{stdout}");
    assert!(stdout.contains("--allow-default-backend-key"), "{stdout}");
}

#[tokio::test]
async fn embed_ticket_ttl_flag_and_policy_log_lines() {
    let dir = temp_dir("embed");
    let www = dir.join("www");
    let mut started = start(
        &[
            "--port",
            "0",
            "--www",
            www.to_str().expect("utf8"),
            "--embed-ticket-ttl-seconds",
            "1",
        ],
        None,
    );
    let listening = next_line(&mut started).await;
    let origin = listening
        .strip_prefix("wacht-dev-server listening on ")
        .unwrap_or_else(|| panic!("{listening}"))
        .to_string();
    let addr = addr_of(&origin);
    let json = [("Content-Type", "application/json")];
    let body = br#"{"deploymentId":"42"}"#;

    let signed_out = http(
        addr,
        "POST",
        "/api/settings/api-keys/embed-ticket",
        &json,
        body,
    )
    .await;
    assert_eq!(signed_out.status.as_u16(), 401);
    let signed_in = http(
        addr,
        "POST",
        "/api/demo/sign-in",
        &json,
        br#"{"identity":"viewer"}"#,
    )
    .await;
    let cookie = signed_in.header("set-cookie").expect("cookie");
    assert_eq!(
        cookie,
        "demo_identity=viewer; Path=/; HttpOnly; SameSite=Lax"
    );
    let viewer = [json[0], ("Cookie", "demo_identity=viewer")];
    let denied = http(
        addr,
        "POST",
        "/api/settings/api-keys/embed-ticket",
        &viewer,
        body,
    )
    .await;
    assert_eq!(denied.status.as_u16(), 403);
    let owner = [json[0], ("Cookie", "demo_identity=owner")];
    let issued = http(
        addr,
        "POST",
        "/api/settings/api-keys/embed-ticket",
        &owner,
        body,
    )
    .await;
    assert_eq!(issued.status.as_u16(), 200, "{}", issued.text());
    let ticket = issued.json()["ticket"]
        .as_str()
        .expect("ticket")
        .to_string();
    let expires_at = issued.json()["expires_at"].as_i64().expect("expires_at");
    assert!(
        (expires_at - common::now_s() - 1).abs() <= 1,
        "{expires_at}"
    );

    tokio::time::sleep(Duration::from_millis(1100)).await;
    let expired = http(
        addr,
        "GET",
        &format!("/session/ticket/exchange?ticket={ticket}"),
        &[],
        b"",
    )
    .await;
    assert_eq!(expired.status.as_u16(), 401);
    assert_eq!(expired.json()["message"], "Invalid or expired ticket");

    let log = stop(started).await;
    assert!(!log.contains(&ticket), "{log}");
    let lines: Vec<&str> = log
        .lines()
        .filter(|l| l.starts_with("embed-ticket: "))
        .collect();
    assert_eq!(lines.len(), 3, "{log}");
    assert_eq!(
        lines[0],
        r#"embed-ticket: denied identity=- deployment="42" status=401 reason="not signed in""#
    );
    assert_eq!(
        lines[1],
        r#"embed-ticket: denied identity="viewer" deployment="42" status=403 reason="cannot manage API keys""#
    );
    assert_eq!(
        lines[2],
        format!(
            r#"embed-ticket: issued identity="owner" deployment="42" status=200 app="aa_42" expires_at={expires_at}"#
        )
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn help_documents_the_embed_ticket_ttl_flag() {
    let output = tokio::process::Command::new(BIN)
        .arg("--help")
        .output()
        .await
        .expect("run");
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("--embed-ticket-ttl-seconds N"), "{stdout}");
    let bad = tokio::process::Command::new(BIN)
        .args(["--embed-ticket-ttl-seconds", "0"])
        .output()
        .await
        .expect("run");
    assert_eq!(bad.status.code(), Some(2));
}

/// The public default backend key on an address other than loopback: exit 2 with the reason,
/// before any startup line; the same with the default set through the environment.
#[tokio::test]
async fn default_backend_key_on_a_non_loopback_host_refuses_to_start() {
    for env_key in [None, Some(BACKEND_KEY)] {
        let mut command = tokio::process::Command::new(BIN);
        command
            .args(["--host", "0.0.0.0", "--port", "0"])
            .env_remove("WACHT_BACKEND_API_KEY")
            .kill_on_drop(true);
        if let Some(key) = env_key {
            command.env("WACHT_BACKEND_API_KEY", key);
        }
        let output = timeout(Duration::from_secs(10), command.output())
            .await
            .expect("exits instead of serving")
            .expect("run");
        assert_eq!(output.status.code(), Some(2), "{env_key:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("refusing to start: 0.0.0.0 is not a loopback address"),
            "{stderr}"
        );
        assert!(stderr.contains("WACHT_BACKEND_API_KEY"), "{stderr}");
        assert!(stderr.contains("--allow-default-backend-key"), "{stderr}");
        assert!(output.stdout.is_empty(), "{:?}", output.stdout);
    }
}

/// With `--allow-default-backend-key`, or with a key of its own, it starts on `0.0.0.0` (and is
/// reached through loopback).
#[tokio::test]
async fn non_loopback_host_starts_with_the_flag_or_an_own_key() {
    let cases: [(&[&str], Option<&str>); 2] = [
        (
            &[
                "--host",
                "0.0.0.0",
                "--port",
                "0",
                "--allow-default-backend-key",
            ],
            None,
        ),
        (
            &["--host", "0.0.0.0", "--port", "0"],
            Some("wk_test_own_secret"),
        ),
    ];
    for (args, env_key) in cases {
        let mut started = start(args, env_key);
        let listening = next_line(&mut started).await;
        let origin = listening
            .strip_prefix("wacht-dev-server listening on ")
            .unwrap_or_else(|| panic!("{listening}"))
            .to_string();
        let addr = addr_of(&origin);
        assert_eq!(addr.ip().to_string(), "127.0.0.1", "{args:?}");
        let deployment = http(addr, "GET", "/deployment", &[], b"").await;
        assert_eq!(deployment.status.as_u16(), 200, "{args:?}");
        stop(started).await;
    }
}

/// `sh -c command` with `WACHT_BACKEND_API_KEY` set to `env_key` (or unset); its stdout as JSON.
async fn run_printed(command: &str, env_key: Option<&str>) -> serde_json::Value {
    let mut shell = Command::new("sh");
    shell
        .args(["-c", command])
        .env_remove("WACHT_BACKEND_API_KEY")
        .kill_on_drop(true);
    if let Some(key) = env_key {
        shell.env("WACHT_BACKEND_API_KEY", key);
    }
    let output = timeout(Duration::from_secs(10), shell.output())
        .await
        .expect("curl ends in time")
        .expect("sh runs");
    assert!(
        output.status.success(),
        "{command}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)))
}

/// The provisioning example the server prints last at startup (`make demo` shows it) runs as
/// printed: `sh -c` of the curl line creates an app through the backend API, with the default key
/// written out, or with a key of your own read from its environment variable (never printed);
/// pasted a second time it answers 409.
#[tokio::test]
async fn the_printed_provisioning_example_runs_as_printed() {
    for env_key in [None, Some("wk_test_own_secret")] {
        let mut started = start(&["--port", "0"], env_key);
        let listening = next_line(&mut started).await;
        let origin = listening
            .strip_prefix("wacht-dev-server listening on ")
            .unwrap_or_else(|| panic!("{listening}"))
            .to_string();
        let addr = addr_of(&origin);
        next_line(&mut started).await; // publishable key
        if env_key.is_none() {
            next_line(&mut started).await; // backend API key
        }
        assert_eq!(
            next_line(&mut started).await,
            "provision an API-auth app (once; a second run answers 409):"
        );
        let command = next_line(&mut started).await;
        assert!(
            command.starts_with(&format!("  curl -sS {origin}/api-auth/apps ")),
            "{command}"
        );
        let key = match env_key {
            None => {
                assert!(command.contains(BACKEND_KEY), "{command}");
                BACKEND_KEY
            }
            Some(key) => {
                assert!(!command.contains(key), "{command}");
                assert!(command.contains("$WACHT_BACKEND_API_KEY"), "{command}");
                key
            }
        };
        let app = run_printed(&command, env_key).await;
        assert_eq!(app["app_slug"], "my-integration", "{app}");
        assert_eq!(app["deployment_id"], "42", "{app}");
        assert_eq!(app["key_prefix"], "sk_test", "{app}");
        assert_eq!(app["is_active"], true, "{app}");
        let got = http(
            addr,
            "GET",
            "/api-auth/apps/my-integration",
            &[("Authorization", &format!("Bearer {key}"))],
            b"",
        )
        .await;
        assert_eq!(got.status.as_u16(), 200, "{}", got.text());
        assert_eq!(got.json()["name"], "My Integration");

        let again = run_printed(&command, env_key).await;
        assert_eq!(again["errors"][0]["code"], 409, "{again}");
        stop(started).await;
    }
}
