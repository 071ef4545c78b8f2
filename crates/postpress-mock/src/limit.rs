//! A per-key token bucket: the mock's rate limit (`--rate-limit N`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// `rate` requests per second per API key, with a burst of one second's
/// worth: a key that sends at most `rate` requests per second is never
/// limited; beyond that, requests get 429 until tokens refill.
#[derive(Debug)]
pub(crate) struct RateLimit {
    per_second: u32,
    rate: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimit {
    pub(crate) fn new(per_second: u32) -> Self {
        Self {
            per_second: per_second.max(1),
            rate: f64::from(per_second.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// The limit, in requests per second.
    pub(crate) fn per_second(&self) -> u32 {
        self.per_second
    }

    /// Takes a token for `key`; when there is none, how long until there is.
    pub(crate) fn take(&self, key: &str) -> Result<(), Duration> {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let bucket = buckets.entry(key.to_string()).or_insert(Bucket {
            tokens: self.rate,
            at: now,
        });
        let refilled = now.saturating_duration_since(bucket.at).as_secs_f64() * self.rate;
        bucket.tokens = (bucket.tokens + refilled).min(self.rate);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / self.rate))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_one_second_then_429_with_the_wait() {
        let limit = RateLimit::new(10);
        for _ in 0..10 {
            assert!(limit.take("k").is_ok());
        }
        let wait = limit.take("k").expect_err("limited");
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_millis(100),
            "{wait:?}"
        );
        // Per key.
        assert!(limit.take("other").is_ok());
        std::thread::sleep(Duration::from_millis(120));
        assert!(limit.take("k").is_ok());
    }
}
