//! Injected faults (`/__dev/faults`) over real HTTP: status answers, hangs, connection resets,
//! filters, counting down, clearing, validation, CORS and the request log.

mod common;

use common::{http, spawn_server, Reply, RunningServer};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use wacht_dev_server::config::Config;

async fn server() -> RunningServer {
    spawn_server(Config {
        port: 0,
        ..Config::default()
    })
    .await
}

async fn get(addr: SocketAddr, target: &str) -> Reply {
    http(addr, "GET", target, &[], b"").await
}

/// `POST /__dev/faults` with `body` (raw).
async fn post_fault_raw(addr: SocketAddr, body: &str) -> Reply {
    http(
        addr,
        "POST",
        "/__dev/faults",
        &[("content-type", "application/json")],
        body.as_bytes(),
    )
    .await
}

/// Queues a fault; asserts 201 and returns the stored fault.
async fn add_fault(addr: SocketAddr, fault: Value) -> Value {
    let reply = post_fault_raw(addr, &fault.to_string()).await;
    assert_eq!(reply.status.as_u16(), 201, "{fault}: {}", reply.text());
    reply.json()
}

/// `GET /__dev/faults` → the `faults` array.
async fn pending(addr: SocketAddr) -> Vec<Value> {
    let reply = get(addr, "/__dev/faults").await;
    assert_eq!(reply.status.as_u16(), 200, "{}", reply.text());
    reply.json()["faults"].as_array().expect("faults").clone()
}

/// `(method, path, status, fault)` of every recorded request.
async fn recorded(addr: SocketAddr) -> Vec<(String, String, u64, Value)> {
    get(addr, "/__dev/requests").await.json()["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .map(|record| {
            (
                record["method"].as_str().expect("method").to_string(),
                record["path"].as_str().expect("path").to_string(),
                record["status"].as_u64().expect("status"),
                record.get("fault").cloned().unwrap_or(Value::Null),
            )
        })
        .collect()
}

/// Asserts the real `GET /deployment` answer.
fn assert_real_deployment(reply: &Reply) {
    assert_eq!(reply.envelope_data()["id"], "42", "{}", reply.text());
}

