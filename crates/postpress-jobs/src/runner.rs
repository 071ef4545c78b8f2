//! A bulk job that survives: one action over a stream of chat ids, with a
//! [`Journal`] (resume after a crash without resending what is done), a
//! [`Shard`] (split one input across machines) and a [`Stopper`] (stop
//! taking new chats, let those in flight finish).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use futures_core::Stream;
use futures_core::stream::BoxStream;
use futures_util::StreamExt;
use postpress::{BulkItem, ChatAction, Client, NotSent, SharedPause};
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::Shard;
use crate::journal::{Decision, Fingerprint, Journal, JournalError, Previous, Resume};

/// A job, described whole before anything is opened: one action, how many
/// chats at a time, which shard of the input, and its journal.
/// [`open`](Self::open) opens (or resumes) the journal for exactly this
/// description, so no setting can change after the journal recorded it.
///
/// ```no_run
/// use futures::StreamExt;
/// use postpress::ChatAction;
/// use postpress_jobs::{Job, JobItem, Resume, Shard};
/// # async fn run(client: postpress::Client, ids: Vec<String>) -> Result<(), Box<dyn std::error::Error>> {
/// let job = Job::builder(ChatAction::AddParticipant("334455667788@s.whatsapp.net".parse()?))
///     .concurrency(16)
///     .shard("2/4".parse::<Shard>()?)
///     // Goes on where an earlier run stopped; a new file starts the job.
///     .resume("job.journal", Resume::new())
///     .open()?;
/// let stop = job.stopper(); // stop.stop() from a signal handler
/// let mut items = job.run(&client, futures::stream::iter(ids));
/// while let Some(item) = items.next().await {
///     if let JobItem::Done(done) = item {
///         if let Err(e) = &done.result {
///             eprintln!("{}: {e}", done.chat_id);
///         }
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct JobBuilder {
    action: ChatAction,
    concurrency: usize,
    shard: Shard,
    journal: Option<(PathBuf, Option<Resume>)>,
    sync_each_intent: bool,
}

impl JobBuilder {
    /// At most `n` requests in flight (at least 1; 8 by default).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// Only the chat ids of `shard` (the whole input by default). The
    /// journal records it.
    pub fn shard(mut self, shard: Shard) -> Self {
        self.shard = shard;
        self
    }

    /// Journals the job in a new file at `path`: [`open`](Self::open)
    /// refuses a file that already holds lines ([`JournalError::Exists`]).
    pub fn journal(mut self, path: impl AsRef<Path>) -> Self {
        self.journal = Some((path.as_ref().to_path_buf(), None));
        self
    }

    /// Goes on with the job journaled at `path`: every chat already done is
    /// skipped, and `resume` says what happens to the failed and unknown
    /// ones. A missing or empty file starts the job. [`open`](Self::open)
    /// refuses a journal that records another action, value or shard
    /// ([`JournalError::Mismatch`]).
    pub fn resume(mut self, path: impl AsRef<Path>, resume: Resume) -> Self {
        self.journal = Some((path.as_ref().to_path_buf(), Some(resume)));
        self
    }

    /// Makes each intent durable before its request: see
    /// [`Journal::sync_each_intent`].
    pub fn sync_each_intent(mut self, yes: bool) -> Self {
        self.sync_each_intent = yes;
        self
    }

    /// Opens the job: its journal, if it has one, is created or resumed for
    /// this action, value and shard, and locked for this process
    /// ([`JournalError::Locked`] when another writer holds it).
    pub fn open(self) -> Result<Job, JournalError> {
        let fp = Fingerprint::new(&self.action, self.shard);
        let journal = match &self.journal {
            None => None,
            Some((path, None)) => Some(Journal::create(path, &fp)?),
            Some((path, Some(resume))) => {
                Some(Journal::resume(path, &fp, self.action.is_idempotent(), *resume)?)
            }
        };
        Ok(Job {
            action: self.action,
            concurrency: self.concurrency,
            shard: self.shard,
            journal: journal.map(|j| j.sync_each_intent(self.sync_each_intent)),
            stopper: Stopper::default(),
        })
    }
}

/// One action over many chats, opened: run it with [`Job::run`].
#[derive(Debug)]
pub struct Job {
    action: ChatAction,
    concurrency: usize,
    shard: Shard,
    journal: Option<Journal>,
    stopper: Stopper,
}

/// Stops a running job from outside: no new chats are taken, the requests
/// in flight finish (each bounded by the client's timeout and retry
/// policy), their outcomes are journaled, and then the job's stream ends.
#[derive(Debug, Clone, Default)]
pub struct Stopper {
    inner: Arc<StopState>,
}

#[derive(Debug, Default)]
struct StopState {
    stopped: AtomicBool,
    notify: Notify,
}

impl Stopper {
    /// Stops the job (idempotent; safe from any thread).
    pub fn stop(&self) {
        self.inner.stopped.store(true, Ordering::Release);
        self.inner.notify.notify_waiters();
    }

    /// Whether [`stop`](Self::stop) was called.
    pub fn is_stopped(&self) -> bool {
        self.inner.stopped.load(Ordering::Acquire)
    }

