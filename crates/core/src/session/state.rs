//! The API-auth app session state machine, mirroring `useApiAuthAppSession`
//! (wire contract §3.1–3.2) plus an explicit `status`.

use super::models::SessionData;
use crate::error::{ClientError, ErrorCode};
use crate::json::Json;

/// One word for where the session stands, so callers need not combine booleans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStatus {
    /// Nothing has been asked yet.
    Idle,
    /// The ticket is being exchanged.
    Exchanging,
    /// The session is being read for the first time.
    Loading,
    /// A session is active; `apiAuthApp` and `sessionId` are set.
    Ready,
    /// The server says this browser has no active API-auth app session.
    NoSession,
    /// The exchange or the session read failed; see `sessionError`.
    Error,
}

impl SessionStatus {
    /// The JS spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Idle => "idle",
            SessionStatus::Exchanging => "exchanging",
            SessionStatus::Loading => "loading",
            SessionStatus::Ready => "ready",
            SessionStatus::NoSession => "no_session",
            SessionStatus::Error => "error",
        }
    }
}

/// What `getSnapshot()` returns: the hook's fields with the hook's meanings, plus `status`.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSnapshot<J: Json> {
    /// `false` only once the server answered "no session" (true before the first read, as in
    /// the hooks; check `status` for the whole picture).
    pub has_session: bool,
    /// True while the ticket is exchanged or the session is read for the first time.
    pub session_loading: bool,
    /// The exchange error, else a session read error other than "no session", else null.
    pub session_error: Option<ClientError>,
    /// The API-auth app session id.
    pub session_id: Option<String>,
    /// The app the session manages (an `ApiAuthAppInfo`).
    pub api_auth_app: Option<J>,
    /// True once the ticket was exchanged (or when there was no ticket to exchange).
    pub ticket_exchanged: bool,
    /// True while the ticket is being exchanged.
    pub ticket_loading: bool,
    /// Summary of the above.
    pub status: SessionStatus,
}

impl<J: Json> SessionSnapshot<J> {
    /// The snapshot as JS sees it (camelCase fields, `sessionError` a `WachtError`).
    pub fn to_value(&self) -> J {
        let text = |text: &Option<String>| J::or_null(text.as_deref().map(J::string));
        J::object_of(&[
            ("hasSession", J::from_bool(self.has_session)),
            ("sessionLoading", J::from_bool(self.session_loading)),
            (
                "sessionError",
                J::or_null(self.session_error.as_ref().map(J::error)),
            ),
            ("sessionId", text(&self.session_id)),
            ("apiAuthApp", J::or_null(self.api_auth_app.clone())),
            ("ticketExchanged", J::from_bool(self.ticket_exchanged)),
            ("ticketLoading", J::from_bool(self.ticket_loading)),
            ("status", J::string(self.status.as_str())),
        ])
    }
}

/// The state behind a session store. Each transition reports whether the snapshot changed, and
/// `version` moves only then, so a cached snapshot object can be reused until it does.
#[derive(Debug, Clone)]
pub struct SessionState<J: Json> {
    ticket_loading: bool,
    ticket_exchanged: bool,
    ticket_error: Option<ClientError>,
    /// Counts exchanges started, so the answer of an older one never overrides a newer one.
    exchange_generation: u64,
    fetch_loading: bool,
    fetch_generation: u64,
    data: Option<SessionData<J>>,
    fetch_error: Option<ClientError>,
    version: u64,
}

impl<J: Json> SessionState<J> {
    /// Initial state: as the hook, `ticketExchanged = !ticket`, `ticketLoading = !!ticket`,
    /// and without a ticket the session read as loading (what it does first).
    pub fn new(has_ticket: bool) -> SessionState<J> {
        SessionState {
            ticket_loading: has_ticket,
            ticket_exchanged: !has_ticket,
            ticket_error: None,
            exchange_generation: 0,
            fetch_loading: !has_ticket,
            fetch_generation: 0,
            data: None,
            fetch_error: None,
            version: 0,
        }
    }

    /// Increases whenever the snapshot changes.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Applies `change` and bumps the version if the snapshot differs afterwards.
    fn transition(&mut self, change: impl FnOnce(&mut SessionState<J>)) -> bool {
        let before = self.snapshot();
        change(self);
        let changed = self.snapshot() != before;
        if changed {
            self.version += 1;
        }
        changed
    }

    /// A ticket exchange starts; returns its generation, to be passed to
    /// [`Self::exchange_finished`].
    pub fn exchange_started(&mut self) -> (u64, bool) {
        self.exchange_generation += 1;
        let changed = self.transition(|s| {
            s.ticket_loading = true;
            s.ticket_exchanged = false;
            s.ticket_error = None;
        });
        (self.exchange_generation, changed)
    }

