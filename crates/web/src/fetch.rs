//! One request of the core, sent by the browser: built with gloo-net, aborted through a web-sys
//! `AbortController`, bounded by a timer that races both the fetch and the body read (an engine
//! may settle a fetch after its abort: WebKit does), the body read chunk by chunk up to the cap
//! and parsed by the browser (`Response.json()`), never as text by Rust.

use crate::json::WebJson;
use crate::timer::{race, sleep};
use gloo_net::http::{Method, RequestBuilder, Response};
use js_sys::{Array, Reflect, Uint8Array};
use wacht_api_auth_core::error::{ClientError, ErrorCode};
use wacht_api_auth_core::transport::{Body, Credentials, HttpRequest, HttpResponse};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, ReadableStreamDefaultReader};

/// What a request ended in.
pub type Outcome = Result<HttpResponse<WebJson>, ClientError>;

/// A thrown value's words: an `Error`'s message, a string, or what it is.
fn describe(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value
        .as_string()
        .unwrap_or_else(|| "a thrown value that is not an Error".to_owned())
}

fn is_abort(value: &JsValue) -> bool {
    Reflect::get(value, &"name".into())
        .ok()
        .and_then(|name| name.as_string())
        .as_deref()
        == Some("AbortError")
}

fn network(value: &JsValue) -> ClientError {
    if is_abort(value) {
        return ClientError::new(
            ErrorCode::Aborted,
            ["request aborted: ", &describe(value)].concat(),
        );
    }
    ClientError::new(
        ErrorCode::Network,
        [
            "network error (no answer, or one without CORS headers): ",
            &describe(value),
        ]
        .concat(),
    )
}

/// A header value the browser accepts (bytes up to U+00FF, no line breaks or NUL).
fn header_value_ok(value: &str) -> bool {
    value
        .chars()
        .all(|c| u32::from(c) <= 0xFF && !matches!(c, '\r' | '\n' | '\0'))
}

/// Sends `http`, aborting with `controller`; the outcome within `http.timeout_ms`.
pub async fn send(http: HttpRequest, controller: AbortController) -> Outcome {
    let timeout = http.timeout_ms.unwrap_or(0);
    let exchange = exchange(http, controller.clone());
    if timeout == 0 {
        return exchange.await;
    }
    let expired = async {
        sleep(timeout).await;
        controller.abort();
        Err(ClientError::new(
            ErrorCode::Timeout,
            ["request timed out after ", &timeout.to_string(), " ms"].concat(),
        ))
    };
    race(exchange, expired).await
}

/// `url` without its query, and the query's pairs as the browser's `URL` reads them; `None` when
/// the browser refuses the URL. gloo-net joins the pairs given to [`RequestBuilder::query`] to a
/// URL's own query with a `&`, also when it is given none (`?status=active&`), so the query goes
/// through `query`: the server gets the URL the core wrote, in URLSearchParams' encoding.
fn split_query(url: &str) -> Option<(String, Vec<(String, String)>)> {
    let parsed = web_sys::Url::new(url).ok()?;
    let mut pairs = Vec::new();
    for entry in parsed.search_params().entries() {
        let entry: Array = entry.ok()?.dyn_into().ok()?;
        pairs.push((entry.get(0).as_string()?, entry.get(1).as_string()?));
    }
    parsed.set_search("");
    Some((parsed.href(), pairs))
}

