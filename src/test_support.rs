//! Fakes for host tests: a scripted frontend API and an in-memory browser storage.

use crate::error::{ClientError, ErrorCode};
use crate::json::Value;
use crate::session::dev_session::BrowserStorage;
use crate::transport::{Body, HttpRequest, HttpResponse, Transport};
use futures::future::{ready, FutureExt, LocalBoxFuture};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Wraps `data` in the frontend API's success envelope.
/// The server's 401 body when the browser has no API-auth app session.
pub fn no_session_body() -> String {
    NO_SESSION_BODY.to_string()
}

const NO_SESSION_BODY: &str = r#"{"message":"No active API auth app session"}"#;

pub fn envelope(data: serde_json::Value) -> String {
    serde_json::json!({"status":200,"message":"","data":data,"session":null,"errors":null})
        .to_string()
}

/// Parses a body as the browser's `Response.json()` would, into a fresh value each time.
pub fn parse_body(text: &str) -> Body {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(json) => Body::Json(Value::from(json)),
        Err(_) if text.trim().is_empty() => Body::NotJson("an empty body".into()),
        Err(e) => Body::NotJson(format!("a body that is not JSON ({e})")),
    }
}

/// A scripted answer; its body is parsed anew for every request, as a browser would.
#[derive(Clone)]
struct ScriptedResponse {
    status: u16,
    body: String,
    dev_session: Option<String>,
}

impl ScriptedResponse {
    fn to_response(&self) -> HttpResponse {
        HttpResponse {
            status: self.status,
            status_text: String::new(),
            body: parse_body(&self.body),
            dev_session: self.dev_session.clone(),
        }
    }
}

/// In-memory cookies and localStorage.
#[derive(Default)]
pub struct FakeStorage {
    pub cookies: RefCell<Vec<(String, String)>>,
    pub items: RefCell<HashMap<String, String>>,
    pub page_param: RefCell<Option<String>>,
}

impl BrowserStorage for FakeStorage {
    fn cookies(&self) -> String {
        self.cookies
            .borrow()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
    fn set_cookie(&self, cookie: &str) {
        let pair = cookie.split(';').next().unwrap_or_default();
        let Some((k, v)) = pair.split_once('=') else {
            return;
        };
        let mut cookies = self.cookies.borrow_mut();
        cookies.retain(|(name, _)| name != k);
        cookies.push((k.to_string(), v.to_string()));
    }
    fn get_item(&self, key: &str) -> Option<String> {
        self.items.borrow().get(key).cloned()
    }
    fn set_item(&self, key: &str, value: &str) {
        self.items.borrow_mut().insert(key.into(), value.into());
    }
    fn now_ms(&self) -> f64 {
        1_700_000_000_123.0
    }
    fn take_page_dev_session(&self) -> Option<String> {
        self.page_param.borrow_mut().take()
    }
}

enum Scripted {
    Respond(ScriptedResponse),
    NetworkFailure,
    Hold,
}

type PendingResponse = (
    String,
    futures::channel::oneshot::Sender<Result<HttpResponse, ClientError>>,
);

/// A scripted frontend API: one answer per path (query ignored), and a log of every request.
#[derive(Default)]
pub struct FakeServer {
    routes: RefCell<HashMap<String, Scripted>>,
    log: RefCell<Vec<HttpRequest>>,
    pending: RefCell<Vec<PendingResponse>>,
    spawner: RefCell<Option<futures::executor::LocalSpawner>>,
    /// Background work spawned without a pool (see `spawn`).
    background: RefCell<Vec<LocalBoxFuture<'static, ()>>>,
    /// Pending `sleep`s: the host has no clock; [`FakeServer::fire_timers`] ends them.
    timers: RefCell<Vec<futures::channel::oneshot::Sender<()>>>,
    /// Whether this browser has an API-auth app session, tracked as the real server does: a
    /// successful exchange of an `api_auth_access` ticket opens one, and `/api-auth/*` requests
    /// without one get the server's 401 `no_session` answer, whatever is scripted.
    session: std::cell::Cell<bool>,
    pub storage: Rc<FakeStorage>,
}

impl FakeServer {
    pub fn new() -> Rc<FakeServer> {
        Rc::new(FakeServer::default())
    }

    /// Ends every pending `sleep`, as if every timeout had passed.
    pub fn fire_timers(&self) {
        for timer in self.timers.borrow_mut().drain(..) {
            let _ = timer.send(());
        }
    }

    /// Starts with an API-auth app session already open (tests of reads, not of the exchange).
    pub fn open_session(&self) {
        self.session.set(true);
    }

    /// Opens the session when `response` is a successful exchange of an `api_auth_access`
    /// ticket.
    fn observe_exchange(&self, path: &str, response: &HttpResponse) {
        let opens = path_of(path) == "/session/ticket/exchange"
            && response.ok()
            && matches!(&response.body, Body::Json(body)
                if !body.get("data").get("api_auth_app").is_nullish());
        if opens {
            self.session.set(true);
        }
    }

    /// A server whose background work runs on `pool`.
    pub fn with_pool(pool: &futures::executor::LocalPool) -> Rc<FakeServer> {
        let server = FakeServer::new();
        *server.spawner.borrow_mut() = Some(pool.spawner());
        server
    }

    /// Answers requests to `path` with `status` and `body` from now on.
    pub fn respond(&self, path: &str, status: u16, body: String, dev_session: Option<&str>) {
        let response = ScriptedResponse {
            status,
            body,
            dev_session: dev_session.map(str::to_string),
        };
        self.routes
            .borrow_mut()
            .insert(path.to_string(), Scripted::Respond(response));
    }

