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
pub(crate) mod options;
pub(crate) mod path;
pub(crate) mod policy;

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use crate::rt::Instant;
use bytes::Bytes;
use tracing::Instrument;
use url::Url;

use crate::action::ChatAction;
use crate::call::attempt::{Outcome, attempt};
use crate::call::config::Inner;
use crate::call::options::CallOptions;
use crate::error::{Error, Result};
use crate::pace::gate::RateGate;

/// A hook called once per call, after its first rate-limit slot and right
/// before its first attempt; `false` holds the call, unsent. A job records
/// the chat's intent here (in a file, or in Redis: so the hook is async).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) type BeforeFirstSend<'a> =
    &'a (dyn Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send + 'a>> + Send + Sync);
#[cfg(target_arch = "wasm32")]
pub(crate) type BeforeFirstSend<'a> =
    &'a dyn Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = bool> + 'a>>;

/// What a bulk run adds to a call: the run's shared 429 gate, where to
/// count the 429s this item waited out and the attempts it made, and the
/// hook before its first send.
#[derive(Clone, Copy)]
pub(crate) struct Bulk<'a> {
    pub(crate) gate: &'a RateGate,
    pub(crate) waited: &'a AtomicU32,
    pub(crate) attempts: &'a AtomicU32,
    pub(crate) before_first_send: Option<BeforeFirstSend<'a>>,
}

impl std::fmt::Debug for Bulk<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bulk")
            .field("gate", self.gate)
            .finish_non_exhaustive()
    }
}

/// One call, described once and passed down the call path: where it goes,
/// what it sends, and what a bulk run adds to it.
#[derive(Debug)]
pub(crate) struct Call<'a> {
    pub(crate) chat_id: &'a str,
    pub(crate) action: &'a ChatAction,
    /// The request URL (the chat id as one encoded segment).
    pub(crate) url: Url,
    /// The request body, precomputed for actions without a string value.
    pub(crate) body: Bytes,
    pub(crate) bulk: Option<Bulk<'a>>,
    /// What this call changes of the client's settings.
    pub(crate) options: Option<&'a CallOptions>,
}

impl<'a> Call<'a> {
    /// Describes the call of `action` on `chat_id`: validates the id and
    /// builds the URL and the body.
    fn new(
        inner: &Inner,
        chat_id: &'a str,
        action: &'a ChatAction,
        bulk: Option<Bulk<'a>>,
        options: Option<&'a CallOptions>,
    ) -> Result<Self> {
        // A copy of the parsed base with the id appended: the scheme, host,
        // port and path prefix are not parsed again for every request.
        let url = crate::call::path::request_url(&inner.chats_url, &inner.chats_path, chat_id)?;
        let body = match action.static_wire() {
            Some(wire) => Bytes::from_static(wire),
            None => Bytes::from(
                serde_json::to_vec(action).map_err(|e| Error::invalid_input("action", e.to_string()))?,
            ),
        };
        Ok(Self {
            chat_id,
            action,
            url,
            body,
            bulk,
            options,
        })
    }
}

/// Why a call with a [`BeforeFirstSend`] hook ended.
#[derive(Debug)]
pub(crate) enum Stopped {
    /// It failed (or was refused before anything was sent).
    Failed(Error),
    /// The hook held it: nothing was sent.
    Held,
}

impl From<Error> for Stopped {
    fn from(e: Error) -> Self {
        Stopped::Failed(e)
    }
}

/// How far an attempt may run past the total-time bound rather than carry a
/// timeout of its own a few microseconds shorter than the client's.
const BOUND_SLACK: Duration = Duration::from_millis(10);

/// How many times one item of a bulk run waits out a 429 before its error
/// is reported.
pub(crate) const MAX_GATED_RETRIES: u32 = 8;

/// Performs `action` on `chat_id`, retried as the client's policy says, in
/// one `postpress.perform` span.
pub(crate) async fn execute<'a, T: Outcome>(
    inner: &Inner,
    chat_id: &'a str,
    action: &'a ChatAction,
    options: Option<&'a CallOptions>,
) -> Result<T> {
    if let Some(o) = options {
        o.check()?;
    }
    match execute_with(inner, chat_id, action, None, options).await {
        Ok(value) => Ok(value),
        Err(Stopped::Failed(e)) => Err(e),
        // Only a bulk run's hook holds a call, and this call has none.
        Err(Stopped::Held) => Err(Error::invalid_input("call", "held before its first send")),
    }
}

