//! Bounded state: [`Store::prune`], run by a task of [`crate::serve`] every
//! [`Prune::interval`] (60 s), drops:
//!
//! * expired tickets (exchange refuses them anyway; minting also drops them);
//! * expired API-auth, webhook and agent app sessions (no lookup returns them);
//! * idle browser sessions: one not presented for [`Prune::session_idle`] (6 h, the cookie's
//!   lifetime), or for [`Prune::empty_session_idle`] (10 min) when it holds nothing live (no
//!   unexpired sign-in, app or agent session) — what every request without a token creates
//!   (e.g. `GET /deployment` without `__dev_session__`). The app and agent sessions of a dropped
//!   browser session go with it. Its token then counts as unknown: the next request presenting
//!   it gets a new session, as after a restart;
//! * rate-limit counters whose window has ended.
//!
//! Only a served state is pruned (in-process `oneshot` tests see no task).

use super::Store;
use crate::config::Prune;
use std::collections::HashSet;
use std::time::Duration;

/// Milliseconds of `duration`, saturating.
fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

impl Store {
    /// Drops what is expired or idle at `now_ms` (see the module docs).
    pub fn prune(&mut self, now_ms: i64, settings: &Prune) {
        self.tickets
            .retain(|_, ticket| ticket.expires_at_ms > now_ms);
        self.api_auth_app_sessions
            .retain(|session| session.is_active_at(now_ms));
        self.webhook_app_sessions
            .retain(|session| session.is_active_at(now_ms));
        self.agent_sessions
            .retain(|session| session.expires_at_ms.is_none_or(|at| at > now_ms));

        let holding: HashSet<String> = self
            .api_auth_app_sessions
            .iter()
            .chain(&self.webhook_app_sessions)
            .map(|session| session.session_id.clone())
            .chain(self.agent_sessions.iter().map(|s| s.session_id.clone()))
            .collect();
        let (session_idle, empty_idle) = (
            millis(settings.session_idle),
            millis(settings.empty_session_idle),
        );
        self.browser_sessions.retain(|_, session| {
            let holds = holding.contains(&session.id)
                || session
                    .signins
                    .iter()
                    .any(|signin| signin.expires_at_ms > now_ms);
            let idle_limit = if holds { session_idle } else { empty_idle };
            now_ms.saturating_sub(session.last_seen_ms) < idle_limit
        });

        let live: HashSet<&str> = self
            .browser_sessions
            .values()
            .map(|session| session.id.as_str())
            .collect();
        self.api_auth_app_sessions
            .retain(|session| live.contains(session.session_id.as_str()));
        self.webhook_app_sessions
            .retain(|session| live.contains(session.session_id.as_str()));
        self.agent_sessions
            .retain(|session| live.contains(session.session_id.as_str()));

        self.rate_limit_counters.prune(now_ms);
    }
}
