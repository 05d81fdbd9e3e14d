//! The exported `WachtClient` class.

use super::fetch::FetchTransport;
use super::js_error::{error_from_js, to_js_error};
use super::js_store::{optional_string, parse_options, promise_of, rejected};
use super::query_stores::{
    analytics_store, keys_store, logs_store, mutation_promise, timeseries_store,
};
use super::session::{session_store_object, ticket_source};
use super::storage::WebStorage;
use crate::api::audit::{
    analytics_query, logs_query, timeseries_query, AuditAnalyticsOptions, AuditLogsOptions,
    AuditTimeseriesOptions, Outcome, TIMESERIES_POINTS,
};
use crate::api::key_mutations;
use crate::api::keys::{keys_list_query, KeyListOptions};
use crate::api::timeseries_fill::{zero_fill, Interval};
use crate::error::ClientError;
use crate::json::schema::check;
use crate::json::schema::Input;
use crate::json::Value;
use crate::query::cache::{Query, QueryCache};
use crate::session::client::Client;
use crate::session::config::{ClientConfig, Mode};
use crate::session::store::SessionStore;
use futures::FutureExt;
use js_sys::Reflect;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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
    cache: Rc<QueryCache>,
}

#[wasm_bindgen]
impl WachtClient {
    /// `new WachtClient({ publishableKey })` or `new WachtClient({ frontendApiUrl, mode })`.
    /// Throws a `WachtError` with code `invalid_argument` for a bad key, URL or mode.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "WachtClientOptions")] options: JsValue,
    ) -> Result<WachtClient, JsValue> {
        let config = parse_client_options(&options).map_err(|e| to_js_error(&e))?;
        let inner = Client::new(config, Rc::new(FetchTransport), Rc::new(WebStorage));
        inner.set_ticket_provider(
            read_provider(&options, "ticketProvider").map_err(|e| to_js_error(&e))?,
        );
        inner.set_token_provider(read_provider(&options, "getToken").map_err(|e| to_js_error(&e))?);
        let cache = QueryCache::new(inner.clone());
        // Bootstrap now, so a ticket that arrives later costs only the exchange round trip.
        let bootstrap = inner.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let _ = bootstrap.mode().await;
        });
        Ok(WachtClient { inner, cache })
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
    pub fn exchange_ticket(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] ticket: JsValue,
    ) -> js_sys::Promise {
        let ticket = match optional_string(&ticket, "ticket") {
            Ok(Some(ticket)) => ticket,
            Ok(None) => {
                return rejected(&ClientError::invalid_argument(
                    "ticket must be a non-empty string",
                ))
            }
            Err(error) => return rejected(&error),
        };
        promise_of(self.inner.exchange_ticket(&ticket))
    }

    /// Reads the active API-auth app session (`GET /api-auth/session`). Rejects with
    /// `no_session` when this browser has none.
    #[wasm_bindgen(js_name = getApiAuthSession, unchecked_return_type = "Promise<ApiAuthAppSessionData>")]
    pub fn get_api_auth_session(&self) -> js_sys::Promise {
        let client = self.inner.clone();
        promise_of(async move { client.api_auth_session().await.map(|data| data.value) })
    }

    /// A store mirroring `useApiAuthAppSession(ticket)`: exchanges the ticket, then reads the
    /// session. `ticket` may be a string, a promise of one (your backend's answer: key and audit
    /// reads of this client wait for it instead of failing with 401), or nothing (read the
    /// session as it is; `store.exchange(ticket)` takes a ticket that arrives later).
    #[wasm_bindgen(js_name = apiAuthAppSession, unchecked_return_type = "ApiAuthAppSessionStore")]
    pub fn api_auth_app_session(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "string | Promise<string | null> | null")]
        ticket: JsValue,
    ) -> Result<JsValue, JsValue> {
        let ticket = ticket_source(&ticket).map_err(|e| to_js_error(&e))?;
        let (store, driver) = SessionStore::start(self.inner.clone(), ticket);
        wasm_bindgen_futures::spawn_local(driver);
        Ok(session_store_object(store))
    }

    /// A store mirroring `useApiAuthKeys({ status })`: `{ keys, loading, fetching, error }`, plus
    /// `createKey`, `rotateKey`, `revokeKey` (each resolves to `{ data }`; the secret appears
    /// only there), `refetch`, `subscribe`, `getSnapshot`, `dispose`.
    #[wasm_bindgen(js_name = apiAuthKeys, unchecked_return_type = "ApiAuthKeysStore")]
    pub fn api_auth_keys(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "KeyListOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options: KeyListOptions =
            parse_options(&options, "options").map_err(|e| to_js_error(&e))?;
        Ok(keys_store(&self.cache, options))
    }

    /// A store mirroring `useApiAuthAuditLogs(options)`: `{ logs, limit, has_more, next_cursor,
    /// loading, fetching, loading_more, error }`, plus `loadMore()` (follows `next_cursor` while
    /// `has_more`), `refetch`, `subscribe`, `getSnapshot`, `dispose`.
    #[wasm_bindgen(js_name = apiAuthAuditLogs, unchecked_return_type = "ApiAuthAuditLogsStore")]
    pub fn api_auth_audit_logs(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AuditLogsOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options: AuditLogsOptions =
            parse_options(&options, "options").map_err(|e| to_js_error(&e))?;
        Ok(logs_store(&self.cache, options))
    }

    /// A store mirroring `useApiAuthAuditAnalytics(options)`: `{ analytics, loading, fetching, error }`.
    #[wasm_bindgen(js_name = apiAuthAuditAnalytics, unchecked_return_type = "ApiAuthAuditAnalyticsStore")]
    pub fn api_auth_audit_analytics(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AuditAnalyticsOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options: AuditAnalyticsOptions =
            parse_options(&options, "options").map_err(|e| to_js_error(&e))?;
        Ok(analytics_store(&self.cache, options))
    }

    /// A store mirroring `useApiAuthAuditTimeseries(options)`: `{ timeseries, interval, loading,
    /// fetching, error }` (`interval` defaults to `"hour"`, `data: null` becomes `[]`).
    #[wasm_bindgen(js_name = apiAuthAuditTimeseries, unchecked_return_type = "ApiAuthAuditTimeseriesStore")]
    pub fn api_auth_audit_timeseries(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AuditTimeseriesOptions")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let options: AuditTimeseriesOptions =
            parse_options(&options, "options").map_err(|e| to_js_error(&e))?;
        Ok(timeseries_store(&self.cache, options))
    }

    /// Lists keys (`GET /api-auth/keys`) without a store.
    #[wasm_bindgen(js_name = listKeys, unchecked_return_type = "Promise<ApiKey[]>")]
    pub fn list_keys(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "KeyListOptions")] options: JsValue,
    ) -> js_sys::Promise {
        self.read::<KeyListOptions>(&options, keys_list_query)
    }

    /// Creates a key; resolves to `{ data }` with the one-time `secret`. Refreshes every key list
    /// and audit store of this client.
    #[wasm_bindgen(js_name = createKey, unchecked_return_type = "Promise<MutationResult<ApiKeyWithSecret>>")]
    pub fn create_key(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CreateKeyInput")] input: JsValue,
    ) -> js_sys::Promise {
        mutation_promise(&self.cache, &input, &key_mutations::CREATE_KEY)
    }

    /// Rotates a key (the old one is revoked now); resolves to `{ data }` with the new secret.
    #[wasm_bindgen(js_name = rotateKey, unchecked_return_type = "Promise<MutationResult<ApiKeyWithSecret>>")]
    pub fn rotate_key(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RotateKeyInput")] input: JsValue,
    ) -> js_sys::Promise {
        mutation_promise(&self.cache, &input, &key_mutations::ROTATE_KEY)
    }

    /// Revokes a key with an optional reason; resolves to `{ data: { success } }`.
    #[wasm_bindgen(js_name = revokeKey, unchecked_return_type = "Promise<MutationResult<RevokeResult>>")]
    pub fn revoke_key(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RevokeKeyInput")] input: JsValue,
    ) -> js_sys::Promise {
        mutation_promise(&self.cache, &input, &key_mutations::REVOKE_KEY)
    }

    /// One page of audit logs without a store.
    #[wasm_bindgen(js_name = getAuditLogs, unchecked_return_type = "Promise<ApiAuditLogsPage>")]
    pub fn get_audit_logs(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AuditLogsOptions")] options: JsValue,
    ) -> js_sys::Promise {
        self.read::<AuditLogsOptions>(&options, logs_query)
    }

    /// Audit analytics without a store.
    #[wasm_bindgen(js_name = getAuditAnalytics, unchecked_return_type = "Promise<ApiAuditAnalytics>")]
    pub fn get_audit_analytics(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AuditAnalyticsOptions")] options: JsValue,
    ) -> js_sys::Promise {
        self.read::<AuditAnalyticsOptions>(&options, analytics_query)
    }

    /// An audit timeseries without a store (`data: null` becomes `[]`).
    #[wasm_bindgen(js_name = getAuditTimeseries, unchecked_return_type = "Promise<ApiAuditTimeseries>")]
    pub fn get_audit_timeseries(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AuditTimeseriesOptions")] options: JsValue,
    ) -> js_sys::Promise {
        self.read::<AuditTimeseriesOptions>(&options, timeseries_query)
    }
}

