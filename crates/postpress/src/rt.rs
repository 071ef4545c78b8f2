//! The clock and timers the client runs on, below every layer: tokio's
//! everywhere but wasm32 (so that tests with paused time see them), and
//! the browser's (or the worker's) on wasm32, where no tokio runtime
//! runs: `web-time` for the clock, `setTimeout` (gloo-timers) to sleep.

#[cfg(not(target_arch = "wasm32"))]
pub(crate) use native::*;
#[cfg(target_arch = "wasm32")]
pub(crate) use wasm::*;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    pub(crate) use std::time::{SystemTime, UNIX_EPOCH};
    pub(crate) use tokio::time::{Instant, sleep, sleep_until};
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use std::time::Duration;

    pub(crate) use web_time::{Instant, SystemTime, UNIX_EPOCH};

    /// Sleeps for `d` on the host's timer (`setTimeout`).
    pub(crate) async fn sleep(d: Duration) {
        gloo_timers::future::sleep(d).await;
    }

    /// Sleeps until `at`.
    pub(crate) async fn sleep_until(at: Instant) {
        let left = at.saturating_duration_since(Instant::now());
        if !left.is_zero() {
            sleep(left).await;
        }
    }
}

/// The time since the Unix epoch, on the host's clock (for `Retry-After`
/// dates).
pub(crate) fn unix_now() -> std::time::Duration {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default()
}

/// `Send` everywhere but wasm32, where it asks nothing: futures there hold
/// JavaScript values and never leave their thread. The client's bulk
/// streams are `MaybeSend`, so `Send` on every native target.
#[cfg(not(target_arch = "wasm32"))]
pub trait MaybeSend: Send {}
#[cfg(not(target_arch = "wasm32"))]
impl<T: Send + ?Sized> MaybeSend for T {}
/// `Send` everywhere but wasm32, where it asks nothing: futures there hold
/// JavaScript values and never leave their thread. The client's bulk
/// streams are `MaybeSend`, so `Send` on every native target.
#[cfg(target_arch = "wasm32")]
pub trait MaybeSend {}
#[cfg(target_arch = "wasm32")]
impl<T: ?Sized> MaybeSend for T {}
