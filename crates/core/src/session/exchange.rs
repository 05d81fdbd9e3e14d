//! The result of `GET /session/ticket/exchange`: the server's data, checked, with a `type` tag
//! naming the ticket type it came from.

use super::models::API_AUTH_APP_INFO;
use crate::error::{ClientError, ErrorCode};
use crate::json::schema::{check, Field, Missing, Model, Shape};
use crate::json::{Json, Kind};
use crate::model;

/// The webhook app a `webhook_app_access` ticket opened.
pub static WEBHOOK_APP_INFO: Model = model!(
    "WebhookAppInfo",
    "The webhook app a `webhook_app_access` ticket opened.",
    [
        Field::required("app_slug", Shape::Str, "The app's slug."),
        Field::required("name", Shape::Str, "Display name."),
        Field::nullable(
            "signing_secret",
            Shape::Str,
            "The app's signing secret, as the server returns it."
        ),
        Field::or(
            "is_active",
            Shape::Bool,
            Missing::False,
            "Whether the app is active."
        ),
    ]
);

/// The actor an `agent_access` session acts as.
pub static AGENT_ACTOR: Model = model!(
    "AgentActor",
    "The actor an `agent_access` session acts as.",
    [
        Field::required("id", Shape::Id, "Actor id."),
        Field::nullable("display_name", Shape::Str, "Display name, if any."),
        Field::nullable("subject_type", Shape::Str, "e.g. `user`."),
        Field::nullable(
            "external_key",
            Shape::Id,
            "The caller's own key for the actor."
        ),
    ]
);

/// One agent an `agent_access` session may use.
pub static AGENT_INFO: Model = model!(
    "AgentInfo",
    "One agent an `agent_access` session may use.",
    [
        Field::required("id", Shape::Id, "Agent id."),
        Field::required("name", Shape::Str, "Agent name."),
        Field::nullable("description", Shape::Str, "Optional description."),
    ]
);

static EXCHANGE_DATA: Model = model!(
    "RawExchange",
    "The exchange response's data, before the ticket type is recognised.",
    [
        Field::or(
            "message",
            Shape::Str,
            Missing::EmptyString,
            "Server message."
        ),
        Field::or(
            "session_id",
            Shape::Id,
            Missing::Keep,
            "The new session id."
        ),
        Field::or(
            "api_auth_app",
            Shape::Object(&API_AUTH_APP_INFO),
            Missing::Keep,
            "API-auth app."
        ),
        Field::or(
            "webhook_app",
            Shape::Object(&WEBHOOK_APP_INFO),
            Missing::Keep,
            "Webhook app."
        ),
        Field::or(
            "actor",
            Shape::Object(&AGENT_ACTOR),
            Missing::Keep,
            "Agent actor."
        ),
        Field::or(
            "agents",
            Shape::List(&Shape::Object(&AGENT_INFO)),
            Missing::Keep,
            "Agents."
        ),
        Field::or(
            "session",
            Shape::Any,
            Missing::Keep,
            "Impersonated browser session."
        ),
    ]
);

/// The models of this module, for the `.d.ts`.
#[cfg(test)]
pub static MODELS: &[&Model] = &[&WEBHOOK_APP_INFO, &AGENT_ACTOR, &AGENT_INFO];

/// The shape the exchange's `data` is checked against before [`recognise`].
pub static EXCHANGE: Shape = Shape::AnyObject;

/// Which kind of ticket was exchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketType {
    /// An `api_auth_access` ticket: an API-auth app session now exists for this browser.
    ApiAuthAccess,
    /// A `webhook_app_access` ticket.
    WebhookAppAccess,
    /// An `agent_access` ticket.
    AgentAccess,
    /// An `impersonation` ticket: the browser session is now signed in as the user.
    Impersonation,
}

impl TicketType {
    /// The wire name of the ticket type (the result's `type`).
    pub fn as_str(self) -> &'static str {
        match self {
            TicketType::ApiAuthAccess => "api_auth_access",
            TicketType::WebhookAppAccess => "webhook_app_access",
            TicketType::AgentAccess => "agent_access",
            TicketType::Impersonation => "impersonation",
        }
    }
}

/// A recognised exchange: its type, and the data with `type` set (a `TicketExchangeResult`).
#[derive(Debug, Clone)]
pub struct TicketExchangeResult<J: Json> {
    /// The ticket type.
    pub ticket_type: TicketType,
    /// The data as JS gets it.
    pub value: J,
}

