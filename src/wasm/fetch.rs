//! [`Transport`] over the global `fetch` (works in windows, workers and Node), with a timeout, a
//! body cap and cancellation: dropping the request future (a superseded or unobserved query)
//! aborts the fetch through its `AbortController`.
//!
//! The request itself is a few lines of JS below: it builds the request, runs `fetch`, parses
//! the body with the browser's JSON and settles with a plain result object, never a rejection.
//! Through web-sys (and gloo-net before it) the same calls cost about 3 KB gzip of the module
//! (a typed import and its conversions per call); the module only maps the result.

use crate::error::{ClientError, ErrorCode};
use crate::json::{Kind, Value};
use crate::transport::{Body, Credentials, HttpRequest, HttpResponse, Method, Transport};
use futures::future::{FutureExt, LocalBoxFuture};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/wasm/browser.js")]
extern "C" {
    /// Starts one request (`timeout` 0: none). The promise always resolves, to
    /// `{ status, statusText, devSession?, json }`, `{ status, statusText, devSession?, notJson }`
    /// (a description of a body that is not JSON) or `{ error, message, status? }` (`error` an
    /// error code: `network`, `aborted`, `timeout`, `invalid_argument`, `decode`).
    #[allow(clippy::too_many_arguments)]
    fn start_request(
        url: &str,
        method: &str,
        body: Option<String>,
        include: bool,
        bearer: Option<String>,
        timeout: u32,
        cap: u32,
    ) -> js_sys::Promise;
    /// Aborts the request of a promise from `start_request`.
    fn abort_request(done: &js_sys::Promise);
    /// Resolves after `ms` milliseconds.
    fn sleep_ms(ms: u32) -> js_sys::Promise;
}

/// Sends requests with the browser's `fetch`.
pub struct FetchTransport;

impl Transport for FetchTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> LocalBoxFuture<'static, Result<HttpResponse, ClientError>> {
        send(request).boxed_local()
    }

    fn sleep(&self, ms: u32) -> LocalBoxFuture<'static, ()> {
        let slept = JsFuture::from(sleep_ms(ms));
        async move {
            let _ = slept.await;
        }
        .boxed_local()
    }

    fn spawn(&self, future: LocalBoxFuture<'static, ()>) {
        wasm_bindgen_futures::spawn_local(future);
    }
}

/// Aborts its request when dropped before the request settled.
struct AbortOnDrop {
    done: js_sys::Promise,
    settled: bool,
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if !self.settled {
            abort_request(&self.done);
        }
    }
}

async fn send(request: HttpRequest) -> Result<HttpResponse, ClientError> {
    let done = start_request(
        &request.url,
        match request.method {
            Method::Get => "GET",
            Method::Post => "POST",
        },
        request.form_body,
        request.credentials == Credentials::Include,
        request.bearer.map(|token| token.0),
        request.timeout_ms.unwrap_or(0),
        request.max_body_bytes.unwrap_or(u32::MAX),
    );
    let mut guard = AbortOnDrop {
        done: done.clone(),
        settled: false,
    };
    let result = JsFuture::from(done).await;
    guard.settled = true;
    let result = Value::from_js(result.unwrap_or(JsValue::UNDEFINED));
    if result.kind() != Kind::Object {
        return Err(ClientError::new(
            ErrorCode::Network,
            "network error: no answer",
        ));
    }
    let status = result
        .get("status")
        .as_f64()
        .filter(|s| (0.0..1000.0).contains(s))
        .map(|s| s as u16);
    if let Some(code) = result.string_at("error") {
        return Err(ClientError {
            code: ErrorCode::parse(&code).unwrap_or(ErrorCode::Network),
            status,
            message: result.string_at("message").unwrap_or_default(),
            server_code: None,
        });
    }
    let body = match result.kind_at("notJson") {
        Kind::String => Body::NotJson(result.string_at("notJson").unwrap_or_default()),
        _ => Body::Json(result.get("json")),
    };
    Ok(HttpResponse {
        status: status.unwrap_or(0),
        status_text: result.string_at("statusText").unwrap_or_default(),
        body,
        dev_session: result.string_at("devSession"),
    })
}
