//! What paces a client's requests: [`RateLimiter`](crate::limit) in this
//! process, or the limit shared through Redis (`shared_limit`). The retry
//! loop sees only this.

pub(crate) mod gate;
pub(crate) mod limit;

use crate::pace::limit::RateLimiter;

/// What paces a client's requests: its own limit, or one shared through
/// Redis (the `redis` feature).
#[derive(Debug)]
pub(crate) enum Pacer {
    Local(RateLimiter),
    #[cfg(feature = "redis")]
    Shared(crate::shared_limit::SharedPacer),
}

impl Pacer {
    /// Waits for this request's slot.
    pub(crate) async fn acquire(&self) {
        match self {
            Pacer::Local(l) => l.acquire().await,
            #[cfg(feature = "redis")]
            Pacer::Shared(s) => s.acquire().await,
        }
    }

    /// A 429 asked every sender to pause for `pause`: tells the other
    /// processes sharing the limit (the local pause is the bulk gate's).
    pub(crate) async fn rate_limited(&self, _pause: std::time::Duration) {
        #[cfg(feature = "redis")]
        if let Pacer::Shared(s) = self {
            s.rate_limited(_pause).await;
        }
    }
}
