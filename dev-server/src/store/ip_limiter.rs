//! Counters of Wacht's per-IP limiter on the frontend API (test support, off by default): at
//! most [`IP_LIMIT`] requests per client IP, path and clock minute. Only the current minute's
//! counters are kept, so the table stays small.

use std::collections::HashMap;

/// Requests allowed per client IP, path and clock minute.
pub const IP_LIMIT: u32 = 20;

/// The limiter's switch and counters.
#[derive(Debug, Default)]
pub struct IpLimiter {
    /// False (the default): every request passes and nothing is counted.
    pub enabled: bool,
    minute: i64,
    counts: HashMap<(String, String), u32>,
}

impl IpLimiter {
    /// Counts a request of `client_ip` to `path` at `now_ms`; false when it is over the limit.
    /// Always true while the limiter is off.
    pub fn admit(&mut self, client_ip: &str, path: &str, now_ms: i64) -> bool {
        if !self.enabled {
            return true;
        }
        let minute = now_ms.div_euclid(60_000);
        if minute != self.minute {
            self.minute = minute;
            self.counts.clear();
        }
        let count = self
            .counts
            .entry((client_ip.to_string(), path.to_string()))
            .or_insert(0);
        *count = count.saturating_add(1);
        *count <= IP_LIMIT
    }

    /// Turns the limiter on or off; either way the counts start again.
    pub fn set_enabled(&mut self, enabled: bool) {
        self.enabled = enabled;
        self.counts.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::{IpLimiter, IP_LIMIT};

    #[test]
    fn twenty_per_ip_path_and_minute() {
        let mut limiter = IpLimiter::default();
        assert!((0..100).all(|_| limiter.admit("1.1.1.1", "/a", 0)), "off");
        limiter.set_enabled(true);
        let t = 120_000;
        assert!((0..IP_LIMIT).all(|_| limiter.admit("1.1.1.1", "/a", t)));
        assert!(!limiter.admit("1.1.1.1", "/a", t + 59_999));
        assert!(limiter.admit("1.1.1.1", "/b", t), "another path");
        assert!(limiter.admit("2.2.2.2", "/a", t), "another IP");
        assert!(limiter.admit("1.1.1.1", "/a", t + 60_000), "next minute");
    }
}
