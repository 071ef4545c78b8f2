//! The retry policy: exponential backoff with full jitter, `Retry-After`,
//! a bound on the total time, and which failures may be tried again. The
//! loop that applies it is in `retry.rs`.

use std::time::Duration;

use crate::error::Error;

/// When and how often a failed call is tried again.
///
/// The default is [`RetryPolicy::none`]: every call is tried once.
/// [`RetryPolicy::exponential`] retries up to 3 times with full-jitter
/// backoff (250 ms base, 8 s cap), honours `Retry-After` up to 30 s (a
/// longer one ends the call with the error, whose `retry_after()` says how
/// long the server asked for), and gives up once the whole call would exceed
/// 30 s.
///
/// What is retried (the statuses come from the spec's error categories, the
/// idempotency from its `x-idempotent`):
/// * idempotent actions: answers whose category is retryable (429, 502,
///   503, 504), timeouts, and connection failures;
/// * actions that are not idempotent (`addParticipant`,
///   `removeParticipant`): only when the request provably was not processed
///   (the connection failed, or the answer was 429), so a participant is
///   never added twice by the client.
///
/// ```
/// use std::time::Duration;
/// use postpress::RetryPolicy;
/// let policy = RetryPolicy::exponential()
///     .max_retries(5)
///     .max_elapsed(Duration::from_secs(60));
/// assert_eq!(policy.max_retries_value(), 5);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_elapsed: Option<Duration>,
    max_retry_after: Duration,
    jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::none()
    }
}

impl RetryPolicy {
    /// No retries: each call is tried once.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            max_elapsed: None,
            max_retry_after: Duration::from_secs(30),
            jitter: true,
        }
    }

    /// 3 retries, 250 ms base delay doubling up to 8 s with full jitter,
    /// `Retry-After` honoured up to 30 s, 30 s in all.
    pub fn exponential() -> Self {
        Self {
            max_retries: 3,
            max_elapsed: Some(Duration::from_secs(30)),
            ..Self::none()
        }
    }

    /// How many times a call may be retried after its first attempt.
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// The delay before the first retry; it doubles with each retry.
    pub fn base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// The longest backoff delay.
    pub fn max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }

    /// The longest a whole call (all attempts and waits) may take; attempts
    /// are cut short to fit (an attempt may end up to 10 ms past the bound
    /// rather than carry a timer of its own a hair shorter than the
    /// client's timeout). Time a call spends queued behind the client's
    /// [rate limit](crate::ClientBuilder::rate_limit) or a bulk run's shared
    /// 429 pause does not count. `None` removes the bound.
    pub fn max_elapsed(mut self, d: impl Into<Option<Duration>>) -> Self {
        self.max_elapsed = d.into();
        self
    }

    /// The longest `Retry-After` the client waits; a longer one ends the call
    /// with the error instead of retrying before the time the server asked.
    pub fn max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    /// Turns full jitter off: backoff delays are exactly base × 2ⁿ.
    pub fn without_jitter(mut self) -> Self {
        self.jitter = false;
        self
    }

    /// The configured number of retries.
    pub fn max_retries_value(&self) -> u32 {
        self.max_retries
    }

    /// The configured total-time bound.
    pub fn max_elapsed_value(&self) -> Option<Duration> {
        self.max_elapsed
    }

    /// The configured `Retry-After` cap.
    pub fn max_retry_after_value(&self) -> Duration {
        self.max_retry_after
    }

    /// The backoff before retry number `retry` (1-based), before jitter.
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }

    /// Whether and how long to wait before trying again, after `retries`
    /// retries and `elapsed` time in all; `timeout` is the per-attempt
    /// timeout. `None` means give up.
    pub(crate) fn next_delay(
        &self,
        err: &Error,
        idempotent: bool,
        retries: u32,
        elapsed: Duration,
        timeout: Duration,
    ) -> Option<Duration> {
        if retries >= self.max_retries {
            return None;
        }
        // Idempotent actions retry whatever may succeed later; the others
        // only what provably never reached the API.
        let retry = if idempotent {
            err.is_retryable()
        } else {
            err.provably_not_processed()
        };
        if !retry {
            return None;
        }
        let delay = match err.retry_after() {
            // Honour the server or give up: never come back earlier than asked.
            Some(asked) if asked > self.max_retry_after => return None,
            Some(asked) => asked,
            None => {
                let cap = self.backoff(retries.saturating_add(1));
                if self.jitter {
                    let nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
                    Duration::from_nanos(fastrand::u64(0..=nanos))
                } else {
                    cap
                }
            }
        };
        self.fits(elapsed.saturating_add(delay), idempotent, timeout)
            .then_some(delay)
    }

    /// Whether an attempt starting at `at` (time since the call began) still
    /// fits the total-time bound with a useful timeout: at least
    /// min(timeout, 100 ms) for idempotent actions, and min(timeout, 10 s) for
    /// `addParticipant`/`removeParticipant`, so that a request known not to
    /// have been processed is not resent with a timeout too short to finish.
    pub(crate) fn fits(&self, at: Duration, idempotent: bool, timeout: Duration) -> bool {
        let Some(max) = self.max_elapsed else { return true };
        let least = timeout.min(if idempotent {
            Duration::from_millis(100)
        } else {
            Duration::from_secs(10)
        });
        at.saturating_add(least) <= max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let p = RetryPolicy::exponential().without_jitter();
        assert_eq!(p.backoff(1), Duration::from_millis(250));
        assert_eq!(p.backoff(2), Duration::from_millis(500));
        assert_eq!(p.backoff(6), Duration::from_secs(8));
        assert_eq!(p.backoff(u32::MAX), Duration::from_secs(8));
    }

    #[test]
    fn none_never_retries() {
        let e = Error::Timeout {
            after: Duration::from_secs(1),
        };
        let t = Duration::from_secs(30);
        assert_eq!(
            RetryPolicy::none().next_delay(&e, true, 0, Duration::ZERO, t),
            None
        );
        let p = RetryPolicy::exponential();
        assert!(p.next_delay(&e, true, 0, Duration::ZERO, t).is_some());
        assert_eq!(
            p.next_delay(&e, false, 0, Duration::ZERO, t),
            None,
            "timeouts are not provably unprocessed"
        );
        assert_eq!(
            p.next_delay(&e, true, 3, Duration::ZERO, t),
            None,
            "3 retries at most"
        );
        assert_eq!(
            p.next_delay(&e, true, 0, Duration::from_millis(29_950), t),
            None,
            "under 100 ms would be left"
        );
    }

    #[test]
    fn a_retry_after_beyond_the_cap_ends_the_call() {
        let err = Error::UnexpectedResponse {
            status: reqwest::StatusCode::TOO_MANY_REQUESTS,
            body: bytes::Bytes::new(),
            reason: String::new(),
            retry_after: Some(Duration::from_secs(120)),
        };
        let t = Duration::from_secs(30);
        let p = RetryPolicy::exponential().max_elapsed(None);
        assert_eq!(p.next_delay(&err, true, 0, Duration::ZERO, t), None);
        let p = p.max_retry_after(Duration::from_secs(120));
        assert_eq!(
            p.next_delay(&err, true, 0, Duration::ZERO, t),
            Some(Duration::from_secs(120))
        );
    }
}
