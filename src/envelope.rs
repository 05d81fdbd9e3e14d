//! Decoding the frontend API envelope `{status, message, data, session, errors}` into a payload
//! or a [`ClientError`] that keeps the server's own text.

use crate::error::{ClientError, ErrorCode};
use crate::http::HttpResponse;
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// How a family of endpoints maps a non-2xx status to an error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// `/session/ticket/exchange`: 400 and 401 mean the ticket was refused.
    TicketExchange,
    /// `/api-auth/*`: 401 and 403 mean there is no API-auth app session.
    ApiAuth,
    /// Everything else: a plain `http` error.
    Plain,
}

impl ErrorKind {
    fn code_for(self, status: u16) -> ErrorCode {
        match (self, status) {
            (ErrorKind::TicketExchange, 400 | 401) => ErrorCode::InvalidTicket,
            (ErrorKind::ApiAuth, 401 | 403) => ErrorCode::NoSession,
            _ => ErrorCode::Http,
        }
    }
}

/// A successful envelope: only `data` matters (the hooks use nothing else).
#[derive(Deserialize)]
struct DataEnvelope<T> {
    data: T,
}

/// The parts of an error envelope that carry the server's text.
#[derive(Deserialize)]
struct ErrorEnvelope {
    #[serde(default)]
    message: Option<serde_json::Value>,
    #[serde(default)]
    errors: Option<serde_json::Value>,
}

/// Returns `data` of a 2xx envelope decoded as `T`, or the error the response stands for.
/// The body is decoded in one pass straight into `T` (no intermediate JSON tree).
pub fn decode_data<T: DeserializeOwned>(
    response: &HttpResponse,
    kind: ErrorKind,
) -> Result<T, ClientError> {
    if !response.ok() {
        let envelope = serde_json::from_str::<ErrorEnvelope>(&response.body).ok();
        return Err(error_from_response(response, envelope.as_ref(), kind));
    }
    serde_json::from_str::<DataEnvelope<T>>(&response.body)
        .map(|envelope| envelope.data)
        .map_err(|e| {
            let is_object = response.body.trim_start().starts_with('{')
                && serde_json::from_str::<serde::de::IgnoredAny>(&response.body).is_ok();
            let message = if is_object {
                format!("unexpected response data: {e}")
            } else {
                format!(
                    "expected a JSON envelope, got {}",
                    describe_body(&response.body)
                )
            };
            ClientError::with_status(ErrorCode::Decode, response.status, message)
        })
}

