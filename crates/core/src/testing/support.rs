//! The host for host tests: a scripted frontend API, an in-memory browser storage, and a
//! [`Harness`] that performs the client core's effects the way the browser does (answers arrive
//! later, never inside the call that sent the request; timers only run when a test says so).

use crate::client::{Answer, Core, Effect, Id, Provider};
use crate::error::{ClientError, ErrorCode};
use crate::json::{HostJson, Json};
use crate::session::config::{ClientConfig, UrlParts};
use crate::session::dev_session::BrowserStorage;
use crate::transport::{Body, HttpRequest, HttpResponse, Mode};
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

/// The server's 401 body when the browser has no API-auth app session.
pub fn no_session_body() -> String {
    NO_SESSION_BODY.to_string()
}

const NO_SESSION_BODY: &str = r#"{"message":"No active API auth app session"}"#;

/// Wraps `data` in the frontend API's success envelope.
pub fn envelope(data: serde_json::Value) -> String {
    serde_json::json!({"status":200,"message":"","data":data,"session":null,"errors":null})
        .to_string()
}

/// Parses a body as the browser's `Response.json()` would, into a fresh value each time.
pub fn parse_body(text: &str) -> Body<HostJson> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(json) => Body::Json(HostJson::from(json)),
        Err(_) if text.trim().is_empty() => Body::NotJson("an empty body".into()),
        Err(e) => Body::NotJson(format!("a body that is not JSON ({e})")),
    }
}

/// The platform's URL parser on the host: the `url` crate (WHATWG, as the browser's `URL`).
pub fn parse_url(text: &str) -> Option<UrlParts> {
    let url = url::Url::parse(text).ok()?;
    Some(UrlParts {
        scheme: url.scheme().to_string(),
        host: match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_string(),
            (None, _) => String::new(),
        },
        origin: url.origin().ascii_serialization(),
        credentials: !url.username().is_empty() || url.password().is_some(),
    })
}

/// A client configuration for `http://api.test` in `mode`.
pub fn config(mode: Mode) -> ClientConfig {
    ClientConfig::from_frontend_api_url("http://api.test", mode, parse_url).expect("valid URL")
}

/// In-memory cookies and localStorage.
#[derive(Default)]
pub struct FakeStorage {
    pub cookies: RefCell<HashMap<String, String>>,
    pub items: RefCell<HashMap<String, String>>,
    pub page_param: RefCell<Option<String>>,
}

