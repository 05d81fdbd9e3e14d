//! [`Transport`] over the global `fetch` (works in windows and workers).

use super::js_error::fetch_failure;
use crate::error::{ClientError, ErrorCode};
use crate::http::{Credentials, HttpRequest, HttpResponse, Transport};
use futures::future::{FutureExt, LocalBoxFuture};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestCredentials, RequestInit, Response};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(input: &Request) -> js_sys::Promise;
}

/// Sends requests with the browser's `fetch`.
pub struct FetchTransport;

impl Transport for FetchTransport {
    fn send(&self, request: HttpRequest) -> LocalBoxFuture<'static, Result<HttpResponse, ClientError>> {
        send(request).boxed_local()
    }
}

async fn send(request: HttpRequest) -> Result<HttpResponse, ClientError> {
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    if request.credentials == Credentials::Include {
        init.set_credentials(RequestCredentials::Include);
    }
    if let Some(body) = &request.form_body {
        // A CORS-safelisted content type: no preflight, as with the hooks' URLSearchParams bodies.
        let headers = Headers::new().map_err(|e| fetch_failure(&e))?;
        headers
            .set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
            .map_err(|e| fetch_failure(&e))?;
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(body));
    }
    let js_request = Request::new_with_str_and_init(&request.url, &init)
        .map_err(|e| ClientError::invalid_argument(format!("cannot build a request for {}: {}", request.url, super::js_error::describe_js_value(&e))))?;
    let response = JsFuture::from(global_fetch(&js_request)).await.map_err(|e| fetch_failure(&e))?;
    let response: Response = response
        .dyn_into()
        .map_err(|_| ClientError::new(ErrorCode::Network, "fetch resolved to something that is not a Response"))?;
    let dev_session = response.headers().get("x-development-session").ok().flatten();
    let body_promise = response.text().map_err(|e| fetch_failure(&e))?;
    let body = JsFuture::from(body_promise).await.map_err(|e| fetch_failure(&e))?;
    Ok(HttpResponse {
        status: response.status(),
        status_text: response.status_text(),
        body: body.as_string().unwrap_or_default(),
        dev_session,
    })
}