/// Builds the error for a non-2xx response: `errors[0].message`, else `message`, else
/// `HTTP <status> <statusText>` (also for non-JSON bodies such as HTML error pages).
fn error_from_response(
    response: &HttpResponse,
    envelope: Option<&ErrorEnvelope>,
    kind: ErrorKind,
) -> ClientError {
    let first_error = envelope
        .and_then(|e| e.errors.as_ref())
        .and_then(|errors| errors.as_array())
        .and_then(|errors| errors.first());
    let text_of = |value: Option<&serde_json::Value>| {
        value
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let message = text_of(first_error.and_then(|e| e.get("message")))
        .or_else(|| text_of(envelope.and_then(|e| e.message.as_ref())))
        .unwrap_or_else(|| {
            let status_text = response.status_text.trim();
            if status_text.is_empty() {
                format!("HTTP {}", response.status)
            } else {
                format!("HTTP {} {}", response.status, status_text)
            }
        });
    let mut error =
        ClientError::with_status(kind.code_for(response.status), response.status, message);
    error.server_code = first_error
        .and_then(|e| e.get("code"))
        .and_then(|c| match c {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
    error
}

/// A short description of a body that was not the expected JSON, for error messages.
fn describe_body(body: &str) -> String {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return "an empty body".to_string();
    }
    let excerpt: String = trimmed.chars().take(60).collect();
    let more = if trimmed.chars().count() > 60 {
        "…"
    } else {
        ""
    };
    format!("{excerpt:?}{more}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            status_text: "Status Text".into(),
            body: body.into(),
            dev_session: None,
        }
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Payload {
        name: String,
    }

    #[test]
    fn ok_envelope_yields_data() {
        let body =
            json!({"status":200,"message":"","data":{"name":"x"},"session":null,"errors":null})
                .to_string();
        let payload: Payload = decode_data(&response(200, &body), ErrorKind::Plain).unwrap();
        assert_eq!(payload, Payload { name: "x".into() });
    }

    #[test]
    fn ok_but_malformed_bodies_are_decode_errors() {
        for body in [
            "",
            "not json",
            "<html><body>oops</body></html>",
            "[1,2]",
            "{\"data\":{\"name\":5}}",
            "{\"data\":null}",
        ] {
            let err = decode_data::<Payload>(&response(200, body), ErrorKind::Plain).unwrap_err();
            assert_eq!(err.code, ErrorCode::Decode, "{body}");
            assert_eq!(err.status, Some(200));
        }
        let err = decode_data::<Payload>(&response(200, ""), ErrorKind::Plain).unwrap_err();
        assert_eq!(err.message, "expected a JSON envelope, got an empty body");
    }

    #[test]
    fn server_message_is_kept_and_classified_per_endpoint() {
        let body =
            json!({"status":401,"message":"Invalid or expired ticket","data":null,"errors":null})
                .to_string();
        let err =
            decode_data::<Payload>(&response(401, &body), ErrorKind::TicketExchange).unwrap_err();
        assert_eq!(
            (err.code, err.status, err.message.as_str()),
            (
                ErrorCode::InvalidTicket,
                Some(401),
                "Invalid or expired ticket"
            )
        );

        let body = json!({"status":401,"message":"No active API auth app session","data":null})
            .to_string();
        let err = decode_data::<Payload>(&response(401, &body), ErrorKind::ApiAuth).unwrap_err();
        assert_eq!(err.code, ErrorCode::NoSession);
        assert_eq!(
            decode_data::<Payload>(&response(403, "{}"), ErrorKind::ApiAuth)
                .unwrap_err()
                .code,
            ErrorCode::NoSession
        );
        assert_eq!(
            decode_data::<Payload>(&response(500, &body), ErrorKind::ApiAuth)
                .unwrap_err()
                .code,
            ErrorCode::Http
        );
        assert_eq!(
            decode_data::<Payload>(&response(401, &body), ErrorKind::Plain)
                .unwrap_err()
                .code,
            ErrorCode::Http
        );
    }

    #[test]
    fn errors_array_wins_and_its_code_is_kept() {
        let body =
            json!({"message":"outer","errors":[{"code":"BAD_REQUEST_BODY","message":"inner"}]})
                .to_string();
        let err = decode_data::<Payload>(&response(400, &body), ErrorKind::Plain).unwrap_err();
        assert_eq!(err.message, "inner");
        assert_eq!(err.server_code.as_deref(), Some("BAD_REQUEST_BODY"));
        let body = json!({"errors":[{"message":"Permission denied","code":403}]}).to_string();
        let err = decode_data::<Payload>(&response(403, &body), ErrorKind::Plain).unwrap_err();
        assert_eq!(err.server_code.as_deref(), Some("403"));
    }

    #[test]
    fn html_or_empty_error_pages_fall_back_to_the_status_line() {
        let err = decode_data::<Payload>(
            &response(502, "<html>Bad gateway</html>"),
            ErrorKind::ApiAuth,
        )
        .unwrap_err();
        assert_eq!(
            (err.code, err.status, err.message.as_str()),
            (ErrorCode::Http, Some(502), "HTTP 502 Status Text")
        );
        let mut bare = response(404, "");
        bare.status_text.clear();
        assert_eq!(
            decode_data::<Payload>(&bare, ErrorKind::Plain)
                .unwrap_err()
                .message,
            "HTTP 404"
        );
        let err = decode_data::<Payload>(
            &response(500, "{\"message\":\"\",\"errors\":[]}"),
            ErrorKind::Plain,
        )
        .unwrap_err();
        assert_eq!(err.message, "HTTP 500 Status Text");
    }
}
