//! A job whose state lives in Redis (the `redis` feature): any number of
//! workers on any machines finish it together, and no action that is not
//! idempotent is sent twice, whatever dies. [`RedisJobs`] starts a job,
//! reports on it, lists and requeues its failed and unknown chats, and
//! makes [`Worker`]s.
//!
//! How it holds:
//!
//! * `start` loads the action and the ids, in chunks of
//!   [`CHUNK`] chats, with one state byte per chat.
//! * A worker claims a chunk under a lease (Redis's clock), renews it every
//!   third of a lease, and claims the chunk of a worker whose lease ran out.
//! * Before a chat's request, the worker records its intent with a
//!   compare-and-set that only the chunk's current holder can win, and only
//!   for a chat nobody began: only the winner sends.
//! * A worker that takes a chunk over settles the chats in flight there: not
//!   started again when the action is idempotent, `unknown` (never resent on
//!   its own) when it is not.
//! * Outcomes are recorded whoever holds the chunk: one reported late is kept.
//!
//! The keys are `postpress:job:{J}:…`, `J` the SHA-1 of the API key, the
//! base URL and the job's name (never the key itself).

mod scripts;
mod worker;

use std::fmt;
use std::time::Duration;

use redis::AsyncCommands;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};

use postpress::ChatAction;
use postpress_util::redact::{redact_url, redact_url_secrets};

pub use worker::{Worker, WorkerBuilder};

/// How many chats one chunk holds: what a worker claims at a time, and
/// what a dead worker's lease holds back.
pub const CHUNK: usize = 100;

/// How many chunks go to Redis in one pipeline when a job is loaded or read.
const BATCH: usize = 200;

/// Why a Redis job operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RedisJobError {
    /// The URL is not a Redis URL (`redis://[:password@]host[:port][/db]`).
    #[error("invalid Redis URL {url}: {reason}")]
    InvalidUrl {
        /// The URL, password hidden.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// Redis did not answer (within the time a worker waits for it).
    #[error("Redis at {url} is unreachable: {reason}")]
    Unreachable {
        /// The URL, password hidden.
        url: String,
        /// What failed.
        reason: String,
    },
    /// No job of that name (for this API key and base URL).
    #[error("no job named `{0}` in this Redis (for this API key and base URL): start it with `job start`")]
    NoSuchJob(String),
    /// A job of that name exists with another action, value or ids.
    #[error("a job named `{name}` already exists with {differs}: pick another name")]
    Conflict {
        /// The job's name.
        name: String,
        /// What differs.
        differs: String,
    },
    /// The job's record in Redis cannot be read (written by another
    /// version, or edited by hand).
    #[error("the job `{name}` in Redis is unreadable: {reason}")]
    Corrupt {
        /// The job's name.
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// Redis is not set up to keep what the guarantee needs.
    #[error("{0}")]
    NotDurable(String),
}

/// A chat's state in a Redis job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChatState {
    /// Not started (or put back).
    NotStarted,
    /// Its intent is recorded and no outcome yet.
    InFlight,
    /// The server accepted the action.
    Ok,
    /// The action failed.
    Failed,
    /// Its request may have gone out, and the action is not idempotent:
    /// whether the server acted is not known. Never resent unless asked
    /// ([`RedisJobs::retry`]).
    Unknown,
}

impl ChatState {
    fn byte(self) -> u8 {
        match self {
            ChatState::NotStarted => b'.',
            ChatState::InFlight => b'i',
            ChatState::Ok => b'o',
            ChatState::Failed => b'f',
            ChatState::Unknown => b'u',
        }
    }
}

/// What [`RedisJobs::start`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Started {
    /// The job was loaded.
    Loaded {
        /// Chats in the job (duplicates counted once).
        total: u64,
        /// Ids met more than once in the input.
        duplicates: u64,
    },
    /// The same job (action, value and ids) was already there: nothing changed.
    AlreadyThere {
        /// Chats in the job.
        total: u64,
    },
}