/// The fetch and the body read (no bound of its own: [`send`] races it with the timer).
async fn exchange(http: HttpRequest, controller: AbortController) -> Outcome {
    // The browser's message would quote the URL, which holds the ticket or the session token.
    let refused = || {
        ClientError::invalid_argument(
            "cannot build the request: the browser refused the frontend API URL",
        )
    };
    let (url, query) = split_query(&http.url).ok_or_else(refused)?;
    let mut builder = RequestBuilder::new(&url)
        .query(query.iter().map(|(name, value)| (name.as_str(), value)))
        .method(match http.method {
            wacht_api_auth_core::transport::Method::Get => Method::GET,
            wacht_api_auth_core::transport::Method::Post => Method::POST,
        })
        .abort_signal(Some(&controller.signal()));
    if http.credentials == Credentials::Include {
        builder = builder.credentials(web_sys::RequestCredentials::Include);
    }
    if let Some(token) = &http.bearer {
        if !header_value_ok(&token.0) {
            return Err(ClientError::invalid_argument(
                "getToken returned a token that is not a valid header value",
            ));
        }
        builder = builder.header("Authorization", &["Bearer ", &token.0].concat());
    }
    // A CORS-safelisted content type: no preflight.
    let request = match http.form_body {
        Some(body) => builder
            .header(
                "Content-Type",
                "application/x-www-form-urlencoded;charset=UTF-8",
            )
            .body(body),
        None => builder.build(),
    };
    let request: web_sys::Request = request.map_err(|_| refused())?.into();
    let window = web_sys::window()
        .ok_or_else(|| ClientError::new(ErrorCode::Network, "no window to fetch from"))?;
    // gloo-net's own `send` panics on a rejection that is no Error and on a value that is no
    // Response (a replaced fetch); both are errors here.
    let answer = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|e| network(&e))?;
    let raw: web_sys::Response = answer.dyn_into().map_err(|_| {
        ClientError::new(
            ErrorCode::Network,
            "fetch gave something that is not a Response",
        )
    })?;
    let response = Response::from(raw);
    let status = response.status();
    let headers = response.headers();
    let body = match read_capped(&response, http.max_body_bytes.unwrap_or(u32::MAX)).await {
        Ok(Some(bytes)) => parse(&bytes, &headers.get("content-type").unwrap_or_default()).await?,
        Ok(None) => Body::NotJson("an empty body".to_owned()),
        Err(Read::OverCap) => {
            return Err(ClientError::with_status(
                ErrorCode::Decode,
                status,
                "the response body is longer than maxBodyBytes",
            ))
        }
        Err(Read::Failed(e)) => return Err(network(&e)),
    };
    Ok(HttpResponse {
        status,
        status_text: response.status_text(),
        body,
        dev_session: headers.get("x-development-session"),
    })
}

enum Read {
    OverCap,
    Failed(JsValue),
}

/// The body's bytes, read no further than `cap`; `None` for a body of no bytes (or none).
async fn read_capped(response: &Response, cap: u32) -> Result<Option<Uint8Array>, Read> {
    let Some(stream) = response.body() else {
        return Ok(None);
    };
    let declared = response.headers().get("content-length");
    if declared
        .and_then(|n| n.trim().parse::<u64>().ok())
        .is_some_and(|n| n > u64::from(cap))
    {
        let _ = stream.cancel();
        return Err(Read::OverCap);
    }
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let chunks = Array::new();
    let mut size: u64 = 0;
    loop {
        let step = JsFuture::from(reader.read()).await.map_err(Read::Failed)?;
        if Reflect::get(&step, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            == Some(true)
        {
            break;
        }
        let chunk: Uint8Array = Reflect::get(&step, &"value".into())
            .map_err(Read::Failed)?
            .unchecked_into();
        size += u64::from(chunk.length());
        if size > u64::from(cap) {
            let _ = reader.cancel();
            return Err(Read::OverCap);
        }
        chunks.push(&chunk);
    }
    if size == 0 {
        return Ok(None);
    }
    let bytes = Uint8Array::new_with_length(size as u32);
    let mut at = 0;
    for chunk in chunks.iter() {
        let chunk: Uint8Array = chunk.unchecked_into();
        bytes.set(&chunk, at);
        at += chunk.length();
    }
    Ok(Some(bytes))
}

/// The browser's parse of `bytes` (`Response.json()`: UTF-8, BOM dropped).
async fn parse(bytes: &Uint8Array, content_type: &str) -> Result<Body<WebJson>, ClientError> {
    let failed = |e: JsValue| {
        let media = content_type.split(';').next().unwrap_or("").trim();
        let media = if media.is_empty() {
            String::new()
        } else {
            [media, " "].concat()
        };
        Body::NotJson(["a ", &media, "body that is not JSON (", &describe(&e), ")"].concat())
    };
    let response =
        web_sys::Response::new_with_opt_buffer_source(Some(bytes)).map_err(|e| network(&e))?;
    let promise = match response.json() {
        Ok(promise) => promise,
        Err(e) => return Ok(failed(e)),
    };
    Ok(match JsFuture::from(promise).await {
        Ok(value) => Body::Json(WebJson(value)),
        Err(e) => failed(e),
    })
}
