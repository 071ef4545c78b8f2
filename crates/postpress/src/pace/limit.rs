//! The client-side rate limit (`ClientBuilder::rate_limit`): requests
//! spaced evenly, so that a client configured at the API's limit never
//! meets it. Public, for [`Pace`](super::Pace) hooks that pace locally
//! when what they share is out of reach.
//!
//! A generic cell rate algorithm with a burst of one, on tokio's clock
//! (so paused-time tests see it): each attempt reserves the next free
//! slot, `1 / rate` after the previous one, and sleeps until it. A crate
//! such as governor would add a clock of its own and more dependencies for
//! these few lines.

use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::Duration;

use crate::rt::Instant;

/// Requests spaced evenly at a fixed rate, in this process.
///
/// ```
/// # async fn run() {
/// let limit = postpress::pace::RateLimiter::new(std::num::NonZeroU32::new(50).unwrap());
/// limit.acquire().await; // at most 50 of these a second
/// # }
/// ```
#[derive(Debug)]
pub struct RateLimiter {
    interval: Duration,
    /// When the next request may start.
    next: Mutex<Option<Instant>>,
}

impl RateLimiter {
    /// A limit of `per_second` requests a second (a burst of one).
    pub fn new(per_second: NonZeroU32) -> Self {
        Self {
            interval: Duration::from_secs(1) / per_second.get(),
            next: Mutex::new(None),
        }
    }

    /// Waits for this request's slot. Cancelled while waiting (the future
    /// dropped), it gives the slot back when no later one was handed out.
    pub async fn acquire(&self) {
        let now = Instant::now();
        let slot = {
            let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
            let slot = next.map_or(now, |n| n.max(now));
            *next = Some(slot + self.interval);
            slot
        };
        if slot > now {
            let mut reservation = Reservation {
                limiter: self,
                slot,
                used: false,
            };
            crate::rt::sleep_until(slot).await;
            reservation.used = true;
        }
    }
}

/// A slot reserved and not yet reached.
struct Reservation<'a> {
    limiter: &'a RateLimiter,
    slot: Instant,
    used: bool,
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        if self.used {
            return;
        }
        let mut next = self.limiter.next.lock().unwrap_or_else(|p| p.into_inner());
        if *next == Some(self.slot + self.limiter.interval) {
            *next = Some(self.slot);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn spaces_requests_evenly() {
        let limiter = std::sync::Arc::new(RateLimiter::new(NonZeroU32::new(100).expect("non-zero")));
        let start = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..50 {
            let l = limiter.clone();
            tasks.push(tokio::spawn(async move {
                l.acquire().await;
                Instant::now()
            }));
        }
        let mut times = Vec::new();
        for t in tasks {
            times.push(t.await.expect("task").duration_since(start));
        }
        times.sort();
        // 50 requests at 100/s: the first now, the last 490 ms later, 10 ms apart.
        assert_eq!(times[0], Duration::ZERO);
        assert_eq!(times[49], Duration::from_millis(490));
        for pair in times.windows(2) {
            assert_eq!(pair[1] - pair[0], Duration::from_millis(10));
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_cancelled_wait_gives_its_slot_back() {
        let limiter = RateLimiter::new(NonZeroU32::new(10).expect("non-zero"));
        let start = Instant::now();
        limiter.acquire().await; // now
        // The next slot is 100 ms away; give up after 10 ms.
        let cancelled = tokio::time::timeout(Duration::from_millis(10), limiter.acquire()).await;
        assert!(cancelled.is_err());
        limiter.acquire().await;
        assert_eq!(start.elapsed(), Duration::from_millis(100), "the slot was reused");
    }
}
