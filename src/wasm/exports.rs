//! The exported `WachtClient` class.

use super::driver::{Driver, StoreHandle};
use super::inputs::{input_value, ticket_arg};
use super::js_error::to_js_error;
use super::js_json::JsJson;
use super::platform;
use super::storage::WebStorage;
use super::store;
use js_sys::Reflect;
use std::rc::Rc;
use wacht_api_auth_core::api::audit::{
    Outcome, ANALYTICS_READ, LOGS_READ, TIMESERIES_POINTS, TIMESERIES_READ,
};
use wacht_api_auth_core::api::audit_logs_pages::LogsPages;
use wacht_api_auth_core::api::endpoint::ReadEndpoint;
use wacht_api_auth_core::api::key_mutations::{KeyMutation, CREATE_KEY, REVOKE_KEY, ROTATE_KEY};
use wacht_api_auth_core::api::keys::KEYS_READ;
use wacht_api_auth_core::client::{Core, View};
use wacht_api_auth_core::error::ClientError;
use wacht_api_auth_core::json::schema::check;
use wacht_api_auth_core::query::cache::Query;
use wacht_api_auth_core::session::config::ClientConfig;
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
    driver: Rc<Driver>,
}

/// The checked options object of a store (`invalid_argument` thrown for a mismatch).
fn options_of(endpoint: &ReadEndpoint, options: &JsValue) -> Result<JsJson, JsValue> {
    endpoint
        .options(&input_value(options))
        .map_err(|e| to_js_error(&e))
}

fn rejected(error: &ClientError) -> js_sys::Promise {
    js_sys::Promise::reject(&to_js_error(error))
}

