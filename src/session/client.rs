//! The client core: deployment bootstrap, the session transport, and ticket exchange.
//!
//! Plain Rust over a [`Transport`] and [`BrowserStorage`], so it runs under host `cargo test`;
//! the wasm layer supplies `fetch`, cookies and localStorage.

use super::config::{ClientConfig, Mode};
use super::dev_session::{BrowserStorage, DevSessionStore};
use super::exchange::{recognise, TicketType, EXCHANGE};
use super::gate::{PendingExchange, SessionGate};
use super::models::{SessionData, DEPLOYMENT, SESSION_DATA};
use crate::error::{ClientError, ErrorCode};
use crate::json::schema::Shape;
use crate::json::Value;
use crate::outcome::{share, SharedOutcome};
use crate::transport::envelope::{decode_data, ErrorKind};
use crate::transport::request::ApiRequest;
use crate::transport::{HttpRequest, HttpResponse, Transport};
use futures::future::{FutureExt, LocalBoxFuture};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::rc::Rc;

/// An async source of a string the app supplies on demand (a fresh ticket from its backend, a
/// session JWT); `Ok(None)` means "none right now".
pub type Provider = Rc<dyn Fn() -> LocalBoxFuture<'static, Result<Option<String>, ClientError>>>;

/// Talks to one frontend API. Cheap to share behind an `Rc`; every method takes `&Rc<Self>` and
/// never holds a borrow across an `.await`.
pub struct Client {
    config: ClientConfig,
    transport: Rc<dyn Transport>,
    dev_session: DevSessionStore<dyn BrowserStorage>,
    gate: Rc<SessionGate>,
    state: RefCell<ClientState>,
    ticket_provider: RefCell<Option<Provider>>,
    token_provider: RefCell<Option<Provider>>,
}

#[derive(Default)]
struct ClientState {
    /// The bootstrap (the deployment's data) in flight or finished; cleared when it fails so
    /// the next call retries.
    bootstrap: Option<SharedOutcome>,
    /// One exchange per ticket (its `TicketExchangeResult`), keyed by the ticket's SHA-256 so
    /// the ticket itself is not kept.
    exchanges: Vec<([u8; 32], SharedOutcome)>,
    /// The session renewal in flight (ticket provider + exchange), shared by every read that
    /// found the session expired.
    renewal: Option<SharedOutcome>,
}

impl Client {
    /// A client for `config`. Nothing is sent until the first call.
    pub fn new(
        config: ClientConfig,
        transport: Rc<dyn Transport>,
        storage: Rc<dyn BrowserStorage>,
    ) -> Rc<Client> {
        let dev_session = DevSessionStore::new(&config.frontend_api_url, storage);
        Rc::new(Client {
            config,
            transport,
            dev_session,
            gate: SessionGate::new(),
            state: RefCell::new(ClientState::default()),
            ticket_provider: RefCell::new(None),
            token_provider: RefCell::new(None),
        })
    }

    /// Sets the `ticketProvider`: when an `/api-auth/*` read finds the API-auth session gone,
    /// the client asks it for one new ticket, exchanges it and retries the read once.
    pub fn set_ticket_provider(&self, provider: Option<Provider>) {
        *self.ticket_provider.borrow_mut() = provider;
    }

    /// Sets the `getToken` provider: its token goes out as `Authorization: Bearer <token>` on
    /// every frontend API request after the bootstrap.
    pub fn set_token_provider(&self, provider: Option<Provider>) {
        *self.token_provider.borrow_mut() = provider;
    }

    /// The session gate: pending exchanges and "session established" notifications.
    pub fn gate(&self) -> &Rc<SessionGate> {
        &self.gate
    }

    /// Runs a future in the background (the transport's spawner).
    pub fn spawn_detached(&self, future: impl std::future::Future<Output = ()> + 'static) {
        self.transport.spawn(future.boxed_local());
    }

    /// Drives `work` to its end in the background, also when every caller waiting for it has
    /// gone (a disposed store): work that holds the session gate closed always ends (within the
    /// request timeout), so an abandoned exchange never keeps later reads waiting.
    fn run_to_the_end(&self, work: &SharedOutcome) {
        let work = work.clone();
        self.spawn_detached(async move {
            let _ = work.await;
        });
    }

