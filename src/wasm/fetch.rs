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

#[wasm_bindgen(inline_js = "
const OVER_CAP = Symbol('over the cap');
const describe = (e) => e instanceof Error ? e.message
  : typeof e === 'string' ? e : `a thrown ${typeof e} that is not an Error`;

async function jsonWithin(response, cap) {
  const body = response.body;
  if (Number(response.headers.get('content-length')) > cap) {
    body?.cancel().catch(() => {});
    throw OVER_CAP;
  }
  const reader = body?.getReader(), parts = [];
  for (let size = 0; reader;) {
    const { done, value } = await reader.read();
    if (done) break;
    if ((size += value.byteLength) > cap) {
      reader.cancel().catch(() => {});
      throw OVER_CAP;
    }
    parts.push(value);
  }
  return JSON.parse(await new Blob(parts).text());
}

function notJson(contentType, why) {
  if (/end of JSON input|end of data/.test(why)) return 'an empty body';
  const media = contentType.split(';')[0].trim();
  return media ? `a ${media} body that is not JSON (${why})` : `a body that is not JSON (${why})`;
}

async function run(url, method, body, include, bearer, timeout, cap, controller) {
  let timedOut = false, timer;
  const failure = (e) => timedOut
    ? { error: 'timeout', message: `request timed out after ${timeout} ms` }
    : e?.name === 'AbortError'
      ? { error: 'aborted', message: `request aborted: ${describe(e)}` }
      : { error: 'network', message: `network error: ${describe(e)}` };
  const headers = new Headers();
  if (bearer !== undefined) {
    try {
      headers.set('Authorization', `Bearer ${bearer}`);
    } catch {
      return { error: 'invalid_argument', message: 'getToken returned a token that is not a valid header value' };
    }
  }
  // A CORS-safelisted content type: no preflight, as with the hooks' URLSearchParams.
  if (body !== undefined) headers.set('Content-Type', 'application/x-www-form-urlencoded;charset=UTF-8');
  let request;
  try {
    request = new Request(url, {
      method, headers, body, signal: controller.signal, credentials: include ? 'include' : undefined,
    });
  } catch {
    // The browser's message quotes the URL, which holds the ticket or the dev-session token.
    return { error: 'invalid_argument', message: 'cannot build the request: the browser refused the frontend API URL' };
  }
  if (timeout) timer = setTimeout(() => { timedOut = true; controller.abort(); }, timeout);
  try {
    let response;
    try {
      const pending = fetch(request);
      if (!(pending instanceof Promise)) {
        return { error: 'network', message: 'fetch returned something that is not a promise' };
      }
      response = await pending;
    } catch (e) {
      return failure(e);
    }
    if (!(response instanceof Response)) {
      return { error: 'network', message: 'fetch resolved to something that is not a Response' };
    }
    const answer = {
      status: response.status,
      statusText: response.statusText,
      devSession: response.headers.get('x-development-session') ?? undefined,
    };
    try {
      answer.json = await jsonWithin(response, cap);
    } catch (e) {
      if (e === OVER_CAP) {
        return { error: 'decode', status: response.status, message: 'the response body is longer than maxBodyBytes' };
      }
      if (timedOut || e?.name === 'AbortError') return failure(e);
      answer.notJson = notJson(response.headers.get('content-type') ?? '', describe(e));
    }
    return answer;
  } finally {
    clearTimeout(timer);
  }
}

export function start_request(url, method, body, include, bearer, timeout, cap) {
  const controller = new AbortController();
  const done = run(url, method, body, include, bearer, timeout, cap, controller)
    .catch((e) => ({ error: 'network', message: `network error: ${describe(e)}` }));
  done.abort = () => controller.abort();
  return done;
}

export function abort_request(done) {
  done.abort();
}

export function sleep_ms(ms) {
  return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 2147483647)));
}
")]
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
    let result = match result {
        Ok(result) if Value::from_js(result.clone()).kind() == Kind::Object => {
            Value::from_js(result)
        }
        _ => {
            return Err(ClientError::new(
                ErrorCode::Network,
                "network error: no answer",
            ))
        }
    };
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
