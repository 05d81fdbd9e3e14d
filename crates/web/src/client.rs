//! [`WachtClient`]: the client for one Wacht frontend API, as async calls and stores.

use crate::driver::{Answering, Driver};
use crate::json::WebJson;
use crate::models::*;
use crate::options::ClientOptions;
use crate::storage::WebStorage;
use crate::store::Store;
use crate::values::{data_of, from_js, to_js};
use crate::Error;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wacht_api_auth_core::api::audit::{ANALYTICS_READ, LOGS_READ, TIMESERIES_READ};
use wacht_api_auth_core::api::audit_logs_pages::LogsPages;
use wacht_api_auth_core::api::endpoint::ReadEndpoint;
use wacht_api_auth_core::api::key_mutations::{KeyMutation, CREATE_KEY, REVOKE_KEY, ROTATE_KEY};
use wacht_api_auth_core::api::keys::KEYS_READ;
use wacht_api_auth_core::client::{Answer, Core, TicketArg, View};
use wacht_api_auth_core::session::config::Mode;

/// A ticket for a session store: none (read the session as it is), one in hand, or one on its
/// way (reads of the client wait for it instead of failing with `no_session`).
pub enum Ticket {
    /// No ticket.
    None,
    /// A ticket minted by the app's backend.
    Ready(String),
    /// A ticket on its way (see [`Ticket::pending`]).
    Pending(Pin<Box<dyn Future<Output = Result<String, Error>>>>),
}

impl Ticket {
    /// A ticket the app's backend is still minting.
    pub fn pending(ticket: impl Future<Output = Result<String, Error>> + 'static) -> Ticket {
        Ticket::Pending(Box::pin(ticket))
    }

    /// The core's argument, and the ticket's future when it is on its way.
    fn split(self) -> (TicketArg, Option<Answering>) {
        match self {
            Ticket::None => (TicketArg::None, None),
            Ticket::Ready(ticket) if ticket.trim().is_empty() => (TicketArg::None, None),
            Ticket::Ready(ticket) => (TicketArg::Ready(ticket), None),
            Ticket::Pending(ticket) => (
                TicketArg::Pending,
                Some(Box::pin(async move {
                    match ticket.await {
                        Ok(ticket) => Answer::Text(Some(ticket)),
                        Err(error) => Answer::Failed(error),
                    }
                })),
            ),
        }
    }
}

/// The API-auth app session store (`exchange` takes a ticket that arrives later).
pub type SessionStore = Store<ApiAuthAppSessionSnapshot>;
/// A key list store (`create_key`, `rotate_key`, `revoke_key`).
pub type KeysStore = Store<ApiAuthKeysSnapshot>;
/// An audit logs store (`load_more`).
pub type AuditLogsStore = Store<ApiAuthAuditLogsSnapshot>;
/// An audit analytics store.
pub type AuditAnalyticsStore = Store<ApiAuthAuditAnalyticsSnapshot>;
/// An audit timeseries store.
pub type AuditTimeseriesStore = Store<ApiAuthAuditTimeseriesSnapshot>;

/// A client for one Wacht frontend API. Make it once and clone it (clones share it): it
/// bootstraps the deployment once, keeps the browser session, exchanges each ticket at most
/// once and sends one request per distinct read in flight. Every call ends within the timeout.
#[derive(Clone)]
pub struct WachtClient {
    driver: Rc<Driver>,
}

impl WachtClient {
    /// A client for `options`; `invalid_argument` for a bad key, URL or bound. Nothing is sent
    /// before the first call or a store's first subscriber.
    pub fn new(options: ClientOptions) -> Result<WachtClient, Error> {
        if !cfg!(target_arch = "wasm32") {
            // wasm-bindgen's imports (the browser's URL, atob, fetch) exist only in the browser.
            return Err(Error::invalid_argument(
                "WachtClient runs in the browser only: make it there (e.g. in an effect), not on the server",
            ));
        }
        let config = options.config()?;
        let core = Core::new(config, Rc::new(WebStorage));
        let driver = Driver::new(core, options.ticket_provider, options.get_token);
        Ok(WachtClient { driver })
    }

    /// The frontend API origin this client talks to.
    pub fn frontend_api_url(&self) -> String {
        self.driver.frontend_api_url()
    }

