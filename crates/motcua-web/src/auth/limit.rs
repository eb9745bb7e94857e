//! In-memory rate limits (sign-in failures per client address and per login, anonymous lookups
//! per address). Kept in this process only: several app nodes each count on their own, so the
//! effective limit is multiplied by the number of nodes, and a restart forgets the counts. That
//! is enough to make guessing slow; a shared limiter can replace this without touching callers.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most `max` events per key within `window` (a sliding window of timestamps).
pub struct Limiter {
    max: usize,
    window: Duration,
    hits: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Limiter {
    pub fn new(max: usize, window: Duration) -> Self {
        Limiter {
            max,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(seconds to wait)` when `key` already used up its events.
    pub fn check(&self, key: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut map = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        let Some(q) = map.get_mut(key) else {
            return Ok(());
        };
        while q
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            q.pop_front();
        }
        if q.len() >= self.max {
            let oldest = *q.front().expect("non-empty");
            let wait = self.window.saturating_sub(now.duration_since(oldest));
            return Err(wait.as_secs().max(1));
        }
        Ok(())
    }

    /// Counts one event for `key`.
    pub fn hit(&self, key: &str) {
        let now = Instant::now();
        let mut map = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > 100_000 {
            // Bound the memory an attacker with many addresses can make us hold.
            let window = self.window;
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < window));
        }
        let q = map.entry(key.to_string()).or_default();
        q.push_back(now);
        while q.len() > self.max {
            q.pop_front();
        }
    }

    /// Forgets `key` (a successful sign-in clears the login's failures).
    pub fn clear(&self, key: &str) {
        self.hits
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
    }
}

/// The limits of one app node.
pub struct Limits {
    /// Failed sign-ins per client address: 10 per 15 minutes.
    pub sign_in_ip: Limiter,
    /// Failed sign-ins per login: 10 per 15 minutes.
    pub sign_in_login: Limiter,
    /// Anonymous lookups that found nothing, per client address: 10 per 15 minutes.
    pub lookup_ip: Limiter,
    /// Sign-ups per client address: 20 per hour.
    pub signup_ip: Limiter,
}

impl Default for Limits {
    fn default() -> Self {
        let quarter = Duration::from_secs(15 * 60);
        Limits {
            sign_in_ip: Limiter::new(10, quarter),
            sign_in_login: Limiter::new(10, quarter),
            lookup_ip: Limiter::new(10, quarter),
            signup_ip: Limiter::new(20, Duration::from_secs(3600)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_key() {
        let l = Limiter::new(2, Duration::from_secs(60));
        l.hit("a");
        assert!(l.check("a").is_ok());
        l.hit("a");
        assert!(l.check("a").unwrap_err() >= 1);
        assert!(l.check("b").is_ok());
        l.clear("a");
        assert!(l.check("a").is_ok());
    }
}