#[wasm_bindgen]
impl WachtClient {
    /// `new WachtClient({ publishableKey })` or `new WachtClient({ frontendApiUrl, mode })`.
    /// Throws a `WachtError` with code `invalid_argument` for a bad key, URL or mode.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "WachtClientOptions")] options: JsValue,
    ) -> Result<WachtClient, JsValue> {
        let config = ClientConfig::from_options(
            &JsJson::from_js(options.clone()),
            platform::base64,
            platform::url,
        )
        .map_err(|e| to_js_error(&e))?;
        let ticket_provider =
            read_function(&options, "ticketProvider").map_err(|e| to_js_error(&e))?;
        let get_token = read_function(&options, "getToken").map_err(|e| to_js_error(&e))?;
        let core = Core::new(config, Rc::new(WebStorage));
        // Nothing is sent yet: the first call or store bootstraps the deployment, so a client
        // made where pages are rendered on the server (or at build time) sends nothing.
        let driver = Driver::new(core, ticket_provider, get_token, store::run);
        Ok(WachtClient { driver })
    }

    /// The frontend API origin this client talks to.
    #[wasm_bindgen(getter, js_name = frontendApiUrl)]
    pub fn frontend_api_url(&self) -> String {
        self.driver.frontend_api_url()
    }

    /// The deployment's session mode (`"staging"` or `"production"`), bootstrapping the
    /// deployment (`GET /deployment`) if that has not happened yet.
    #[wasm_bindgen(unchecked_return_type = "Promise<\"staging\" | \"production\">")]
    pub fn mode(&self) -> js_sys::Promise {
        self.driver.call(Core::mode)
    }

    /// Exchanges a ticket minted by your backend (`GET /session/ticket/exchange`). Each ticket
    /// is exchanged at most once per client, also when called concurrently; later calls share
    /// the outcome (the client keeps those of the last 16 exchanges to end; an older ticket goes
    /// to the server again, which refuses a used one). Rejects with `invalid_ticket` when the
    /// server refuses the ticket.
    #[wasm_bindgen(js_name = exchangeTicket, unchecked_return_type = "Promise<TicketExchangeResult>")]
    pub fn exchange_ticket(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] ticket: JsValue,
    ) -> js_sys::Promise {
        match ticket.as_string() {
            Some(ticket) => self.driver.call(|core| core.exchange_ticket(&ticket)),
            None if ticket.is_undefined() || ticket.is_null() => rejected(
                &ClientError::invalid_argument("ticket must be a non-empty string"),
            ),
            None => rejected(&ClientError::invalid_argument("ticket must be a string")),
        }
    }

    /// Reads the active API-auth app session (`GET /api-auth/session`). Rejects with
    /// `no_session` when this browser has none.
    #[wasm_bindgen(js_name = getApiAuthSession, unchecked_return_type = "Promise<ApiAuthAppSessionData>")]
    pub fn get_api_auth_session(&self) -> js_sys::Promise {
        self.driver.call(Core::api_auth_session)
    }

    /// A store mirroring `useApiAuthAppSession(ticket)`: from its first subscriber on (or a
    /// `refetch()`), exchanges the ticket, then reads the session; like every store it sends
    /// nothing before that. `ticket` may be a string, a promise of one (your backend's answer:
    /// once the store started, key and audit reads of this client wait for it instead of
    /// failing with 401), or nothing (read the session as it is; `store.exchange(ticket)` takes
    /// a ticket that arrives later).
    #[wasm_bindgen(js_name = apiAuthAppSession, unchecked_return_type = "ApiAuthAppSessionStore")]
    pub fn api_auth_app_session(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "string | Promise<string | null> | null")]
        ticket: JsValue,
    ) -> Result<JsValue, JsValue> {
        let arg = ticket_arg(&ticket).map_err(|e| to_js_error(&e))?;
        let (id, wait) = self
            .driver
            .with(|core| core.open_session_store(arg))
            .unwrap_or((0, None));
        if let Some(wait) = wait {
            self.driver.attach(&ticket, wait);
        }
        Ok(StoreHandle::object(&self.driver, id, "refetch exchange"))
    }

    /// A store mirroring `useApiAuthKeys({ status })`: `{ keys, loading, fetching, error }`, plus
    /// `createKey`, `rotateKey`, `revokeKey` (each resolves to `{ data }`; the secret appears
    /// only there), `refetch`, `subscribe`, `getSnapshot`, `dispose`.
    #[wasm_bindgen(js_name = apiAuthKeys, unchecked_return_type = "ApiAuthKeysStore")]
    pub fn api_auth_keys(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "KeyListOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options = options_of(&KEYS_READ, &options)?;
        Ok(self.read_store(&KEYS_READ, options, "refetch createKey rotateKey revokeKey"))
    }

    /// A store mirroring `useApiAuthAuditLogs(options)`: `{ logs, limit, has_more, next_cursor,
    /// loading, fetching, loading_more, error }`, plus `loadMore()` (follows `next_cursor` while
    /// `has_more`), `refetch`, `subscribe`, `getSnapshot`, `dispose`.
    #[wasm_bindgen(js_name = apiAuthAuditLogs, unchecked_return_type = "ApiAuthAuditLogsStore")]
    pub fn api_auth_audit_logs(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AuditLogsOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options = options_of(&LOGS_READ, &options)?;
        let query = LOGS_READ.query(&options);
        let view = View::Logs(Box::new(LogsPages::new(options)));
        Ok(self.query_store(query, view, "refetch loadMore"))
    }

    /// A store mirroring `useApiAuthAuditAnalytics(options)`: `{ analytics, loading, fetching, error }`.
    #[wasm_bindgen(js_name = apiAuthAuditAnalytics, unchecked_return_type = "ApiAuthAuditAnalyticsStore")]
    pub fn api_auth_audit_analytics(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AuditAnalyticsOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options = options_of(&ANALYTICS_READ, &options)?;
        Ok(self.read_store(&ANALYTICS_READ, options, "refetch"))
    }

    /// A store mirroring `useApiAuthAuditTimeseries(options)`: `{ timeseries, interval, loading,
    /// fetching, error }` (`interval` defaults to `"hour"`, `data: null` becomes `[]`).
    #[wasm_bindgen(js_name = apiAuthAuditTimeseries, unchecked_return_type = "ApiAuthAuditTimeseriesStore")]
    pub fn api_auth_audit_timeseries(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AuditTimeseriesOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options = options_of(&TIMESERIES_READ, &options)?;
        Ok(self.read_store(&TIMESERIES_READ, options, "refetch"))
    }

    /// Lists keys (`GET /api-auth/keys`) without a store.
    #[wasm_bindgen(js_name = listKeys, unchecked_return_type = "Promise<ApiKey[]>")]
    pub fn list_keys(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "KeyListOptions")] options: JsValue,
    ) -> js_sys::Promise {
        self.read(&KEYS_READ, &options)
    }

    /// Creates a key; resolves to `{ data }` with the one-time `secret`. Refreshes every key list
    /// and audit store of this client.
    #[wasm_bindgen(js_name = createKey, unchecked_return_type = "Promise<MutationResult<ApiKeyWithSecret>>")]
    pub fn create_key(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateKeyInput")] input: JsValue,
    ) -> js_sys::Promise {
        self.mutate(&CREATE_KEY, &input)
    }

    /// Rotates a key (the old one is revoked now); resolves to `{ data }` with the new secret.
    #[wasm_bindgen(js_name = rotateKey, unchecked_return_type = "Promise<MutationResult<ApiKeyWithSecret>>")]
    pub fn rotate_key(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RotateKeyInput")] input: JsValue,
    ) -> js_sys::Promise {
        self.mutate(&ROTATE_KEY, &input)
    }

    /// Revokes a key with an optional reason; resolves to `{ data: { success } }`.
    #[wasm_bindgen(js_name = revokeKey, unchecked_return_type = "Promise<MutationResult<RevokeResult>>")]
    pub fn revoke_key(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RevokeKeyInput")] input: JsValue,
    ) -> js_sys::Promise {
        self.mutate(&REVOKE_KEY, &input)
    }

    /// One page of audit logs without a store.
    #[wasm_bindgen(js_name = getAuditLogs, unchecked_return_type = "Promise<ApiAuditLogsPage>")]
    pub fn get_audit_logs(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AuditLogsOptions")] options: JsValue,
    ) -> js_sys::Promise {
        self.read(&LOGS_READ, &options)
    }

    /// Audit analytics without a store.
    #[wasm_bindgen(js_name = getAuditAnalytics, unchecked_return_type = "Promise<ApiAuditAnalytics>")]
    pub fn get_audit_analytics(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AuditAnalyticsOptions")] options: JsValue,
    ) -> js_sys::Promise {
        self.read(&ANALYTICS_READ, &options)
    }

    /// An audit timeseries without a store (`data: null` becomes `[]`).
    #[wasm_bindgen(js_name = getAuditTimeseries, unchecked_return_type = "Promise<ApiAuditTimeseries>")]
    pub fn get_audit_timeseries(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AuditTimeseriesOptions")] options: JsValue,
    ) -> js_sys::Promise {
        self.read(&TIMESERIES_READ, &options)
    }
}