    pub(crate) async fn stopped(self) {
        loop {
            let notified = self.inner.notify.notified();
            if self.is_stopped() {
                return;
            }
            notified.await;
        }
    }
}

/// One chat of a job.
#[derive(Debug)]
#[non_exhaustive]
pub enum JobItem {
    /// Sent in this run (or refused before anything could be sent, such as
    /// an invalid chat id); its outcome is in the journal.
    Done(BulkItem),
    /// Not sent: its intent could not be recorded (a full disk, a Redis
    /// that stopped answering). The job stops taking new chats.
    NotSent {
        /// The chat id.
        chat_id: String,
        /// Why the intent could not be recorded.
        error: RecordError,
    },
    /// Not sent here: another worker of a Redis job began or finished it,
    /// or took over its chunk.
    Elsewhere {
        /// The chat id.
        chat_id: String,
    },
    /// The worker of a Redis job stopped: it could not claim work. The
    /// stream ends after the chats in flight.
    Halted {
        /// What failed.
        error: RecordError,
    },
    /// Not sent: the journal says it was done (or may have been) in an
    /// earlier run, or it came earlier in this input.
    Skipped {
        /// The chat id.
        chat_id: String,
        /// What is known of it.
        previous: Previous,
    },
}

/// Why a job could not record what it must before a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// The file journal.
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// The Redis job state.
    #[cfg(feature = "redis")]
    #[error(transparent)]
    Redis(#[from] crate::redis_job::RedisJobError),
}

impl Job {
    /// A job performing `action` on each chat, 8 at a time, over the whole
    /// input, with no journal until one is set.
    pub fn builder(action: ChatAction) -> JobBuilder {
        JobBuilder {
            action,
            concurrency: 8,
            shard: Shard::ALL,
            journal: None,
            sync_each_intent: false,
        }
    }

    /// The job's journal, if it has one.
    pub fn journal(&self) -> Option<&Journal> {
        self.journal.as_ref()
    }

    /// A handle that stops the job.
    pub fn stopper(&self) -> Stopper {
        self.stopper.clone()
    }

    /// Runs the job on `client` over `chat_ids`, yielding each chat's [`JobItem`] as it
    /// completes (in completion order). The stream is boxed, so it is
    /// `Unpin`: `.next().await` works on it as it is.
    ///
    /// Ids outside the job's shard are passed over without an item. With a
    /// journal, each chat's intent is written after its rate-limit slot and
    /// before its request, and its outcome after the answer; chats the
    /// journal knows are skipped; a chat met twice is sent once. Rate
    /// limiting and the shared 429 pause work as in
    /// [`Client::perform_stream`]. After
    /// [`Stopper::stop`], no new chat is taken; the stream ends when those in
    /// flight are done, after the journal is synced (`fdatasync`).
    pub fn run<St, S>(self, client: &Client, chat_ids: St) -> BoxStream<'static, JobItem>
    where
        St: Stream<Item = S> + Send + 'static,
        S: Into<String> + Send + 'static,
    {
        let Job {
            action,
            concurrency,
            shard,
            journal,
            stopper,
        } = self;
        let client = client.clone();
        let pause = SharedPause::default();
        let journal_at_end = journal.clone();
        let stop_on_error = stopper.clone();
        let stream = chat_ids
            .map(Into::into)
            .take_until(stopper.stopped())
            .filter(move |id: &String| std::future::ready(shard.contains(id)))
            .enumerate()
            .map(move |(index, chat_id)| {
                let (client, pause, action, journal) = (client.clone(), pause.clone(), action.clone(), journal.clone());
                let stopper = stop_on_error.clone();
                async move {
                    if let Some(j) = &journal
                        && let Decision::Skip(previous) = j.decide(&chat_id)
                    {
                        return JobItem::Skipped { chat_id, previous };
                    }
                    let start = Instant::now();
                    let id = chat_id.clone();
                    let intent = || {
                        std::future::ready(match &journal {
                            Some(j) => j.intent(&id),
                            None => Ok(()),
                        })
                    };
                    let item = match client.perform_item(&pause, index, chat_id, action, intent).await {
                        Ok(item) => item,
                        Err(NotSent { chat_id, reason, .. }) => {
                            tracing::error!(error = %reason, chat_id = %chat_id, "journal: cannot record the intent; not sent, stopping the job");
                            stopper.stop();
                            return JobItem::NotSent {
                                chat_id,
                                error: RecordError::Journal(reason),
                            };
                        }
                    };
                    if let Some(j) = &journal
                        && let Err(e) = j.outcome(&item.chat_id, &item.result, item.attempts, item.rate_limited, start.elapsed())
                    {
                        tracing::error!(error = %e, chat_id = %item.chat_id, "journal: cannot record the outcome; stopping the job");
                        stopper.stop();
                    }
                    JobItem::Done(item)
                }
            })
            .buffer_unordered(concurrency)
            // When the last item is out, every line is made durable (other
            // clones of the journal may keep it open, so its drop may not).
            .chain(
                futures_util::stream::once(async move {
                    if let Some(j) = journal_at_end
                        && let Err(e) = j.sync()
                    {
                        tracing::error!(error = %e, "journal: final fdatasync failed");
                    }
                })
                .filter_map(|()| std::future::ready(None)),
            );
        Box::pin(stream)
    }
}
