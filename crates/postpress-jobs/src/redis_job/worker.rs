//! A worker of a Redis job: claims chunks under leases, records each
//! chat's intent (the compare-and-set) before its request and its outcome
//! after it, renews its leases, and hands its chunks back when it stops.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_core::stream::BoxStream;
use futures_util::StreamExt;
use postpress::{ChatAction, Client, NotSent, SharedPause};
use redis::aio::ConnectionManager;
use redis::{RedisResult, RetryMethod};
use tokio::time::Instant;

use super::scripts::{self, script};
use super::{Keys, RedisJobError, RedisJobs};
use crate::runner::{JobItem, RecordError, Stopper};

/// Configures a [`Worker`]: from [`RedisJobs::worker`].
#[derive(Debug, Clone)]
pub struct WorkerBuilder {
    jobs: RedisJobs,
    name: String,
    concurrency: usize,
    lease: Duration,
    redis_wait: Duration,
}

impl WorkerBuilder {
    pub(crate) fn new(jobs: RedisJobs, name: &str) -> Self {
        Self {
            jobs,
            name: name.to_string(),
            concurrency: 8,
            lease: Worker::DEFAULT_LEASE,
            redis_wait: Worker::DEFAULT_REDIS_WAIT,
        }
    }

    /// At most `n` requests in flight (at least 1; 8 by default). A worker
    /// that dies leaves at most this many chats unknown.
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// How long a chunk stays this worker's without a renewal (renewed
    /// every third of it; at least 300 ms;
    /// [`DEFAULT_LEASE`](Worker::DEFAULT_LEASE) by default). A dead
    /// worker's chunks wait about this long before another takes them.
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease.max(Duration::from_millis(300));
        self
    }

    /// How long to wait for a lost Redis (reconnecting) before giving up
    /// ([`DEFAULT_REDIS_WAIT`](Worker::DEFAULT_REDIS_WAIT) by default).
    pub fn redis_wait(mut self, wait: Duration) -> Self {
        self.redis_wait = wait;
        self
    }

    /// Joins the job: reads its action and registers this worker.
    pub async fn open(self) -> Result<Worker, RedisJobError> {
        let meta = self.jobs.meta(&self.name).await?;
        let id = worker_id();
        let lease_ms = u64::try_from(self.lease.as_millis()).unwrap_or(u64::MAX);
        let mut con = self.jobs.connection();
        redis::pipe()
            .hset(meta.keys.key("workers"), &id, lease_ms)
            .ignore()
            .query_async::<()>(&mut con)
            .await
            .map_err(|e| self.jobs.error(e))?;
        Ok(Worker {
            shared: Arc::new(Shared {
                idempotent: if meta.action.is_idempotent() { "1" } else { "0" },
                action: meta.action,
                keys: meta.keys,
                jobs: self.jobs,
                token: id,
                lease_ms,
                redis_wait: self.redis_wait,
                held: Mutex::new(HashMap::new()),
                outcomes: Mutex::new(Vec::new()),
                lost_redis: AtomicBool::new(false),
                last_record: Mutex::new(Instant::now()),
                claim: script(scripts::CLAIM),
                record: script(scripts::RECORD),
                renew: script(scripts::RENEW),
                release: script(scripts::RELEASE),
            }),
            concurrency: self.concurrency,
            stopper: Stopper::default(),
        })
    }
}

/// One worker of a Redis job, joined: run it with [`Worker::run`].
#[derive(Debug)]
pub struct Worker {
    shared: Arc<Shared>,
    concurrency: usize,
    stopper: Stopper,
}

struct Shared {
    jobs: RedisJobs,
    keys: Keys,
    action: ChatAction,
    idempotent: &'static str,
    token: String,
    lease_ms: u64,
    redis_wait: Duration,
    /// The chunks this worker holds: how many of their chats are left, and
    /// whether the lease was lost.
    held: Mutex<HashMap<u64, Held>>,
    /// Outcomes not yet in Redis: (chunk, offset, state byte).
    outcomes: Mutex<Vec<(u64, u32, u8)>>,
    lost_redis: AtomicBool,
    /// When outcomes were last recorded (they ride along with intents; the
    /// background flush only picks up what waited a quarter second).
    last_record: Mutex<Instant>,
    claim: redis::Script,
    record: redis::Script,
    renew: redis::Script,
    release: redis::Script,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("id", &self.token)
            .field("action", &self.action)
            .field("lease_ms", &self.lease_ms)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy)]
