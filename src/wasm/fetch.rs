//! [`Transport`] over the global `fetch` (works in windows and workers), with a timeout and
//! cancellation: dropping the request future (a superseded or unobserved query) aborts the
//! fetch through its `AbortController`.

use super::js_error::{describe_js_value, fetch_failure};
use crate::error::{ClientError, ErrorCode};
use crate::http::{Credentials, HttpRequest, HttpResponse, Transport};
use futures::future::{FutureExt, LocalBoxFuture};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestCredentials, RequestInit, Response};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(input: &Request) -> js_sys::Promise;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
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
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            set_timeout(&resolve, ms.min(i32::MAX as u32) as i32);
        });
        async move {
            let _ = JsFuture::from(promise).await;
        }
        .boxed_local()
    }

    fn spawn(&self, future: LocalBoxFuture<'static, ()>) {
        wasm_bindgen_futures::spawn_local(future);
    }
}

/// Owns the abort controller and the timeout of one request. Dropped before the response is
/// complete, it aborts the fetch; dropped in any case, it clears the timer.
struct AbortGuard {
    controller: AbortController,
    timer: Option<(JsValue, Closure<dyn FnMut()>)>,
    timed_out: Rc<Cell<bool>>,
    completed: bool,
}

impl AbortGuard {
    fn new(timeout_ms: Option<u32>) -> Result<AbortGuard, ClientError> {
        let controller = AbortController::new().map_err(|e| fetch_failure(&e))?;
        let timed_out = Rc::new(Cell::new(false));
        let timer = timeout_ms.map(|ms| {
            let (flag, abort_on) = (timed_out.clone(), controller.clone());
            let on_timeout = Closure::<dyn FnMut()>::new(move || {
                flag.set(true);
                abort_on.abort();
            });
            let id = set_timeout(
                on_timeout.as_ref().unchecked_ref(),
                ms.min(i32::MAX as u32) as i32,
            );
            (id, on_timeout)
        });
        Ok(AbortGuard {
            controller,
            timer,
            timed_out,
            completed: false,
        })
    }

    /// The error for a failed fetch or body read: `timeout` when our timer fired.
    fn failure(&self, thrown: &JsValue, timeout_ms: Option<u32>) -> ClientError {
        if self.timed_out.get() {
            ClientError::new(
                ErrorCode::Timeout,
                format!(
                    "request timed out after {} ms",
                    timeout_ms.unwrap_or_default()
                ),
            )
        } else {
            fetch_failure(thrown)
        }
    }
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        if let Some((id, _closure)) = self.timer.take() {
            clear_timeout(&id);
        }
        if !self.completed {
            self.controller.abort();
        }
    }
}

async fn send(request: HttpRequest) -> Result<HttpResponse, ClientError> {
    let mut guard = AbortGuard::new(request.timeout_ms)?;
    let init = RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_signal(Some(&guard.controller.signal()));
    if request.credentials == Credentials::Include {
        init.set_credentials(RequestCredentials::Include);
    }
    let headers = Headers::new().map_err(|e| fetch_failure(&e))?;
    if let Some(body) = &request.form_body {
        // A CORS-safelisted content type: no preflight, as with the hooks' URLSearchParams bodies.
        headers
            .set(
                "Content-Type",
                "application/x-www-form-urlencoded;charset=UTF-8",
            )
            .map_err(|e| fetch_failure(&e))?;
        init.set_body(&JsValue::from_str(body));
    }
    if let Some(token) = &request.bearer {
        headers
            .set("Authorization", &format!("Bearer {}", token.0))
            .map_err(|_| {
                ClientError::invalid_argument(
                    "getToken returned a token that is not a valid header value",
                )
            })?;
    }
    init.set_headers(&headers);
    let js_request = Request::new_with_str_and_init(&request.url, &init).map_err(|e| {
        ClientError::invalid_argument(format!(
            "cannot build a request for {}: {}",
            request.url,
            describe_js_value(&e)
        ))
    })?;
    let response = JsFuture::from(global_fetch(&js_request))
        .await
        .map_err(|e| guard.failure(&e, request.timeout_ms))?;
    let response: Response = response.dyn_into().map_err(|_| {
        ClientError::new(
            ErrorCode::Network,
            "fetch resolved to something that is not a Response",
        )
    })?;
    let dev_session = response
        .headers()
        .get("x-development-session")
        .ok()
        .flatten();
    let body_promise = response.text().map_err(|e| fetch_failure(&e))?;
    let body = JsFuture::from(body_promise)
        .await
        .map_err(|e| guard.failure(&e, request.timeout_ms))?;
    guard.completed = true;
    Ok(HttpResponse {
        status: response.status(),
        status_text: response.status_text(),
        body: body.as_string().unwrap_or_default(),
        dev_session,
    })
}
