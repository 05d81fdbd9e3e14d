//! Requests and responses as plain data. The host sends them (browser `fetch` in the wasm
//! build, a fake in host tests) and parses the body (the browser's own `Response.json()`);
//! [`envelope`] turns it into data or an error.

pub mod encode;
pub mod envelope;
pub mod request;

use crate::error::ClientError;
use crate::json::Json;

/// HTTP methods the frontend API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
}

impl Method {
    /// The method name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// fetch's `credentials` option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credentials {
    /// Leave fetch's default (`same-origin`), as the hooks do in staging.
    Default,
    /// `credentials: "include"`: send the production session cookie cross-origin.
    Include,
}

/// A fully built request.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// Absolute URL including the query string.
    pub url: String,
    /// `application/x-www-form-urlencoded` body, if any.
    pub form_body: Option<String>,
    /// fetch credentials mode.
    pub credentials: Credentials,
    /// Abort with a `timeout` error after this many milliseconds.
    pub timeout_ms: Option<u32>,
    /// Do not read a body longer than this many bytes (a `decode` error instead).
    pub max_body_bytes: Option<u32>,
    /// Sent as `Authorization: Bearer <token>` (the `getToken` option).
    pub bearer: Option<BearerToken>,
}

/// A bearer token; `Debug` does not print it.
#[derive(Clone, PartialEq)]
pub struct BearerToken(pub String);

impl std::fmt::Debug for BearerToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BearerToken([redacted])")
    }
}

/// A response body as the transport parsed it.
#[derive(Debug, Clone)]
pub enum Body<J: Json> {
    /// The parsed JSON.
    Json(J),
    /// The body was not JSON; a short description for error messages.
    NotJson(String),
}

/// What came back: enough to decode the envelope and pick up a new staging session token.
#[derive(Debug, Clone)]
pub struct HttpResponse<J: Json> {
    /// HTTP status code.
    pub status: u16,
    /// HTTP status text (may be empty, e.g. over HTTP/2).
    pub status_text: String,
    /// The parsed body.
    pub body: Body<J>,
    /// The `X-Development-Session` response header, when present.
    pub dev_session: Option<String>,
}

impl<J: Json> HttpResponse<J> {
    /// True for 2xx statuses.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// How the browser session travels between the page and the frontend API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `pk_test_` deployments: the session token rides in `__dev_session__` and
    /// `X-Development-Session`, persisted in a cookie and localStorage.
    Staging,
    /// `pk_live_` deployments: an HttpOnly `__session` cookie, requests use `credentials: "include"`.
    Production,
}

impl Mode {
    /// Parses `"staging"` or `"production"`.
    pub fn parse(value: &str) -> Result<Mode, ClientError> {
        match value {
            "staging" => Ok(Mode::Staging),
            "production" => Ok(Mode::Production),
            other => Err(ClientError::invalid_argument(
                [
                    "mode must be \"staging\" or \"production\", got \"",
                    other,
                    "\"",
                ]
                .concat(),
            )),
        }
    }

    /// The mode a fetched deployment asks for: exactly `"staging"` means staging, anything else
    /// production (as the Wacht hooks decide it).
    pub fn from_deployment(mode: &str) -> Mode {
        if mode == "staging" {
            Mode::Staging
        } else {
            Mode::Production
        }
    }

    /// The spelling used on the wire and in JS.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Staging => "staging",
            Mode::Production => "production",
        }
    }
}