struct Held {
    left: usize,
    lost: bool,
}

/// Why a chat's intent was not recorded.
#[derive(Debug)]
enum Refused {
    /// Another worker began or finished it, or took its chunk.
    Elsewhere,
    /// Redis did not answer in time.
    Redis(RedisJobError),
}

/// One chat to send: its chunk, its offset there, its id.
type Ticket = (u64, u32, String);

/// A unique name for this worker: host, pid and 32 random bits.
fn worker_id() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".into());
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    format!("{host}:{}:{:08x}", std::process::id(), h.finish() as u32)
}

fn retryable(e: &redis::RedisError) -> bool {
    e.is_timeout() || !matches!(e.retry_method(), RetryMethod::NoRetry)
}

impl Shared {
    /// Runs one Redis call, retried (reconnecting) on connection errors
    /// for up to `redis_wait`.
    async fn redis<T, F, Fut>(&self, what: &str, mut call: F) -> Result<T, RedisJobError>
    where
        F: FnMut(ConnectionManager) -> Fut,
        Fut: Future<Output = RedisResult<T>>,
    {
        let deadline = Instant::now() + self.redis_wait;
        let mut delay = Duration::from_millis(50);
        loop {
            match call(self.jobs.connection()).await {
                Ok(v) => {
                    if self.lost_redis.swap(false, Ordering::AcqRel) {
                        tracing::info!(redis = %self.jobs.url(), "job: Redis answers again");
                    }
                    return Ok(v);
                }
                Err(e) if retryable(&e) && Instant::now() + delay < deadline => {
                    if !self.lost_redis.swap(true, Ordering::AcqRel) {
                        tracing::warn!(redis = %self.jobs.url(), error = %self.jobs.error(e), what, wait_s = self.redis_wait.as_secs(), "job: Redis lost; waiting for it");
                    }
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(Duration::from_secs(1));
                }
                Err(e) => return Err(self.jobs.error(e)),
            }
        }
    }

    /// Claims a chunk. `Ok(None)` when no chunk is left to claim: `held`
    /// says how many chunks workers (this one included) still hold.
    async fn claim(&self) -> Result<Result<(u64, VecDeque<Ticket>), u64>, RedisJobError> {
        let keys = &self.keys;
        let reply: Vec<redis::Value> = self
            .redis("claim", |mut con| {
                let mut inv = self.claim.prepare_invoke();
                inv.key(keys.key("todo"))
                    .key(keys.key("held"))
                    .key(keys.key("owner"))
                    .key(keys.key("counts"))
                    .arg(&self.token)
                    .arg(self.lease_ms)
                    .arg(self.idempotent)
                    .arg(&keys.prefix);
                async move { inv.invoke_async(&mut con).await }
            })
            .await?;
        let int = |i: usize| match reply.get(i) {
            Some(redis::Value::Int(n)) => Some(*n),
            _ => None,
        };
        let (Some(chunk), Some(second)) = (int(0), int(1)) else {
            return Err(self.corrupt("an unexpected reply to a claim"));
        };
        if chunk < 0 {
            return Ok(Err(u64::try_from(second).unwrap_or(0)));
        }
        let chunk = chunk as u64;
        if second == 1 {
            tracing::info!(
                chunk,
                settled = int(2).unwrap_or(0),
                "job: took over a chunk whose lease ran out"
            );
        }
        let bytes = |i: usize| match reply.get(i) {
            Some(redis::Value::BulkString(b)) => Some(b.as_slice()),
            _ => None,
        };
        let (Some(st), Some(ids)) = (bytes(3), bytes(4)) else {
            return Err(self.corrupt("a chunk without its ids"));
        };
        let tickets: VecDeque<Ticket> = st
            .iter()
            .zip(ids.split(|b| *b == b'\n'))
            .enumerate()
            .filter(|(_, (b, _))| **b == b'.')
            .map(|(off, (_, id))| (chunk, off as u32, String::from_utf8_lossy(id).into_owned()))
            .collect();
        self.lock_held().insert(
            chunk,
            Held {
                left: tickets.len(),
                lost: false,
            },
        );
        Ok(Ok((chunk, tickets)))
    }

