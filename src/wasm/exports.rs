//! The exported `WachtClient` class.

use super::fetch::FetchTransport;
use super::js_error::to_js_error;
use super::js_store::{optional_string, promise_of, rejected};
use super::session::session_store_object;
use super::storage::WebStorage;
use crate::client::Client;
use crate::config::{ClientConfig, Mode};
use crate::error::ClientError;
use crate::session_store::SessionStore;
use js_sys::Reflect;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A client for one Wacht frontend API. Create it once per page and share it: it bootstraps the
/// deployment once, keeps the browser session, and exchanges each ticket at most once.
///
/// @example
/// ```ts
/// const client = new WachtClient({ publishableKey: "pk_test_..." });
/// const session = client.apiAuthAppSession(ticketFromYourBackend);
/// const unsubscribe = session.subscribe(() => render(session.getSnapshot()));
/// ```
#[wasm_bindgen]
pub struct WachtClient {
    inner: Rc<Client>,
}

#[wasm_bindgen]
impl WachtClient {
    /// `new WachtClient({ publishableKey })` or `new WachtClient({ frontendApiUrl, mode })`.
    /// Throws a `WachtError` with code `invalid_argument` for a bad key, URL or mode.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "WachtClientOptions")] options: JsValue) -> Result<WachtClient, JsValue> {
        let config = parse_options(&options).map_err(|e| to_js_error(&e))?;
        let inner = Client::new(config, Rc::new(FetchTransport), Rc::new(WebStorage));
        Ok(WachtClient { inner })
    }

    /// The frontend API origin this client talks to.
    #[wasm_bindgen(getter, js_name = frontendApiUrl)]
    pub fn frontend_api_url(&self) -> String {
        self.inner.config().frontend_api_url.clone()
    }

    /// The deployment's session mode (`"staging"` or `"production"`), bootstrapping the
    /// deployment (`GET /deployment`) if that has not happened yet.
    #[wasm_bindgen(unchecked_return_type = "Promise<\"staging\" | \"production\">")]
    pub fn mode(&self) -> js_sys::Promise {
        let client = self.inner.clone();
        promise_of(async move { client.mode().await.map(Mode::as_str) })
    }

    /// Exchanges a ticket minted by your backend (`GET /session/ticket/exchange`). Each ticket
    /// is exchanged at most once per client, also when called concurrently; later calls share
    /// the outcome. Rejects with `invalid_ticket` when the server refuses the ticket.
    #[wasm_bindgen(js_name = exchangeTicket, unchecked_return_type = "Promise<TicketExchangeResult>")]
    pub fn exchange_ticket(&self, #[wasm_bindgen(unchecked_param_type = "string")] ticket: JsValue) -> js_sys::Promise {
        let ticket = match optional_string(&ticket, "ticket") {
            Ok(Some(ticket)) => ticket,
            Ok(None) => return rejected(&ClientError::invalid_argument("ticket must be a non-empty string")),
            Err(error) => return rejected(&error),
        };
        let client = self.inner.clone();
        promise_of(async move { client.exchange_ticket(&ticket).await })
    }

    /// Reads the active API-auth app session (`GET /api-auth/session`). Rejects with
    /// `no_session` when this browser has none.
    #[wasm_bindgen(js_name = getApiAuthSession, unchecked_return_type = "Promise<ApiAuthAppSessionData>")]
    pub fn get_api_auth_session(&self) -> js_sys::Promise {
        let client = self.inner.clone();
        promise_of(async move { client.api_auth_session().await })
    }

    /// A store mirroring `useApiAuthAppSession(ticket)`: exchanges the ticket (if given), then
    /// reads the session. Without a ticket it reads right away; `exchange(ticket)` on the store
    /// accepts a ticket that arrives later.
    #[wasm_bindgen(js_name = apiAuthAppSession, unchecked_return_type = "ApiAuthAppSessionStore")]
    pub fn api_auth_app_session(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "string | null")] ticket: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ticket = optional_string(&ticket, "ticket").map_err(|e| to_js_error(&e))?;
        let (store, driver) = SessionStore::start(self.inner.clone(), ticket);
        wasm_bindgen_futures::spawn_local(driver);
        Ok(session_store_object(store))
    }
}

fn read_string(options: &JsValue, key: &str) -> Result<Option<String>, ClientError> {
    let value = Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| ClientError::invalid_argument(format!("options.{key} must be a string")))
}

fn parse_options(options: &JsValue) -> Result<ClientConfig, ClientError> {
    if !options.is_object() {
        return Err(ClientError::invalid_argument(
            "new WachtClient(options) needs { publishableKey } or { frontendApiUrl, mode }",
        ));
    }
    let publishable_key = read_string(options, "publishableKey")?;
    let frontend_api_url = read_string(options, "frontendApiUrl")?;
    let mode = read_string(options, "mode")?;
    match (publishable_key, frontend_api_url) {
        (Some(key), None) => ClientConfig::from_publishable_key(&key),
        (None, Some(url)) => {
            let mode = mode.ok_or_else(|| ClientError::invalid_argument("options.mode (\"staging\" or \"production\") is required with frontendApiUrl"))?;
            ClientConfig::from_frontend_api_url(&url, Mode::parse(&mode)?)
        }
        (Some(_), Some(_)) => Err(ClientError::invalid_argument("pass either publishableKey or frontendApiUrl, not both")),
        (None, None) => Err(ClientError::invalid_argument("options need publishableKey or frontendApiUrl")),
    }
}