#[tokio::test]
async fn status_fault_answers_with_its_body_and_content_type() {
    let server = server().await;
    let addr = server.addr;
    let stored = add_fault(
        addr,
        json!({"method": "GET", "path_prefix": "/api-auth/keys", "status": 503,
               "body": "{\"message\":\"down\"}"}),
    )
    .await;
    assert_eq!(
        stored,
        json!({"id": 1, "method": "GET", "path_prefix": "/api-auth/keys", "times": 1,
               "status": 503, "body": "{\"message\":\"down\"}", "content_type": "application/json",
               "dev_session": null, "no_cors": false})
    );
    let reply = get(addr, "/api-auth/keys").await;
    assert_eq!(reply.status.as_u16(), 503);
    assert_eq!(reply.text(), r#"{"message":"down"}"#);
    assert_eq!(
        reply.header("content-type").as_deref(),
        Some("application/json")
    );
    // The route never ran: no browser session was started.
    assert_eq!(reply.header("x-development-session"), None);

    // A status fault can hand out a staging token (`X-Development-Session`).
    let stored = add_fault(
        addr,
        json!({"path_prefix": "/api-auth/keys", "status": 200, "body": "{}",
               "dev_session": "planted-token"}),
    )
    .await;
    assert_eq!(stored["dev_session"], "planted-token");
    let reply = get(addr, "/api-auth/keys").await;
    assert_eq!(
        reply.header("x-development-session").as_deref(),
        Some("planted-token")
    );

    let stored = add_fault(
        addr,
        json!({"path_prefix": "/deployment", "status": 502, "body": "Bad gateway"}),
    )
    .await;
    assert_eq!(stored["content_type"], "text/plain; charset=utf-8");
    assert_eq!(stored["method"], Value::Null);
    let reply = get(addr, "/deployment").await;
    assert_eq!(reply.status.as_u16(), 502);
    assert_eq!(reply.text(), "Bad gateway");
    assert_eq!(
        reply.header("content-type").as_deref(),
        Some("text/plain; charset=utf-8")
    );

    add_fault(
        addr,
        json!({"path_prefix": "/deployment", "status": 500, "body": "<h1>oops</h1>",
               "content_type": "text/html"}),
    )
    .await;
    let reply = get(addr, "/deployment").await;
    assert_eq!(reply.status.as_u16(), 500);
    assert_eq!(reply.text(), "<h1>oops</h1>");
    assert_eq!(reply.header("content-type").as_deref(), Some("text/html"));

    let stored = add_fault(addr, json!({"path_prefix": "/deployment", "status": 429})).await;
    assert_eq!(stored["body"], Value::Null);
    assert_eq!(stored["content_type"], Value::Null);
    let reply = get(addr, "/deployment").await;
    assert_eq!(reply.status.as_u16(), 429);
    assert!(reply.body.is_empty(), "{}", reply.text());
    assert_eq!(reply.header("content-type"), None);

    assert_real_deployment(&get(addr, "/deployment").await);
}

#[tokio::test]
async fn times_count_down_then_the_real_answers_come_back() {
    let server = server().await;
    let addr = server.addr;
    add_fault(
        addr,
        json!({"path_prefix": "/deployment", "times": 2, "status": 500}),
    )
    .await;
    // A second matching fault waits behind the first one.
    add_fault(addr, json!({"path_prefix": "/depl", "status": 418})).await;
    assert_eq!(pending(addr).await[0]["times"], 2);

    assert_eq!(get(addr, "/deployment").await.status.as_u16(), 500);
    let faults = pending(addr).await;
    assert_eq!(faults.len(), 2);
    assert_eq!(
        (faults[0]["id"].clone(), faults[0]["times"].clone()),
        (json!(1), json!(1))
    );

    assert_eq!(get(addr, "/deployment").await.status.as_u16(), 500);
    let faults = pending(addr).await;
    assert_eq!(faults.len(), 1, "the exhausted fault is removed");
    assert_eq!(faults[0]["id"], 2);

    assert_eq!(get(addr, "/deployment").await.status.as_u16(), 418);
    assert!(pending(addr).await.is_empty());
    assert_real_deployment(&get(addr, "/deployment").await);
    assert_real_deployment(&get(addr, "/deployment").await);
}

#[tokio::test]
async fn method_filter() {
    let server = server().await;
    let addr = server.addr;
    let stored = add_fault(
        addr,
        json!({"method": "post", "path_prefix": "/api-auth/keys", "status": 503}),
    )
    .await;
    assert_eq!(stored["method"], "POST", "upper-cased");

    // GET passes to the route (no app session: 401 envelope).
    let reply = get(addr, "/api-auth/keys?__dev_session__=").await;
    reply.assert_frontend_error(401, "No active API auth app session");
    assert_eq!(pending(addr).await.len(), 1);

    let reply = http(addr, "POST", "/api-auth/keys", &[], b"name=x").await;
    assert_eq!(reply.status.as_u16(), 503);
    assert!(pending(addr).await.is_empty());
}

#[tokio::test]
async fn path_prefix_filter_on_every_route_group() {
    let server = server().await;
    let addr = server.addr;
    add_fault(
        addr,
        json!({"path_prefix": "/api-auth/keys", "times": 3, "status": 503}),
    )
    .await;
    // Other paths are untouched.
    assert_real_deployment(&get(addr, "/deployment").await);
    get(addr, "/api-auth/session?__dev_session__=")
        .await
        .assert_frontend_error(401, "No active API auth app session");
    // A plain prefix of the path; the query is not part of it.
    assert_eq!(
        get(addr, "/api-auth/keys?status=active")
            .await
            .status
            .as_u16(),
        503
    );
    let rotate = http(addr, "POST", "/api-auth/keys/123/rotate", &[], b"").await;
    assert_eq!(rotate.status.as_u16(), 503);
    assert_eq!(get(addr, "/api-auth/keys").await.status.as_u16(), 503);
    assert!(pending(addr).await.is_empty());

    // Backend API, gateway, demo app backend and static files are faulted too.
    for (method, path) in [
        ("POST", "/session/tickets"),
        ("POST", "/v1/authz/check"),
        ("GET", "/api/config"),
        ("GET", "/vanity/api-auth"),
        ("GET", "/no-such-file.txt"),
    ] {
        add_fault(addr, json!({"path_prefix": path, "status": 599})).await;
        let reply = http(addr, method, path, &[], b"").await;
        assert_eq!(reply.status.as_u16(), 599, "{method} {path}");
        let reply = http(addr, method, path, &[], b"").await;
        assert_ne!(reply.status.as_u16(), 599, "{method} {path}");
    }
}

#[tokio::test]
async fn hang_waits_then_serves_the_real_answer() {
    let server = server().await;
    let addr = server.addr;
    let stored = add_fault(
        addr,
        json!({"method": "GET", "path_prefix": "/deployment", "hang_ms": 300}),
    )
    .await;
    assert_eq!(
        stored,
        json!({"id": 1, "method": "GET", "path_prefix": "/deployment", "times": 1, "hang_ms": 300})
    );
    let started = Instant::now();
    let reply = get(addr, "/deployment").await;
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert_real_deployment(&reply);
    assert!(pending(addr).await.is_empty());
}

/// Sends `request` on a new connection; returns what came back before the connection ended and
/// the read error, if any.
async fn raw_exchange(addr: SocketAddr, request: &[u8]) -> (Vec<u8>, Option<std::io::ErrorKind>) {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request).await.expect("write request");
    let mut received = Vec::new();
    let result = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut received))
        .await
        .expect("the server ends the connection");
    (received, result.err().map(|error| error.kind()))
}