impl WachtClient {
    /// One read without a store: parses the options, sends the query, resolves with its data.
    fn read(&self, endpoint: &'static ReadEndpoint, options: &JsValue) -> js_sys::Promise {
        match endpoint.options(&input_value(options)) {
            Ok(options) => {
                let query = endpoint.query(&options);
                self.driver.call(|core| core.read(&query))
            }
            Err(error) => rejected(&error),
        }
    }

    fn mutate(&self, mutation: &'static KeyMutation, input: &JsValue) -> js_sys::Promise {
        let input = input_value(input);
        self.driver.call(|core| core.mutate(mutation, &input))
    }

    /// A store over `endpoint` with checked `options`, shown as the endpoint's snapshot.
    fn read_store(
        &self,
        endpoint: &'static ReadEndpoint,
        options: JsJson,
        methods: &str,
    ) -> JsValue {
        self.query_store(
            endpoint.query(&options),
            View::Read(endpoint, options),
            methods,
        )
    }

    fn query_store(&self, query: Query, view: View<JsJson>, methods: &str) -> JsValue {
        let id = self
            .driver
            .with(|core| core.open_query_store(query, view))
            .unwrap_or(0);
        StoreHandle::object(&self.driver, id, methods)
    }
}

#[wasm_bindgen(module = "/src/wasm/browser.js")]
extern "C" {
    /// The zero-fill of checked points (throws a `WachtError` for a bad range).
    #[wasm_bindgen(catch)]
    fn zero_fill(points: &JsValue, range: &JsValue) -> Result<JsValue, JsValue>;
}

/// One point per bucket between `start` and `end` (inclusive) for charts: the server's points
/// where there are some, zeros elsewhere. Buckets are UTC; weeks start on Sunday. Throws
/// `invalid_argument` for points that are not `TimeseriesPoint`s or a bad range (more than
/// 10 000 buckets, `end` before `start`, a time that is no date or RFC 3339 timestamp).
#[wasm_bindgen(js_name = zeroFillTimeseries, unchecked_return_type = "TimeseriesPoint[]")]
pub fn zero_fill_timeseries(
    #[wasm_bindgen(unchecked_param_type = "TimeseriesPoint[]")] points: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ interval?: string; start: string; end: string }")]
    range: JsValue,
) -> Result<JsValue, JsValue> {
    let points = check(&JsJson::from_js(points), &TIMESERIES_POINTS)
        .map_err(|m| to_js_error(&ClientError::invalid_argument(m.describe("points"))))?;
    zero_fill(points.as_js(), &range)
}

/// Classifies an audit `outcome` across vocabularies: `VALID`/`allowed`/`ALLOWED` → `"allowed"`,
/// `BLOCKED`/`blocked`/`RATE_LIMITED` → `"blocked"`, else `"unknown"`.
#[wasm_bindgen(js_name = auditOutcome, unchecked_return_type = "\"allowed\" | \"blocked\" | \"unknown\"")]
pub fn audit_outcome(outcome: &str) -> String {
    Outcome::of(outcome).as_str().to_owned()
}

/// Reads an optional function option (`undefined` when absent).
fn read_function(options: &JsValue, key: &str) -> Result<JsValue, ClientError> {
    let value = Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(JsValue::UNDEFINED);
    }
    if !value.is_function() {
        return Err(ClientError::invalid_argument(
            ["options.", key, " must be a function"].concat(),
        ));
    }
    Ok(value)
}

/// The hosted vanity page URL for an iframe: `{frontendApiUrl}/vanity/api-auth?ticket={ticket}`
/// with the ticket URI-encoded. Throws `invalid_argument` for a bad URL or an empty ticket.
#[wasm_bindgen(js_name = vanityUrl)]
pub fn vanity_url(frontend_api_url: &str, ticket: &str) -> Result<String, JsValue> {
    wacht_api_auth_core::session::vanity::vanity_url(frontend_api_url, ticket, platform::url)
        .map_err(|e| to_js_error(&e))
}
