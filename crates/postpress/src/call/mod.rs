//! The call path: every call's way through the network. [`execute`] runs
//! the loop that applies the [`RetryPolicy`](crate::RetryPolicy) around
//! each attempt (`attempt`: one request and the decoding of its answer),
//! in one tracing span, on the URL `path` builds, with the configuration
//! `config` holds.
//!
//! The path runs one way: the client layer (`crate::client`) builds the
//! configuration and hands each call here; this layer reads only what is
//! below it (pacing, actions, errors). `tests/layers.rs` enforces it.

pub(crate) mod attempt;
pub(crate) mod config;
pub(crate) mod path;
pub(crate) mod policy;

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use bytes::Bytes;
use tokio::time::Instant;
use tracing::Instrument;
use url::Url;

use crate::ChatAction;
use crate::call::attempt::{Outcome, attempt};
use crate::call::config::Inner;
use crate::error::{Error, Result};
use crate::journal::JournalError;
use crate::pace::gate::RateGate;

/// Called once per call, after its first rate-limit slot and right before
/// its first attempt: a job's journal writes the chat's intent here. An
/// error ends the call unsent.
pub(crate) type Intent<'a> = &'a (dyn Fn(&str) -> std::result::Result<(), JournalError> + Send + Sync);

/// One item of a bulk run: the run's shared gate, where to count the 429s
/// this item waited out and the attempts it made, and the hook before its
/// first send.
#[derive(Clone, Copy)]
pub(crate) struct Gated<'a> {
    pub(crate) gate: &'a RateGate,
    pub(crate) waited: &'a AtomicU32,
    pub(crate) attempts: Option<&'a AtomicU32>,
    pub(crate) intent: Option<Intent<'a>>,
}

impl std::fmt::Debug for Gated<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gated")
            .field("gate", self.gate)
            .finish_non_exhaustive()
    }
}

/// How far an attempt may run past the total-time bound rather than carry a
/// timeout of its own a few microseconds shorter than the client's.
const BOUND_SLACK: Duration = Duration::from_millis(10);

/// How many times one item of a bulk run waits out a 429 before its error
/// is reported.
pub(crate) const MAX_GATED_RETRIES: u32 = 8;

/// Performs `action` on `chat_id`: every attempt held at `gate` (bulk
/// mode: a 429 closes it for every worker), retried as the client's policy
/// says, in one `postpress.perform` span.
pub(crate) async fn execute<T: Outcome>(
    inner: &Inner,
    chat_id: &str,
    action: &ChatAction,
    gate: Option<Gated<'_>>,
) -> Result<T> {
    let path = crate::call::path::chat_url(&inner.chats_path, chat_id)?;
    // A copy of the parsed base with the new path: the scheme, host and
    // port are not parsed again for every request.
    let mut url = inner.chats_url.clone();
    url.set_path(&path);
    let body = match action.static_wire() {
        Some(wire) => Bytes::from_static(wire),
        None => Bytes::from(
            serde_json::to_vec(action).map_err(|e| Error::invalid_input("action", e.to_string()))?,
        ),
    };
    // Besides its own fields, the span speaks OpenTelemetry's HTTP client
    // conventions (what tracing-opentelemetry exports and backends group
    // by). The field values are only computed when a subscriber wants the
    // span; `url.full` is the request URL, which never carries the key.
    let span = tracing::info_span!(
        "postpress.perform",
        chat_id = %chat_id,
        action = action.name(),
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
        elapsed_ms = tracing::field::Empty,
        "otel.kind" = "client",
        "http.request.method" = postpress_api::METHOD_NAME,
        "server.address" = url.host_str().unwrap_or_default(),
        "server.port" = i64::from(url.port_or_known_default().unwrap_or_default()),
        "url.full" = url.as_str(),
        "http.response.status_code" = tracing::field::Empty,
        "http.request.resend_count" = tracing::field::Empty,
        "error.type" = tracing::field::Empty,
    );
    let attempts = AtomicU32::new(0);
    let attempts = gate.and_then(|g| g.attempts).unwrap_or(&attempts);
    if span.is_disabled() {
        // No subscriber wants it: skip entering the span on every poll.
        retry_loop(inner, chat_id, url, body, action, gate, span, attempts).await
    } else {
        let result = retry_loop(inner, chat_id, url, body, action, gate, span.clone(), attempts)
            .instrument(span.clone())
            .await;
        // The conventions' attributes describe the call as a whole, so they
        // are recorded once (an exporter keeps every record of a field).
        let status = match &result {
            Ok(_) => Some(200),
            Err(e) => e.status().map(|s| s.as_u16()),
        };
        if let Some(status) = status {
            span.record("http.response.status_code", i64::from(status));
        }
        if let Err(e) = &result {
            span.record("error.type", e.error_type());
        }
        let attempts = attempts.load(Ordering::Relaxed);
        if attempts > 1 {
            span.record("http.request.resend_count", i64::from(attempts - 1));
        }
        result
    }
}