    /// Like [`Self::respond`] for one method only (takes precedence over the path's answer).
    pub fn respond_to(&self, method: &str, path: &str, status: u16, body: String) {
        self.respond(&format!("{method} {path}"), status, body, None);
    }

    /// Makes requests to `path` fail as if the network were down.
    pub fn fail_network(&self, path: &str) {
        self.routes
            .borrow_mut()
            .insert(path.to_string(), Scripted::NetworkFailure);
    }

    /// Leaves requests to `path` pending until [`Self::release`] answers them.
    pub fn hold(&self, path: &str) {
        self.routes
            .borrow_mut()
            .insert(path.to_string(), Scripted::Hold);
    }

    /// Answers the `index`-th still-pending request (oldest first). Returns false if the client
    /// had already dropped (aborted) it.
    pub fn release(&self, index: usize, status: u16, body: String) -> bool {
        let (url, sender) = self.pending.borrow_mut().remove(index);
        let response = HttpResponse {
            status,
            status_text: String::new(),
            body: parse_body(&body),
            dev_session: None,
        };
        self.observe_exchange(&url, &response);
        sender.send(Ok(response)).is_ok()
    }

    /// Paths of the requests still pending, and whether the client still waits for each.
    pub fn pending(&self) -> Vec<(String, bool)> {
        self.pending
            .borrow()
            .iter()
            .map(|(url, sender)| (url.clone(), !sender.is_canceled()))
            .collect()
    }

    pub fn requests(&self) -> Vec<HttpRequest> {
        self.log.borrow().clone()
    }

    /// How many requests went to `path`.
    pub fn count(&self, path: &str) -> usize {
        self.log
            .borrow()
            .iter()
            .filter(|r| path_of(&r.url) == path)
            .count()
    }
}

fn path_of(url: &str) -> &str {
    let without_origin = url
        .splitn(4, '/')
        .nth(3)
        .map(|rest| &url[url.len() - rest.len() - 1..])
        .unwrap_or("/");
    without_origin.split('?').next().unwrap_or(without_origin)
}

impl Transport for FakeServer {
    fn send(
        &self,
        request: HttpRequest,
    ) -> LocalBoxFuture<'static, Result<HttpResponse, ClientError>> {
        let plain_path = path_of(&request.url).to_string();
        let with_method = format!("{} {plain_path}", request.method.as_str());
        let path = if self.routes.borrow().contains_key(&with_method) {
            with_method
        } else {
            plain_path
        };
        let url = request.url.clone();
        self.log.borrow_mut().push(request);
        if path_of(&url).starts_with("/api-auth/") && !self.session.get() {
            return ready(Ok(HttpResponse {
                status: 401,
                status_text: "Unauthorized".into(),
                body: parse_body(NO_SESSION_BODY),
                dev_session: None,
            }))
            .boxed_local();
        }
        if let Some(Scripted::Hold) = self.routes.borrow().get(&path) {
            let (sender, receiver) = futures::channel::oneshot::channel();
            self.pending.borrow_mut().push((url, sender));
            return receiver
                .map(|r| r.unwrap_or_else(|_| Err(ClientError::new(ErrorCode::Aborted, "dropped"))))
                .boxed_local();
        }
        let result = match self.routes.borrow().get(&path) {
            Some(Scripted::Respond(response)) => {
                let response = response.to_response();
                self.observe_exchange(&url, &response);
                Ok(response)
            }
            Some(Scripted::NetworkFailure) => {
                Err(ClientError::new(ErrorCode::Network, "Failed to fetch"))
            }
            Some(Scripted::Hold) => Err(ClientError::new(ErrorCode::Network, "unreachable")),
            None => Ok(HttpResponse {
                status: 404,
                status_text: "Not Found".into(),
                body: parse_body(""),
                dev_session: None,
            }),
        };
        ready(result).boxed_local()
    }

    fn spawn(&self, future: LocalBoxFuture<'static, ()>) {
        use futures::task::LocalSpawnExt;
        match self.spawner.borrow().as_ref() {
            Some(spawner) => spawner.spawn_local(future).expect("spawn"),
            // Without a pool (tests that drive one future with block_on), background work is
            // kept, not run: what a test awaits runs through its own await.
            None => self.background.borrow_mut().push(future),
        }
    }

    /// Host tests have no clock: a wait ends when the test calls [`FakeServer::fire_timers`].
    fn sleep(&self, _ms: u32) -> LocalBoxFuture<'static, ()> {
        let (timer, fired) = futures::channel::oneshot::channel();
        self.timers.borrow_mut().push(timer);
        fired.map(|_| ()).boxed_local()
    }
}

/// A server whose `/deployment` answers with `mode` (`"staging"` or `"production"`).
pub fn deployment_server(pool: &futures::executor::LocalPool, mode: &str) -> Rc<FakeServer> {
    let server = FakeServer::with_pool(pool);
    server.respond(
        "/deployment",
        200,
        envelope(serde_json::json!({ "mode": mode })),
        None,
    );
    server
}

/// A production client of `server` at `http://api.test`.
pub fn production_client(server: &Rc<FakeServer>) -> Rc<crate::session::client::Client> {
    let config = crate::session::config::ClientConfig::from_frontend_api_url(
        "http://api.test",
        crate::transport::Mode::Production,
    )
    .expect("valid test URL");
    crate::session::client::Client::new(config, server.clone(), server.storage.clone())
}

/// A pool, a production deployment server, and a query cache on a client of it.
pub fn cache_setup() -> (
    futures::executor::LocalPool,
    Rc<FakeServer>,
    Rc<crate::query::cache::QueryCache>,
) {
    let pool = futures::executor::LocalPool::new();
    let server = deployment_server(&pool, "production");
    server.open_session();
    let cache = crate::query::cache::QueryCache::new(production_client(&server));
    (pool, server, cache)
}
