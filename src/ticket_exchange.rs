//! The result of `GET /session/ticket/exchange`, one variant per ticket type.

use crate::error::{ClientError, ErrorCode};
use crate::models::{opt_string_or_number, string_or_number, ApiAuthAppInfo};
use serde::{Deserialize, Serialize};

/// The webhook app a `webhook_app_access` ticket opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct WebhookAppInfo {
    /// The app's slug.
    pub app_slug: String,
    /// Display name.
    pub name: String,
    /// The app's signing secret, as the server returns it.
    #[serde(default)]
    pub signing_secret: Option<String>,
    /// Whether the app is active.
    #[serde(default)]
    pub is_active: bool,
}

/// The actor an `agent_access` session acts as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct AgentActor {
    /// Actor id.
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    /// Display name, if any.
    #[serde(default)]
    pub display_name: Option<String>,
    /// e.g. `user`.
    #[serde(default)]
    pub subject_type: Option<String>,
    /// The caller's own key for the actor.
    #[serde(default, deserialize_with = "opt_string_or_number")]
    pub external_key: Option<String>,
}

/// One agent an `agent_access` session may use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct AgentInfo {
    /// Agent id.
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    /// Agent name.
    pub name: String,
    /// Optional description.
    #[serde(default)]
    pub description: Option<String>,
}

/// What a ticket exchange created, tagged by `type` (the ticket type).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify), tsify(missing_as_null))]
pub enum TicketExchangeResult {
    /// An `api_auth_access` ticket: an API-auth app session now exists for this browser.
    ApiAuthAccess {
        /// Server message, e.g. "API auth app session created".
        message: String,
        /// The new API-auth app session id.
        session_id: String,
        /// The app (exchange responses omit `key_prefix` and usually `rate_limits`).
        api_auth_app: ApiAuthAppInfo,
    },
    /// A `webhook_app_access` ticket.
    WebhookAppAccess {
        /// Server message.
        message: String,
        /// The new webhook app session id.
        session_id: String,
        /// The webhook app.
        webhook_app: WebhookAppInfo,
    },
    /// An `agent_access` ticket.
    AgentAccess {
        /// Server message.
        message: String,
        /// The new agent session id.
        session_id: String,
        /// Who the session acts as.
        actor: AgentActor,
        /// Agents the session may use.
        agents: Vec<AgentInfo>,
    },
    /// An `impersonation` ticket: the browser session is now signed in as the user.
    Impersonation {
        /// Server message.
        message: String,
        /// The browser session as the server returned it.
        #[cfg_attr(target_arch = "wasm32", tsify(type = "Record<string, unknown>"))]
        session: serde_json::Value,
    },
}

/// The exchange response's `data`, before the ticket type is recognised.
#[derive(Deserialize)]
pub struct RawExchange {
    #[serde(default)]
    message: Option<String>,
    #[serde(default, deserialize_with = "opt_string_or_number")]
    session_id: Option<String>,
    #[serde(default)]
    api_auth_app: Option<ApiAuthAppInfo>,
    #[serde(default)]
    webhook_app: Option<WebhookAppInfo>,
    #[serde(default)]
    actor: Option<AgentActor>,
    #[serde(default)]
    agents: Option<Vec<AgentInfo>>,
    #[serde(default)]
    session: Option<serde_json::Value>,
}

impl TicketExchangeResult {
    /// Recognises the ticket type from the fields of the exchange response's `data`.
    pub fn from_raw(raw: RawExchange) -> Result<TicketExchangeResult, ClientError> {
        let decode_error = |why: String| ClientError::with_status(ErrorCode::Decode, 200, why);
        let message = raw.message.unwrap_or_default();
        let session_id = || {
            raw.session_id
                .clone()
                .ok_or_else(|| decode_error("ticket exchange data has no session_id".into()))
        };
        if let Some(api_auth_app) = raw.api_auth_app {
            return Ok(TicketExchangeResult::ApiAuthAccess {
                message,
                session_id: session_id()?,
                api_auth_app,
            });
        }
        if let Some(webhook_app) = raw.webhook_app {
            return Ok(TicketExchangeResult::WebhookAppAccess {
                message,
                session_id: session_id()?,
                webhook_app,
            });
        }
        if let Some(actor) = raw.actor {
            return Ok(TicketExchangeResult::AgentAccess {
                message,
                session_id: session_id()?,
                actor,
                agents: raw.agents.unwrap_or_default(),
            });
        }
        if let Some(session @ serde_json::Value::Object(_)) = raw.session {
            return Ok(TicketExchangeResult::Impersonation { message, session });
        }
        Err(decode_error(
            "ticket exchange data matches no known ticket type".into(),
        ))
    }

    /// The ticket type this result came from.
    pub fn ticket_type(&self) -> &'static str {
        match self {
            TicketExchangeResult::ApiAuthAccess { .. } => "api_auth_access",
            TicketExchangeResult::WebhookAppAccess { .. } => "webhook_app_access",
            TicketExchangeResult::AgentAccess { .. } => "agent_access",
            TicketExchangeResult::Impersonation { .. } => "impersonation",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    impl TicketExchangeResult {
        fn from_data(data: serde_json::Value) -> Result<TicketExchangeResult, ClientError> {
            let raw: RawExchange = serde_json::from_value(data).map_err(|e| {
                ClientError::with_status(
                    ErrorCode::Decode,
                    200,
                    format!("unexpected ticket exchange data: {e}"),
                )
            })?;
            TicketExchangeResult::from_raw(raw)
        }
    }

    #[test]
    fn recognises_all_four_ticket_types() {
        let api = TicketExchangeResult::from_data(json!({"success":true,"message":"API auth app session created","session_id":"9",
            "api_auth_app":{"id":"aa_42","app_slug":"aa_42","name":"Acme","is_active":true,"rate_limits":null}})).unwrap();
        assert_eq!(api.ticket_type(), "api_auth_access");
        let TicketExchangeResult::ApiAuthAccess {
            session_id,
            api_auth_app,
            ..
        } = &api
        else {
            panic!()
        };
        assert_eq!(
            (session_id.as_str(), api_auth_app.name.as_str()),
            ("9", "Acme")
        );

        let hook = TicketExchangeResult::from_data(json!({"success":true,"message":"Webhook app session created","session_id":"1",
            "webhook_app":{"app_slug":"payment-webhooks","name":"Payment Webhooks","signing_secret":"whsec_x","is_active":true}})).unwrap();
        assert_eq!(hook.ticket_type(), "webhook_app_access");

        let agent = TicketExchangeResult::from_data(json!({"success":true,"message":"Agent session created","session_id":"2",
            "actor":{"id":"777","display_name":"Debug Actor 777","subject_type":"debug","external_key":"777"},
            "agents":[{"id":"1","name":"Support Agent","description":"Handles support"}]})).unwrap();
        let TicketExchangeResult::AgentAccess { agents, actor, .. } = &agent else {
            panic!()
        };
        assert_eq!((agents.len(), actor.id.as_str()), (1, "777"));

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
        let json = serde_json::to_value(&result).unwrap();
        assert_eq!(json["type"], "api_auth_access");
        assert_eq!(json["api_auth_app"]["id"], "a");
    }

    #[test]
    fn unknown_or_incomplete_shapes_are_decode_errors() {
        for data in [
            json!({}),
            json!(null),
            json!({"success":true}),
            json!({"api_auth_app":{"app_slug":"a","name":"n"}}),
            json!({"session": "x"}),
        ] {
            let err = TicketExchangeResult::from_data(data.clone()).unwrap_err();
            assert_eq!(err.code, ErrorCode::Decode, "{data}");
        }
    }
}
