//! One rate limit shared by every process that uses the same API key and
//! base URL, kept in Redis (the `redis` feature): [`SharedLimit`].
//!
//! Each request takes its slot with one round trip, an `EVALSHA` of one
//! Lua script (a generic cell rate algorithm with a burst of one) that reads
//! the clock with Redis's `TIME`, so that no process's clock matters. A 429
//! seen by any process is written by the same script, and every process's
//! next slot comes after its `Retry-After`. The keys are
//! `postpress:{H}:tat` and `postpress:{H}:pause`, where `H` is the SHA-1 of
//! the API key and the base URL (never the key itself); both expire (`PX`)
//! once idle. Plain Redis 6 or later, or Valkey; no modules.
//!
//! When Redis stops answering (each call is bounded by
//! [`SharedLimit::timeout`]), the client says so once (a `tracing` warning
//! and [`SharedLimit::on_status`]), paces locally at `rate / N`
//! ([`SharedLimit::local_share`]), keeps its own 429 pause, and probes
//! Redis in the background every half second until it answers; then it goes
//! back to shared pacing. It never waits on Redis longer than the timeout
//! and never sends unpaced. A slot or pause in Redis more than five minutes
//! (or 10,000 requests) ahead of Redis's clock, as a failover to a host
//! whose clock is behind leaves, is started afresh instead of waited for.

use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use postpress::pace::{Pace, PaceFuture, RateLimiter};
use postpress_util::redact::{redact_url, redact_url_secrets};

/// The script: KEYS[1] the theoretical arrival time (µs, Redis's clock),
/// KEYS[2] the shared pause (until, µs); ARGV[1] the interval between
/// requests (µs), ARGV[2] a pause to share (µs; 0 to take a slot), ARGV[3]
/// the horizon (µs): a slot or pause further ahead than that is a clock
/// that jumped back (a failover to a host with another clock), and is
/// reset rather than waited for. Returns the µs to wait before sending (0
/// for a pause).
const SCRIPT: &str = r"
if redis.replicate_commands then pcall(redis.replicate_commands) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local pause = tonumber(ARGV[2])
if pause > 0 then
  local untl = now + pause
  local cur = tonumber(redis.call('GET', KEYS[2]) or 0)
  if untl > cur then
    redis.call('SET', KEYS[2], string.format('%.0f', untl), 'PX', string.format('%d', math.floor(pause / 1000) + 1000))
  end
  return 0
end
local horizon = now + tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or 0)
local paused = tonumber(redis.call('GET', KEYS[2]) or 0)
if tat > horizon then tat = now end
if paused > horizon then paused = now end
local start = math.max(tat, now, paused)
local wait = start - now
redis.call('SET', KEYS[1], string.format('%.0f', start + interval), 'PX', string.format('%d', math.floor((wait + interval) / 1000) + 1000))
return math.floor(wait)
";

/// The shortest horizon of the script (5 minutes, in µs).
const HORIZON_MIN_US: u64 = 300 * 1_000_000;

/// How often a lost Redis is probed.
const PROBE_EVERY: Duration = Duration::from_millis(500);

/// A change of a [`SharedLimit`]'s state, for [`SharedLimit::on_status`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SharedStatus {
    /// Redis stopped answering: pacing locally at `local_rate` per second.
    Lost {
        /// What failed (never the URL's password).
        error: String,
        /// The local pace until Redis is back.
        local_rate: u32,
    },
    /// Redis answers again: shared pacing again.
    Restored,
}

/// Why [`SharedLimit::connect`] failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SharedLimitError {
    /// The URL is not a Redis URL (`redis://[:password@]host[:port][/db]`).
    #[error("invalid Redis URL {url}: {reason}")]
    InvalidUrl {
        /// The URL, password hidden.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// Redis did not answer, or refused the script.
    #[error("Redis at {url} is unreachable: {reason}")]
    Unreachable {
        /// The URL, password hidden.
        url: String,
        /// What failed.
        reason: String,
    },
}

type StatusHook = Arc<dyn Fn(SharedStatus) + Send + Sync>;