#[tokio::test]
async fn reset_drops_the_connection_without_a_response() {
    let server = server().await;
    let addr = server.addr;
    let stored = add_fault(
        addr,
        json!({"path_prefix": "/api-auth/keys", "reset": true}),
    )
    .await;
    assert_eq!(
        stored,
        json!({"id": 1, "method": null, "path_prefix": "/api-auth/keys", "times": 1, "reset": true})
    );
    let request = format!(
        "GET /api-auth/keys HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://example.com\r\n\r\n"
    );
    let (received, error) = raw_exchange(addr, request.as_bytes()).await;
    assert!(
        received.is_empty(),
        "no status line, no byte at all: {:?}",
        String::from_utf8_lossy(&received)
    );
    // SO_LINGER 0: the close is a RST, which the reader sees as a reset (a plain EOF would
    // still mean "no response", but the server sets the option on every platform it runs on).
    assert_eq!(error, Some(std::io::ErrorKind::ConnectionReset));

    // Spent: the next request gets the real answer (401 without an app session).
    assert!(pending(addr).await.is_empty());
    get(addr, "/api-auth/keys?__dev_session__=")
        .await
        .assert_frontend_error(401, "No active API auth app session");
    let log = recorded(addr).await;
    assert_eq!(
        log[0],
        ("GET".into(), "/api-auth/keys".into(), 0, json!("reset"))
    );
    assert_eq!(log[1].3, Value::Null);
}

/// Reads one response with a `Content-Length` body from `stream`; returns its head and body.
async fn read_response(stream: &mut TcpStream) -> (String, Vec<u8>) {
    let mut data = Vec::new();
    let mut byte = [0u8; 1];
    while !data.ends_with(b"\r\n\r\n") {
        let n = stream.read(&mut byte).await.expect("read head");
        assert_eq!(n, 1, "connection ended inside a head: {data:?}");
        data.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&data).into_owned();
    let length: usize = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .expect("content-length");
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.expect("read body");
    (head, body)
}

/// Waits (at most 5 s) for the server to end the connection; returns what came before the end
/// and the read error, if any.
async fn read_until_closed(stream: &mut TcpStream) -> (Vec<u8>, Option<std::io::ErrorKind>) {
    let mut rest = Vec::new();
    let result = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut rest))
        .await
        .expect("the server ends the connection");
    (rest, result.err().map(|error| error.kind()))
}