/// [`execute`] as one item of a bulk run: every attempt held at the run's
/// gate (a 429 closes it for every worker), and its hook called before the
/// first send.
pub(crate) async fn execute_in<'a, T: Outcome>(
    inner: &Inner,
    chat_id: &'a str,
    action: &'a ChatAction,
    bulk: Option<Bulk<'a>>,
) -> std::result::Result<T, Stopped> {
    execute_with(inner, chat_id, action, bulk, None).await
}

async fn execute_with<'a, T: Outcome>(
    inner: &Inner,
    chat_id: &'a str,
    action: &'a ChatAction,
    bulk: Option<Bulk<'a>>,
    options: Option<&'a CallOptions>,
) -> std::result::Result<T, Stopped> {
    let call = Call::new(inner, chat_id, action, bulk, options)?;
    let (url, chat_id) = (&call.url, call.chat_id);
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
    let own_attempts = AtomicU32::new(0);
    let attempts = bulk.map_or(&own_attempts, |b| b.attempts);
    if span.is_disabled() {
        // No subscriber wants it: skip entering the span on every poll.
        retry_loop(inner, &call, span, attempts).await
    } else {
        let result = retry_loop(inner, &call, span.clone(), attempts)
            .instrument(span.clone())
            .await;
        // The conventions' attributes describe the call as a whole, so they
        // are recorded once (an exporter keeps every record of a field).
        if let Err(Stopped::Failed(e)) = &result {
            if let Some(status) = e.status() {
                span.record("http.response.status_code", i64::from(status.as_u16()));
            }
            span.record("error.type", e.error_type());
        } else if result.is_ok() {
            span.record("http.response.status_code", 200i64);
        }
        let attempts = attempts.load(Ordering::Relaxed);
        if attempts > 1 {
            span.record("http.request.resend_count", i64::from(attempts - 1));
        }
        result
    }
}

async fn retry_loop<T: Outcome>(
    inner: &Inner,
    call: &Call<'_>,
    span: tracing::Span,
    attempts_made: &AtomicU32,
) -> std::result::Result<T, Stopped> {
    // This call's own policy and attempt timeout, when it has them.
    let (policy, client_timeout) = match call.options {
        Some(o) => (
            o.retry.as_ref().unwrap_or(&inner.retry),
            o.timeout.unwrap_or(inner.timeout),
        ),
        None => (&inner.retry, inner.timeout),
    };
    let idempotent = call.action.is_idempotent();
    let gate = call.bulk;
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
        // Only a call that can queue reads the clock for it.
        if gate.is_some() || inner.limiter.is_some() {
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
        }
        // No attempt may run past the policy's total-time bound (by more
        // than BOUND_SLACK: when what is left of the bound is within it
        // of the client's own timeout, that timeout is kept, so that the
        // common case, a first attempt with as much time as the bound,
        // costs reqwest no per-request timer).
        let timeout = match policy.max_elapsed_value() {
            Some(max) => {
                let left = max.saturating_sub(start.elapsed().saturating_sub(queued));
                if left.saturating_add(BOUND_SLACK) >= client_timeout {
                    client_timeout
                } else {
                    left
                }
            }
            None => client_timeout,
        };
        if timeout.is_zero() {
            return Err(Stopped::Failed(last_err.unwrap_or(Error::Timeout {
                after: Duration::ZERO,
            })));
        }
        if attempts == 0
            && let Some(hook) = gate.and_then(|g| g.before_first_send)
            && !hook().await
        {
            return Err(Stopped::Held);
        }
        attempts += 1;
        attempts_made.store(attempts, Ordering::Relaxed);
        span.record("attempt", attempts);
        let outcome = attempt::<T>(inner, call, timeout).await;
        if !span.is_disabled() {
            span.record("elapsed_ms", start.elapsed().as_millis() as u64);
        }
        let err = match outcome {
            Ok(value) => {
                span.record("status", 200u16);
                return Ok(value);
            }
            Err(err) => err,
        };
        let elapsed = start.elapsed().saturating_sub(queued);
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
                && policy.fits(elapsed.saturating_add(pause), idempotent, client_timeout)
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
        match policy.next_delay(&err, idempotent, retries, elapsed, client_timeout) {
            Some(delay) => {
                retries += 1;
                tracing::warn!(attempt = attempts, delay_ms = delay.as_millis() as u64, error = %err, "retrying");
                crate::rt::sleep(delay).await;
                last_err = Some(err);
            }
            None => {
                tracing::debug!(attempt = attempts, error = %err, "call failed");
                return Err(Stopped::Failed(err));
            }
        }
    }
}