    /// The configuration the client was made with.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The deployment's mode, bootstrapping (`GET /deployment`) once. Concurrent callers share one
    /// bootstrap; a failed bootstrap is retried by the next call.
    pub async fn mode(self: &Rc<Self>) -> Result<Mode, ClientError> {
        let bootstrap = {
            let mut state = self.state.borrow_mut();
            state
                .bootstrap
                .get_or_insert_with(|| share(self.clone().run_bootstrap()))
                .clone()
        };
        let result = bootstrap.clone().await;
        if result.is_err() {
            let mut state = self.state.borrow_mut();
            if state
                .bootstrap
                .as_ref()
                .is_some_and(|current| current.ptr_eq(&bootstrap))
            {
                state.bootstrap = None;
            }
        }
        result.map(|deployment| {
            Mode::from_deployment(&deployment.string_at("mode").unwrap_or_default())
        })
    }

    /// `GET /deployment`; resolves to its checked data.
    async fn run_bootstrap(self: Rc<Self>) -> Result<Value, ClientError> {
        let staging = self.config.mode == Mode::Staging;
        let token = if staging {
            self.dev_session.bootstrap()
        } else {
            None
        };
        let mut request = ApiRequest::deployment().to_http(
            &self.config.frontend_api_url,
            self.config.mode,
            token.as_deref(),
        );
        self.limit(&mut request);
        let response = self.transport.send(request).await?;
        if staging {
            self.remember_dev_session(&response);
        }
        decode_data(&response, ErrorKind::Plain, &DEPLOYMENT)
    }

    /// The configured bounds of every request: its timeout and its body cap.
    fn limit(&self, request: &mut HttpRequest) {
        request.timeout_ms = Some(self.config.timeout_ms);
        request.max_body_bytes = Some(self.config.max_body_bytes);
    }

    fn remember_dev_session(&self, response: &HttpResponse) {
        if let Some(token) = response.dev_session.as_deref() {
            self.dev_session.persist(token);
        }
    }

    /// A value the app supplies (the ticket promise, a `ticketProvider` or `getToken` answer),
    /// waited for at most the request timeout: an app promise that never settles ends in a
    /// `timeout` error, never in a read that never ends.
    pub async fn app_answer(
        &self,
        what: &'static str,
        answer: LocalBoxFuture<'static, Result<Option<String>, ClientError>>,
    ) -> Result<Option<String>, ClientError> {
        let timeout = self.transport.sleep(self.config.timeout_ms);
        match futures::future::select(answer, timeout).await {
            futures::future::Either::Left((answer, _)) => answer,
            futures::future::Either::Right(_) => Err(ClientError::new(
                ErrorCode::Timeout,
                [
                    what,
                    " did not answer within ",
                    itoa::Buffer::new().format(u64::from(self.config.timeout_ms)),
                    " ms (timeoutMs)",
                ]
                .concat(),
            )),
        }
    }

    /// Sends a frontend API request after the bootstrap, with the deployment's session transport.
    /// `/api-auth/*` requests first wait (at most the request timeout) for pending ticket
    /// exchanges, so they never race the exchange that gives them their session.
    pub async fn send(self: &Rc<Self>, request: &ApiRequest) -> Result<HttpResponse, ClientError> {
        let mode = self.mode().await?;
        if request.error_kind == ErrorKind::ApiAuth && self.gate.is_pending() {
            let waited = futures::future::select(
                self.gate.wait(),
                self.transport.sleep(self.config.timeout_ms),
            )
            .await;
            drop(waited);
        }
        let token = if mode == Mode::Staging {
            self.dev_session.load()
        } else {
            None
        };
        let mut http = request.to_http(&self.config.frontend_api_url, mode, token.as_deref());
        self.limit(&mut http);
        let token_provider = self.token_provider.borrow().clone();
        if let Some(provider) = token_provider {
            http.bearer = self
                .app_answer("getToken", provider())
                .await?
                .filter(|t| !t.is_empty())
                .map(crate::transport::BearerToken);
        }
        let response = self.transport.send(http).await?;
        if mode == Mode::Staging {
            self.remember_dev_session(&response);
        }
        Ok(response)
    }

