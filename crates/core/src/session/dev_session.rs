//! Staging browser-session persistence, with the same cookie and localStorage names the Wacht
//! hooks use, so this client and the hooks can share a page.
//!
//! The value is an opaque token the server hands out in `X-Development-Session`; it identifies the
//! *browser* session, never a ticket.

use crate::session::config::split_scheme;
use crate::text::decimal;

/// Access to the browser's cookie jar and localStorage. Implementations swallow storage errors
/// (private mode, disabled storage): persistence is best effort, as in the hooks.
pub trait BrowserStorage {
    /// The cookie `name`, decoded as `decodeURIComponent` does (`None` when absent, unreadable
    /// or unavailable).
    fn cookie(&self, name: &str) -> Option<String>;
    /// Sets the session cookie `name` (`encodeURIComponent`-encoded, `Path=/; SameSite=Lax`, as
    /// the hooks do, with `Secure` on https pages only).
    fn set_cookie(&self, name: &str, value: &str);
    /// `localStorage.getItem(key)`.
    fn get_item(&self, key: &str) -> Option<String>;
    /// `localStorage.setItem(key, value)`.
    fn set_item(&self, key: &str, value: &str);
    /// Milliseconds since the epoch (`Date.now()`).
    fn now_ms(&self) -> f64;
    /// Takes `__dev_session__` out of the page's address (if present), removing it from the
    /// address bar, as the hooks' deployment provider does.
    fn take_page_dev_session(&self) -> Option<String>;
}

/// The storage names for one frontend API, derived from its URL exactly as the hooks do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DevSessionKeys {
    /// Name of the cookie and localStorage entry holding the token.
    pub value: String,
    /// Name of the cookie and localStorage entry holding the last write time (ms, decimal).
    pub updated_at: String,
}

impl DevSessionKeys {
    /// Keys for a scope (the frontend API URL).
    pub fn for_scope(scope: &str) -> DevSessionKeys {
        let suffix = scope_suffix(scope);
        DevSessionKeys {
            value: ["__dev_session__", suffix.as_str()].concat(),
            updated_at: ["__dev_session_updated_at", suffix.as_str()].concat(),
        }
    }
}

/// `_host_port`-style suffix of a frontend API origin (as the client's configuration holds it):
/// its host (with port), lower-cased, every run of characters outside `[a-z0-9]` replaced by
/// `_`, trimmed of `_`, at most 64 chars, prefixed with `_`.
pub fn scope_suffix(origin: &str) -> String {
    let host = split_scheme(origin).map_or(origin, |(_, host)| host);
    let mut out = String::new();
    let mut in_run = false;
    for c in host.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
            in_run = false;
        } else if !in_run {
            out.push('_');
            in_run = true;
        }
    }
    let trimmed: String = out.trim_matches('_').chars().take(64).collect();
    if trimmed.is_empty() {
        String::new()
    } else {
        ["_", trimmed.as_str()].concat()
    }
}

/// Reads and writes the staging token for one frontend API.
pub struct DevSessionStore<S: ?Sized> {
    keys: DevSessionKeys,
    storage: std::rc::Rc<S>,
}

impl<S: BrowserStorage + ?Sized> DevSessionStore<S> {
    /// A store scoped to `scope` (the frontend API URL).
    pub fn new(scope: &str, storage: std::rc::Rc<S>) -> Self {
        DevSessionStore {
            keys: DevSessionKeys::for_scope(scope),
            storage,
        }
    }

    /// The stored token: the cookie wins and is copied into localStorage when storage is empty or
    /// older; without a cookie, localStorage.
    pub fn load(&self) -> Option<String> {
        let cookie_value = self
            .storage
            .cookie(&self.keys.value)
            .filter(|v| !v.is_empty());
        let stored_value = self
            .storage
            .get_item(&self.keys.value)
            .filter(|v| !v.is_empty());
        let Some(cookie_value) = cookie_value else {
            return stored_value;
        };
        let cookie_ts = self
            .storage
            .cookie(&self.keys.updated_at)
            .map(|v| parse_ts(&v))
            .unwrap_or(0.0);
        let stored_ts = self
            .storage
            .get_item(&self.keys.updated_at)
            .map(|v| parse_ts(&v))
            .unwrap_or(0.0);
        let copy = match &stored_value {
            None => true,
            Some(stored) => cookie_ts > stored_ts || (cookie_ts == 0.0 && *stored != cookie_value),
        };
        if copy {
            self.storage.set_item(&self.keys.value, &cookie_value);
            self.storage.set_item(
                &self.keys.updated_at,
                &format_ts(if cookie_ts > 0.0 {
                    cookie_ts
                } else {
                    self.storage.now_ms()
                }),
            );
        }
        Some(cookie_value)
    }

    /// Persists a token in both cookies and both localStorage entries. Empty values are ignored.
    pub fn persist(&self, value: &str) {
        if value.is_empty() {
            return;
        }
        let now = format_ts(self.storage.now_ms());
        self.storage.set_cookie(&self.keys.value, value);
        self.storage.set_cookie(&self.keys.updated_at, &now);
        self.storage.set_item(&self.keys.value, value);
        self.storage.set_item(&self.keys.updated_at, &now);
    }

