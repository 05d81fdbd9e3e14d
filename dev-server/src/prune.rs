//! Bounded state: a task started by [`crate::serve`] drops, every [`Prune::interval`] (60 s):
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

use crate::ids::now_ms;
use crate::state::{AppState, Store};
use std::collections::HashSet;
use std::time::Duration;

/// How often and how eagerly state is dropped (fixed in code; tests shorten it through
/// [`crate::config::Config::prune`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prune {
    /// Time between two prunes.
    pub interval: Duration,
    /// A browser session not presented for this long is dropped.
    pub session_idle: Duration,
    /// A browser session holding nothing live and not presented for this long is dropped.
    pub empty_session_idle: Duration,
}

impl Default for Prune {
    fn default() -> Self {
        Prune {
            interval: Duration::from_secs(60),
            session_idle: crate::browser_session::SESSION_LIFETIME,
            empty_session_idle: Duration::from_secs(10 * 60),
        }
    }
}

/// Milliseconds of `duration`, saturating.
fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// Drops what is expired or idle at `now_ms` (see the module docs).
pub fn prune(store: &mut Store, now_ms: i64, settings: &Prune) {
    store
        .tickets
        .retain(|_, ticket| ticket.expires_at_ms > now_ms);
    store
        .api_auth_app_sessions
        .retain(|session| session.is_active_at(now_ms));
    store
        .webhook_app_sessions
        .retain(|session| session.is_active_at(now_ms));
    store
        .agent_sessions
        .retain(|session| session.expires_at_ms.is_none_or(|at| at > now_ms));

    let holding: HashSet<String> = store
        .api_auth_app_sessions
        .iter()
        .chain(&store.webhook_app_sessions)
        .map(|session| session.session_id.clone())
        .chain(store.agent_sessions.iter().map(|s| s.session_id.clone()))
        .collect();
    let (session_idle, empty_idle) = (
        millis(settings.session_idle),
        millis(settings.empty_session_idle),
    );
    store.browser_sessions.retain(|_, session| {
        let holds = holding.contains(&session.id)
            || session
                .signins
                .iter()
                .any(|signin| signin.expires_at_ms > now_ms);
        let idle_limit = if holds { session_idle } else { empty_idle };
        now_ms.saturating_sub(session.last_seen_ms) < idle_limit
    });

    let live: HashSet<&str> = store
        .browser_sessions
        .values()
        .map(|session| session.id.as_str())
        .collect();
    store
        .api_auth_app_sessions
        .retain(|session| live.contains(session.session_id.as_str()));
    store
        .webhook_app_sessions
        .retain(|session| live.contains(session.session_id.as_str()));
    store
        .agent_sessions
        .retain(|session| live.contains(session.session_id.as_str()));

    store.rate_limit_counters.prune(now_ms);
}

/// Prunes `state` every `interval` (the first time one interval after the start); never ends.
pub async fn run(state: AppState) {
    let settings = state.settings().prune;
    // `interval` panics on a zero period.
    let period = settings.interval.max(Duration::from_millis(1));
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        prune(&mut state.lock(), now_ms(), &settings);
    }
}