    fn corrupt(&self, reason: &str) -> RedisJobError {
        RedisJobError::Corrupt {
            name: self.keys.prefix.clone(),
            reason: reason.into(),
        }
    }

    fn lock_held(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Held>> {
        self.held.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn lock_outcomes(&self) -> std::sync::MutexGuard<'_, Vec<(u64, u32, u8)>> {
        self.outcomes.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records the outcomes waiting and, with `intent`, the intent of a
    /// chat (the compare-and-set), in one script call.
    async fn record(&self, intent: Option<(u64, u32)>) -> Result<i64, RedisJobError> {
        let outcomes = std::mem::take(&mut *self.lock_outcomes());
        *self.last_record.lock().unwrap_or_else(|p| p.into_inner()) = Instant::now();
        let keys = &self.keys;
        let result = self
            .redis("record", |mut con| {
                let mut inv = self.record.prepare_invoke();
                inv.key(keys.key("held"))
                    .key(keys.key("owner"))
                    .key(keys.key("counts"))
                    .arg(&self.token)
                    .arg(&keys.prefix);
                match intent {
                    Some((chunk, off)) => inv.arg(chunk).arg(off),
                    None => inv.arg(0).arg(-1),
                };
                for (chunk, off, b) in &outcomes {
                    inv.arg(chunk).arg(off).arg(std::slice::from_ref(b));
                }
                async move { inv.invoke_async(&mut con).await }
            })
            .await;
        if result.is_err() {
            // Kept for the next call: an outcome is never dropped.
            self.lock_outcomes().extend(outcomes);
        }
        result
    }

    async fn intent(&self, chunk: u64, off: u32) -> Result<(), Refused> {
        if self.lock_held().get(&chunk).is_none_or(|h| h.lost) {
            return Err(Refused::Elsewhere);
        }
        match self.record(Some((chunk, off))).await {
            Ok(1) => Ok(()),
            Ok(0) => {
                if let Some(h) = self.lock_held().get_mut(&chunk) {
                    h.lost = true;
                }
                tracing::warn!(chunk, "job: lease lost; another worker has this chunk");
                Err(Refused::Elsewhere)
            }
            Ok(_) => Err(Refused::Elsewhere),
            Err(e) => Err(Refused::Redis(e)),
        }
    }

    /// Records the outcomes waiting (none left behind on success).
    async fn flush(&self) -> Result<(), RedisJobError> {
        if self.lock_outcomes().is_empty() {
            return Ok(());
        }
        self.record(None).await.map(|_| ())
    }

    /// One chat of `chunk` is done here: when it was the chunk's last, the
    /// outcomes are flushed and the chunk released.
    async fn done_one(&self, chunk: u64) -> Result<(), RedisJobError> {
        let last = {
            let mut held = self.lock_held();
            match held.get_mut(&chunk) {
                Some(h) => {
                    h.left = h.left.saturating_sub(1);
                    h.left == 0
                }
                None => false,
            }
        };
        if last {
            // The outcomes waiting ride along with the release.
            self.release(chunk).await?;
        }
        Ok(())
    }

    async fn release(&self, chunk: u64) -> Result<(), RedisJobError> {
        let outcomes = std::mem::take(&mut *self.lock_outcomes());
        let keys = &self.keys;
        let released = self
            .redis("release", |mut con| {
                let mut inv = self.release.prepare_invoke();
                inv.key(keys.key("todo"))
                    .key(keys.key("held"))
                    .key(keys.key("owner"))
                    .key(keys.key("counts"))
                    .arg(&self.token)
                    .arg(chunk)
                    .arg(self.idempotent)
                    .arg(&keys.prefix);
                for (chunk, off, b) in &outcomes {
                    inv.arg(chunk).arg(off).arg(std::slice::from_ref(b));
                }
                async move { inv.invoke_async::<i64>(&mut con).await }
            })
            .await;
        if let Err(e) = released {
            self.lock_outcomes().extend(outcomes);
            return Err(e);
        }
        self.lock_held().remove(&chunk);
        Ok(())
    }

    /// Renews the leases of the chunks held; marks the lost ones.
    async fn renew(&self) -> Result<(), RedisJobError> {
        let chunks: Vec<u64> = self
            .lock_held()
            .iter()
            .filter(|(_, h)| !h.lost)
            .map(|(c, _)| *c)
            .collect();
        let keys = &self.keys;
        let lost: Vec<u64> = self
            .redis("renew", |mut con| {
                let mut inv = self.renew.prepare_invoke();
                inv.key(keys.key("held"))
                    .key(keys.key("owner"))
                    .key(keys.key("beat"))
                    .arg(&self.token)
                    .arg(self.lease_ms);
                for c in &chunks {
                    inv.arg(c);
                }
                async move { inv.invoke_async(&mut con).await }
            })
            .await?;
        let mut held = self.lock_held();
        for c in lost {
            if let Some(h) = held.get_mut(&c)
                && !h.lost
            {
                tracing::warn!(chunk = c, "job: lease lost; another worker may take this chunk");
                h.lost = true;
            }
        }
        Ok(())
    }

    /// The stream ended: outcomes flushed, every chunk still held handed
    /// back, this worker's heartbeat removed.
    async fn leave(&self) {
        if let Err(e) = self.flush().await {
            tracing::error!(error = %e, "job: cannot record the last outcomes");
        }
        let chunks: Vec<u64> = self.lock_held().keys().copied().collect();
        for c in chunks {
            if let Err(e) = self.release(c).await {
                tracing::error!(error = %e, chunk = c, "job: cannot hand a chunk back; it returns when its lease runs out");
            }
        }
        let keys = &self.keys;
        let _ = self
            .redis("leave", |mut con| {
                let (beat, workers, token) = (keys.key("beat"), keys.key("workers"), self.token.clone());
                async move {
                    redis::pipe()
                        .zrem(beat, &token)
                        .hdel(workers, &token)
                        .query_async::<()>(&mut con)
                        .await
                }
            })
            .await;
    }
}

/// How long an outcome may wait for an intent to ride along with before
/// the background task records it alone.
const FLUSH_EVERY: Duration = Duration::from_millis(250);

/// Aborts the background task when the run's stream is dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Worker {
    /// The default lease: 15 s. A dead worker's chats wait about this long.
    pub const DEFAULT_LEASE: Duration = Duration::from_secs(15);

    /// How long a worker waits for a lost Redis by default: 60 s.
    pub const DEFAULT_REDIS_WAIT: Duration = Duration::from_secs(60);

    /// The job's action.
    pub fn action(&self) -> &ChatAction {
        &self.shared.action
    }

    /// This worker's name in [`JobStatus::workers`](super::JobStatus::workers).
    pub fn id(&self) -> &str {
        &self.shared.token
    }

    /// A handle that stops the worker: no new chat is taken, those in
    /// flight finish, and its chunks are handed back at once.
    pub fn stopper(&self) -> Stopper {
        self.stopper.clone()
    }

    /// Works on the job with `client` until no chunk is left (any worker's
    /// included: a chunk held by a worker that dies is taken over once its
    /// lease runs out), yielding each chat's [`JobItem`] as it completes.
    ///
    /// Each chat's intent is recorded (after its rate-limit slot, before
    /// its request) by a compare-and-set only this worker can win; the
    /// outcomes ride along with the next intent, or are flushed within a
    /// quarter second. A chat this worker could not claim (another worker
    /// began it, or took its chunk) comes back as [`JobItem::Elsewhere`].
    /// When Redis cannot be reached for the builder's `redis_wait`, the
    /// chats not yet sent come back as [`JobItem::NotSent`] and the worker
    /// stops.
    pub fn run(self, client: &Client) -> BoxStream<'static, JobItem> {
        let Worker {
            shared,
            concurrency,
            stopper,
        } = self;
        let background = {
            let shared = shared.clone();
            let every = Duration::from_millis(shared.lease_ms / 3).max(Duration::from_millis(100));
            tokio::spawn(async move {
                let mut last_renew = Instant::now() - every;
                loop {
                    if last_renew.elapsed() >= every {
                        last_renew = Instant::now();
                        if let Err(e) = shared.renew().await {
                            tracing::error!(error = %e, "job: cannot renew leases");
                        }
                    }
                    let quiet = shared
                        .last_record
                        .lock()
                        .unwrap_or_else(|p| p.into_inner())
                        .elapsed();
                    if quiet >= FLUSH_EVERY
                        && let Err(e) = shared.flush().await
                    {
                        tracing::error!(error = %e, "job: cannot record outcomes");
                    }
                    tokio::time::sleep(FLUSH_EVERY.min(every)).await;
                }
            })
        };
        let guard = Arc::new(AbortOnDrop(background));
        let tickets = tickets(shared.clone(), stopper.clone());
        let client = client.clone();
        let pause = SharedPause::default();
        let at_end = shared.clone();
        let stream = tickets
            .take_until(stopper.clone().stopped())
            .enumerate()
            .map(move |(index, ticket)| {
                let (client, pause, shared, stopper, guard) =
                    (client.clone(), pause.clone(), shared.clone(), stopper.clone(), guard.clone());
                async move {
                    let _guard = guard;
                    let (chunk, off, chat_id) = match ticket {
                        Ok(t) => t,
                        Err(e) => {
                            tracing::error!(error = %e, "job: cannot claim work; stopping");
                            stopper.stop();
                            return JobItem::Halted {
                                error: RecordError::Redis(e),
                            };
                        }
                    };
                    let intent = || shared.intent(chunk, off);
                    let action = shared.action.clone();
                    let item = match client.perform_item(&pause, index, chat_id, action, intent).await {
                        Ok(item) => item,
                        Err(NotSent { chat_id, reason, .. }) => {
                            let out = match reason {
                                Refused::Elsewhere => JobItem::Elsewhere { chat_id },
                                Refused::Redis(e) => {
                                    tracing::error!(error = %e, "job: cannot record an intent; not sent, stopping");
                                    stopper.stop();
                                    JobItem::NotSent {
                                        chat_id,
                                        error: RecordError::Redis(e),
                                    }
                                }
                            };
                            let _ = shared.done_one(chunk).await;
                            return out;
                        }
                    };
                    let state = if item.result.is_ok() { b'o' } else { b'f' };
                    shared.lock_outcomes().push((chunk, off, state));
                    if let Err(e) = shared.done_one(chunk).await {
                        tracing::error!(error = %e, "job: cannot release a chunk");
                    }
                    JobItem::Done(item)
                }
            })
            .buffer_unordered(concurrency)
            .chain(
                futures_util::stream::once(async move { at_end.leave().await })
                    .filter_map(|()| std::future::ready(None)),
            );
        Box::pin(stream)
    }
}

