//! The pause a 429 puts on every worker of a bulk run.

use std::sync::Mutex;
use std::time::Duration;

use crate::rt::Instant;

/// A pause shared by every worker of a bulk run: closed by a 429 for the
/// time its `Retry-After` asks, waited at before each attempt.
#[derive(Debug, Default)]
pub(crate) struct RateGate {
    until: Mutex<Option<Instant>>,
}

impl RateGate {
    fn reopen_at(&self) -> Option<Instant> {
        *self.until.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) async fn wait(&self) {
        while let Some(at) = self.reopen_at() {
            if at <= Instant::now() {
                return;
            }
            crate::rt::sleep_until(at).await;
        }
    }

    /// Whether a 429 has closed the gate until a time still to come.
    pub(crate) fn is_closed(&self) -> bool {
        self.reopen_at().is_some_and(|at| at > Instant::now())
    }

    pub(crate) fn close_for(&self, pause: Duration) {
        let now = Instant::now();
        // Retry-After is clamped when parsed; never overflow regardless.
        let at = now
            .checked_add(pause)
            .unwrap_or(now + Duration::from_secs(86_400));
        let mut until = self.until.lock().unwrap_or_else(|p| p.into_inner());
        if until.is_none_or(|u| u < at) {
            *until = Some(at);
        }
    }
}