impl WachtClient {
    /// One read without a store: parses the options, sends the query, resolves with its data.
    fn read<O>(&self, options: &JsValue, query: fn(&O) -> Query) -> js_sys::Promise
    where
        O: Input + Default,
    {
        let options: O = match parse_options(options, "options") {
            Ok(options) => options,
            Err(error) => return rejected(&error),
        };
        let (client, query) = (self.inner.clone(), query(&options));
        promise_of(async move { client.fetch_data(&query.request, query.shape).await })
    }
}

/// One point per bucket between `start` and `end` (inclusive) for charts: the server's points
/// where there are some, zeros elsewhere. Buckets are UTC; weeks start on Sunday.
#[wasm_bindgen(js_name = zeroFillTimeseries, unchecked_return_type = "TimeseriesPoint[]")]
pub fn zero_fill_timeseries(
    #[wasm_bindgen(unchecked_param_type = "TimeseriesPoint[]")] points: JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ interval?: string; start: string; end: string }")]
    range: JsValue,
) -> Result<JsValue, JsValue> {
    let fill = || -> Result<Vec<Value>, ClientError> {
        let points = check(&Value::from_js(points), &TIMESERIES_POINTS)
            .map_err(|m| ClientError::invalid_argument(m.describe("points")))?;
        let points = points.items();
        let interval = read_string(&range, "interval")?.unwrap_or_default();
        let start = read_string(&range, "start")?
            .ok_or_else(|| ClientError::invalid_argument("range.start is required"))?;
        let end = read_string(&range, "end")?
            .ok_or_else(|| ClientError::invalid_argument("range.end is required"))?;
        zero_fill(&points, Interval::parse(&interval), &start, &end)
    };
    let filled = fill().map_err(|e| to_js_error(&e))?;
    Ok(Value::array(filled).into_js())
}