/// The chats to send, chunk after chunk: claimed as the previous one runs
/// out; when none is left to claim but other workers hold chunks, polls
/// (one of them may die); ends when no chunk is held by anyone else.
fn tickets(
    shared: Arc<Shared>,
    stopper: Stopper,
) -> impl futures_core::Stream<Item = Result<Ticket, RedisJobError>> + Send + 'static {
    // Short: a worker waiting on others notices at once that the job is
    // done (a claim that finds nothing costs Redis a few microseconds).
    let poll = Duration::from_millis(shared.lease_ms / 4)
        .clamp(Duration::from_millis(50), Duration::from_millis(200));
    futures_util::stream::unfold(
        (shared, VecDeque::<Ticket>::new(), false),
        move |(shared, mut queue, failed)| {
            let stopper = stopper.clone();
            async move {
                if failed {
                    return None;
                }
                loop {
                    if stopper.is_stopped() {
                        return None;
                    }
                    if let Some(t) = queue.pop_front() {
                        if shared.lock_held().get(&t.0).is_none_or(|h| h.lost) {
                            // The chunk is another worker's now: its chats are too.
                            queue.retain(|q| q.0 != t.0);
                            shared.lock_held().remove(&t.0);
                            continue;
                        }
                        return Some((Ok(t), (shared, queue, false)));
                    }
                    match shared.claim().await {
                        Ok(Ok((chunk, tickets))) => {
                            if tickets.is_empty()
                                && let Err(e) = shared.release(chunk).await
                            {
                                return Some((Err(e), (shared, queue, true)));
                            }
                            queue = tickets;
                        }
                        Ok(Err(held)) => {
                            let mine = shared.lock_held().values().filter(|h| !h.lost).count() as u64;
                            if held <= mine {
                                return None;
                            }
                            tokio::time::sleep(poll).await;
                        }
                        Err(e) => return Some((Err(e), (shared, queue, true))),
                    }
                }
            }
        },
    )
}
