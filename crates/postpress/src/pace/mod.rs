//! Pacing: what spaces a client's requests, below the call path. A client
//! is paced by its own [`RateLimiter`] ([`ClientBuilder::rate_limit`]), or
//! by a [`Pace`] hook of the caller's ([`ClientBuilder::pacer`]), such as
//! the limit `postpress-jobs` shares between processes through Redis. The
//! retry loop sees only this; the 429 gate of a bulk run lives here too.
//!
//! [`ClientBuilder::rate_limit`]: crate::ClientBuilder::rate_limit
//! [`ClientBuilder::pacer`]: crate::ClientBuilder::pacer

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

pub(crate) mod gate;
mod limit;

pub use limit::RateLimiter;

/// The future a [`Pace`] hook returns (not `Send` on wasm32, where
/// futures hold JavaScript values and never leave their thread).
#[cfg(not(target_arch = "wasm32"))]
pub type PaceFuture<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;
/// The future a [`Pace`] hook returns (not `Send` on wasm32, where
/// futures hold JavaScript values and never leave their thread).
#[cfg(target_arch = "wasm32")]
pub type PaceFuture<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;

/// A pacing hook: decides when each request of a client may go out, and
/// hears of every 429 pause. [`ClientBuilder::pacer`](crate::ClientBuilder::pacer)
/// installs one; it takes the place of the client's own
/// [`rate_limit`](crate::ClientBuilder::rate_limit).
///
/// The call path calls [`acquire`](Self::acquire) before every attempt
/// (retries included), and [`rate_limited`](Self::rate_limited) when a 429
/// in a bulk run pauses every worker, so that a limit shared with other
/// processes can pause them too. A hook that cannot reach what it shares
/// (a lost Redis) should pace locally rather than fail or hang: the call
/// path waits for `acquire` without a bound of its own.
///
/// One hook may pace several clients (clones of a builder share it): a
/// limit meant for one API key and base URL is scoped when the hook is
/// made, as `postpress-jobs`' `SharedLimit::pacer(key, base_url)` does.
pub trait Pace: Send + Sync + fmt::Debug + 'static {
    /// Waits until the next request may go out.
    fn acquire(&self) -> PaceFuture<'_>;

    /// A 429 asked every sender to pause for `pause` (the workers of this
    /// bulk run already do). The default does nothing.
    fn rate_limited(&self, pause: Duration) -> PaceFuture<'_> {
        let _ = pause;
        Box::pin(std::future::ready(()))
    }
}

/// What paces a client's requests: its own limit, or a caller's hook.
#[derive(Debug)]
pub(crate) enum Pacer {
    Local(RateLimiter),
    Hook(Arc<dyn Pace>),
}

impl Pacer {
    /// Waits for this request's slot.
    pub(crate) async fn acquire(&self) {
        match self {
            Pacer::Local(l) => l.acquire().await,
            Pacer::Hook(h) => h.acquire().await,
        }
    }

    /// A 429 asked every sender to pause for `pause`: tells the hook (the
    /// local pause is the bulk gate's).
    pub(crate) async fn rate_limited(&self, pause: Duration) {
        if let Pacer::Hook(h) = self {
            h.rate_limited(pause).await;
        }
    }
}
