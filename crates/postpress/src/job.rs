//! A bulk job that survives: one action over a stream of chat ids, with a
//! [`Journal`] (resume after a crash without resending what is done), a
//! [`Shard`] (split one input across machines) and a [`Stopper`] (stop
//! taking new chats, let those in flight finish).

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use futures_core::Stream;
use futures_core::stream::BoxStream;
use futures_util::StreamExt;
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::journal::{Decision, Fingerprint, Journal, JournalError, Previous, Resume};
use crate::pace::gate::RateGate;
use crate::{BulkItem, ChatAction, Client, Shard};

/// One action over many chats, as [`Client::run_job`] runs it.
///
/// ```no_run
/// use futures::StreamExt;
/// use postpress::{ChatAction, Job, JobItem, Resume, Shard};
/// # async fn run(client: postpress::Client, ids: Vec<String>) -> Result<(), Box<dyn std::error::Error>> {
/// let job = Job::new(ChatAction::AddParticipant("334455667788@s.whatsapp.net".parse()?))
///     .concurrency(16)
///     .shard("2/4".parse::<Shard>()?)
///     // Goes on where an earlier run stopped; a new file starts the job.
///     .resume("job.journal", Resume::new())?;
/// let stop = job.stopper(); // stop.stop() from a signal handler
/// let mut items = client.run_job(job, futures::stream::iter(ids));
/// while let Some(item) = items.next().await {
///     if let JobItem::Done(done) = item {
///         if let Err(e) = &done.result {
///             eprintln!("{}: {e}", done.chat_id);
///         }
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Job {
    action: ChatAction,
    concurrency: usize,
    shard: Shard,
    journal: Option<Journal>,
    /// The shard the journal was opened for (it records it).
    journal_shard: Option<Shard>,
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

    async fn stopped(self) {
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
    /// Sent in this run; its outcome is in the journal. A request whose
    /// intent could not be journaled is not sent, fails with
    /// [`Error::Journal`](crate::Error::Journal), and stops the job.
    Done(BulkItem),
    /// Not sent: the journal says it was done (or may have been) in an
    /// earlier run, or it came earlier in this input.
    Skipped {
        /// The chat id.
        chat_id: String,
        /// What is known of it.
        previous: Previous,
    },
}

impl Job {
    /// A job performing `action` on each chat, 8 at a time, over the whole
    /// input, with no journal.
    pub fn new(action: ChatAction) -> Self {
        Self {
            action,
            concurrency: 8,
            shard: Shard::ALL,
            journal: None,
            journal_shard: None,
            stopper: Stopper::default(),
        }
    }

    /// At most `n` requests in flight (at least 1).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// Only the chat ids of `shard`. Set it before opening the journal,
    /// which records it: a job whose shard changed after its journal was
    /// opened sends nothing (its first chat fails with
    /// [`JournalError::Mismatch`] and the job stops).
    pub fn shard(mut self, shard: Shard) -> Self {
        self.shard = shard;
        self
    }

    /// Journals the job in a new file at `path`: refused when the file
    /// already holds lines ([`JournalError::Exists`]).
    pub fn journal(mut self, path: impl AsRef<Path>) -> Result<Self, JournalError> {
        let fp = Fingerprint::new(&self.action, self.shard);
        self.journal = Some(Journal::create(path.as_ref(), &fp)?);
        self.journal_shard = Some(self.shard);
        Ok(self)
    }

    /// Goes on with the job journaled at `path`: every chat already done
    /// is skipped, and `resume` says what happens to the failed and
    /// unknown ones. A missing or empty file starts the job. Refused with
    /// [`JournalError::Mismatch`] when the journal records another action,
    /// value or shard.
    pub fn resume(mut self, path: impl AsRef<Path>, resume: Resume) -> Result<Self, JournalError> {
        let fp = Fingerprint::new(&self.action, self.shard);
        self.journal = Some(Journal::resume(
            path.as_ref(),
            &fp,
            self.action.is_idempotent(),
            resume,
        )?);
        self.journal_shard = Some(self.shard);
        Ok(self)
    }

    /// Makes each intent durable before its request: see
    /// [`Journal::sync_each_intent`].
    pub fn sync_each_intent(mut self, yes: bool) -> Self {
        self.journal = self.journal.map(|j| j.sync_each_intent(yes));
        self
    }

    /// The job's journal, if it has one.
    pub fn journal_handle(&self) -> Option<&Journal> {
        self.journal.as_ref()
    }

    /// A handle that stops the job.
    pub fn stopper(&self) -> Stopper {
        self.stopper.clone()
    }
}

impl Client {
    /// Runs `job` over `chat_ids`, yielding each chat's [`JobItem`] as it
    /// completes (in completion order). The stream is boxed, so it is
    /// `Unpin`: `.next().await` works on it as it is.
    ///
    /// Ids outside the job's shard are passed over without an item. With a
    /// journal, each chat's intent is written after its rate-limit slot and
    /// before its request, and its outcome after the answer; chats the
    /// journal knows are skipped; a chat met twice is sent once. Rate
    /// limiting and the shared 429 pause work as in
    /// [`perform_stream`](Self::perform_stream). After
    /// [`Stopper::stop`], no new chat is taken; the stream ends when those in
    /// flight are done, after the journal is synced (`fdatasync`).
    pub fn run_job<St, S>(&self, job: Job, chat_ids: St) -> BoxStream<'static, JobItem>
    where
        St: Stream<Item = S> + Send + 'static,
        S: Into<String> + Send + 'static,
    {
        let Job {
            action,
            concurrency,
            shard,
            journal,
            journal_shard,
            stopper,
        } = job;
        // `shard()` called after the journal was opened: the journal
        // records another shard than the one the job would take.
        let mismatch = journal_shard.filter(|j| *j != shard).map(|j| (j, shard));
        let client = self.clone();
        let gate = Arc::new(RateGate::default());
        let journal_at_end = journal.clone();
        let stop_on_error = stopper.clone();
        let stream = chat_ids
            .map(Into::into)
            .take_until(stopper.stopped())
            .filter(move |id: &String| std::future::ready(shard.contains(id)))
            .enumerate()
            .map(move |(index, chat_id)| {
                let (client, gate, action, journal) = (client.clone(), gate.clone(), action.clone(), journal.clone());
                let stopper = stop_on_error.clone();
                async move {
                    if let (Some((recorded, given)), Some(j)) = (mismatch, &journal) {
                        stopper.stop();
                        let e = JournalError::Mismatch {
                            path: j.path().to_path_buf(),
                            field: "shard",
                            journal: recorded.to_string(),
                            given: given.to_string(),
                        };
                        return JobItem::Done(BulkItem {
                            index,
                            chat_id,
                            action,
                            result: Err(crate::Error::Journal(Box::new(e))),
                            rate_limited: 0,
                            attempts: 0,
                        });
                    }
                    if let Some(j) = &journal
                        && let Decision::Skip(previous) = j.decide(&chat_id)
                    {
                        return JobItem::Skipped { chat_id, previous };
                    }
                    let intent = |id: &str| match &journal {
                        Some(j) => j.intent(id),
                        None => Ok(()),
                    };
                    let start = Instant::now();
                    let item = client.perform_item(&gate, index, chat_id, action, Some(&intent)).await;
                    if let Err(crate::Error::Journal(_)) = &item.result {
                        stopper.stop();
                    }
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