/// A rate limit shared through Redis: every client paced by one of its
/// [`pacer`](Self::pacer)s, in any process on any machine, that uses the
/// same Redis, API key and base URL sends at most `per_second` requests per
/// second in all.
///
/// ```no_run
/// use std::num::NonZeroU32;
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let (key, base) = ("k", postpress::DEFAULT_BASE_URL);
/// let limit = postpress_jobs::SharedLimit::connect("redis://127.0.0.1:6379", NonZeroU32::new(200).unwrap())
///     .await?
///     .local_share(NonZeroU32::new(4).unwrap()); // 50/s each if Redis is lost
/// let client = postpress::Client::builder()
///     .api_key(key)
///     .base_url(base)
///     .pacer(limit.pacer(key, base))
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct SharedLimit {
    url: String,
    manager: ConnectionManager,
    per_second: NonZeroU32,
    share: NonZeroU32,
    timeout: Duration,
    on_status: Option<StatusHook>,
}

impl fmt::Debug for SharedLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedLimit")
            .field("url", &self.url)
            .field("per_second", &self.per_second)
            .field("share", &self.share)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl SharedLimit {
    /// How long one Redis call may take by default.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(500);

    /// Connects to Redis at `url` and loads the script, within
    /// [`DEFAULT_TIMEOUT`](Self::DEFAULT_TIMEOUT) (twice for the connection).
    pub async fn connect(url: &str, per_second: NonZeroU32) -> Result<Self, SharedLimitError> {
        let shown = redact_url(url).into_owned();
        let client = redis::Client::open(url).map_err(|e| SharedLimitError::InvalidUrl {
            url: shown.clone(),
            reason: redact_url_secrets(&e.to_string(), url).into_owned(),
        })?;
        let timeout = Self::DEFAULT_TIMEOUT;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(timeout * 2))
            .set_response_timeout(Some(timeout))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(200));
        let unreachable = |reason: String| SharedLimitError::Unreachable {
            url: shown.clone(),
            reason: redact_url_secrets(&reason, url).into_owned(),
        };
        let manager = tokio::time::timeout(timeout * 4, ConnectionManager::new_with_config(client, config))
            .await
            .map_err(|_| unreachable(format!("no connection within {:?}", timeout * 4)))?
            .map_err(|e| unreachable(e.to_string()))?;
        let mut con = manager.clone();
        let script = redis::Script::new(SCRIPT);
        let invocation = script.prepare_invoke();
        tokio::time::timeout(timeout * 2, invocation.load_async(&mut con))
            .await
            .map_err(|_| unreachable(format!("no answer within {:?}", timeout * 2)))?
            .map_err(|e| unreachable(e.to_string()))?;
        Ok(Self {
            url: shown,
            manager,
            per_second,
            share: NonZeroU32::MIN,
            timeout,
            on_status: None,
        })
    }

    /// While Redis is lost, pace at `per_second / n` (at least 1 per
    /// second): this process's share when `n` processes run the job (by
    /// default 1: the whole rate).
    pub fn local_share(mut self, n: NonZeroU32) -> Self {
        self.share = n;
        self
    }

    /// How long one Redis call may take before Redis counts as lost
    /// (default [`DEFAULT_TIMEOUT`](Self::DEFAULT_TIMEOUT), at least 1 ms).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// Called when Redis is lost and when it is back (once each per
    /// outage), from the task that noticed.
    pub fn on_status(mut self, hook: impl Fn(SharedStatus) + Send + Sync + 'static) -> Self {
        self.on_status = Some(Arc::new(hook));
        self
    }

    /// The Redis URL, password hidden.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The shared rate, per second.
    pub fn per_second(&self) -> NonZeroU32 {
        self.per_second
    }

    /// The pace while Redis is lost.
    fn local_rate(&self) -> NonZeroU32 {
        NonZeroU32::new(self.per_second.get() / self.share.get()).unwrap_or(NonZeroU32::MIN)
    }

    /// The pacer of clients with this API key and base URL, for
    /// [`ClientBuilder::pacer`](postpress::ClientBuilder::pacer): its
    /// Redis keys are named by a SHA-1 of the two (never the key itself).
    pub fn pacer(&self, api_key: &str, base_url: &str) -> SharedPacer {
        let mut h = sha1_smol::Sha1::new();
        h.update(api_key.as_bytes());
        h.update(b"\0");
        h.update(base_url.as_bytes());
        let name = h.digest().to_string();
        SharedPacer {
            state: Arc::new(PacerState {
                tat_key: format!("postpress:{{{name}}}:tat"),
                pause_key: format!("postpress:{{{name}}}:pause"),
                interval_us: 1_000_000 / u64::from(self.per_second.get()),
                // Five minutes (past any shared 429 pause under the default
                // policy's 30 s), or 10,000 requests queued, whichever is
                // further: a clock jump back costs at most that, never a
                // hang.
                horizon_us: HORIZON_MIN_US.max(10_000 * 1_000_000 / u64::from(self.per_second.get())),
                local: RateLimiter::new(self.local_rate()),
                lost: AtomicBool::new(false),
                script: redis::Script::new(SCRIPT),
                limit: self.clone(),
            }),
        }
    }
}