    /// The exchange ended. On success the session read is enabled (the caller starts it). The
    /// answer of an exchange older than the newest one is dropped: a slow exchange that fails
    /// after a newer one succeeded never turns a live session into an error.
    pub fn exchange_finished(&mut self, generation: u64, result: Result<(), ClientError>) -> bool {
        if generation != self.exchange_generation {
            return false;
        }
        self.transition(|s| {
            s.ticket_loading = false;
            match result {
                Ok(()) => {
                    s.ticket_exchanged = true;
                    s.ticket_error = None;
                }
                Err(error) => s.ticket_error = Some(error),
            }
        })
    }

    /// A session read starts; returns its generation, to be passed to [`Self::fetch_finished`].
    pub fn fetch_started(&mut self) -> (u64, bool) {
        let mut generation = 0;
        let changed = self.transition(|s| {
            s.fetch_generation += 1;
            generation = s.fetch_generation;
            s.fetch_loading = true;
        });
        (generation, changed)
    }

    /// A session read ended. Answers of reads older than the newest one are dropped. A "no
    /// session" answer clears the data (the session is gone); other errors keep the last good
    /// data next to the error, as SWR does.
    pub fn fetch_finished(
        &mut self,
        generation: u64,
        result: Result<SessionData<J>, ClientError>,
    ) -> bool {
        if generation != self.fetch_generation {
            return false;
        }
        self.transition(|s| {
            s.fetch_loading = false;
            match result {
                Ok(data) => {
                    // The same session again keeps the snapshot (and its objects) as it was.
                    if s.data.as_ref() != Some(&data) {
                        data.api_auth_app.freeze_deep();
                        s.data = Some(data);
                    }
                    s.fetch_error = None;
                }
                Err(error) => {
                    if error.code == ErrorCode::NoSession {
                        s.data = None;
                    }
                    s.fetch_error = Some(error);
                }
            }
        })
    }