/// A job's progress, from [`RedisJobs::status`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct JobStatus {
    /// The action (its wire name).
    pub action: String,
    /// Chats in the job.
    pub total: u64,
    /// Done, accepted by the server.
    pub ok: u64,
    /// Done, failed.
    pub failed: u64,
    /// Sent or maybe sent, outcome unknown (not idempotent).
    pub unknown: u64,
    /// Intent recorded, no outcome yet.
    pub in_flight: u64,
    /// Not started.
    pub not_started: u64,
    /// The workers that have joined, most recent heartbeat first.
    pub workers: Vec<WorkerStatus>,
}

impl JobStatus {
    /// Every chat has an outcome (`ok`, `failed` or `unknown`).
    pub fn is_done(&self) -> bool {
        self.in_flight == 0 && self.not_started == 0
    }
}

/// One worker of a job, from its heartbeats.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WorkerStatus {
    /// Its name: host, process id and a random part.
    pub id: String,
    /// How long ago (by Redis's clock) it last renewed its leases.
    pub last_heartbeat: Duration,
    /// Whether it renewed within its lease (it holds its chunks).
    pub live: bool,
}

/// What Redis says of its persistence, from `CONFIG GET` (see
/// [`RedisJobs::durability`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Durability {
    /// `appendonly yes` with `appendfsync always`: each recorded intent is
    /// on disk before Redis answers.
    Always,
    /// Something less: what it is, and the setting to change.
    Weaker(String),
    /// `CONFIG GET` is refused (managed services often rename it): unknown.
    Unknown(String),
}

/// The Redis keys of one job.
#[derive(Clone)]
pub(crate) struct Keys {
    pub(crate) prefix: String,
}

impl Keys {
    fn new(api_key: &str, base_url: &str, name: &str) -> Self {
        let mut h = sha1_smol::Sha1::new();
        for part in [api_key, base_url, name] {
            h.update(part.as_bytes());
            h.update(b"\0");
        }
        Self {
            prefix: format!("postpress:job:{{{}}}:", h.digest()),
        }
    }
    pub(crate) fn key(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }
    pub(crate) fn chunk(&self, what: &str, n: u64) -> String {
        format!("{}{what}:{n}", self.prefix)
    }
}

/// Redis jobs of one API key and base URL, in one Redis.
///
/// ```no_run
/// use postpress::ChatAction;
/// use postpress_jobs::redis_job::RedisJobs;
/// # async fn run(client: postpress::Client, ids: Vec<String>) -> Result<(), Box<dyn std::error::Error>> {
/// let (key, base) = ("k", postpress::DEFAULT_BASE_URL);
/// let jobs = RedisJobs::connect("redis://10.0.0.5:6379", key, base).await?;
/// jobs.start("vip-group", &ChatAction::AddParticipant("334455667788@s.whatsapp.net".parse()?), ids)
///     .await?;
/// // On every machine:
/// let worker = jobs.worker("vip-group").concurrency(16).open().await?;
/// let mut items = worker.run(&client);
/// # use futures::StreamExt;
/// while let Some(_item) = items.next().await {}
/// println!("{:?}", jobs.status("vip-group").await?);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct RedisJobs {
    url: String,
    raw_url: String,
    manager: ConnectionManager,
    api_key_base: (String, String),
}

