//! Clock, random values and identifiers.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use std::time::{SystemTime, UNIX_EPOCH};

/// Custom epoch of the snowflake-style ids (2024-01-01T00:00:00Z, in ms).
const SNOWFLAKE_EPOCH_MS: u64 = 1_704_067_200_000;

/// Smallest ticket id: keeps every ticket 18–19 decimal digits long like a snowflake.
const MIN_TICKET_ID: u64 = 100_000_000_000_000_000;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Fills `buf` from the operating system's random source.
pub fn random_bytes(buf: &mut [u8]) {
    // The OS random source does not fail on the platforms we run on; if it ever does, a
    // predictable value must not be handed out silently, so this aborts the request's task.
    if let Err(error) = getrandom::fill(buf) {
        panic!("operating system random source failed: {error}");
    }
}

/// A uniformly random u64.
fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    random_bytes(&mut bytes);
    u64::from_le_bytes(bytes)
}

/// An opaque browser-session token: 32 random bytes, URL-safe base64 without padding (43 chars).
pub fn session_token() -> String {
    let mut bytes = [0u8; 32];
    random_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A ticket id that is hard to guess: a random integer in [1e17, 2^63), i.e. ~62.6 random bits,
/// rendered as a decimal string (same look as a production snowflake ticket).
pub fn ticket_id() -> String {
    let span = (i64::MAX as u64) - MIN_TICKET_ID;
    (MIN_TICKET_ID + random_u64() % span).to_string()
}

/// Generator of snowflake-style decimal ids (ms since a custom epoch << 22, strictly increasing).
/// Used for rows (browser sessions, app sessions, sign-ins), which need not be secret.
#[derive(Debug, Default)]
pub struct SnowflakeIds {
    last: u64,
}

impl SnowflakeIds {
    /// The next id; never repeats and never decreases within one process.
    pub fn next_id(&mut self) -> String {
        let elapsed = u64::try_from(now_ms())
            .unwrap_or(0)
            .saturating_sub(SNOWFLAKE_EPOCH_MS);
        let candidate = elapsed << 22;
        self.last = candidate.max(self.last + 1);
        self.last.to_string()
    }

    /// Makes every later id larger than `id` (a decimal id loaded from the `--data` file).
    pub fn observe(&mut self, id: &str) {
        if let Ok(id) = id.parse::<u64>() {
            self.last = self.last.max(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_ids_are_long_and_distinct() {
        let a = ticket_id();
        let b = ticket_id();
        assert_ne!(a, b);
        assert!(a.len() >= 18 && a.len() <= 19, "{a}");
        assert!(a.parse::<i64>().is_ok());
    }

    #[test]
    fn snowflakes_increase() {
        let mut ids = SnowflakeIds::default();
        let a: u64 = ids.next_id().parse().unwrap_or(0);
        let b: u64 = ids.next_id().parse().unwrap_or(0);
        assert!(b > a && a > 0);
    }

    #[test]
    fn session_tokens_are_url_safe() {
        let token = session_token();
        assert_eq!(token.len(), 43);
        assert!(token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }
}