impl BrowserStorage for FakeStorage {
    fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.borrow().get(name).cloned()
    }
    fn set_cookie(&self, name: &str, value: &str) {
        self.cookies.borrow_mut().insert(name.into(), value.into());
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

/// A scripted answer; its body is parsed anew for every request, as a browser would.
#[derive(Clone)]
enum Scripted {
    Respond {
        status: u16,
        body: String,
        dev_session: Option<String>,
    },
    NetworkFailure,
    Hold,
}

/// A scripted frontend API: one answer per path (query ignored), and a log of every request.
/// It tracks the API-auth app session as the real server does: a successful exchange of an
/// `api_auth_access` ticket opens one, and `/api-auth/*` requests without one get the server's
/// 401 `no_session` answer, whatever is scripted.
#[derive(Default)]
pub struct FakeServer {
    routes: HashMap<String, Scripted>,
    log: Vec<HttpRequest>,
    session: bool,
}

impl FakeServer {
    /// Starts with an API-auth app session already open (tests of reads, not of the exchange).
    pub fn open_session(&mut self) {
        self.session = true;
    }

    /// Answers requests to `path` with `status` and `body` from now on.
    pub fn respond(&mut self, path: &str, status: u16, body: String, dev_session: Option<&str>) {
        let scripted = Scripted::Respond {
            status,
            body,
            dev_session: dev_session.map(str::to_string),
        };
        self.routes.insert(path.to_string(), scripted);
    }

    /// Like [`Self::respond`] for one method only (takes precedence over the path's answer).
    pub fn respond_to(&mut self, method: &str, path: &str, status: u16, body: String) {
        self.respond(&format!("{method} {path}"), status, body, None);
    }

    /// Makes requests to `path` fail as if the network were down.
    pub fn fail_network(&mut self, path: &str) {
        self.routes
            .insert(path.to_string(), Scripted::NetworkFailure);
    }

    /// Leaves requests to `path` unanswered until [`Harness::release`] answers them.
    pub fn hold(&mut self, path: &str) {
        self.routes.insert(path.to_string(), Scripted::Hold);
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.log.clone()
    }

    /// How many requests went to `path`.
    pub fn count(&self, path: &str) -> usize {
        self.log.iter().filter(|r| path_of(&r.url) == path).count()
    }

    /// Opens the session when `response` is a successful exchange of an `api_auth_access`
    /// ticket.
    fn observe_exchange(&mut self, url: &str, response: &HttpResponse<HostJson>) {
        let opens = path_of(url) == "/session/ticket/exchange"
            && response.ok()
            && matches!(&response.body, Body::Json(body)
                if !body.get("data").get("api_auth_app").is_nullish());
        if opens {
            self.session = true;
        }
    }

    /// The answer to `request`, or `None` when the path is held.
    fn answer(
        &mut self,
        request: &HttpRequest,
    ) -> Option<Result<HttpResponse<HostJson>, ClientError>> {
        let path = path_of(&request.url).to_string();
        let with_method = format!("{} {path}", request.method.as_str());
        let route = self
            .routes
            .get(&with_method)
            .or_else(|| self.routes.get(&path))
            .cloned();
        if let Some(Scripted::Hold) = route {
            return None;
        }
        if path.starts_with("/api-auth/") && !self.session {
            return Some(Ok(response(401, "Unauthorized", NO_SESSION_BODY, None)));
        }
        let result = match route {
            Some(Scripted::Hold) => return None,
            Some(Scripted::Respond {
                status,
                body,
                dev_session,
            }) => {
                let response = response(status, "", &body, dev_session);
                self.observe_exchange(&request.url, &response);
                Ok(response)
            }
            Some(Scripted::NetworkFailure) => {
                Err(ClientError::new(ErrorCode::Network, "Failed to fetch"))
            }
            None => Ok(response(404, "Not Found", "", None)),
        };
        Some(result)
    }
}

fn response(
    status: u16,
    text: &str,
    body: &str,
    dev_session: Option<String>,
) -> HttpResponse<HostJson> {
    HttpResponse {
        status,
        status_text: text.into(),
        body: parse_body(body),
        dev_session,
    }
}

/// The path of a URL, without origin and query.
pub fn path_of(url: &str) -> &str {
    let without_origin = url
        .splitn(4, '/')
        .nth(3)
        .map(|rest| &url[url.len() - rest.len() - 1..])
        .unwrap_or("/");
    without_origin.split('?').next().unwrap_or(without_origin)
}

/// What an app provider does when asked: answer now, or never.
pub type ProviderFn = Box<dyn FnMut(&mut FakeServer) -> Option<Answer>>;

/// Something that happens later, as a browser task.
enum Event {
    Response(Id, Result<HttpResponse<HostJson>, ClientError>),
    Answer(Id, Answer),
    /// A zero-delay timer: it runs as the next task, as the browser's `setTimeout(f, 0)`.
    Timer(Id),
}

/// A held request: its id, its URL, and whether the client still waits for it.
pub struct Held {
    pub request: Id,
    pub url: String,
    pub waited: bool,
}

/// The client core and a scripted world around it.
pub struct Harness {
    pub core: Core<HostJson>,
    pub server: FakeServer,
    pub storage: Rc<FakeStorage>,
    pub ticket_provider: Option<ProviderFn>,
    pub token_provider: Option<ProviderFn>,
    /// How often each provider was asked.
    pub asked: HashMap<Provider, usize>,
    results: HashMap<Id, Result<HostJson, ClientError>>,
    notified: HashMap<Id, usize>,
    watched: HashMap<Id, Vec<HostJson>>,
    timers: Vec<Id>,
    held: Vec<Held>,
    events: VecDeque<Event>,
}

impl Harness {
    /// A client of `http://api.test` in `mode`, whose deployment says `deployment_mode`
    /// (`None`: no `/deployment` answer scripted).
    pub fn new(mode: Mode, deployment_mode: Option<&str>) -> Harness {
        let storage = Rc::new(FakeStorage::default());
        let mut server = FakeServer::default();
        if let Some(mode) = deployment_mode {
            server.respond(
                "/deployment",
                200,
                envelope(serde_json::json!({ "mode": mode })),
                None,
            );
        }
        Harness {
            core: Core::new(config(mode), storage.clone()),
            server,
            storage,
            ticket_provider: None,
            token_provider: None,
            asked: HashMap::new(),
            results: HashMap::new(),
            notified: HashMap::new(),
            watched: HashMap::new(),
            timers: Vec::new(),
            held: Vec::new(),
            events: VecDeque::new(),
        }
    }

    /// A staging client whose browser already has an API-auth app session.
    pub fn staging() -> Harness {
        let mut h = Harness::new(Mode::Staging, Some("staging"));
        h.server.open_session();
        h
    }

    /// A production client whose browser already has an API-auth app session.
    pub fn production() -> Harness {
        let mut h = Harness::new(Mode::Production, Some("production"));
        h.server.open_session();
        h
    }

    /// Sets the providers (and tells the core which there are).
    pub fn providers(&mut self, ticket: Option<ProviderFn>, token: Option<ProviderFn>) {
        self.core.set_providers(ticket.is_some(), token.is_some());
        self.ticket_provider = ticket;
        self.token_provider = token;
    }

    /// Performs effects and delivers answers until nothing is left to do (timers wait for
    /// [`Self::fire_timers`], held requests for [`Self::release`]).
    pub fn run(&mut self) {
        loop {
            let effects = self.core.take_effects();
            let idle = effects.is_empty();
            for effect in effects {
                self.perform(effect);
            }
            if !idle {
                continue;
            }
            match self.events.pop_front() {
                Some(Event::Response(request, result)) => self.core.on_response(request, result),
                Some(Event::Answer(wait, answer)) => self.core.on_answer(wait, answer),
                Some(Event::Timer(timer)) => self.core.on_timer(timer),
                None => return,
            }
        }
    }

    fn perform(&mut self, effect: Effect<HostJson>) {
        match effect {
            Effect::Send { request, http } => {
                self.server.log.push(http.clone());
                match self.server.answer(&http) {
                    Some(result) => self.events.push_back(Event::Response(request, result)),
                    None => self.held.push(Held {
                        request,
                        url: http.url,
                        waited: true,
                    }),
                }
            }
            Effect::Abort(request) => {
                for held in self.held.iter_mut().filter(|h| h.request == request) {
                    held.waited = false;
                }
                self.events
                    .retain(|e| !matches!(e, Event::Response(id, _) if *id == request));
            }
            Effect::StartTimer { timer, ms: 0 } => self.events.push_back(Event::Timer(timer)),
            Effect::StartTimer { timer, .. } => self.timers.push(timer),
            Effect::StopTimer(timer) => {
                self.timers.retain(|t| *t != timer);
                self.events
                    .retain(|e| !matches!(e, Event::Timer(id) if *id == timer));
            }
            Effect::Ask { wait, provider } => {
                *self.asked.entry(provider).or_default() += 1;
                let function = match provider {
                    Provider::Ticket => self.ticket_provider.as_mut(),
                    Provider::Token => self.token_provider.as_mut(),
                };
                if let Some(answer) = function.and_then(|f| f(&mut self.server)) {
                    self.events.push_back(Event::Answer(wait, answer));
                }
            }
            Effect::Settle { call, result } => {
                assert!(
                    self.results.insert(call, result).is_none(),
                    "call {call} settled twice"
                );
            }
            Effect::Notify(store) => {
                *self.notified.entry(store).or_default() += 1;
                if self.watched.contains_key(&store) {
                    let snapshot = self.core.snapshot(store);
                    self.watched.entry(store).or_default().push(snapshot);
                }
            }
        }
    }

    /// Starts a call and runs; returns its id.
    pub fn start(&mut self, call: impl FnOnce(&mut Core<HostJson>) -> Id) -> Id {
        let id = call(&mut self.core);
        self.run();
        id
    }

    /// Runs a call to its end and returns its outcome (it must have one).
    pub fn call(
        &mut self,
        call: impl FnOnce(&mut Core<HostJson>) -> Id,
    ) -> Result<HostJson, ClientError> {
        let id = self.start(call);
        self.outcome(id).expect("the call settled")
    }

    /// The outcome of call `id`, if it settled (taken).
    pub fn outcome(&mut self, id: Id) -> Option<Result<HostJson, ClientError>> {
        self.results.remove(&id)
    }

    /// Whether call `id` settled (without taking the outcome).
    pub fn settled(&self, id: Id) -> bool {
        self.results.contains_key(&id)
    }

    /// The app answers a wait (a ticket promise settling), then runs.
    pub fn answer(&mut self, wait: Id, answer: Answer) {
        self.core.on_answer(wait, answer);
        self.run();
    }

    /// Every timer running now runs out (as if `timeoutMs` had passed), then runs.
    pub fn fire_timers(&mut self) {
        for timer in std::mem::take(&mut self.timers) {
            self.core.on_timer(timer);
            self.run();
        }
    }

    /// How many timers are running.
    pub fn running_timers(&self) -> usize {
        self.timers.len()
    }

    /// The held requests, oldest first.
    pub fn held(&self) -> &[Held] {
        &self.held
    }

    /// Answers the `index`-th held request (oldest first) and runs. Returns false if the client
    /// had aborted it (the answer is then dropped, as the browser drops it).
    pub fn release(&mut self, index: usize, status: u16, body: String) -> bool {
        let held = self.held.remove(index);
        let response = response(status, "", &body, None);
        self.server.observe_exchange(&held.url, &response);
        if held.waited {
            self.core.on_response(held.request, Ok(response));
            self.run();
        }
        held.waited
    }

    /// Opens a session store with `ticket` and subscribes to it (it starts when the harness
    /// next runs). Returns the store and the wait its promised ticket is reported on.
    pub fn session(&mut self, ticket: crate::client::TicketArg) -> (Id, Option<Id>) {
        let (store, wait) = self.core.open_session_store(ticket);
        self.core.subscribed(store);
        (store, wait)
    }

    /// Subscribes to `store` (it starts when the harness next runs).
    pub fn subscribe(&mut self, store: Id) -> Id {
        self.core.subscribed(store);
        store
    }

    /// How many times store `id` notified its listeners.
    pub fn notified(&self, store: Id) -> usize {
        self.notified.get(&store).copied().unwrap_or(0)
    }

    /// Records the snapshot of `store` at each of its notifications from now on.
    pub fn watch(&mut self, store: Id) {
        self.watched.entry(store).or_default();
    }

    /// The snapshots `store` showed at its notifications since [`Self::watch`].
    pub fn seen(&self, store: Id) -> Vec<serde_json::Value> {
        self.watched
            .get(&store)
            .map(|all| all.iter().map(HostJson::to_json).collect())
            .unwrap_or_default()
    }

    /// The store's snapshot as JSON.
    pub fn snapshot(&mut self, store: Id) -> serde_json::Value {
        self.core.snapshot(store).to_json()
    }
}

/// A provider that always answers `answer`.
pub fn answering(answer: Answer) -> ProviderFn {
    Box::new(move |_| Some(answer.clone()))
}

/// A provider that never answers.
pub fn silent() -> ProviderFn {
    Box::new(|_| None)
}

/// Opens a store over `read` with checked `options` and subscribes to it (it starts when the
/// harness next runs).
pub fn read_store(
    h: &mut Harness,
    read: &'static crate::api::endpoint::ReadEndpoint,
    options: HostJson,
) -> Id {
    let query = read.query(&options);
    let store = h
        .core
        .open_query_store(query, crate::client::View::Read(read, options));
    h.subscribe(store)
}

/// Opens a keys store with the options `json` (`{}` for none) and subscribes to it.
pub fn keys_store(h: &mut Harness, json: serde_json::Value) -> Id {
    let read = &crate::api::keys::KEYS_READ;
    let options = read.options(&HostJson::from(json)).expect("valid options");
    read_store(h, read, options)
}
