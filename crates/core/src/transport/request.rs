//! The frontend API requests the client sends, built exactly as the Wacht hooks build them.

use super::encode;
use super::Mode;
use crate::transport::envelope::ErrorKind;
use crate::transport::{Credentials, HttpRequest, Method};

/// A request to the frontend API before the deployment's mode and the session token are applied.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiRequest {
    /// The method.
    pub method: Method,
    /// Path below the frontend API origin, already encoded, starting with `/`.
    pub path: String,
    /// Query parameters in the order they are sent.
    pub query: Vec<(&'static str, String)>,
    /// Form fields for a urlencoded body (POST only).
    pub form: Option<Vec<(&'static str, String)>>,
    /// How non-2xx answers are classified.
    pub error_kind: ErrorKind,
}

impl ApiRequest {
    /// A GET of `path`.
    pub fn get(path: impl Into<String>, error_kind: ErrorKind) -> Self {
        ApiRequest {
            method: Method::Get,
            path: path.into(),
            query: Vec::new(),
            form: None,
            error_kind,
        }
    }

    /// `GET /deployment`.
    pub fn deployment() -> Self {
        Self::get("/deployment", ErrorKind::Plain)
    }

    /// `GET /session/ticket/exchange?ticket=<ticket>`.
    pub fn exchange_ticket(ticket: &str) -> Self {
        let mut request = Self::get("/session/ticket/exchange", ErrorKind::TicketExchange);
        request.query.push(("ticket", ticket.to_owned()));
        request
    }

    /// `GET /api-auth/session`.
    pub fn api_auth_session() -> Self {
        Self::get("/api-auth/session", ErrorKind::ApiAuth)
    }

    /// The concrete request for a deployment in `mode`: staging always appends
    /// `__dev_session__=<token or empty>` and leaves fetch's default credentials; production
    /// sends cookies with `credentials: "include"`.
    pub fn to_http(&self, origin: &str, mode: Mode, dev_session: Option<&str>) -> HttpRequest {
        let mut pairs: Vec<(&str, &str)> = self
            .query
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        if mode == Mode::Staging {
            pairs.push(("__dev_session__", dev_session.unwrap_or("")));
        }
        let query = encode::form(&pairs);
        let url = if query.is_empty() {
            [origin, self.path.as_str()].concat()
        } else {
            [origin, self.path.as_str(), "?", query.as_str()].concat()
        };
        let form_body = self.form.as_ref().map(|fields| {
            let pairs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(name, value)| (*name, value.as_str()))
                .collect();
            encode::form(&pairs)
        });
        let credentials = match mode {
            Mode::Staging => Credentials::Default,
            Mode::Production => Credentials::Include,
        };
        HttpRequest {
            method: self.method,
            url,
            form_body,
            credentials,
            timeout_ms: None,
            max_body_bytes: None,
            bearer: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_always_appends_the_dev_session() {
        let http = ApiRequest::api_auth_session().to_http("http://h:1", Mode::Staging, None);
        assert_eq!(http.url, "http://h:1/api-auth/session?__dev_session__=");
        assert_eq!(http.credentials, Credentials::Default);
        let http = ApiRequest::exchange_ticket("12 34&x=y").to_http(
            "http://h:1",
            Mode::Staging,
            Some("a+b/c"),
        );
        assert_eq!(
            http.url,
            "http://h:1/session/ticket/exchange?ticket=12+34%26x%3Dy&__dev_session__=a%2Bb%2Fc"
        );
    }

    #[test]
    fn production_sends_cookies_and_no_dev_session() {
        let http = ApiRequest::exchange_ticket("42").to_http(
            "https://f.example",
            Mode::Production,
            Some("ignored"),
        );
        assert_eq!(
            http.url,
            "https://f.example/session/ticket/exchange?ticket=42"
        );
        assert_eq!(http.credentials, Credentials::Include);
        assert_eq!(http.method, Method::Get);
        assert_eq!(http.form_body, None);
        let http = ApiRequest::deployment().to_http("https://f.example", Mode::Production, None);
        assert_eq!(http.url, "https://f.example/deployment");
    }

    #[test]
    fn form_bodies_are_urlencoded() {
        let mut request = ApiRequest::get("/x", ErrorKind::Plain);
        request.method = Method::Post;
        request.form = Some(vec![
            ("name", "CI key & co".into()),
            ("expires_at", "2026-07-01T12:00:00.000Z".into()),
        ]);
        let http = request.to_http("http://h", Mode::Production, None);
        assert_eq!(
            http.form_body.as_deref(),
            Some("name=CI+key+%26+co&expires_at=2026-07-01T12%3A00%3A00.000Z")
        );
    }

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(encode::path_segment("123"), "123");
        assert_eq!(encode::path_segment("../1?x=#"), "..%2F1%3Fx%3D%23");
        assert_eq!(encode::path_segment("a b"), "a%20b");
    }
}
