//! The observable API-auth app session store behind `client.apiAuthAppSession(ticket?)`.

use super::client::Client;
use super::gate::PendingExchange;
use super::state::{SessionSnapshot, SessionState};
use crate::error::ClientError;
use crate::json::Value;
use crate::listeners::{notify, Listener, Listeners};
use crate::session::models::SessionData;
use futures::future::{FutureExt, LocalBoxFuture};
use std::cell::RefCell;
use std::rc::Rc;

/// Holds one session's state and its subscribers. Listeners are called after every change, with
/// no borrow of the store held.
pub struct SessionStore {
    client: Rc<Client>,
    state: RefCell<SessionState>,
    listeners: RefCell<Listeners>,
    established_listener: std::cell::Cell<u64>,
    /// Set by [`SessionStore::dispose`]: the store sends nothing more.
    disposed: std::cell::Cell<bool>,
    /// The gate guards of tickets still on their way (by exchange generation); `dispose` drops
    /// them, so a disposed store stops holding reads back at once.
    ticket_waits: RefCell<Vec<(u64, PendingExchange)>>,
}

impl Drop for SessionStore {
    fn drop(&mut self) {
        self.client
            .gate()
            .off_established(self.established_listener.get());
    }
}

/// Where a store's ticket comes from.
pub enum TicketSource {
    /// No ticket: read the session as it is.
    None,
    /// A ticket in hand.
    Ready(String),
    /// A ticket on its way (e.g. from the app's backend). Reads wait for it; `Ok(None)` means
    /// there will be no ticket after all.
    Pending(LocalBoxFuture<'static, Result<Option<String>, ClientError>>),
}

impl SessionStore {
    /// Creates a store and the future that starts it: with a ticket, exchange it and then read
    /// the session; without one, read the session right away. The caller spawns the future. The
    /// state is already "exchanging"/"loading" when this returns.
    pub fn start(
        client: Rc<Client>,
        ticket: TicketSource,
    ) -> (Rc<SessionStore>, LocalBoxFuture<'static, ()>) {
        let ticket = match ticket {
            TicketSource::Ready(ticket) if ticket.trim().is_empty() => TicketSource::None,
            other => other,
        };
        let store = Rc::new(SessionStore {
            client: client.clone(),
            state: RefCell::new(SessionState::new(!matches!(ticket, TicketSource::None))),
            listeners: RefCell::new(Listeners::default()),
            established_listener: std::cell::Cell::new(0),
            disposed: std::cell::Cell::new(false),
            ticket_waits: RefCell::new(Vec::new()),
        });
        // A session established elsewhere (another store, `client.exchangeTicket`) revives a
        // store that was told "no session".
        let weak = Rc::downgrade(&store);
        let id = client.gate().on_established(Rc::new(move || {
            if let Some(store) = weak.upgrade() {
                store.revive_after_session_established();
            }
        }));
        store.established_listener.set(id);
        let driver = match ticket {
            TicketSource::None => {
                let fetch = store.begin_fetch();
                async move {
                    let _ = fetch.await;
                }
                .boxed_local()
            }
            TicketSource::Ready(ticket) => {
                let exchange = store.exchange(&ticket);
                async move {
                    let _ = exchange.await;
                }
                .boxed_local()
            }
            TicketSource::Pending(ticket) => {
                let exchange = store.exchange_pending(ticket);
                async move {
                    let _ = exchange.await;
                }
                .boxed_local()
            }
        };
        (store, driver)
    }

    fn revive_after_session_established(self: &Rc<Self>) {
        let revive = {
            let state = self.state.borrow();
            let snapshot = state.snapshot();
            !snapshot.ticket_loading && !snapshot.has_session
        };
        if revive {
            let fetch = self.begin_fetch();
            self.client.spawn_detached(async move {
                let _ = fetch.await;
            });
        }
    }

    /// The current snapshot and its version (the version changes exactly when the snapshot does).
    pub fn snapshot(&self) -> (u64, SessionSnapshot) {
        let state = self.state.borrow();
        (state.version(), state.snapshot())
    }

    /// The current version.
    pub fn version(&self) -> u64 {
        self.state.borrow().version()
    }

    /// Adds a listener; returns its id for [`Self::unsubscribe`].
    pub fn subscribe(&self, listener: Listener) -> u64 {
        self.listeners.borrow_mut().add(listener)
    }

    /// Removes a listener (no-op if already removed).
    pub fn unsubscribe(&self, id: u64) {
        self.listeners.borrow_mut().remove(id);
    }