    /// Adopts a `__dev_session__` handed to the page in its URL, else re-persists the stored one.
    /// Returns the token to use for the bootstrap request.
    pub fn bootstrap(&self) -> Option<String> {
        match self
            .storage
            .take_page_dev_session()
            .filter(|v| !v.is_empty())
        {
            Some(from_url) => {
                self.persist(&from_url);
                Some(from_url)
            }
            None => {
                let stored = self.load();
                if let Some(value) = &stored {
                    self.persist(value);
                }
                stored
            }
        }
    }
}

/// A stored `Date.now()` (whole milliseconds, a fraction ignored); anything else counts as 0
/// (unknown). Read digit by digit: no `str::parse` in the module.
fn parse_ts(text: &str) -> f64 {
    let whole = text
        .trim()
        .as_bytes()
        .split(|b| *b == b'.')
        .next()
        .unwrap_or_default();
    // At most 16 digits fit an f64 exactly.
    if whole.is_empty() || whole.len() > 16 {
        return 0.0;
    }
    whole
        .iter()
        .try_fold(0_u64, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0'))
        })
        .map_or(0.0, |ms| ms as f64)
}

fn format_ts(ms: f64) -> String {
    decimal(ms.max(0.0).floor() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::support::FakeStorage;
    use std::rc::Rc;

    #[test]
    fn suffixes_match_the_hooks() {
        assert_eq!(
            scope_suffix("https://abcd1234efgh5678.fapi.trywacht.xyz"),
            "_abcd1234efgh5678_fapi_trywacht_xyz"
        );
        assert_eq!(scope_suffix("http://localhost:8787"), "_localhost_8787");
        assert_eq!(scope_suffix("localhost:8787"), "_localhost_8787");
        assert_eq!(scope_suffix("https://Example.com"), "_example_com");
        assert_eq!(scope_suffix(""), "");
        assert_eq!(
            scope_suffix(&format!("https://{}.com", "a".repeat(80))).len(),
            65
        );
        let keys = DevSessionKeys::for_scope("http://localhost:8787");
        assert_eq!(keys.value, "__dev_session___localhost_8787");
        assert_eq!(keys.updated_at, "__dev_session_updated_at_localhost_8787");
    }

    #[test]
    fn stored_times_are_whole_milliseconds_or_unknown() {
        assert_eq!(parse_ts("1700000000123"), 1_700_000_000_123.0);
        assert_eq!(parse_ts(" 42.9 "), 42.0);
        assert_eq!(parse_ts("9999999999999999"), 9_999_999_999_999_999.0);
        for bad in ["", "12a", "-1", "+1", ".5", "12345678901234567"] {
            assert_eq!(parse_ts(bad), 0.0, "{bad:?}");
        }
    }

    #[test]
    fn persist_then_load_round_trips_through_cookie_and_storage() {
        let storage = Rc::new(FakeStorage::default());
        let store = DevSessionStore::new("http://localhost:8787", storage.clone());
        assert_eq!(store.load(), None);
        store.persist("tok.en/1");
        assert_eq!(store.load().as_deref(), Some("tok.en/1"));
        assert_eq!(
            storage
                .get_item("__dev_session___localhost_8787")
                .as_deref(),
            Some("tok.en/1")
        );
        assert_eq!(
            storage
                .get_item("__dev_session_updated_at_localhost_8787")
                .as_deref(),
            Some("1700000000123")
        );
        store.persist("");
        assert_eq!(store.load().as_deref(), Some("tok.en/1"));
    }

    #[test]
    fn a_newer_cookie_wins_and_is_copied_to_storage() {
        let storage = Rc::new(FakeStorage::default());
        storage.set_item("__dev_session___h", "old");
        storage.set_item("__dev_session_updated_at_h", "100");
        storage.set_cookie("__dev_session___h", "new");
        storage.set_cookie("__dev_session_updated_at_h", "200");
        let store = DevSessionStore::new("h", storage.clone());
        assert_eq!(store.load().as_deref(), Some("new"));
        assert_eq!(
            storage.get_item("__dev_session___h").as_deref(),
            Some("new")
        );
        // Storage alone is used when there is no cookie.
        let storage = Rc::new(FakeStorage::default());
        storage.set_item("__dev_session___h", "only-storage");
        assert_eq!(
            DevSessionStore::new("h", storage).load().as_deref(),
            Some("only-storage")
        );
    }

    #[test]
    fn bootstrap_prefers_the_page_url_value() {
        let storage = Rc::new(FakeStorage::default());
        let store = DevSessionStore::new("h", storage.clone());
        store.persist("stored");
        *storage.page_param.borrow_mut() = Some("from-url".into());
        assert_eq!(store.bootstrap().as_deref(), Some("from-url"));
        assert_eq!(store.load().as_deref(), Some("from-url"));
        assert_eq!(store.bootstrap().as_deref(), Some("from-url"));
    }
}