/// Recognises the ticket type from the fields of the exchange response's `data`.
pub fn recognise<J: Json>(data: J) -> Result<TicketExchangeResult<J>, ClientError> {
    let decode_error = |why: String| ClientError::with_status(ErrorCode::Decode, 200, why);
    let data = check(&data, &Shape::Object(&EXCHANGE_DATA)).map_err(|m| {
        decode_error(
            [
                "unexpected ticket exchange data: ",
                m.describe("data").as_str(),
            ]
            .concat(),
        )
    })?;
    let present = |key: &'static str| !data.get(key).is_nullish();
    let ticket_type = if present("api_auth_app") {
        TicketType::ApiAuthAccess
    } else if present("webhook_app") {
        TicketType::WebhookAppAccess
    } else if present("actor") {
        if !present("agents") {
            data.set("agents", &J::array(Vec::new()));
        }
        TicketType::AgentAccess
    } else if data.kind_at("session") == Kind::Object {
        TicketType::Impersonation
    } else {
        return Err(decode_error(
            "ticket exchange data matches no known ticket type".into(),
        ));
    };
    if ticket_type != TicketType::Impersonation && !present("session_id") {
        return Err(decode_error(
            "ticket exchange data has no session_id".into(),
        ));
    }
    data.set("type", &J::string(ticket_type.as_str()));
    Ok(TicketExchangeResult {
        ticket_type,
        value: data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::HostJson;
    use serde_json::json;

    impl TicketExchangeResult<HostJson> {
        fn from_data(
            data: serde_json::Value,
        ) -> Result<TicketExchangeResult<HostJson>, ClientError> {
            recognise(HostJson::from(data))
        }

        fn ticket_type(&self) -> &'static str {
            self.ticket_type.as_str()
        }
    }

    #[test]
    fn recognises_all_four_ticket_types() {
        let api = TicketExchangeResult::from_data(json!({"success":true,"message":"API auth app session created","session_id":"9",
            "api_auth_app":{"id":"aa_42","app_slug":"aa_42","name":"Acme","is_active":true,"rate_limits":null}})).unwrap();
        assert_eq!(api.ticket_type(), "api_auth_access");
        let json = api.value.to_json();
        assert_eq!(
            (&json["session_id"], &json["api_auth_app"]["name"]),
            (&json!("9"), &json!("Acme"))
        );

        let hook = TicketExchangeResult::from_data(json!({"success":true,"message":"Webhook app session created","session_id":"1",
            "webhook_app":{"app_slug":"payment-webhooks","name":"Payment Webhooks","signing_secret":"whsec_x","is_active":true}})).unwrap();
        assert_eq!(hook.ticket_type(), "webhook_app_access");

        let agent = TicketExchangeResult::from_data(json!({"success":true,"message":"Agent session created","session_id":"2",
            "actor":{"id":"777","display_name":"Debug Actor 777","subject_type":"debug","external_key":"777"},
            "agents":[{"id":"1","name":"Support Agent","description":"Handles support"}]})).unwrap();
        let json = agent.value.to_json();
        assert_eq!(agent.ticket_type(), "agent_access");
        assert_eq!(
            (
                json["agents"].as_array().unwrap().len(),
                &json["actor"]["id"]
            ),
            (1, &json!("777"))
        );

        let imp = TicketExchangeResult::from_data(
            json!({"success":true,"message":"Impersonation successful","session":{"id":"3"}}),
        )
        .unwrap();
        assert_eq!(imp.ticket_type(), "impersonation");
    }

    #[test]
    fn serializes_with_a_type_tag() {
        let result = TicketExchangeResult::from_data(
            json!({"message":"m","session_id":"9","api_auth_app":{"app_slug":"a","name":"n"}}),
        )
        .unwrap();
        let json = result.value.to_json();
        assert_eq!(json["type"], "api_auth_access");
        assert_eq!(json["api_auth_app"]["id"], "a");
    }

    #[test]
    fn a_session_field_of_another_kind_does_not_get_in_the_way() {
        let api = TicketExchangeResult::from_data(
            json!({"session_id":"9","api_auth_app":{"app_slug":"a","name":"n"},"session":"x"}),
        )
        .unwrap();
        assert_eq!(api.ticket_type(), "api_auth_access");
    }

    #[test]
    fn unknown_or_incomplete_shapes_are_decode_errors() {
        for data in [
            json!({}),
            json!({"api_auth_app": 5, "session_id": "1"}),
            json!({"success":true}),
            json!({"api_auth_app":{"app_slug":"a","name":"n"}}),
            json!({"session": "x"}),
        ] {
            let err = TicketExchangeResult::from_data(data.clone()).unwrap_err();
            assert_eq!(err.code, ErrorCode::Decode, "{data}");
        }
    }
}
