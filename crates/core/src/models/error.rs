//! The core's error and words in their JS form: a [`ClientError`] as the faces build it for the
//! app (`{ name: "WachtError", code, status, message, serverCode }`), its [`ErrorCode`] and a
//! session's [`SessionStatus`] as their JS spellings, so snapshots deserialize whole.

use crate::error::{ClientError, ErrorCode};
use crate::session::state::SessionStatus;
use serde::de::{self, Deserializer};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ErrorCode, D::Error> {
        let text = String::deserialize(deserializer)?;
        ErrorCode::parse(&text).ok_or_else(|| {
            de::Error::invalid_value(de::Unexpected::Str(&text), &"a WachtError code")
        })
    }
}

/// Every status, for reading one back from its spelling.
const STATUSES: [SessionStatus; 6] = [
    SessionStatus::Idle,
    SessionStatus::Exchanging,
    SessionStatus::Loading,
    SessionStatus::Ready,
    SessionStatus::NoSession,
    SessionStatus::Error,
];

impl Serialize for SessionStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SessionStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SessionStatus, D::Error> {
        let text = String::deserialize(deserializer)?;
        STATUSES
            .into_iter()
            .find(|status| status.as_str() == text)
            .ok_or_else(|| {
                de::Error::invalid_value(de::Unexpected::Str(&text), &"a session status")
            })
    }
}

/// The fields of a `WachtError` (its `name` is not read).
#[derive(Deserialize)]
struct WachtError {
    code: ErrorCode,
    #[serde(default, deserialize_with = "status")]
    status: Option<u16>,
    message: String,
    #[serde(default, rename = "serverCode")]
    server_code: Option<String>,
}

/// An HTTP status: a count (any number form, as a JS number arrives) that fits in 16 bits.
fn status<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u16>, D::Error> {
    match super::de::opt_count(deserializer)? {
        None => Ok(None),
        Some(n) => u16::try_from(n)
            .map(Some)
            .map_err(|_| de::Error::invalid_value(de::Unexpected::Unsigned(n), &"an HTTP status")),
    }
}

impl Serialize for ClientError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields =
            3 + usize::from(self.status.is_some()) + usize::from(self.server_code.is_some());
        let mut error = serializer.serialize_struct("WachtError", fields)?;
        error.serialize_field("name", "WachtError")?;
        error.serialize_field("code", &self.code)?;
        if let Some(status) = self.status {
            error.serialize_field("status", &status)?;
        }
        error.serialize_field("message", &self.message)?;
        if let Some(server_code) = &self.server_code {
            error.serialize_field("serverCode", server_code)?;
        }
        error.end()
    }
}

impl<'de> Deserialize<'de> for ClientError {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ClientError, D::Error> {
        let error = WachtError::deserialize(deserializer)?;
        Ok(ClientError {
            code: error.code,
            status: error.status,
            message: error.message,
            server_code: error.server_code,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{HostJson, Json as _};

    /// Every code, with and without a status and a server code: serialized exactly as the faces
    /// build it for the app, and read back the same.
    #[test]
    fn errors_serialize_as_the_faces_build_them() {
        for code in ErrorCode::ALL {
            for (status, server_code) in [(None, None), (Some(401), Some("UNAUTHORIZED"))] {
                let mut error = ClientError::new(code, "it failed");
                error.status = status;
                error.server_code = server_code.map(String::from);
                let built = HostJson::error(&error).to_json();
                assert_eq!(serde_json::to_value(&error).ok(), Some(built.clone()));
                assert_eq!(
                    serde_json::from_value::<ClientError>(built).ok(),
                    Some(error)
                );
            }
        }
        let status = serde_json::json!({"code": "http", "status": 70000, "message": "m"});
        assert!(serde_json::from_value::<ClientError>(status).is_err());
        let words = serde_json::json!(["no_session", "ready"]);
        let read: (ErrorCode, SessionStatus) = serde_json::from_value(words).unwrap();
        assert_eq!(read, (ErrorCode::NoSession, SessionStatus::Ready));
    }
}