/// `GET target` on an open keep-alive connection; returns the response head and body.
async fn get_on(stream: &mut TcpStream, addr: SocketAddr, target: &str) -> (String, Vec<u8>) {
    let request = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    read_response(stream).await
}

fn has_connection_close(head: &str) -> bool {
    head.to_ascii_lowercase()
        .contains("\r\nconnection: close\r\n")
}

#[tokio::test]
async fn queueing_a_reset_closes_idle_keep_alive_connections() {
    let server = server().await;
    let addr = server.addr;
    // An idle keep-alive connection, as a browser keeps in its pool.
    let mut idle = TcpStream::connect(addr).await.expect("connect");
    let (head, _) = get_on(&mut idle, addr, "/deployment").await;
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(!has_connection_close(&head), "{head}");

    add_fault(
        addr,
        json!({"path_prefix": "/api-auth/keys", "reset": true}),
    )
    .await;
    // Closed by the server (plain EOF) before any reuse, so a browser opens a fresh connection
    // for the request the reset catches and reports the reset instead of resending.
    let (rest, error) = read_until_closed(&mut idle).await;
    assert!(rest.is_empty(), "{:?}", String::from_utf8_lossy(&rest));
    assert_eq!(error, None, "a plain close");
}

#[tokio::test]
async fn answers_close_their_connection_while_a_reset_is_pending() {
    let server = server().await;
    let addr = server.addr;
    add_fault(
        addr,
        json!({"path_prefix": "/api-auth/keys", "reset": true}),
    )
    .await;
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let (head, body) = get_on(&mut stream, addr, "/deployment").await;
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(has_connection_close(&head), "{head}");
    let body: Value = serde_json::from_slice(&body).expect("JSON body");
    assert_eq!(body["data"]["id"], "42");
    assert_eq!(read_until_closed(&mut stream).await, (Vec::new(), None));

    // Dev routes too (a browser pools their connections with the others).
    let reply = get(addr, "/__dev/faults").await;
    assert_eq!(reply.header("connection").as_deref(), Some("close"));

    // Once no reset is pending, connections are kept alive again.
    http(addr, "DELETE", "/__dev/faults", &[], b"").await;
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let (head, _) = get_on(&mut stream, addr, "/deployment").await;
    assert!(!has_connection_close(&head), "{head}");
    let (head, _) = get_on(&mut stream, addr, "/deployment").await;
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "reused: {head}");
}

#[tokio::test]
async fn an_answer_being_sent_is_not_cut_short_by_the_idle_close() {
    // A static file large enough that its body is still being written when the reset fault is
    // queued: the connection closes only after the last byte.
    let www = std::env::temp_dir().join(format!("wacht-faults-www-{}", std::process::id()));
    std::fs::create_dir_all(&www).expect("www dir");
    let content: Vec<u8> = (0..16 * 1024 * 1024)
        .map(|i: u32| (i % 251) as u8)
        .collect();
    std::fs::write(www.join("big.bin"), &content).expect("write file");
    let server = spawn_server(Config {
        port: 0,
        www_dir: www.clone(),
        ..Config::default()
    })
    .await;
    let addr = server.addr;

    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let request = format!("GET /big.bin HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut first = vec![0u8; 1024];
    stream
        .read_exact(&mut first)
        .await
        .expect("start of the answer");
    assert!(first.starts_with(b"HTTP/1.1 200 OK\r\n"));

    add_fault(
        addr,
        json!({"path_prefix": "/api-auth/keys", "reset": true}),
    )
    .await;
    // Read slowly, so the socket is still full when the server takes the last chunk of the file
    // (the end of the answer is flushed later, and the close must follow that flush).
    let mut received = first;
    let mut chunk = vec![0u8; 256 * 1024];
    let reading = async {
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) => return None,
                Ok(n) => received.extend_from_slice(&chunk[..n]),
                Err(error) => return Some(error.kind()),
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    };
    let error = tokio::time::timeout(Duration::from_secs(10), reading)
        .await
        .expect("the server ends the connection after the answer");
    assert_eq!(error, None, "a plain close");
    let split = received
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of head")
        + 4;
    assert_eq!(
        received.len() - split,
        content.len(),
        "the whole body arrived"
    );
    assert!(received[split..] == content[..]);
    let _ = std::fs::remove_dir_all(&www);
}