    /// Sends a request and returns the envelope's `data`, checked against `shape`. An
    /// `/api-auth/*` read that finds no session is retried once after a session renewal through
    /// the ticket provider, if there is one (and at once, without renewal, if another exchange
    /// established a session meanwhile).
    pub async fn fetch_data(
        self: &Rc<Self>,
        request: &ApiRequest,
        shape: &'static Shape,
    ) -> Result<Value, ClientError> {
        let epoch = self.gate.epoch();
        let first = self.fetch_once(request, shape).await;
        match first {
            Err(error)
                if error.code == ErrorCode::NoSession
                    && request.error_kind == ErrorKind::ApiAuth =>
            {
                let renewed = if self.gate.epoch() != epoch {
                    Ok(true)
                } else {
                    self.renew_session().await
                };
                match renewed {
                    Ok(true) => self.fetch_once(request, shape).await,
                    _ => Err(error),
                }
            }
            other => other,
        }
    }

    async fn fetch_once(
        self: &Rc<Self>,
        request: &ApiRequest,
        shape: &'static Shape,
    ) -> Result<Value, ClientError> {
        let response = self.send(request).await?;
        decode_data(&response, request.error_kind, shape)
    }

    /// Gets one new ticket from the ticket provider and exchanges it; concurrent callers share
    /// the renewal. Resolves `Ok(true)` when a session was established, `Ok(false)` without a
    /// provider or when it had no ticket.
    fn renew_session(self: &Rc<Self>) -> LocalBoxFuture<'static, Result<bool, ClientError>> {
        let Some(provider) = self.ticket_provider.borrow().clone() else {
            return futures::future::ready(Ok(false)).boxed_local();
        };
        let running = self.state.borrow().renewal.clone();
        let renewal = running.unwrap_or_else(|| {
            let pending = self.gate.begin_exchange();
            let client = self.clone();
            let renewal = share(async move {
                let outcome = match client.app_answer("ticketProvider", provider()).await {
                    Ok(Some(ticket)) if !ticket.trim().is_empty() => {
                        client.exchange_ticket(&ticket).await
                    }
                    Ok(_) => Err(ClientError::new(
                        ErrorCode::NoSession,
                        "the ticket provider had no ticket",
                    )),
                    Err(error) => Err(error),
                };
                drop(pending);
                client.state.borrow_mut().renewal = None;
                outcome
            });
            self.state.borrow_mut().renewal = Some(renewal.clone());
            self.run_to_the_end(&renewal);
            renewal
        });
        async move { renewal.await.map(|_| true) }.boxed_local()
    }

    /// Exchanges a ticket once. Calls with the same ticket, also concurrent ones, share the one
    /// exchange and its outcome; only failures that never reached the server (`network`,
    /// `aborted`, `timeout`) are forgotten so the ticket can be tried again. The exchange counts
    /// as pending (reads wait for it) from this call on, before the returned future is polled.
    /// Resolves to the `TicketExchangeResult` (the data with its `type`).
    pub fn exchange_ticket(
        self: &Rc<Self>,
        ticket: &str,
    ) -> LocalBoxFuture<'static, Result<Value, ClientError>> {
        let ticket = ticket.trim();
        if ticket.is_empty() {
            return futures::future::ready(Err(ClientError::invalid_argument(
                "ticket must be a non-empty string",
            )))
            .boxed_local();
        }
        let digest: [u8; 32] = Sha256::digest(ticket.as_bytes()).into();
        let known = self
            .state
            .borrow()
            .exchanges
            .iter()
            .find(|(d, _)| *d == digest)
            .map(|(_, exchange)| exchange.clone());
        let exchange = known.unwrap_or_else(|| {
            let pending = self.gate.begin_exchange();
            let exchange = share(
                self.clone()
                    .run_exchange(ApiRequest::exchange_ticket(ticket), pending),
            );
            let entry = (digest, exchange.clone());
            self.state.borrow_mut().exchanges.push(entry);
            self.run_to_the_end(&exchange);
            exchange
        });
        let client = self.clone();
        async move {
            let result = exchange.clone().await;
            if result.as_ref().is_err_and(ClientError::is_transient) {
                client
                    .state
                    .borrow_mut()
                    .exchanges
                    .retain(|(d, current)| *d != digest || !current.ptr_eq(&exchange));
            }
            result
        }
        .boxed_local()
    }

    async fn run_exchange(
        self: Rc<Self>,
        request: ApiRequest,
        pending: PendingExchange,
    ) -> Result<Value, ClientError> {
        let result = match self.fetch_data(&request, &EXCHANGE).await {
            Ok(data) => recognise(data),
            Err(error) => Err(error),
        };
        drop(pending);
        let exchanged = result?;
        if exchanged.ticket_type == TicketType::ApiAuthAccess {
            self.gate.established();
        }
        Ok(exchanged.value)
    }

    /// `GET /api-auth/session`: the active API-auth app session of this browser.
    pub async fn api_auth_session(self: &Rc<Self>) -> Result<SessionData, ClientError> {
        self.fetch_data(&ApiRequest::api_auth_session(), &SESSION_DATA)
            .await
            .map(SessionData::from_checked)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::test_support::{envelope, no_session_body, FakeServer};
    use crate::transport::Credentials;
    use futures::executor::block_on;
    use futures::future::join_all;
    use serde_json::json;

    /// A fake frontend API whose deployment is in staging mode.
    /// A staging server whose browser already has an API-auth app session.
    fn staging_server() -> Rc<FakeServer> {
        let server = FakeServer::new();
        server.open_session();
        server.respond(
            "/deployment",
            200,
            envelope(json!({"mode":"staging"})),
            None,
        );
        server
    }

    fn staging_client(server: &Rc<FakeServer>) -> Rc<Client> {
        let config = ClientConfig::from_frontend_api_url("http://api.test", Mode::Staging).unwrap();
        Client::new(config, server.clone(), server.storage.clone())
    }

    #[test]
    fn bootstraps_once_before_anything_else_and_keeps_the_dev_session() {
        let server = FakeServer::new();
        server.respond(
            "/deployment",
            200,
            envelope(json!({"mode":"staging"})),
            Some("tok1"),
        );
        server.respond("/api-auth/session", 401, no_session_body(), None);
        let client = staging_client(&server);
        let results = block_on(join_all((0..3).map(|_| client.api_auth_session())));
        assert!(results
            .iter()
            .all(|r| r.as_ref().unwrap_err().code == ErrorCode::NoSession));
        let log = server.requests();
        assert_eq!(log.len(), 4);
        assert_eq!(log[0].url, "http://api.test/deployment?__dev_session__=");
        for request in &log[1..] {
            assert_eq!(
                request.url,
                "http://api.test/api-auth/session?__dev_session__=tok1"
            );
            assert_eq!(request.credentials, Credentials::Default);
        }
    }

    #[test]
    fn the_deployment_mode_wins_over_the_key_prefix() {
        let server = FakeServer::new();
        server.open_session();
        server.respond(
            "/deployment",
            200,
            envelope(json!({"mode":"production"})),
            None,
        );
        server.respond(
            "/api-auth/session",
            200,
            envelope(json!({"session_id":"1","api_auth_app":{"app_slug":"a","name":"n"}})),
            None,
        );
        let client = staging_client(&server);
        block_on(client.api_auth_session()).unwrap();
        let log = server.requests();
        assert_eq!(log[1].url, "http://api.test/api-auth/session");
        assert_eq!(log[1].credentials, Credentials::Include);
    }

    #[test]
    fn a_failed_bootstrap_is_reported_and_retried() {
        let server = FakeServer::new();
        server.open_session();
        server.respond("/deployment", 502, "<html>bad gateway</html>".into(), None);
        let client = staging_client(&server);
        let err = block_on(client.api_auth_session()).unwrap_err();
        assert_eq!((err.code, err.status), (ErrorCode::Http, Some(502)));
        server.respond(
            "/deployment",
            200,
            envelope(json!({"mode":"staging"})),
            None,
        );
        server.respond(
            "/api-auth/session",
            200,
            envelope(json!({"session_id":"1","api_auth_app":{"app_slug":"a","name":"n"}})),
            None,
        );
        assert_eq!(block_on(client.api_auth_session()).unwrap().session_id, "1");
        assert_eq!(server.count("/deployment"), 2);
    }

    #[test]
    fn one_exchange_per_ticket_even_when_concurrent() {
        let server = staging_server();
        server.respond(
            "/session/ticket/exchange",
            200,
            envelope(json!({"message":"API auth app session created","session_id":"5","api_auth_app":{"app_slug":"a","name":"n"}})),
            None,
        );
        let client = staging_client(&server);
        let results = block_on(join_all((0..4).map(|_| client.exchange_ticket("t-1"))));
        assert!(results
            .iter()
            .all(|r| r.as_ref().unwrap().string_at("type").as_deref() == Some("api_auth_access")));
        block_on(client.exchange_ticket(" t-1 ")).unwrap();
        assert_eq!(server.count("/session/ticket/exchange"), 1);
        block_on(client.exchange_ticket("t-2")).unwrap();
        assert_eq!(server.count("/session/ticket/exchange"), 2);
    }

    #[test]
    fn refused_tickets_stay_refused_but_network_failures_can_be_retried() {
        let server = staging_server();
        server.respond(
            "/session/ticket/exchange",
            401,
            json!({"message":"Invalid or expired ticket"}).to_string(),
            None,
        );
        let client = staging_client(&server);
        let err = block_on(client.exchange_ticket("used")).unwrap_err();
        assert_eq!(
            (err.code, err.status, err.message.as_str()),
            (
                ErrorCode::InvalidTicket,
                Some(401),
                "Invalid or expired ticket"
            )
        );
        block_on(client.exchange_ticket("used")).unwrap_err();
        assert_eq!(server.count("/session/ticket/exchange"), 1);

        server.fail_network("/session/ticket/exchange");
        assert_eq!(
            block_on(client.exchange_ticket("flaky")).unwrap_err().code,
            ErrorCode::Network
        );
        server.respond(
            "/session/ticket/exchange",
            200,
            envelope(
                json!({"message":"m","session_id":"1","webhook_app":{"app_slug":"w","name":"W"}}),
            ),
            None,
        );
        assert_eq!(
            block_on(client.exchange_ticket("flaky"))
                .unwrap()
                .string_at("type")
                .as_deref(),
            Some("webhook_app_access")
        );
    }

    #[test]
    fn empty_tickets_are_refused_without_a_request() {
        let server = FakeServer::new();
        let client = staging_client(&server);
        assert_eq!(
            block_on(client.exchange_ticket("  ")).unwrap_err().code,
            ErrorCode::InvalidArgument
        );
        assert!(server.requests().is_empty());
    }

    #[test]
    fn tickets_are_not_kept_after_the_exchange() {
        let server = staging_server();
        server.respond(
            "/session/ticket/exchange",
            200,
            envelope(
                json!({"message":"m","session_id":"1","api_auth_app":{"app_slug":"a","name":"n"}}),
            ),
            None,
        );
        let client = staging_client(&server);
        block_on(client.exchange_ticket("super-secret-ticket")).unwrap();
        let stored = format!("{:?}", server.storage.items.borrow());
        assert!(!stored.contains("super-secret-ticket"));
        let state = client.state.borrow();
        let kept = state
            .exchanges
            .iter()
            .map(|(_, f)| format!("{:?}", f.peek().map(|r| r.as_ref().map(|r| r.to_json()))))
            .collect::<String>();
        assert!(!kept.contains("super-secret-ticket"));
    }

    #[test]
    fn an_expired_session_is_renewed_once_through_the_ticket_provider() {
        let server = staging_server();
        server.respond("/api-auth/session", 401, no_session_body(), None);
        server.respond(
            "/session/ticket/exchange",
            200,
            envelope(
                json!({"message":"m","session_id":"2","api_auth_app":{"app_slug":"a","name":"n"}}),
            ),
            None,
        );
        let client = staging_client(&server);
        let asked = Rc::new(std::cell::Cell::new(0));
        let (asked2, server2) = (asked.clone(), server.clone());
        client.set_ticket_provider(Some(Rc::new(move || {
            asked2.set(asked2.get() + 1);
            // The new session exists once the fresh ticket is exchanged.
            server2.respond(
                "/api-auth/session",
                200,
                envelope(json!({"session_id":"2","api_auth_app":{"app_slug":"a","name":"n"}})),
                None,
            );
            futures::future::ready(Ok(Some(format!("fresh-{}", asked2.get())))).boxed_local()
        })));
        let results = block_on(join_all((0..3).map(|_| client.api_auth_session())));
        assert!(results
            .iter()
            .all(|r| r.as_ref().unwrap().session_id == "2"));
        assert_eq!(
            asked.get(),
            1,
            "one new ticket for all the reads that found the session gone"
        );
        assert_eq!(server.count("/session/ticket/exchange"), 1);
    }

    #[test]
    fn without_a_ticket_the_original_no_session_error_stands() {
        let server = staging_server();
        server.respond("/api-auth/session", 401, no_session_body(), None);
        let client = staging_client(&server);
        client.set_ticket_provider(Some(Rc::new(|| {
            futures::future::ready(Err(ClientError::with_status(
                ErrorCode::NoSession,
                403,
                "Forbidden",
            )))
            .boxed_local()
        })));
        let err = block_on(client.api_auth_session()).unwrap_err();
        assert_eq!(
            (err.code, err.message.as_str()),
            (ErrorCode::NoSession, "No active API auth app session")
        );
        assert_eq!(
            server.count("/api-auth/session"),
            1,
            "no retry without a new session"
        );
        client.set_ticket_provider(None);
        block_on(client.api_auth_session()).unwrap_err();
        assert_eq!(server.count("/api-auth/session"), 2);
    }

    #[test]
    fn the_token_provider_adds_a_bearer_header_except_to_the_bootstrap() {
        let server = staging_server();
        server.respond(
            "/api-auth/session",
            200,
            envelope(json!({"session_id":"1","api_auth_app":{"app_slug":"a","name":"n"}})),
            None,
        );
        let client = staging_client(&server);
        client.set_token_provider(Some(Rc::new(|| {
            futures::future::ready(Ok(Some("jwt-1".to_string()))).boxed_local()
        })));
        block_on(client.api_auth_session()).unwrap();
        let log = server.requests();
        assert_eq!(log[0].bearer, None);
        assert_eq!(
            log[1].bearer,
            Some(crate::transport::BearerToken("jwt-1".into()))
        );
        assert!(
            !format!("{:?}", log[1]).contains("jwt-1"),
            "Debug never prints the token"
        );
    }

    /// Polls `future` once with a waker that does nothing (the tests poll again themselves).
    fn poll_once<T>(future: &mut LocalBoxFuture<'static, T>) -> std::task::Poll<T> {
        let mut context = std::task::Context::from_waker(futures::task::noop_waker_ref());
        future.as_mut().poll(&mut context)
    }

    fn session_body() -> String {
        envelope(json!({"session_id":"1","api_auth_app":{"app_slug":"a","name":"n"}}))
    }

    #[test]
    fn a_get_token_that_never_answers_times_out_and_the_client_stays_usable() {
        let server = staging_server();
        server.respond("/api-auth/session", 200, session_body(), None);
        let client = staging_client(&server);
        let hang = Rc::new(std::cell::Cell::new(true));
        let hanging = hang.clone();
        client.set_token_provider(Some(Rc::new(move || {
            if hanging.get() {
                futures::future::pending().boxed_local()
            } else {
                futures::future::ready(Ok(Some("jwt".to_string()))).boxed_local()
            }
        })));
        let reader = client.clone();
        let mut read = async move { reader.api_auth_session().await }.boxed_local();
        assert!(poll_once(&mut read).is_pending(), "waits for getToken");
        server.fire_timers();
        let std::task::Poll::Ready(Err(error)) = poll_once(&mut read) else {
            panic!("getToken's wait did not end in an error");
        };
        assert_eq!(error.code, ErrorCode::Timeout);
        assert_eq!(
            error.message,
            "getToken did not answer within 30000 ms (timeoutMs)"
        );
        assert_eq!(server.count("/api-auth/session"), 0, "nothing went out");
        hang.set(false);
        block_on(client.api_auth_session()).unwrap();
    }

    #[test]
    fn a_ticket_provider_that_never_answers_ends_the_read_and_opens_the_gate() {
        let server = staging_server();
        server.respond("/api-auth/session", 401, no_session_body(), None);
        let client = staging_client(&server);
        client.set_ticket_provider(Some(Rc::new(|| futures::future::pending().boxed_local())));
        let reader = client.clone();
        let mut read = async move { reader.api_auth_session().await }.boxed_local();
        assert!(
            poll_once(&mut read).is_pending(),
            "waits for the ticket provider"
        );
        assert!(client.gate().is_pending());
        server.fire_timers();
        let std::task::Poll::Ready(Err(error)) = poll_once(&mut read) else {
            panic!("the renewal did not end");
        };
        assert_eq!(
            error.code,
            ErrorCode::NoSession,
            "the read's own error stands"
        );
        assert!(!client.gate().is_pending(), "the gate is open again");
        assert_eq!(server.count("/session/ticket/exchange"), 0);
    }
}