impl fmt::Debug for RedisJobs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisJobs")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl RedisJobs {
    /// Connects to Redis at `url` (within 2 s) for the jobs of clients
    /// with this API key and base URL.
    pub async fn connect(url: &str, api_key: &str, base_url: &str) -> Result<Self, RedisJobError> {
        let shown = redact_url(url).into_owned();
        let client = redis::Client::open(url).map_err(|e| RedisJobError::InvalidUrl {
            url: shown.clone(),
            reason: redact_url_secrets(&e.to_string(), url).into_owned(),
        })?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(1)))
            .set_response_timeout(Some(Duration::from_secs(5)))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(500));
        let unreachable = |reason: String| RedisJobError::Unreachable {
            url: shown.clone(),
            reason: redact_url_secrets(&reason, url).into_owned(),
        };
        let manager = tokio::time::timeout(
            Duration::from_secs(2),
            ConnectionManager::new_with_config(client, config),
        )
        .await
        .map_err(|_| unreachable("no connection within 2s".into()))?
        .map_err(|e| unreachable(e.to_string()))?;
        let this = Self {
            url: shown.clone(),
            raw_url: url.to_string(),
            manager,
            api_key_base: (api_key.to_string(), base_url.to_string()),
        };
        let mut con = this.manager.clone();
        tokio::time::timeout(
            Duration::from_secs(2),
            redis::cmd("PING").query_async::<()>(&mut con),
        )
        .await
        .map_err(|_| unreachable("no answer within 2s".into()))?
        .map_err(|e| unreachable(e.to_string()))?;
        Ok(this)
    }

    /// The Redis URL, password hidden.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub(crate) fn keys(&self, name: &str) -> Keys {
        Keys::new(&self.api_key_base.0, &self.api_key_base.1, name)
    }

    pub(crate) fn error(&self, e: redis::RedisError) -> RedisJobError {
        RedisJobError::Unreachable {
            url: self.url.clone(),
            reason: redact_url_secrets(&e.to_string(), &self.raw_url).into_owned(),
        }
    }

    pub(crate) fn connection(&self) -> ConnectionManager {
        self.manager.clone()
    }

    /// What Redis keeps of a recorded intent if it is killed: the
    /// guarantee needs [`Durability::Always`] (`appendonly yes`,
    /// `appendfsync always`). Without it, an intent acknowledged just
    /// before a crash can be lost, and its chat sent again.
    pub async fn durability(&self) -> Durability {
        let mut con = self.connection();
        let mut get = async |name: &str| -> Result<String, String> {
            let v: Vec<String> = redis::cmd("CONFIG")
                .arg("GET")
                .arg(name)
                .query_async(&mut con)
                .await
                .map_err(|e| redact_url_secrets(&e.to_string(), &self.raw_url).into_owned())?;
            Ok(v.get(1).cloned().unwrap_or_default())
        };
        let appendonly = match get("appendonly").await {
            Ok(v) => v,
            Err(e) => return Durability::Unknown(format!("CONFIG GET appendonly refused: {e}")),
        };
        let fsync = match get("appendfsync").await {
            Ok(v) => v,
            Err(e) => return Durability::Unknown(format!("CONFIG GET appendfsync refused: {e}")),
        };
        if appendonly != "yes" {
            return Durability::Weaker(format!(
                "Redis at {} has appendonly {appendonly}: a restart loses the intents recorded since its last snapshot (set `appendonly yes` and `appendfsync always`)",
                self.url
            ));
        }
        if fsync != "always" {
            return Durability::Weaker(format!(
                "Redis at {} has appendfsync {fsync}: a crash loses up to a second of recorded intents (set `appendfsync always`)",
                self.url
            ));
        }
        Durability::Always
    }

    /// Loads the job `name`: `action` on each of `ids` (each id once, in
    /// input order; empty ids and ids holding a line break, which no chat
    /// id holds, are left out). Starting the same job again (same action, value and
    /// ids) changes nothing and says so; another job under a name in use
    /// is refused ([`RedisJobError::Conflict`]).
    pub async fn start(
        &self,
        name: &str,
        action: &ChatAction,
        ids: impl IntoIterator<Item = String>,
    ) -> Result<Started, RedisJobError> {
        let keys = self.keys(name);
        let action_json = serde_json::to_string(action).map_err(|e| RedisJobError::Corrupt {
            name: name.into(),
            reason: e.to_string(),
        })?;
        let mut seen = std::collections::HashSet::new();
        let mut unique = Vec::new();
        let mut duplicates = 0u64;
        let mut digest = sha1_smol::Sha1::new();
        digest.update(action_json.as_bytes());
        for id in ids {
            // A line break would split the chunk's list of ids; an empty
            // id is no chat. Both are left out (a chat id has neither).
            if id.is_empty() || id.contains('\n') {
                continue;
            }
            if seen.insert(id.clone()) {
                digest.update(b"\n");
                digest.update(id.as_bytes());
                unique.push(id);
            } else {
                duplicates += 1;
            }
        }
        drop(seen);
        let digest = digest.digest().to_string();
        let total = unique.len() as u64;
        let mut con = self.connection();
        let meta: std::collections::HashMap<String, String> =
            con.hgetall(keys.key("meta")).await.map_err(|e| self.error(e))?;
        if !meta.is_empty() {
            if meta.get("digest") == Some(&digest) {
                return Ok(Started::AlreadyThere { total });
            }
            let differs = if meta.get("action").map(String::as_str) != Some(action_json.as_str()) {
                format!(
                    "another action ({})",
                    meta.get("action").map_or("?", |s| s.as_str())
                )
            } else {
                format!(
                    "other chat ids ({} there, {total} here)",
                    meta.get("total").map_or("?", |s| s.as_str())
                )
            };
            return Err(RedisJobError::Conflict {
                name: name.into(),
                differs,
            });
        }
        // A start that died half-way left no meta: load afresh.
        let chunks: Vec<&[String]> = unique.chunks(CHUNK).collect();
        let mut pipe = redis::pipe();
        pipe.del(keys.key("todo"))
            .del(keys.key("held"))
            .del(keys.key("owner"))
            .del(keys.key("beat"))
            .del(keys.key("workers"))
            .del(keys.key("counts"))
            .ignore();
        pipe.query_async::<()>(&mut con)
            .await
            .map_err(|e| self.error(e))?;
        for (b, batch) in chunks.chunks(BATCH).enumerate() {
            let mut pipe = redis::pipe();
            for (i, ids) in batch.iter().enumerate() {
                let n = (b * BATCH + i) as u64;
                pipe.set(keys.chunk("ids", n), ids.join("\n")).ignore();
                pipe.set(keys.chunk("st", n), ".".repeat(ids.len())).ignore();
                pipe.del(keys.chunk("fly", n)).ignore();
                pipe.rpush(keys.key("todo"), n).ignore();
            }
            pipe.query_async::<()>(&mut con)
                .await
                .map_err(|e| self.error(e))?;
        }
        let mut pipe = redis::pipe();
        pipe.hset_multiple(
            keys.key("counts"),
            &[(".", total), ("i", 0), ("o", 0), ("f", 0), ("u", 0)],
        )
        .ignore();
        // Written last: a job exists once its meta does.
        pipe.hset_multiple(
            keys.key("meta"),
            &[
                ("action", action_json.as_str()),
                ("digest", digest.as_str()),
                ("total", &total.to_string()),
                ("chunks", &chunks.len().to_string()),
                ("idempotent", if action.is_idempotent() { "1" } else { "0" }),
                ("format", "1"),
            ],
        )
        .ignore();
        pipe.query_async::<()>(&mut con)
            .await
            .map_err(|e| self.error(e))?;
        Ok(Started::Loaded { total, duplicates })
    }

    /// The job's meta: its action, total and chunk count.
    pub(crate) async fn meta(&self, name: &str) -> Result<Meta, RedisJobError> {
        let keys = self.keys(name);
        let mut con = self.connection();
        let meta: std::collections::HashMap<String, String> =
            con.hgetall(keys.key("meta")).await.map_err(|e| self.error(e))?;
        if meta.is_empty() {
            return Err(RedisJobError::NoSuchJob(name.into()));
        }
        let corrupt = |reason: &str| RedisJobError::Corrupt {
            name: name.into(),
            reason: reason.into(),
        };
        let action: ChatAction = meta
            .get("action")
            .and_then(|a| serde_json::from_str(a).ok())
            .ok_or_else(|| corrupt("its action is not one this client knows"))?;
        let number = |k: &str| {
            meta.get(k)
                .and_then(|v| v.parse::<u64>().ok())
                .ok_or_else(|| corrupt(k))
        };
        Ok(Meta {
            keys,
            action,
            total: number("total")?,
            chunks: number("chunks")?,
        })
    }

    /// Progress of the job `name`, readable from anywhere while it runs.
    pub async fn status(&self, name: &str) -> Result<JobStatus, RedisJobError> {
        let meta = self.meta(name).await?;
        let keys = &meta.keys;
        let mut con = self.connection();
        let (counts, beats, leases, time): StatusReply = redis::pipe()
            .hgetall(keys.key("counts"))
            .zrevrange_withscores(keys.key("beat"), 0, -1)
            .hgetall(keys.key("workers"))
            .cmd("TIME")
            .query_async(&mut con)
            .await
            .map_err(|e| self.error(e))?;
        let now = time.0 * 1000 + time.1 / 1000;
        let count = |b: &str| counts.get(b).copied().unwrap_or(0).max(0) as u64;
        let workers = beats
            .into_iter()
            .map(|(id, beat)| {
                let ago = Duration::from_millis(now.saturating_sub(beat));
                let lease = Duration::from_millis(leases.get(&id).copied().unwrap_or(0));
                WorkerStatus {
                    live: ago <= lease,
                    id,
                    last_heartbeat: ago,
                }
            })
            .collect();
        Ok(JobStatus {
            action: meta.action.name().to_string(),
            total: meta.total,
            ok: count("o"),
            failed: count("f"),
            unknown: count("u"),
            in_flight: count("i"),
            not_started: count("."),
            workers,
        })
    }

    /// The chat ids of the job `name` in `state`, in input order.
    pub async fn list(&self, name: &str, state: ChatState) -> Result<Vec<String>, RedisJobError> {
        let meta = self.meta(name).await?;
        let want = state.byte();
        let mut con = self.connection();
        let mut out = Vec::new();
        let all: Vec<u64> = (0..meta.chunks).collect();
        for batch in all.chunks(BATCH) {
            let mut pipe = redis::pipe();
            for &n in batch {
                pipe.get(meta.keys.chunk("st", n)).get(meta.keys.chunk("ids", n));
            }
            let replies: Vec<Option<Vec<u8>>> =
                pipe.query_async(&mut con).await.map_err(|e| self.error(e))?;
            for pair in replies.chunks(2) {
                let (Some(Some(st)), Some(Some(ids))) = (pair.first(), pair.get(1)) else {
                    continue;
                };
                for (b, id) in st.iter().zip(ids.split(|c| *c == b'\n')) {
                    if *b == want {
                        out.push(String::from_utf8_lossy(id).into_owned());
                    }
                }
            }
        }
        Ok(out)
    }

    /// Puts the chats of the job `name` in `state` ([`ChatState::Unknown`]
    /// or [`ChatState::Failed`]) back into it, to be sent again by the
    /// workers. Returns how many. Resending an unknown chat may act twice:
    /// that is what asking for it means.
    pub async fn retry(&self, name: &str, state: ChatState) -> Result<u64, RedisJobError> {
        let meta = self.meta(name).await?;
        if !matches!(state, ChatState::Unknown | ChatState::Failed) {
            return Ok(0);
        }
        let from = (state.byte() as char).to_string();
        let script = scripts::script(scripts::REQUEUE);
        let mut con = self.connection();
        let mut total = 0u64;
        let all: Vec<u64> = (0..meta.chunks).collect();
        for batch in all.chunks(BATCH) {
            let mut inv = script.prepare_invoke();
            inv.key(meta.keys.key("todo"))
                .key(meta.keys.key("held"))
                .key(meta.keys.key("counts"))
                .arg(&meta.keys.prefix)
                .arg(&from);
            for n in batch {
                inv.arg(n);
            }
            let n: u64 = inv.invoke_async(&mut con).await.map_err(|e| self.error(e))?;
            total += n;
        }
        Ok(total)
    }

    /// A worker of the job `name`, to configure and [`open`](WorkerBuilder::open).
    pub fn worker(&self, name: &str) -> WorkerBuilder {
        WorkerBuilder::new(self.clone(), name)
    }
}

/// The replies `status` reads in one round trip: the counts, the
/// heartbeats, the workers' leases and Redis's clock.
type StatusReply = (
    std::collections::HashMap<String, i64>,
    Vec<(String, u64)>,
    std::collections::HashMap<String, u64>,
    (u64, u64),
);

/// A job's meta, read from Redis.
pub(crate) struct Meta {
    pub(crate) keys: Keys,
    pub(crate) action: ChatAction,
    pub(crate) total: u64,
    pub(crate) chunks: u64,
}