#[tokio::test]
async fn delete_clears_pending_faults() {
    let server = server().await;
    let addr = server.addr;
    add_fault(
        addr,
        json!({"path_prefix": "/", "times": 10, "status": 500}),
    )
    .await;
    add_fault(addr, json!({"path_prefix": "/deployment", "reset": true})).await;
    assert_eq!(pending(addr).await.len(), 2);
    let reply = http(addr, "DELETE", "/__dev/faults", &[], b"").await;
    assert_eq!(reply.status.as_u16(), 204);
    assert!(pending(addr).await.is_empty());
    assert_real_deployment(&get(addr, "/deployment").await);
    // Ids keep counting across clears.
    let stored = add_fault(addr, json!({"path_prefix": "/x", "status": 500})).await;
    assert_eq!(stored["id"], 3);
}

#[tokio::test]
async fn bad_bodies_are_400() {
    let server = server().await;
    let addr = server.addr;
    let cases = [
        ("", "invalid fault: "),
        ("{not json", "invalid fault: "),
        ("[]", "invalid fault: "),
        (
            r#"{"status":500}"#,
            "invalid fault: missing field `path_prefix`",
        ),
        (
            r#"{"path_prefix":"/x","status":500,"path":"/y"}"#,
            "invalid fault: unknown field `path`",
        ),
        (
            r#"{"path_prefix":"/x","status":"500"}"#,
            "invalid fault: invalid type",
        ),
        (
            r#"{"path_prefix":"x","status":500}"#,
            "path_prefix must start with /",
        ),
        (
            r#"{"path_prefix":"/__dev/requests","status":500}"#,
            "path_prefix must not name /__dev routes",
        ),
        (
            r#"{"path_prefix":"/__dev","status":500}"#,
            "path_prefix must not name /__dev routes",
        ),
        (
            r#"{"path_prefix":"/x","method":"G ET","status":500}"#,
            "method \"G ET\" is not an HTTP method",
        ),
        (
            r#"{"path_prefix":"/x","method":"","status":500}"#,
            "is not an HTTP method",
        ),
        (
            r#"{"path_prefix":"/x","times":0,"status":500}"#,
            "times must be between 1 and 1000",
        ),
        (
            r#"{"path_prefix":"/x","times":1001,"status":500}"#,
            "times must be between 1 and 1000",
        ),
        (
            r#"{"path_prefix":"/x"}"#,
            "give exactly one of status, hang_ms, reset",
        ),
        (
            r#"{"path_prefix":"/x","status":500,"hang_ms":10}"#,
            "give exactly one of status, hang_ms, reset",
        ),
        (
            r#"{"path_prefix":"/x","status":500,"reset":true}"#,
            "give exactly one of status, hang_ms, reset",
        ),
        (
            r#"{"path_prefix":"/x","reset":false}"#,
            "reset must be true",
        ),
        (
            r#"{"path_prefix":"/x","hang_ms":120001}"#,
            "hang_ms must be at most 120000",
        ),
        (
            r#"{"path_prefix":"/x","hang_ms":-1}"#,
            "invalid fault: invalid value",
        ),
        (
            r#"{"path_prefix":"/x","hang_ms":10,"body":"x"}"#,
            "body, content_type, dev_session and no_cors go only with status",
        ),
        (
            r#"{"path_prefix":"/x","reset":true,"content_type":"text/plain"}"#,
            "body, content_type, dev_session and no_cors go only with status",
        ),
        (
            r#"{"path_prefix":"/x","status":199}"#,
            "status must be between 200 and 599",
        ),
        (
            r#"{"path_prefix":"/x","status":600}"#,
            "status must be between 200 and 599",
        ),
        (
            r#"{"path_prefix":"/x","status":70000}"#,
            "invalid fault: invalid value",
        ),
        (
            r#"{"path_prefix":"/x","status":204,"body":""}"#,
            "status 204 cannot carry a body",
        ),
        (
            r#"{"path_prefix":"/x","status":500,"content_type":"a\nb"}"#,
            "content_type is not a valid header value",
        ),
        (
            r#"{"path_prefix":"/x","hang_ms":10,"dev_session":"t"}"#,
            "body, content_type, dev_session and no_cors go only with status",
        ),
        (
            r#"{"path_prefix":"/x","reset":true,"no_cors":true}"#,
            "body, content_type, dev_session and no_cors go only with status",
        ),
        (
            r#"{"path_prefix":"/x","status":500,"no_cors":"yes"}"#,
            "invalid fault",
        ),
        (
            r#"{"path_prefix":"/x","status":200,"dev_session":""}"#,
            "dev_session must be 1 to 200 characters",
        ),
        (
            r#"{"path_prefix":"/x","status":200,"dev_session":"a\nb"}"#,
            "dev_session is not a valid header value",
        ),
    ];
    for (body, expected) in cases {
        let reply = post_fault_raw(addr, body).await;
        assert_eq!(reply.status.as_u16(), 400, "{body}: {}", reply.text());
        assert_eq!(
            reply.header("content-type").as_deref(),
            Some("application/json")
        );
        let error = reply.json()["error"].as_str().expect("error").to_string();
        assert!(error.contains(expected), "{body}: {error}");
    }
    assert!(pending(addr).await.is_empty());

    // At most 100 pending.
    for _ in 0..100 {
        add_fault(addr, json!({"path_prefix": "/x", "status": 500})).await;
    }
    let reply = post_fault_raw(addr, r#"{"path_prefix":"/x","status":500}"#).await;
    assert_eq!(reply.status.as_u16(), 400);
    assert_eq!(
        reply.json(),
        json!({"error": "at most 100 faults can be pending"})
    );
}

#[tokio::test]
async fn dev_routes_are_never_faulted() {
    let server = server().await;
    let addr = server.addr;
    add_fault(addr, json!({"path_prefix": "/", "times": 5, "status": 500})).await;
    add_fault(addr, json!({"path_prefix": "/", "times": 5, "reset": true})).await;
    assert_eq!(get(addr, "/__dev/requests").await.status.as_u16(), 200);
    assert_eq!(pending(addr).await.len(), 2);
    let latency = http(
        addr,
        "POST",
        "/__dev/latency",
        &[("content-type", "application/json")],
        br#"{"ms":0}"#,
    )
    .await;
    assert_eq!(latency.status.as_u16(), 200, "{}", latency.text());
    // Not a route: the static fallback answers it, unfaulted.
    assert_eq!(get(addr, "/__dev/no-such-thing").await.status.as_u16(), 404);
    assert_eq!(get(addr, "/__dev").await.status.as_u16(), 404);
    let faults = pending(addr).await;
    assert_eq!(faults[0]["times"], 5);
    assert_eq!(faults[1]["times"], 5);
    assert_eq!(
        http(addr, "DELETE", "/__dev/faults", &[], b"")
            .await
            .status
            .as_u16(),
        204
    );
    assert!(pending(addr).await.is_empty());
}

#[tokio::test]
async fn injected_answers_carry_the_routes_cors_headers() {
    let server = server().await;
    let addr = server.addr;
    add_fault(
        addr,
        json!({"path_prefix": "/api-auth/keys", "status": 503, "body": "{}"}),
    )
    .await;
    // The preflight is answered by the CORS layer and does not spend the fault.
    let preflight = http(
        addr,
        "OPTIONS",
        "/api-auth/keys",
        &[
            ("Origin", "http://example.com"),
            ("Access-Control-Request-Method", "GET"),
        ],
        b"",
    )
    .await;
    assert_eq!(preflight.status.as_u16(), 200);
    assert_eq!(
        preflight.header("access-control-allow-origin").as_deref(),
        Some("http://example.com")
    );
    assert_eq!(pending(addr).await.len(), 1);

    let reply = http(
        addr,
        "GET",
        "/api-auth/keys",
        &[("Origin", "http://example.com")],
        b"",
    )
    .await;
    assert_eq!(reply.status.as_u16(), 503);
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some("http://example.com")
    );
    assert_eq!(
        reply.header("access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(
        reply.header("access-control-expose-headers").as_deref(),
        Some("x-development-session")
    );

    // Loopback-only groups: the gateway answers a loopback page with CORS headers.
    add_fault(
        addr,
        json!({"path_prefix": "/v1/authz/check", "status": 500}),
    )
    .await;
    let reply = http(
        addr,
        "POST",
        "/v1/authz/check",
        &[("Origin", "http://localhost:3000")],
        b"",
    )
    .await;
    assert_eq!(reply.status.as_u16(), 500);
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some("http://localhost:3000")
    );
}

