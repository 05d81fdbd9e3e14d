//! Decoding the frontend API envelope `{status, message, data, session, errors}` into checked
//! data or a [`ClientError`] that keeps the server's own text.

use super::{Body, HttpResponse};
use crate::error::{ClientError, ErrorCode};
use crate::json::schema::{check, Shape};
use crate::json::{Json, Kind};

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

/// Returns `data` of a 2xx envelope, checked against `shape` (and completed in place), or the
/// error the response stands for.
pub fn decode_data<J: Json>(
    response: &HttpResponse<J>,
    kind: ErrorKind,
    shape: &Shape,
) -> Result<J, ClientError> {
    if !response.ok() {
        return Err(error_from_response(response, kind));
    }
    let decode_error =
        |message: String| ClientError::with_status(ErrorCode::Decode, response.status, message);
    let envelope = match &response.body {
        Body::Json(value) if value.kind() == Kind::Object => value,
        Body::Json(value) => {
            return Err(decode_error(
                ["expected a JSON envelope, got ", value.kind().name()].concat(),
            ))
        }
        Body::NotJson(description) => {
            return Err(decode_error(
                ["expected a JSON envelope, got ", description.as_str()].concat(),
            ))
        }
    };
    check(&envelope.get("data"), shape).map_err(|mismatch| {
        decode_error(
            [
                "unexpected response data: ",
                mismatch.describe("data").as_str(),
            ]
            .concat(),
        )
    })
}

/// A non-empty string, if the value is one.
fn text<J: Json>(value: &J) -> Option<String> {
    value.as_string().filter(|s| !s.is_empty())
}

/// Builds the error for a non-2xx response: `errors[0].message`, else `message`, else
/// `HTTP <status> <statusText>` (also for non-JSON bodies such as HTML error pages).
fn error_from_response<J: Json>(response: &HttpResponse<J>, kind: ErrorKind) -> ClientError {
    let envelope = match &response.body {
        Body::Json(value) if value.kind() == Kind::Object => Some(value),
        _ => None,
    };
    let first_error = envelope
        .map(|e| e.get("errors"))
        .filter(|errors| errors.kind() == Kind::Array)
        .and_then(|errors| errors.items().into_iter().next());
    let message = first_error
        .as_ref()
        .and_then(|e| text(&e.get("message")))
        .or_else(|| envelope.and_then(|e| text(&e.get("message"))))
        .unwrap_or_else(|| {
            let status_text = response.status_text.trim();
            let mut line = String::from("HTTP ");
            line.push_str(&crate::text::decimal(u64::from(response.status)));
            if !status_text.is_empty() {
                line.push(' ');
                line.push_str(status_text);
            }
            line
        });
    let mut error =
        ClientError::with_status(kind.code_for(response.status), response.status, message);
    error.server_code = first_error.and_then(|e| {
        let code = e.get("code");
        code.as_string().or_else(|| code.number_text())
    });
    error
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::schema::{Field, Model};
    use crate::json::HostJson;
    use crate::testing::support::parse_body;
    use serde_json::json;

    fn response(status: u16, body: &str) -> HttpResponse<HostJson> {
        HttpResponse {
            status,
            status_text: "Status Text".into(),
            body: parse_body(body),
            dev_session: None,
        }
    }

    static PAYLOAD_MODEL: Model =
        crate::model!("Payload", "p", [Field::required("name", Shape::Str, "n")]);
    static PAYLOAD: Shape = Shape::Object(&PAYLOAD_MODEL);

    fn decode(
        response: &HttpResponse<HostJson>,
        kind: ErrorKind,
    ) -> Result<serde_json::Value, ClientError> {
        decode_data(response, kind, &PAYLOAD).map(|v| v.to_json())
    }

    #[test]
    fn ok_envelope_yields_data() {
        let body =
            json!({"status":200,"message":"","data":{"name":"x"},"session":null,"errors":null})
                .to_string();
        let payload = decode(&response(200, &body), ErrorKind::Plain).unwrap();
        assert_eq!(payload, json!({"name": "x"}));
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
            let err = decode(&response(200, body), ErrorKind::Plain).unwrap_err();
            assert_eq!(err.code, ErrorCode::Decode, "{body}");
            assert_eq!(err.status, Some(200));
        }
        let err = decode(&response(200, ""), ErrorKind::Plain).unwrap_err();
        assert_eq!(err.message, "expected a JSON envelope, got an empty body");
        let err = decode(&response(200, "{\"data\":{\"name\":5}}"), ErrorKind::Plain).unwrap_err();
        assert_eq!(
            err.message,
            "unexpected response data: data.name: expected a string, got a number"
        );
    }

    #[test]
    fn server_message_is_kept_and_classified_per_endpoint() {
        let body =
            json!({"status":401,"message":"Invalid or expired ticket","data":null,"errors":null})
                .to_string();
        let err = decode(&response(401, &body), ErrorKind::TicketExchange).unwrap_err();
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
        let err = decode(&response(401, &body), ErrorKind::ApiAuth).unwrap_err();
        assert_eq!(err.code, ErrorCode::NoSession);
        assert_eq!(
            decode(&response(403, "{}"), ErrorKind::ApiAuth)
                .unwrap_err()
                .code,
            ErrorCode::NoSession
        );
        assert_eq!(
            decode(&response(500, &body), ErrorKind::ApiAuth)
                .unwrap_err()
                .code,
            ErrorCode::Http
        );
        assert_eq!(
            decode(&response(401, &body), ErrorKind::Plain)
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
        let err = decode(&response(400, &body), ErrorKind::Plain).unwrap_err();
        assert_eq!(err.message, "inner");
        assert_eq!(err.server_code.as_deref(), Some("BAD_REQUEST_BODY"));
        let body = json!({"errors":[{"message":"Permission denied","code":403}]}).to_string();
        let err = decode(&response(403, &body), ErrorKind::Plain).unwrap_err();
        assert_eq!(err.server_code.as_deref(), Some("403"));
    }

    #[test]
    fn html_or_empty_error_pages_fall_back_to_the_status_line() {
        let err = decode(
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
            decode(&bare, ErrorKind::Plain).unwrap_err().message,
            "HTTP 404"
        );
        let err = decode(
            &response(500, "{\"message\":\"\",\"errors\":[]}"),
            ErrorKind::Plain,
        )
        .unwrap_err();
        assert_eq!(err.message, "HTTP 500 Status Text");
    }
}