/// Classifies an audit `outcome` across vocabularies: `VALID`/`allowed`/`ALLOWED` → `"allowed"`,
/// `BLOCKED`/`blocked`/`RATE_LIMITED` → `"blocked"`, else `"unknown"`.
#[wasm_bindgen(js_name = auditOutcome, unchecked_return_type = "\"allowed\" | \"blocked\" | \"unknown\"")]
pub fn audit_outcome(outcome: &str) -> String {
    Outcome::of(outcome).as_str().to_owned()
}

/// Reads an optional provider function (`() => string | null | Promise<string | null>`).
fn read_provider(
    options: &JsValue,
    key: &str,
) -> Result<Option<crate::session::client::Provider>, ClientError> {
    let value = Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let function: js_sys::Function = value.dyn_into().map_err(|_| {
        ClientError::invalid_argument(["options.", key, " must be a function"].concat())
    })?;
    let key = key.to_owned();
    Ok(Some(Rc::new(move || {
        let returned = function.call0(&JsValue::UNDEFINED);
        let key = key.clone();
        async move {
            let value = match returned {
                Ok(value) => match value.dyn_into::<js_sys::Promise>() {
                    Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise)
                        .await
                        .map_err(|e| error_from_js(&e))?,
                    Err(value) => value,
                },
                Err(thrown) => return Err(error_from_js(&thrown)),
            };
            if value.is_undefined() || value.is_null() {
                return Ok(None);
            }
            value.as_string().map(Some).ok_or_else(|| {
                ClientError::invalid_argument(
                    ["options.", key.as_str(), " must return a string or null"].concat(),
                )
            })
        }
        .boxed_local()
    })))
}