#[tokio::test]
async fn request_log_names_the_fault() {
    let server = server().await;
    let addr = server.addr;
    add_fault(addr, json!({"path_prefix": "/deployment", "status": 503})).await;
    add_fault(addr, json!({"path_prefix": "/deployment", "hang_ms": 1})).await;
    get(addr, "/deployment").await;
    get(addr, "/deployment").await;
    get(addr, "/deployment").await;
    assert_eq!(
        recorded(addr).await,
        [
            ("GET".into(), "/deployment".into(), 503, json!("status")),
            ("GET".into(), "/deployment".into(), 200, json!("hang")),
            ("GET".into(), "/deployment".into(), 200, Value::Null),
        ]
    );
    // Unfaulted records keep their old shape (no `fault` key).
    let log = get(addr, "/__dev/requests").await.json();
    assert!(log["requests"][2].get("fault").is_none(), "{log}");
}

#[tokio::test]
async fn reset_without_a_served_connection_is_a_500() {
    // In-process (`oneshot`) requests have no connection to reset.
    let app = common::TestApp::new(wacht_dev_server::config::Mode::Staging);
    let reply = app
        .send(
            axum::http::Request::post("/__dev/faults")
                .body(axum::body::Body::from(
                    r#"{"path_prefix":"/deployment","reset":true}"#,
                ))
                .expect("request"),
        )
        .await;
    assert_eq!(reply.status.as_u16(), 201, "{}", reply.text());
    let reply = app.get("/deployment").await;
    assert_eq!(reply.status.as_u16(), 500);
    let error = reply.json()["error"].as_str().expect("error").to_string();
    assert!(error.contains("wacht_dev_server::serve"), "{error}");
    let records = app.state.lock().request_log.records();
    assert_eq!((records[0].status, records[0].fault), (500, Some("reset")));
}

