//! Test helpers: an in-process app driven with `oneshot`, a server on a real loopback port and
//! a minimal HTTP/1.1 client for it.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tower::ServiceExt;
use wacht_dev_server::config::{Config, Mode};
use wacht_dev_server::frontend::deployment::publishable_key;
use wacht_dev_server::state::{AppState, Settings};

/// Origin of in-process apps (nothing listens there).
pub const ORIGIN: &str = "http://127.0.0.1:8787";
/// Default backend key of deployment 42.
pub const BACKEND_KEY: &str = wacht_dev_server::config::DEFAULT_BACKEND_API_KEY;
/// Backend key of deployment 77.
pub const OTHER_KEY: &str = wacht_dev_server::store::seed::OTHER_BACKEND_API_KEY;

/// Unix seconds now.
/// The settings of an in-process server at [`ORIGIN`].
pub fn settings(config: &Config) -> Settings {
    Settings::new(config, ORIGIN, publishable_key(config.mode, ORIGIN))
}

pub fn now_s() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

/// `uri` with `__dev_session__=<token>` appended.
pub fn with_dev_session(uri: &str, token: &str) -> String {
    let separator = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{separator}__dev_session__={token}")
}

/// A finished response.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().expect("ascii header").to_string())
    }

    /// Frontend envelope `message`.
    pub fn message(&self) -> String {
        self.json()["message"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Backend `errors[0].message`.
    pub fn backend_message(&self) -> String {
        self.json()["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Asserts a frontend error envelope with this status and message.
    pub fn assert_frontend_error(&self, status: u16, message: &str) {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.text());
        let mut body = self.json();
        assert_browser_session(&body["session"]);
        body["session"] = Value::Null;
        assert_eq!(
            body,
            json!({"status": status, "message": message, "data": null, "session": null, "errors": null})
        );
    }

    /// Asserts a backend error body with this status and message.
    pub fn assert_backend_error(&self, status: u16, message: &str) {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.text());
        assert_eq!(
            self.json(),
            json!({"errors": [{"message": message, "code": status}]})
        );
    }

    /// Asserts the gateway's 401 for a well-formed key it does not know: plain text "Invalid API
    /// key".
    pub fn assert_unknown_key(&self) {
        assert_eq!(self.status.as_u16(), 401, "body: {}", self.text());
        assert_eq!(self.text(), "Invalid API key");
        let content_type = self.header("content-type").unwrap_or_default();
        assert!(content_type.starts_with("text/plain"), "{content_type}");
    }

    /// Asserts the gateway's 401 for an empty, malformed or expired key: JSON `{"allowed":false}`.
    pub fn assert_not_allowed(&self) {
        assert_eq!(self.status.as_u16(), 401, "body: {}", self.text());
        assert_eq!(self.json(), json!({"allowed": false}));
    }

    /// Asserts a 200 frontend envelope and returns its `data`.
    pub fn envelope_data(&self) -> Value {
        assert_eq!(self.status, StatusCode::OK, "body: {}", self.text());
        let body = self.json();
        assert_eq!(body["status"], 200);
        assert_eq!(body["message"], "");
        assert_browser_session(&body["session"]);
        assert_eq!(body["errors"], Value::Null);
        body["data"].clone()
    }
}

/// Asserts an envelope's `session`: `{id, created_at, updated_at}` of a browser session, the
/// id decimal, the times RFC 3339 with `updated_at` not before `created_at`.
pub fn assert_browser_session(session: &Value) {
    let object = session.as_object().expect("session is an object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["created_at", "id", "updated_at"], "{session}");
    let id = session["id"].as_str().expect("id");
    assert!(
        !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()),
        "{session}"
    );
    let created =
        chrono::DateTime::parse_from_rfc3339(session["created_at"].as_str().expect("created_at"))
            .expect("created_at is RFC 3339");
    let updated =
        chrono::DateTime::parse_from_rfc3339(session["updated_at"].as_str().expect("updated_at"))
            .expect("updated_at is RFC 3339");
    assert!(updated >= created, "{session}");
}

/// The app in-process.
pub struct TestApp {
    pub state: AppState,
    pub router: Router,
}

impl TestApp {
    pub fn new(mode: Mode) -> TestApp {
        TestApp::with_config(Config {
            mode,
            ..Config::default()
        })
    }

    pub fn with_config(config: Config) -> TestApp {
        let state = AppState::new(settings(&config));
        let router = wacht_dev_server::router(state.clone());
        TestApp { state, router }
    }

    /// An app whose data lives in the SQLite file `path` (`--data`), as after a restart.
    pub fn with_data_file(path: &std::path::Path) -> TestApp {
        let config = Config {
            data_file: Some(path.to_path_buf()),
            ..Config::default()
        };
        let state = AppState::with_data_file(settings(&config), path).expect("data file");
        let router = wacht_dev_server::router(state.clone());
        TestApp { state, router }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible router");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri).body(Body::empty()).expect("request"))
            .await
    }

    /// GET with a `Cookie: __session=<token>` header.
    pub async fn get_with_cookie(&self, uri: &str, token: &str) -> Reply {
        self.send(
            Request::get(uri)
                .header("cookie", format!("__session={token}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }

    /// A fresh staging browser session token (from `GET /deployment`).
    pub async fn staging_session(&self) -> String {
        let reply = self.get("/deployment?__dev_session__=").await;
        reply
            .header("x-development-session")
            .expect("new session header")
    }

    /// `POST /session/tickets` with an optional bearer key and a JSON body.
    pub async fn mint(&self, key: Option<&str>, body: Value) -> Reply {
        let mut request =
            Request::post("/session/tickets").header("content-type", "application/json");
        if let Some(key) = key {
            request = request.header("authorization", format!("Bearer {key}"));
        }
        self.send(request.body(Body::from(body.to_string())).expect("request"))
            .await
    }

    /// A backend API request: `method uri` with an optional `Bearer` key and raw body (sent
    /// with `Content-Type: application/json` when `json` is true).
    pub async fn backend_raw(
        &self,
        method: &str,
        uri: &str,
        key: Option<&str>,
        body: Vec<u8>,
        json: bool,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(key) = key {
            request = request.header("authorization", format!("Bearer {key}"));
        }
        if json {
            request = request.header("content-type", "application/json");
        }
        self.send(request.body(Body::from(body)).expect("request"))
            .await
    }

    /// A backend API request with the deployment-42 key and an optional JSON body.
    pub async fn backend(&self, method: &str, uri: &str, body: Option<Value>) -> Reply {
        let (bytes, json) = match body {
            Some(body) => (body.to_string().into_bytes(), true),
            None => (Vec::new(), false),
        };
        self.backend_raw(method, uri, Some(BACKEND_KEY), bytes, json)
            .await
    }

    /// Sends each body of `cases` to `method uri` with the backend key and asserts a backend 400
    /// whose message starts with the case's text.
    pub async fn assert_backend_refuses(&self, method: &str, uri: &str, cases: &[(Value, &str)]) {
        for (body, message) in cases {
            let reply = self.backend(method, uri, Some(body.clone())).await;
            assert_eq!(reply.status.as_u16(), 400, "{body}: {}", reply.text());
            assert_eq!(reply.json()["errors"][0]["code"], 400, "{body}");
            assert!(
                reply.backend_message().starts_with(message),
                "{body}: {}",
                reply.text()
            );
        }
    }

    /// Like [`TestApp::backend`], asserting a 2xx; the JSON answer (`null` when empty).
    pub async fn backend_ok(&self, method: &str, uri: &str, body: Option<Value>) -> Value {
        let reply = self.backend(method, uri, body).await;
        assert!(
            reply.status.is_success(),
            "{method} {uri}: {} {}",
            reply.status,
            reply.text()
        );
        if reply.body.is_empty() {
            Value::Null
        } else {
            reply.json()
        }
    }

    /// Mints with the deployment-42 key and returns the ticket.
    pub async fn mint_ok(&self, body: Value) -> String {
        self.mint_with(BACKEND_KEY, body).await
    }

    /// Mints with `key` and returns the ticket.
    pub async fn mint_with(&self, key: &str, body: Value) -> String {
        let reply = self.mint(Some(key), body).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "mint failed: {}",
            reply.text()
        );
        reply.json()["ticket"]
            .as_str()
            .expect("ticket string")
            .to_string()
    }

    /// A staging browser session holding an API-auth app session for `slug` (deployment 42):
    /// a ticket minted through `POST /session/tickets` and exchanged in a fresh session.
    pub async fn app_session(&self, slug: &str) -> String {
        let token = self.staging_session().await;
        let ticket = self
            .mint_ok(json!({"ticket_type": "api_auth_access", "api_auth_app_slug": slug}))
            .await;
        self.exchange(&ticket, &token).await.envelope_data();
        token
    }

    /// GET `uri` in the staging session `token`.
    pub async fn get_in(&self, uri: &str, token: &str) -> Reply {
        self.get(&with_dev_session(uri, token)).await
    }

    /// POST a form body (`application/x-www-form-urlencoded;charset=UTF-8`, as browsers send
    /// `URLSearchParams`) to `uri` in the staging session `token`.
    pub async fn post_form(&self, uri: &str, token: &str, body: &str) -> Reply {
        self.send(
            Request::post(with_dev_session(uri, token))
                .header(
                    "content-type",
                    "application/x-www-form-urlencoded;charset=UTF-8",
                )
                .body(Body::from(body.to_string()))
                .expect("request"),
        )
        .await
    }

    /// Creates a key named `name` in the session `token`; returns `(id, secret)`.
    pub async fn create_key(&self, token: &str, name: &str) -> (String, String) {
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("name", name)
            .finish();
        let data = self
            .post_form("/api-auth/keys", token, &body)
            .await
            .envelope_data();
        (
            data["id"].as_str().expect("id").to_string(),
            data["secret"].as_str().expect("secret").to_string(),
        )
    }

    /// `POST /v1/authz/check` with a JSON body.
    pub async fn authz(&self, body: Value) -> Reply {
        self.send(
            Request::post("/v1/authz/check")
                .header("content-type", "application/json")
                .body(Body::from(body.to_string()))
                .expect("request"),
        )
        .await
    }

    /// A check of `GET <resource>` with `key`.
    pub async fn authz_get(&self, key: &str, resource: &str) -> Reply {
        self.authz(json!({
            "principal": {"type": "api_key", "value": key},
            "resource": resource,
            "method": "GET",
        }))
        .await
    }

    /// `POST /api/demo/sign-in` as `identity`; asserts 200 and returns the `Cookie` header value
    /// to send afterwards (`demo_identity=<id>`).
    pub async fn sign_in(&self, identity: &str) -> String {
        let reply = self
            .send(
                Request::post("/api/demo/sign-in")
                    .header("content-type", "application/json")
                    .body(Body::from(json!({ "identity": identity }).to_string()))
                    .expect("request"),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "sign-in: {}", reply.text());
        let set_cookie = reply.header("set-cookie").expect("set-cookie");
        set_cookie
            .split(';')
            .next()
            .expect("cookie pair")
            .to_string()
    }

    /// `POST /api/settings/api-keys/embed-ticket` with a raw JSON `body` and, when given, a
    /// `Cookie` header (e.g. from [`TestApp::sign_in`]).
    pub async fn embed_ticket(&self, cookie: Option<&str>, body: &str) -> Reply {
        let mut request = Request::post("/api/settings/api-keys/embed-ticket")
            .header("content-type", "application/json");
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        self.send(request.body(Body::from(body.to_string())).expect("request"))
            .await
    }

    /// Signs in as `identity` and asks the demo app backend for a ticket for `deployment_id`;
    /// asserts 200 and returns the ticket.
    pub async fn embed_ticket_as(&self, identity: &str, deployment_id: &str) -> String {
        let cookie = self.sign_in(identity).await;
        let body = json!({ "deploymentId": deployment_id }).to_string();
        let reply = self.embed_ticket(Some(&cookie), &body).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "embed-ticket: {}",
            reply.text()
        );
        reply.json()["ticket"]
            .as_str()
            .expect("ticket string")
            .to_string()
    }

    /// `GET /session/ticket/exchange?ticket=…` in the staging session `token`.
    pub async fn exchange(&self, ticket: &str, token: &str) -> Reply {
        self.get(&with_dev_session(
            &format!("/session/ticket/exchange?ticket={ticket}"),
            token,
        ))
        .await
    }
}

/// A server on a real loopback port; aborted when dropped.
pub struct RunningServer {
    pub addr: SocketAddr,
    pub state: AppState,
    handle: JoinHandle<std::io::Result<()>>,
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

/// Starts the full server on 127.0.0.1:0.
pub async fn spawn_server(config: Config) -> RunningServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let state = wacht_dev_server::state_for(&config, &listener).expect("state");
    let addr = listener.local_addr().expect("addr");
    let handle = tokio::spawn(wacht_dev_server::serve(
        listener,
        state.clone(),
        std::future::pending(),
    ));
    RunningServer {
        addr,
        state,
        handle,
    }
}

/// One HTTP/1.1 request over a new connection (`Connection: close`).
pub async fn http(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.expect("write head");
    stream.write_all(body).await.expect("write body");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> Reply {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().expect("status line");
    let code: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("status code");
    let mut headers = HeaderMap::new();
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            headers.append(
                axum::http::HeaderName::from_bytes(name.trim().as_bytes()).expect("header name"),
                value.trim().parse().expect("header value"),
            );
        }
    }
    let chunked = headers
        .get("transfer-encoding")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Reply {
        status: StatusCode::from_u16(code).expect("status"),
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size line");
        let size_text = String::from_utf8_lossy(&data[..line_end]).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16)
            .expect("chunk size");
        data = &data[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

/// Over HTTP to `addr`: a new staging browser session (`GET /deployment`) holding an API-auth
/// app session for `slug` (a ticket minted with the deployment-42 key, then exchanged); returns
/// the session token.
pub async fn http_app_session(addr: SocketAddr, slug: &str) -> String {
    let token = http(addr, "GET", "/deployment", &[], b"")
        .await
        .header("x-development-session")
        .expect("new session header");
    let minted = http(
        addr,
        "POST",
        "/session/tickets",
        &[
            ("content-type", "application/json"),
            ("authorization", &format!("Bearer {BACKEND_KEY}")),
        ],
        json!({"ticket_type": "api_auth_access", "api_auth_app_slug": slug})
            .to_string()
            .as_bytes(),
    )
    .await;
    let ticket = minted.json()["ticket"]
        .as_str()
        .unwrap_or_else(|| panic!("mint: {}", minted.text()))
        .to_string();
    let target = with_dev_session(&format!("/session/ticket/exchange?ticket={ticket}"), &token);
    http(addr, "GET", &target, &[], b"").await.envelope_data();
    token
}

/// Over HTTP to `addr`: POST a form body to `uri` in the staging session `token`.
pub async fn http_post_form(addr: SocketAddr, uri: &str, token: &str, body: &[u8]) -> Reply {
    http(
        addr,
        "POST",
        &with_dev_session(uri, token),
        &[(
            "content-type",
            "application/x-www-form-urlencoded;charset=UTF-8",
        )],
        body,
    )
    .await
}

/// Over HTTP to `addr`: creates a key named `name` in the session `token`; returns
/// `(id, secret)`.
pub async fn http_create_key(addr: SocketAddr, token: &str, name: &str) -> (String, String) {
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("name", name)
        .finish();
    let data = http_post_form(addr, "/api-auth/keys", token, body.as_bytes())
        .await
        .envelope_data();
    (
        data["id"].as_str().expect("id").to_string(),
        data["secret"].as_str().expect("secret").to_string(),
    )
}

/// A fresh, empty folder for this test process: `<temp>/wacht-dev-server-<name>-<pid>`.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("wacht-dev-server-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