fn read_string(options: &JsValue, key: &str) -> Result<Option<String>, ClientError> {
    let value = Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| {
        ClientError::invalid_argument(["options.", key, " must be a string"].concat())
    })
}

fn parse_client_options(options: &JsValue) -> Result<ClientConfig, ClientError> {
    let mut config = parse_location(options)?;
    if let Some(timeout) = read_number(options, "timeoutMs")? {
        config = config.with_timeout_ms(timeout)?;
    }
    if let Some(cap) = read_number(options, "maxBodyBytes")? {
        config = config.with_max_body_bytes(cap)?;
    }
    Ok(config)
}

/// An optional number option (`undefined`/`null`: not set).
fn read_number(options: &JsValue, key: &'static str) -> Result<Option<f64>, ClientError> {
    let value = Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_f64().map(Some).ok_or_else(|| {
        ClientError::invalid_argument(["options.", key, " must be a number"].concat())
    })
}

fn parse_location(options: &JsValue) -> Result<ClientConfig, ClientError> {
    if !options.is_object() {
        return Err(ClientError::invalid_argument(
            "new WachtClient(options) needs { publishableKey } or { frontendApiUrl, mode }",
        ));
    }
    let publishable_key = read_string(options, "publishableKey")?;
    let frontend_api_url = read_string(options, "frontendApiUrl")?;
    let mode = read_string(options, "mode")?;
    match (publishable_key, frontend_api_url) {
        (Some(key), None) => ClientConfig::from_publishable_key(&key, super::atob::decode),
        (None, Some(url)) => {
            let mode = mode.ok_or_else(|| {
                ClientError::invalid_argument(
                    "options.mode (\"staging\" or \"production\") is required with frontendApiUrl",
                )
            })?;
            ClientConfig::from_frontend_api_url(&url, Mode::parse(&mode)?)
        }
        (Some(_), Some(_)) => Err(ClientError::invalid_argument(
            "pass either publishableKey or frontendApiUrl, not both",
        )),
        (None, None) => Err(ClientError::invalid_argument(
            "options need publishableKey or frontendApiUrl",
        )),
    }
}

/// The hosted vanity page URL for an iframe: `{frontendApiUrl}/vanity/api-auth?ticket={ticket}`
/// with the ticket URI-encoded. Throws `invalid_argument` for a bad URL or an empty ticket.
#[wasm_bindgen(js_name = vanityUrl)]
pub fn vanity_url(frontend_api_url: &str, ticket: &str) -> Result<String, JsValue> {
    crate::session::vanity::vanity_url(frontend_api_url, ticket).map_err(|e| to_js_error(&e))
}