/// `no_cors`: an injected answer without CORS headers, like Wacht's early errors (its limiter's
/// 429, an unknown deployment's 404), which a cross-origin page sees as a network failure.
#[tokio::test]
async fn no_cors_status_fault_goes_without_cors_headers() {
    let server = server().await;
    let addr = server.addr;
    let origin = [("origin", "http://localhost:5173")];
    let stored = add_fault(
        addr,
        json!({"path_prefix": "/deployment", "status": 404, "no_cors": true,
               "body": "{\"message\":\"Deployment not found\"}"}),
    )
    .await;
    assert_eq!(stored["no_cors"], true);
    let early = http(addr, "GET", "/deployment", &origin, b"").await;
    assert_eq!(early.status.as_u16(), 404);
    assert_eq!(early.text(), r#"{"message":"Deployment not found"}"#);
    assert_eq!(early.header("access-control-allow-origin"), None);
    assert_eq!(early.header("access-control-allow-credentials"), None);
    assert_eq!(early.header("access-control-expose-headers"), None);

    // Without `no_cors` the injected answer has the route's CORS headers; so has the real one.
    add_fault(addr, json!({"path_prefix": "/deployment", "status": 404})).await;
    let injected = http(addr, "GET", "/deployment", &origin, b"").await;
    assert_eq!(injected.status.as_u16(), 404);
    assert_eq!(
        injected.header("access-control-allow-origin").as_deref(),
        Some("http://localhost:5173")
    );
    let real = http(addr, "GET", "/deployment", &origin, b"").await;
    assert_real_deployment(&real);
    assert!(real.header("access-control-allow-origin").is_some());
}