    /// The deployment's session mode (bootstraps the deployment if that has not happened yet).
    pub async fn mode(&self) -> Result<Mode, Error> {
        let mode: String = from_js(&self.driver.call(Core::mode).await?)?;
        Mode::parse(&mode)
    }

    /// Exchanges a ticket minted by the app's backend (each ticket at most once per client;
    /// concurrent and later calls share the outcome). `invalid_ticket` when the server refuses it.
    pub async fn exchange_ticket(&self, ticket: &str) -> Result<TicketExchangeResult, Error> {
        if ticket.is_empty() {
            return Err(Error::invalid_argument("ticket must be a non-empty string"));
        }
        from_js(
            &self
                .driver
                .call(|core| core.exchange_ticket(ticket))
                .await?,
        )
    }

    /// The active API-auth app session; `no_session` when this browser has none.
    pub async fn api_auth_session(&self) -> Result<ApiAuthAppSessionData, Error> {
        from_js(&self.driver.call(Core::api_auth_session).await?)
    }

    /// The app's keys (`status`: `active`, `revoked`, ...).
    pub async fn list_keys(&self, options: &KeyListOptions) -> Result<Vec<ApiKey>, Error> {
        self.read(&KEYS_READ, options).await
    }

    /// Creates a key: the result holds the one-time `secret` (it is in no snapshot). Refreshes
    /// every key and audit store of this client.
    pub async fn create_key(&self, input: &CreateKeyInput) -> Result<ApiKeyWithSecret, Error> {
        self.mutate(&CREATE_KEY, input).await
    }

    /// Rotates a key (the old one is revoked now): the result holds the new secret.
    pub async fn rotate_key(&self, input: &RotateKeyInput) -> Result<ApiKeyWithSecret, Error> {
        self.mutate(&ROTATE_KEY, input).await
    }

    /// Revokes a key, with an optional reason.
    pub async fn revoke_key(&self, input: &RevokeKeyInput) -> Result<RevokeResult, Error> {
        self.mutate(&REVOKE_KEY, input).await
    }

    /// One page of audit logs.
    pub async fn audit_logs(&self, options: &AuditLogsOptions) -> Result<ApiAuditLogsPage, Error> {
        self.read(&LOGS_READ, options).await
    }

    /// Audit analytics.
    pub async fn audit_analytics(
        &self,
        options: &AuditAnalyticsOptions,
    ) -> Result<ApiAuditAnalytics, Error> {
        self.read(&ANALYTICS_READ, options).await
    }

    /// An audit timeseries (`data: null` becomes `[]`).
    pub async fn audit_timeseries(
        &self,
        options: &AuditTimeseriesOptions,
    ) -> Result<ApiAuditTimeseries, Error> {
        self.read(&TIMESERIES_READ, options).await
    }

    /// The API-auth app session store (`useApiAuthAppSession(ticket)`): from its first
    /// subscriber on, exchanges the ticket, then reads the session. A ticket on its way holds
    /// the client's reads at the session gate once the store has started (a future that settles
    /// before that is kept until then).
    pub fn app_session(&self, ticket: Ticket) -> SessionStore {
        let (arg, pending) = ticket.split();
        let (id, wait) = self
            .driver
            .with(|core| core.open_session_store(arg))
            .unwrap_or((0, None));
        if let (Some(wait), Some(pending)) = (wait, pending) {
            self.driver.attach(wait, pending);
        }
        Store::new(self.driver.clone(), id)
    }

    /// A key list store (`useApiAuthKeys(options)`); like every store, it sends nothing until its
    /// first subscriber (or `refetch`). The options are checked now.
    pub fn keys(&self, options: KeyListOptions) -> Result<KeysStore, Error> {
        self.read_store(&KEYS_READ, &options)
    }

    /// An audit logs store (`useApiAuthAuditLogs(options)`), with `load_more`.
    pub fn audit_logs_store(&self, options: AuditLogsOptions) -> Result<AuditLogsStore, Error> {
        let options = LOGS_READ.options(&to_js(&options)?)?;
        let query = LOGS_READ.query(&options);
        let view = View::Logs(Box::new(LogsPages::new(options)));
        let id = self
            .driver
            .with(|core| core.open_query_store(query, view))
            .unwrap_or(0);
        Ok(Store::new(self.driver.clone(), id))
    }