    /// Drops every listener and stops: no request goes out for this store any more (a session
    /// established elsewhere does not revive it, `refetch` and `exchange` reject with
    /// `aborted`), and a wait for a ticket still on its way ends, releasing the reads it held
    /// back. The last snapshot stays readable.
    pub fn dispose(&self) {
        self.disposed.set(true);
        *self.listeners.borrow_mut() = Listeners::default();
        self.client
            .gate()
            .off_established(self.established_listener.get());
        self.ticket_waits.borrow_mut().clear();
    }

    fn update(&self, change: impl FnOnce(&mut SessionState) -> bool) {
        let changed = change(&mut self.state.borrow_mut());
        if changed {
            notify(&self.listeners);
        }
    }

    /// Exchanges `ticket` for this store (once per ticket per client), then reads the session.
    /// Resolves with the session, or the exchange/read error (also reflected in the snapshot).
    pub fn exchange(
        self: &Rc<Self>,
        ticket: &str,
    ) -> LocalBoxFuture<'static, Result<SessionData, ClientError>> {
        if self.disposed.get() {
            return futures::future::ready(Err(ClientError::disposed())).boxed_local();
        }
        let generation = self.start_exchange();
        let exchanging = self.client.exchange_ticket(ticket);
        self.clone()
            .finish_exchange(generation, exchanging)
            .boxed_local()
    }

    /// Marks an exchange as started; returns its generation.
    fn start_exchange(&self) -> u64 {
        let mut generation = 0;
        self.update(|state| {
            let (started, changed) = state.exchange_started();
            generation = started;
            changed
        });
        generation
    }

