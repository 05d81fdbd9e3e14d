//! [`Transport`] over the global `fetch` (works in windows and workers), with a timeout and
//! cancellation: dropping the request future (a superseded or unobserved query) aborts the
//! fetch through its `AbortController`. Requests are built with web-sys's `Request` and
//! `RequestInit` (gloo-net's builder formatted the URL with `core::fmt`); the body is parsed by
//! the browser (`Response.json()`), never by Rust.

use super::js_error::{describe_js_value, fetch_failure};
use crate::error::{ClientError, ErrorCode};
use crate::json::Value;
use crate::transport::{Body, Credentials, HttpRequest, HttpResponse, Method, Transport};
use futures::future::{FutureExt, LocalBoxFuture};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Request, RequestCredentials, RequestInit, Response};

#[wasm_bindgen(inline_js = "
export async function json_within(response, cap) {
  const body = response.body;
  if (Number(response.headers.get('content-length')) > cap) {
    body?.cancel().catch(() => {});
    throw new RangeError('over the cap');
  }
  const reader = body?.getReader(), parts = [];
  for (let size = 0; reader;) {
    const { done, value } = await reader.read();
    if (done) break;
    if ((size += value.byteLength) > cap) {
      reader.cancel().catch(() => {});
      throw new RangeError('over the cap');
    }
    parts.push(value);
  }
  return JSON.parse(await new Blob(parts).text());
}
")]
extern "C" {
    /// The body of `response` parsed by the browser's JSON, reading at most `cap` bytes: a
    /// longer body (by its `Content-Length`, or as it streams in) is cancelled and rejects with
    /// a `RangeError`.
    fn json_within(response: &Response, cap: u32) -> js_sys::Promise;
}

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, caught: a patched `fetch` that throws is a `network` error, not an
    /// exception through the module.
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(input: &Request) -> Result<JsValue, JsValue>;
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
                [
                    "request timed out after ",
                    itoa::Buffer::new().format(u64::from(timeout_ms.unwrap_or_default())),
                    " ms",
                ]
                .concat(),
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

fn build_request(request: &HttpRequest, guard: &AbortGuard) -> Result<Request, ClientError> {
    // The headers are set here, with errors caught: a header value the browser refuses (a
    // `getToken` token with a newline) is an `invalid_argument`, never an exception.
    let headers = web_sys::Headers::new().map_err(|e| fetch_failure(&e))?;
    if let Some(token) = &request.bearer {
        headers
            .set("Authorization", &["Bearer ", token.0.as_str()].concat())
            .map_err(|_| {
                ClientError::invalid_argument(
                    "getToken returned a token that is not a valid header value",
                )
            })?;
    }
    let init = RequestInit::new();
    init.set_method(match request.method {
        Method::Get => "GET",
        Method::Post => "POST",
    });
    init.set_signal(Some(&guard.controller.signal()));
    if request.credentials == Credentials::Include {
        init.set_credentials(RequestCredentials::Include);
    }
    if let Some(body) = &request.form_body {
        // A CORS-safelisted content type: no preflight, as with the hooks' URLSearchParams.
        let _ = headers.set(
            "Content-Type",
            "application/x-www-form-urlencoded;charset=UTF-8",
        );
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    Request::new_with_str_and_init(&request.url, &init).map_err(|_| {
        // The browser's message quotes the URL, which holds the ticket or the dev-session
        // token: it stays out.
        ClientError::invalid_argument(
            "cannot build the request: the browser refused the frontend API URL",
        )
    })
}

async fn send(request: HttpRequest) -> Result<HttpResponse, ClientError> {
    let mut guard = AbortGuard::new(request.timeout_ms)?;
    let js_request = build_request(&request, &guard)?;
    let returned = global_fetch(&js_request).map_err(|e| fetch_failure(&e))?;
    let promise = returned.dyn_into::<js_sys::Promise>().map_err(|_| {
        ClientError::new(
            ErrorCode::Network,
            "fetch returned something that is not a promise",
        )
    })?;
    let response = JsFuture::from(promise)
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
    let content_type = response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .unwrap_or_default();
    let cap = request.max_body_bytes.unwrap_or(u32::MAX);
    let body = match JsFuture::from(json_within(&response, cap)).await {
        Ok(json) => Body::Json(Value::from_js(json)),
        Err(e) if guard.timed_out.get() || is_abort(&e) => {
            return Err(guard.failure(&e, request.timeout_ms))
        }
        Err(e) if e.is_instance_of::<js_sys::RangeError>() => {
            return Err(ClientError::with_status(
                ErrorCode::Decode,
                response.status(),
                "the response body is longer than maxBodyBytes",
            ))
        }
        Err(e) => Body::NotJson(not_json(&content_type, &e)),
    };
    guard.completed = true;
    Ok(HttpResponse {
        status: response.status(),
        status_text: response.status_text(),
        body,
        dev_session,
    })
}

fn is_abort(error: &JsValue) -> bool {
    js_sys::Reflect::get(error, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .is_some_and(|n| n == "AbortError")
}

/// How an error message describes a body `Response.json()` could not parse.
fn not_json(content_type: &str, error: &JsValue) -> String {
    let why = describe_js_value(error);
    // V8 and SpiderMonkey say "end of JSON input" / "end of data" for an empty body.
    if why.contains("end of JSON input") || why.contains("end of data") {
        return "an empty body".to_owned();
    }
    match content_type.split(';').next().map(str::trim) {
        Some(media) if !media.is_empty() => {
            ["a ", media, " body that is not JSON (", why.as_str(), ")"].concat()
        }
        _ => ["a body that is not JSON (", why.as_str(), ")"].concat(),
    }
}