    /// An audit analytics store.
    pub fn audit_analytics_store(
        &self,
        options: AuditAnalyticsOptions,
    ) -> Result<AuditAnalyticsStore, Error> {
        self.read_store(&ANALYTICS_READ, &options)
    }

    /// An audit timeseries store.
    pub fn audit_timeseries_store(
        &self,
        options: AuditTimeseriesOptions,
    ) -> Result<AuditTimeseriesStore, Error> {
        self.read_store(&TIMESERIES_READ, &options)
    }

    /// One read without a store: the options checked as the JS face's are, the data typed.
    async fn read<T: DeserializeOwned>(
        &self,
        endpoint: &'static ReadEndpoint,
        options: &impl Serialize,
    ) -> Result<T, Error> {
        let options = endpoint.options(&to_js(options)?)?;
        let query = endpoint.query(&options);
        from_js(&self.driver.call(|core| core.read(&query)).await?)
    }

    async fn mutate<T: DeserializeOwned>(
        &self,
        mutation: &'static KeyMutation,
        input: &impl Serialize,
    ) -> Result<T, Error> {
        mutated(&self.driver, mutation, input).await
    }

    fn read_store<S: crate::Snapshot>(
        &self,
        endpoint: &'static ReadEndpoint,
        options: &impl Serialize,
    ) -> Result<Store<S>, Error> {
        let options: WebJson = endpoint.options(&to_js(options)?)?;
        let query = endpoint.query(&options);
        let view = View::Read(endpoint, options);
        let id = self
            .driver
            .with(|core| core.open_query_store(query, view))
            .unwrap_or(0);
        Ok(Store::new(self.driver.clone(), id))
    }
}

/// A key mutation's `data`.
pub(crate) async fn mutated<T: DeserializeOwned>(
    driver: &Driver,
    mutation: &'static KeyMutation,
    input: &impl Serialize,
) -> Result<T, Error> {
    let input = to_js(input)?;
    data_of(&driver.call(|core| core.mutate(mutation, &input)).await?)
}

impl KeysStore {
    /// [`WachtClient::create_key`]: the secret is in the result only, never in a snapshot.
    pub async fn create_key(&self, input: &CreateKeyInput) -> Result<ApiKeyWithSecret, Error> {
        mutated(&self.inner.driver, &CREATE_KEY, input).await
    }

    /// [`WachtClient::rotate_key`].
    pub async fn rotate_key(&self, input: &RotateKeyInput) -> Result<ApiKeyWithSecret, Error> {
        mutated(&self.inner.driver, &ROTATE_KEY, input).await
    }

    /// [`WachtClient::revoke_key`].
    pub async fn revoke_key(&self, input: &RevokeKeyInput) -> Result<RevokeResult, Error> {
        mutated(&self.inner.driver, &REVOKE_KEY, input).await
    }
}

impl AuditLogsStore {
    /// Appends the next page; `false` when there was nothing more to load.
    pub async fn load_more(&self) -> Result<bool, Error> {
        let id = self.inner.id;
        from_js(&self.inner.driver.call(|core| core.load_more(id)).await?)
    }
}

impl SessionStore {
    /// Exchanges a ticket that arrived after the store was made (or one on its way), then reads
    /// the session. A store that has not started starts with this ticket instead of its own.
    pub async fn exchange(&self, ticket: Ticket) -> Result<ApiAuthAppSessionData, Error> {
        let id = self.inner.id;
        let (arg, pending) = ticket.split();
        let arg = match arg {
            TicketArg::None => TicketArg::Ready(String::new()),
            arg => arg,
        };
        let mut wait = None;
        let call = self.inner.driver.call(|core| {
            let (call, waiting) = core.session_exchange(id, arg);
            wait = waiting;
            call
        });
        if let (Some(wait), Some(pending)) = (wait, pending) {
            self.inner.driver.attach(wait, pending);
        }
        from_js(&call.await?)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// Made on a server (an app rendered there), the client is an error, not a panic.
    #[test]
    fn outside_the_browser_a_client_is_an_invalid_argument_error() {
        let options = ClientOptions::publishable_key("pk_test_aHR0cDovLzEyNy4wLjAuMTo4Nzg3");
        let error = WachtClient::new(options).err().map(|e| e.code);
        assert_eq!(
            error,
            Some(wacht_api_auth_core::error::ErrorCode::InvalidArgument)
        );
    }
}