    /// Like [`Self::exchange`] for a ticket that is still on its way: reads wait from now on.
    pub fn exchange_pending(
        self: &Rc<Self>,
        ticket: LocalBoxFuture<'static, Result<Option<String>, ClientError>>,
    ) -> LocalBoxFuture<'static, Result<SessionData, ClientError>> {
        if self.disposed.get() {
            return futures::future::ready(Err(ClientError::disposed())).boxed_local();
        }
        let generation = self.start_exchange();
        // The gate stays closed while the ticket is on its way; the store holds the guard, so
        // `dispose` can open the gate at once.
        let waiting = self.client.gate().begin_exchange();
        self.ticket_waits.borrow_mut().push((generation, waiting));
        let store = self.clone();
        async move {
            let answer = store.client.app_answer("the ticket promise", ticket).await;
            if store.disposed.get() {
                return Err(ClientError::disposed());
            }
            match answer {
                Ok(Some(ticket)) if !ticket.trim().is_empty() => {
                    // The exchange holds reads back from here on; this store's own wait ends.
                    let exchanging = store.client.exchange_ticket(&ticket);
                    store.end_ticket_wait(generation);
                    store.finish_exchange(generation, exchanging).await
                }
                Ok(_) => {
                    store.end_ticket_wait(generation);
                    store
                        .begin_fetch_after(|state| state.exchange_finished(generation, Ok(())))
                        .await
                }
                Err(error) => {
                    store.end_ticket_wait(generation);
                    store.update(|state| state.exchange_finished(generation, Err(error.clone())));
                    Err(error)
                }
            }
        }
        .boxed_local()
    }

    /// Drops the gate guard of the ticket wait `generation` (if `dispose` has not already).
    /// Dropping a guard only wakes the waiting reads; nothing runs inside the borrow.
    fn end_ticket_wait(&self, generation: u64) {
        self.ticket_waits
            .borrow_mut()
            .retain(|(wait, _)| *wait != generation);
    }

    async fn finish_exchange(
        self: Rc<Self>,
        generation: u64,
        exchanging: LocalBoxFuture<'static, Result<Value, ClientError>>,
    ) -> Result<SessionData, ClientError> {
        match exchanging.await.map(|_| ()) {
            Err(error) => {
                self.update(|state| state.exchange_finished(generation, Err(error.clone())));
                Err(error)
            }
            // One transition from "exchanging" to "loading": listeners never see a gap between.
            Ok(()) => {
                self.begin_fetch_after(|state| state.exchange_finished(generation, Ok(())))
                    .await
            }
        }
    }

    /// Reads the session again (`refetch()` of the hook).
    pub fn refetch(self: &Rc<Self>) -> LocalBoxFuture<'static, Result<SessionData, ClientError>> {
        self.begin_fetch()
    }

    /// Marks a read as started right away (so the snapshot says "loading" before the caller
    /// yields) and returns the future that performs it.
    fn begin_fetch(self: &Rc<Self>) -> LocalBoxFuture<'static, Result<SessionData, ClientError>> {
        self.begin_fetch_after(|_| false)
    }

    /// Like [`Self::begin_fetch`], applying `before` in the same transition.
    fn begin_fetch_after(
        self: &Rc<Self>,
        before: impl FnOnce(&mut SessionState) -> bool,
    ) -> LocalBoxFuture<'static, Result<SessionData, ClientError>> {
        if self.disposed.get() {
            return futures::future::ready(Err(ClientError::disposed())).boxed_local();
        }
        let mut generation = 0;
        self.update(|state| {
            let changed_before = before(state);
            let (started, changed) = state.fetch_started();
            let changed = changed || changed_before;
            generation = started;
            changed
        });
        let store = self.clone();
        async move {
            let result = store.client.api_auth_session().await;
            store.update(|state| state.fetch_finished(generation, result.clone()));
            result
        }
        .boxed_local()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::session::config::{ClientConfig, Mode};
    use crate::session::state::SessionStatus;
    use crate::test_support::{envelope, no_session_body, FakeServer};
    use futures::executor::block_on;
    use serde_json::json;
    use std::cell::Cell;

    fn server_with_session() -> Rc<FakeServer> {
        let server = FakeServer::new();
        server.open_session();
        server.respond(
            "/deployment",
            200,
            envelope(json!({"mode":"staging"})),
            Some("browser-1"),
        );
        server.respond("/session/ticket/exchange", 200, envelope(json!({"message":"m","session_id":"7","api_auth_app":{"app_slug":"aa_42","name":"Acme"}})), None);
        server.respond("/api-auth/session", 200, envelope(json!({"session_id":"7","api_auth_app":{"app_slug":"aa_42","name":"Acme","key_prefix":"acme"}})), None);
        server
    }

    fn client(server: &Rc<FakeServer>) -> Rc<Client> {
        Client::new(
            ClientConfig::from_frontend_api_url("http://api.test", Mode::Staging).unwrap(),
            server.clone(),
            server.storage.clone(),
        )
    }

    #[test]
    fn ticket_flow_notifies_each_change_and_ends_ready() {
        let server = server_with_session();
        let (store, driver) =
            SessionStore::start(client(&server), TicketSource::Ready("ticket-1".into()));
        assert_eq!(store.snapshot().1.status, SessionStatus::Exchanging);
        let seen = Rc::new(RefCell::new(Vec::new()));
        let (seen2, store2) = (seen.clone(), Rc::downgrade(&store));
        store.subscribe(Rc::new(move || {
            // Listeners can read the store: no borrow is held while they run.
            let status = store2.upgrade().unwrap().snapshot().1.status;
            seen2.borrow_mut().push(status);
        }));
        block_on(driver);
        let snapshot = store.snapshot().1;
        assert_eq!(
            (snapshot.status, snapshot.session_id.as_deref()),
            (SessionStatus::Ready, Some("7"))
        );
        assert_eq!(
            snapshot
                .api_auth_app
                .unwrap()
                .string_at("key_prefix")
                .as_deref(),
            Some("acme")
        );
        assert_eq!(
            *seen.borrow(),
            vec![SessionStatus::Loading, SessionStatus::Ready]
        );
        assert_eq!(server.count("/session/ticket/exchange"), 1);
    }

    #[test]
    fn a_refused_ticket_never_reads_the_session() {
        let server = server_with_session();
        server.respond(
            "/session/ticket/exchange",
            401,
            json!({"message":"Invalid or expired ticket"}).to_string(),
            None,
        );
        let (store, driver) =
            SessionStore::start(client(&server), TicketSource::Ready("used".into()));
        block_on(driver);
        let snapshot = store.snapshot().1;
        assert_eq!(snapshot.status, SessionStatus::Error);
        assert_eq!(
            snapshot.session_error.unwrap().message,
            "Invalid or expired ticket"
        );
        assert_eq!(server.count("/api-auth/session"), 0);
    }

    #[test]
    fn without_a_ticket_it_reads_and_reports_no_session() {
        let server = server_with_session();
        server.respond("/api-auth/session", 401, no_session_body(), None);
        let (store, driver) = SessionStore::start(client(&server), TicketSource::None);
        assert_eq!(store.snapshot().1.status, SessionStatus::Loading);
        block_on(driver);
        let snapshot = store.snapshot().1;
        assert_eq!(
            (snapshot.status, snapshot.has_session),
            (SessionStatus::NoSession, false)
        );
    }

    #[test]
    fn a_ticket_given_later_recovers_the_store() {
        let server = server_with_session();
        server.respond("/api-auth/session", 401, no_session_body(), None);
        let client = client(&server);
        let (store, driver) = SessionStore::start(client, TicketSource::None);
        block_on(driver);
        server.respond(
            "/api-auth/session",
            200,
            envelope(json!({"session_id":"8","api_auth_app":{"app_slug":"aa_42","name":"Acme"}})),
            None,
        );
        let session = block_on(store.exchange("late-ticket")).unwrap();
        assert_eq!(session.session_id, "8");
        assert_eq!(store.snapshot().1.status, SessionStatus::Ready);
    }

    #[test]
    fn refetch_with_unchanged_data_keeps_the_version_and_stays_silent() {
        let server = server_with_session();
        let (store, driver) = SessionStore::start(client(&server), TicketSource::None);
        block_on(driver);
        let version = store.version();
        let calls = Rc::new(Cell::new(0));
        let calls2 = calls.clone();
        let id = store.subscribe(Rc::new(move || calls2.set(calls2.get() + 1)));
        block_on(store.refetch()).unwrap();
        assert_eq!((store.version(), calls.get()), (version, 0));
        server.respond(
            "/api-auth/session",
            500,
            json!({"message":"boom"}).to_string(),
            None,
        );
        assert_eq!(block_on(store.refetch()).unwrap_err().code, ErrorCode::Http);
        assert_eq!(calls.get(), 1);
        store.unsubscribe(id);
        block_on(store.refetch()).unwrap_err();
        assert_eq!(calls.get(), 1);
    }

    mod session_aware_reads {
        use super::*;
        use crate::api::keys::{keys_list_query, KeyListOptions};
        use crate::query::cache::{Query, QueryCache};
        use crate::query::observer::{QueryObserver, Read};
        use futures::executor::LocalPool;

        fn setup(pool: &LocalPool) -> (Rc<FakeServer>, Rc<Client>, Rc<QueryCache>) {
            let server = FakeServer::with_pool(pool);
            server.respond(
                "/deployment",
                200,
                envelope(json!({"mode":"staging"})),
                Some("browser-1"),
            );
            server.respond("/session/ticket/exchange", 200, envelope(json!({"message":"m","session_id":"7","api_auth_app":{"app_slug":"aa_42","name":"Acme"}})), None);
            server.respond(
                "/api-auth/session",
                200,
                envelope(
                    json!({"session_id":"7","api_auth_app":{"app_slug":"aa_42","name":"Acme"}}),
                ),
                None,
            );
            server.respond("/api-auth/keys", 200, envelope(json!([])), None);
            let client = client(&server);
            let cache = QueryCache::new(client.clone());
            (server, client, cache)
        }

        fn keys_query() -> Query {
            keys_list_query(&KeyListOptions::default())
        }

        #[test]
        fn reads_wait_for_a_ticket_that_is_on_its_way() {
            let mut pool = LocalPool::new();
            let (server, client, cache) = setup(&pool);
            let (deliver, ticket) = futures::channel::oneshot::channel::<String>();
            let pending = ticket.map(|t| Ok(t.ok())).boxed_local();
            let (store, driver) = SessionStore::start(client, TicketSource::Pending(pending));
            let keys = QueryObserver::new(cache, keys_query());
            client_spawn(&server, driver);
            pool.run_until_stalled();
            assert_eq!(store.snapshot().1.status, SessionStatus::Exchanging);
            assert_eq!(
                server.count("/api-auth/keys") + server.count("/api-auth/session"),
                0,
                "nothing is sent before the exchange"
            );
            deliver.send("late".into()).unwrap();
            pool.run_until_stalled();
            let order: Vec<String> = server
                .requests()
                .iter()
                .map(|r| r.url.split('?').next().unwrap().to_string())
                .collect();
            assert_eq!(
                order[..2],
                [
                    "http://api.test/deployment".to_string(),
                    "http://api.test/session/ticket/exchange".to_string()
                ]
            );
            assert_eq!(
                (
                    server.count("/api-auth/keys"),
                    server.count("/api-auth/session")
                ),
                (1, 1)
            );
            assert_eq!(store.snapshot().1.status, SessionStatus::Ready);
            assert_eq!(Read::of(keys.state()).error, None);
        }

        #[test]
        fn a_ticket_promise_that_never_settles_times_out_and_opens_the_gate() {
            let mut pool = LocalPool::new();
            let (server, client, cache) = setup(&pool);
            let never = futures::future::pending().boxed_local();
            let (store, driver) = SessionStore::start(client.clone(), TicketSource::Pending(never));
            let keys = QueryObserver::new(cache, keys_query());
            client_spawn(&server, driver);
            pool.run_until_stalled();
            assert_eq!(store.snapshot().1.status, SessionStatus::Exchanging);
            assert_eq!(server.count("/api-auth/keys"), 0, "the read waits");
            server.fire_timers();
            pool.run_until_stalled();
            let snapshot = store.snapshot().1;
            assert_eq!(
                snapshot.session_error.map(|e| e.code),
                Some(crate::error::ErrorCode::Timeout)
            );
            assert!(!snapshot.session_loading && !snapshot.ticket_loading);
            assert!(!client.gate().is_pending(), "the gate is open again");
            assert_eq!(
                server.count("/api-auth/keys"),
                1,
                "the waiting read went out"
            );
            // No exchange happened, so the server says so.
            assert_eq!(
                Read::of(keys.state()).error.map(|e| e.code),
                Some(crate::error::ErrorCode::NoSession)
            );
        }

        #[test]
        fn a_disposed_store_sends_nothing_more_and_releases_the_reads_it_held() {
            let mut pool = LocalPool::new();
            let (server, client, cache) = setup(&pool);
            let (_deliver, ticket) = futures::channel::oneshot::channel::<String>();
            let pending = ticket.map(|t| Ok(t.ok())).boxed_local();
            let (store, driver) =
                SessionStore::start(client.clone(), TicketSource::Pending(pending));
            let keys = QueryObserver::new(cache, keys_query());
            client_spawn(&server, driver);
            pool.run_until_stalled();
            assert!(client.gate().is_pending());
            assert_eq!(server.count("/api-auth/keys"), 0);
            store.dispose();
            pool.run_until_stalled();
            assert!(!client.gate().is_pending(), "the wait for the ticket ended");
            assert_eq!(
                server.count("/api-auth/keys"),
                1,
                "the held read went out at once"
            );
            // No exchange happened, so the server says so.
            assert_eq!(
                Read::of(keys.state()).error.map(|e| e.code),
                Some(crate::error::ErrorCode::NoSession)
            );
            // A session established elsewhere does not revive it; its own calls reject.
            pool.run_until(client.exchange_ticket("elsewhere")).unwrap();
            pool.run_until_stalled();
            assert_eq!(server.count("/api-auth/session"), 0);
            let refused = pool.run_until(store.refetch()).unwrap_err();
            assert_eq!(refused.code, crate::error::ErrorCode::Aborted);
            let refused = pool.run_until(store.exchange("t")).unwrap_err();
            assert_eq!(refused.code, crate::error::ErrorCode::Aborted);
            assert_eq!(
                server.count("/api-auth/session"),
                0,
                "nothing was sent for it"
            );
        }

        #[test]
        fn a_no_session_read_runs_again_once_when_a_session_is_established() {
            let mut pool = LocalPool::new();
            let (server, client, cache) = setup(&pool);
            let no_session = no_session_body();
            server.respond("/api-auth/keys", 401, no_session.clone(), None);
            server.respond("/api-auth/session", 401, no_session, None);
            let keys = QueryObserver::new(cache, keys_query());
            let (waiting_store, driver) = SessionStore::start(client.clone(), TicketSource::None);
            client_spawn(&server, driver);
            pool.run_until_stalled();
            assert_eq!(
                Read::of(keys.state()).error.unwrap().code,
                ErrorCode::NoSession
            );
            assert_eq!(waiting_store.snapshot().1.status, SessionStatus::NoSession);

            server.respond("/api-auth/keys", 200, envelope(json!([])), None);
            server.respond(
                "/api-auth/session",
                200,
                envelope(
                    json!({"session_id":"7","api_auth_app":{"app_slug":"aa_42","name":"Acme"}}),
                ),
                None,
            );
            pool.run_until(client.exchange_ticket("t")).unwrap();
            pool.run_until_stalled();
            assert_eq!(server.count("/api-auth/keys"), 2, "re-run once");
            assert_eq!(Read::of(keys.state()).error, None);
            assert_eq!(waiting_store.snapshot().1.status, SessionStatus::Ready);
            // A further session does not re-run reads that are fine.
            pool.run_until(client.exchange_ticket("t2")).unwrap();
            pool.run_until_stalled();
            assert_eq!(server.count("/api-auth/keys"), 2);
        }

        fn client_spawn(server: &Rc<FakeServer>, future: LocalBoxFuture<'static, ()>) {
            crate::transport::Transport::spawn(&**server, future);
        }
    }
}