/// A client's side of a [`SharedLimit`]: a [`Pace`] hook.
#[derive(Clone)]
pub struct SharedPacer {
    state: Arc<PacerState>,
}

struct PacerState {
    tat_key: String,
    pause_key: String,
    interval_us: u64,
    /// How far ahead a slot may be before it counts as a clock jump.
    horizon_us: u64,
    /// The pace while Redis is lost.
    local: RateLimiter,
    lost: AtomicBool,
    script: redis::Script,
    limit: SharedLimit,
}

impl fmt::Debug for SharedPacer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SharedPacer")
            .field("limit", &self.state.limit)
            .field("lost", &self.state.lost.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl SharedPacer {
    /// Waits for this request's slot: Redis's answer, or the local pace
    /// while Redis is lost.
    async fn acquire(&self) {
        if !self.state.lost.load(Ordering::Acquire) {
            match self.call(0).await {
                Ok(wait_us) => {
                    if wait_us > 0 {
                        tokio::time::sleep(Duration::from_micros(wait_us)).await;
                    }
                    return;
                }
                Err(e) => self.lose(e),
            }
        }
        self.state.local.acquire().await;
    }

    /// Shares a 429's pause with every process.
    async fn rate_limited(&self, pause: Duration) {
        if self.state.lost.load(Ordering::Acquire) {
            return;
        }
        let us = u64::try_from(pause.as_micros()).unwrap_or(u64::MAX).max(1);
        if let Err(e) = self.call(us).await {
            self.lose(e);
        }
    }

    async fn call(&self, pause_us: u64) -> Result<u64, String> {
        let s = &self.state;
        let mut con = s.limit.manager.clone();
        let mut invocation = s.script.prepare_invoke();
        invocation
            .key(&s.tat_key)
            .key(&s.pause_key)
            .arg(s.interval_us)
            .arg(pause_us)
            .arg(s.horizon_us);
        match tokio::time::timeout(s.limit.timeout, invocation.invoke_async::<i64>(&mut con)).await {
            Ok(Ok(wait)) => Ok(u64::try_from(wait).unwrap_or(0)),
            Ok(Err(e)) => Err(redact_url_secrets(&e.to_string(), &s.limit.url).into_owned()),
            Err(_) => Err(format!("no answer within {:?}", s.limit.timeout)),
        }
    }

    /// Redis failed: local pacing, one warning, one background probe.
    fn lose(&self, error: String) {
        if self.state.lost.swap(true, Ordering::AcqRel) {
            return;
        }
        let local_rate = self.state.limit.local_rate().get();
        tracing::warn!(
            redis = %self.state.limit.url,
            %error,
            local_rate,
            "shared rate limit: Redis lost; pacing locally until it is back"
        );
        if let Some(hook) = &self.state.limit.on_status {
            hook(SharedStatus::Lost { error, local_rate });
        }
        let this = self.clone();
        let probe = async move {
            loop {
                tokio::time::sleep(PROBE_EVERY).await;
                // A pause of 1 µs: a harmless write that proves the script runs.
                if this.call(1).await.is_ok() {
                    this.state.lost.store(false, Ordering::Release);
                    tracing::info!(redis = %this.state.limit.url, "shared rate limit: Redis is back");
                    if let Some(hook) = &this.state.limit.on_status {
                        hook(SharedStatus::Restored);
                    }
                    return;
                }
            }
        };
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                handle.spawn(probe);
            }
            // Not reachable from `acquire`, which runs on a runtime; stay local.
            Err(_) => tracing::warn!("shared rate limit: no runtime to probe Redis from"),
        }
    }
}

impl Pace for SharedPacer {
    fn acquire(&self) -> PaceFuture<'_> {
        Box::pin(SharedPacer::acquire(self))
    }

    fn rate_limited(&self, pause: Duration) -> PaceFuture<'_> {
        Box::pin(SharedPacer::rate_limited(self, pause))
    }
}