    /// The JS-facing view.
    pub fn snapshot(&self) -> SessionSnapshot<J> {
        let no_session = self
            .fetch_error
            .as_ref()
            .is_some_and(|e| e.code == ErrorCode::NoSession);
        let other_fetch_error = self
            .fetch_error
            .as_ref()
            .filter(|e| e.code != ErrorCode::NoSession);
        let session_error = self
            .ticket_error
            .clone()
            .or_else(|| other_fetch_error.cloned());
        let first_load = self.fetch_loading && self.data.is_none();
        let status = if self.ticket_loading {
            SessionStatus::Exchanging
        } else if self.ticket_error.is_some() {
            SessionStatus::Error
        } else if first_load {
            SessionStatus::Loading
        } else if no_session {
            SessionStatus::NoSession
        } else if other_fetch_error.is_some() {
            SessionStatus::Error
        } else if self.data.is_some() {
            SessionStatus::Ready
        } else {
            SessionStatus::Idle
        };
        SessionSnapshot {
            has_session: !no_session,
            session_loading: self.ticket_loading || (self.ticket_exchanged && first_load),
            session_error,
            session_id: self.data.as_ref().map(|d| d.session_id.clone()),
            api_auth_app: self.data.as_ref().map(|d| d.api_auth_app.clone()),
            ticket_exchanged: self.ticket_exchanged,
            ticket_loading: self.ticket_loading,
            status,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::HostJson;

    fn data(id: &str) -> SessionData<HostJson> {
        let value = HostJson::from(
            serde_json::json!({"session_id": id, "api_auth_app": {"app_slug":"aa_42","name":"Acme"}}),
        );
        SessionData::from_checked(value)
    }

    fn no_session() -> ClientError {
        ClientError::with_status(ErrorCode::NoSession, 401, "No active API auth app session")
    }

    #[test]
    fn with_a_ticket_it_exchanges_then_loads_then_is_ready() {
        let mut state = SessionState::<HostJson>::new(true);
        let s = state.snapshot();
        assert_eq!(
            (
                s.status,
                s.ticket_loading,
                s.ticket_exchanged,
                s.session_loading,
                s.has_session
            ),
            (SessionStatus::Exchanging, true, false, true, true)
        );
        assert!(state.exchange_finished(0, Ok(())));
        let (generation, _) = state.fetch_started();
        let s = state.snapshot();
        assert_eq!(
            (s.status, s.session_loading, s.ticket_exchanged),
            (SessionStatus::Loading, true, true)
        );
        assert!(state.fetch_finished(generation, Ok(data("9"))));
        let s = state.snapshot();
        assert_eq!(
            (
                s.status,
                s.session_loading,
                s.session_id.as_deref(),
                s.has_session
            ),
            (SessionStatus::Ready, false, Some("9"), true)
        );
        assert_eq!(
            s.api_auth_app.unwrap().string_at("name").as_deref(),
            Some("Acme")
        );
    }

    #[test]
    fn a_slow_exchange_that_fails_after_a_newer_one_succeeded_changes_nothing() {
        let mut state = SessionState::<HostJson>::new(true);
        let (older, _) = state.exchange_started();
        let (newer, _) = state.exchange_started();
        assert!(state.exchange_finished(newer, Ok(())));
        let (generation, _) = state.fetch_started();
        assert!(state.fetch_finished(generation, Ok(data("9"))));
        let version = state.version();
        let refused = ClientError::with_status(ErrorCode::InvalidTicket, 401, "Invalid ticket");
        assert!(!state.exchange_finished(older, Err(refused)));
        assert_eq!(state.version(), version, "no change, no notification");
        let s = state.snapshot();
        assert_eq!(
            (s.status, s.session_error, s.session_id.as_deref()),
            (SessionStatus::Ready, None, Some("9"))
        );
    }

    #[test]
    fn a_failed_exchange_is_an_error_but_keeps_has_session_true_like_the_hook() {
        let mut state = SessionState::<HostJson>::new(true);
        state.exchange_finished(
            0,
            Err(ClientError::with_status(
                ErrorCode::InvalidTicket,
                401,
                "Invalid or expired ticket",
            )),
        );
        let s = state.snapshot();
        assert_eq!(
            (
                s.status,
                s.has_session,
                s.session_loading,
                s.ticket_exchanged
            ),
            (SessionStatus::Error, true, false, false)
        );
        assert_eq!(s.session_error.unwrap().code, ErrorCode::InvalidTicket);
    }

    #[test]
    fn no_session_sets_has_session_false_without_an_error() {
        let mut state = SessionState::<HostJson>::new(false);
        assert_eq!(state.snapshot().status, SessionStatus::Loading);
        assert!(state.snapshot().ticket_exchanged);
        let (generation, _) = state.fetch_started();
        state.fetch_finished(generation, Err(no_session()));
        let s = state.snapshot();
        assert_eq!(
            (s.status, s.has_session, s.session_error),
            (SessionStatus::NoSession, false, None)
        );
    }

    #[test]
    fn other_read_errors_keep_the_last_data() {
        let mut state = SessionState::<HostJson>::new(false);
        let (g1, _) = state.fetch_started();
        state.fetch_finished(g1, Ok(data("1")));
        let (g2, _) = state.fetch_started();
        assert_eq!(
            state.snapshot().status,
            SessionStatus::Ready,
            "a refetch with data is not a first load"
        );
        state.fetch_finished(
            g2,
            Err(ClientError::with_status(ErrorCode::Http, 500, "boom")),
        );
        let s = state.snapshot();
        assert_eq!(
            (s.status, s.session_id.as_deref()),
            (SessionStatus::Error, Some("1"))
        );
        let (g3, _) = state.fetch_started();
        state.fetch_finished(g3, Err(no_session()));
        assert_eq!(state.snapshot().session_id, None);
    }

    #[test]
    fn stale_answers_are_dropped() {
        let mut state = SessionState::<HostJson>::new(false);
        let (old, _) = state.fetch_started();
        let (new, _) = state.fetch_started();
        assert!(state.fetch_finished(new, Ok(data("new"))));
        assert!(!state.fetch_finished(old, Ok(data("old"))));
        assert_eq!(state.snapshot().session_id.as_deref(), Some("new"));
    }

    #[test]
    fn version_moves_only_when_the_snapshot_changes() {
        let mut state = SessionState::<HostJson>::new(false);
        let (g, changed) = state.fetch_started();
        assert!(
            !changed,
            "without a ticket the first read shows as loading from the start"
        );
        state.fetch_finished(g, Ok(data("1")));
        let v = state.version();
        let (g, changed) = state.fetch_started();
        assert!(
            !changed,
            "a background refetch does not change what JS sees"
        );
        assert!(!state.fetch_finished(g, Ok(data("1"))));
        assert_eq!(state.version(), v);
        let (g, _) = state.fetch_started();
        assert!(state.fetch_finished(g, Ok(data("2"))));
        assert_eq!(state.version(), v + 1);
    }

    #[test]
    fn snapshot_serializes_with_the_hook_field_names() {
        let mut state = SessionState::<HostJson>::new(false);
        let (g, _) = state.fetch_started();
        state.fetch_finished(g, Ok(data("1")));
        let json = state.snapshot().to_value().to_json();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        for key in [
            "hasSession",
            "sessionLoading",
            "sessionError",
            "sessionId",
            "apiAuthApp",
            "ticketExchanged",
            "ticketLoading",
            "status",
        ] {
            assert!(keys.contains(&key), "{key} missing from {keys:?}");
        }
        assert_eq!(json["status"], "ready");
        assert_eq!(json["sessionError"], serde_json::Value::Null);
    }
}