#[allow(clippy::too_many_arguments)]
async fn retry_loop<T: Outcome>(
    inner: &Inner,
    chat_id: &str,
    url: Url,
    body: Bytes,
    action: &ChatAction,
    gate: Option<Gated<'_>>,
    span: tracing::Span,
    attempts_made: &AtomicU32,
) -> Result<T> {
    let policy = &inner.retry;
    let idempotent = action.is_idempotent();
    let start = Instant::now();
    // Time spent queued behind the client's rate limit or a bulk run's
    // shared 429 pause: not this call's own time, so not counted
    // against the policy's total-time bound.
    let mut queued = Duration::ZERO;
    let mut attempts: u32 = 0;
    let mut retries: u32 = 0;
    let mut gated_retries: u32 = 0;
    let mut last_err: Option<Error> = None;
    loop {
        let queue_start = Instant::now();
        loop {
            if let Some(gated) = gate {
                gated.gate.wait().await;
            }
            if let Some(limiter) = &inner.limiter {
                limiter.acquire().await;
            }
            // A 429 elsewhere may have closed the gate while this call
            // waited for its slot: wait again, and take a new slot.
            match gate {
                Some(gated) if gated.gate.is_closed() => continue,
                _ => break,
            }
        }
        queued += queue_start.elapsed();
        // No attempt may run past the policy's total-time bound (by more
        // than BOUND_SLACK: when what is left of the bound is within it
        // of the client's own timeout, that timeout is kept, so that the
        // common case, a first attempt with as much time as the bound,
        // costs reqwest no per-request timer).
        let timeout = match policy.max_elapsed_value() {
            Some(max) => {
                let left = max.saturating_sub(start.elapsed().saturating_sub(queued));
                if left.saturating_add(BOUND_SLACK) >= inner.timeout {
                    inner.timeout
                } else {
                    left
                }
            }
            None => inner.timeout,
        };
        if timeout.is_zero() {
            return Err(last_err.unwrap_or(Error::Timeout {
                after: Duration::ZERO,
            }));
        }
        if attempts == 0
            && let Some(intent) = gate.and_then(|g| g.intent)
        {
            intent(chat_id).map_err(|e| Error::Journal(Box::new(e)))?;
        }
        attempts += 1;
        attempts_made.store(attempts, Ordering::Relaxed);
        span.record("attempt", attempts);
        let outcome = attempt::<T>(inner, url.clone(), body.clone(), timeout, action).await;
        span.record("elapsed_ms", start.elapsed().as_millis() as u64);
        let elapsed = start.elapsed().saturating_sub(queued);
        let err = match outcome {
            Ok(value) => {
                span.record("status", 200u16);
                return Ok(value);
            }
            Err(err) => err,
        };
        span.record("status", err.status().map_or(0, |s| s.as_u16()));
        // Bulk mode: an answer that proves the request was not processed
        // (429) pauses every worker for the time asked and tries again
        // (not counted against the policy's retries, but within its
        // time bound).
        if let Some(gated) = gate
            && err.provably_not_processed()
            && err.status().is_some()
            && gated_retries < MAX_GATED_RETRIES
        {
            let pause = err.retry_after().unwrap_or(Duration::from_secs(1));
            if pause <= policy.max_retry_after_value()
                && policy.fits(elapsed.saturating_add(pause), idempotent, inner.timeout)
            {
                gated_retries += 1;
                gated.waited.fetch_add(1, Ordering::Relaxed);
                tracing::info!(
                    pause_ms = pause.as_millis() as u64,
                    "rate limited: pausing every worker"
                );
                gated.gate.close_for(pause);
                if let Some(limiter) = &inner.limiter {
                    limiter.rate_limited(pause).await;
                }
                last_err = Some(err);
                continue;
            }
        }
        match policy.next_delay(&err, idempotent, retries, elapsed, inner.timeout) {
            Some(delay) => {
                retries += 1;
                tracing::warn!(attempt = attempts, delay_ms = delay.as_millis() as u64, error = %err, "retrying");
                tokio::time::sleep(delay).await;
                last_err = Some(err);
            }
            None => {
                tracing::debug!(attempt = attempts, error = %err, "call failed");
                return Err(err);
            }
        }
    }
}
