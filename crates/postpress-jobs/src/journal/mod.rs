//! A bulk job's journal: which chats were done, and which requests may have
//! gone out without an answer, in a file that outlives the process.
//!
//! # Format
//!
//! JSON lines, appended, never rewritten. The first line fingerprints the
//! job; a resume is refused when the action, its value or the shard differ:
//!
//! ```text
//! {"journal":"postpress-bulk","version":1,"action":"addParticipant","value":"334455667788@s.whatsapp.net","shard":"1/4","time":"2026-12-02T08:00:00.000Z"}
//! {"event":"intent","chat_id":"chat-1","time":"2026-12-02T08:00:00.004Z"}
//! {"chat_id":"chat-1","outcome":"ok","status":200,"attempts":1,"rate_limited":0,"elapsed_ms":3,"time":"2026-12-02T08:00:00.007Z"}
//! {"event":"intent","chat_id":"chat-2","time":"2026-12-02T08:00:00.009Z"}
//! {"chat_id":"chat-2","outcome":"failed","kind":"errors/resource_not_found","status":404,"attempts":1,"rate_limited":0,"elapsed_ms":2,"error":"...","time":"..."}
//! {"event":"resume","retry_unknown":false,"retry_failed":false,"time":"..."}
//! {"chat_id":"chat-3","outcome":"unknown","reason":"sent, no outcome recorded, not idempotent","time":"..."}
//! ```
//!
//! `outcome` is `ok`, `failed` or `unknown`. The last line about a chat
//! wins. Lines that are not JSON (a line torn by a crash) are skipped when
//! reading.
//!
//! # What survives what
//!
//! - **The process killed (`kill -9`, a panic, OOM).** Nothing is lost: every
//!   line is handed to the OS with one `write(2)` before the code goes on,
//!   and the intent line of a chat is written before its request is sent
//!   (after its rate-limit slot). A chat whose intent has no outcome is
//!   resent on resume when the action is idempotent; when it is not
//!   (`addParticipant`, `removeParticipant`) it is marked `unknown` and not
//!   resent unless asked ([`Resume::retry_unknown`]).
//! - **Power loss or a kernel crash.** Lines reach the disk in batches: the
//!   journal is `fdatasync`ed every [`Journal::DEFAULT_SYNC_INTERVAL`] (and
//!   when the job ends), so up to that much of the latest progress can be
//!   lost. Chats whose lines were lost are sent again on resume, including
//!   non-idempotent ones whose intent was lost. Where that must not happen,
//!   [`Journal::sync_each_intent`] makes every intent durable before its
//!   request, at the cost of one `fdatasync` per chat (milliseconds on
//!   most disks).
//!
//! # One writer
//!
//! A journal has one writer: two jobs appending to the same file would
//! each send what the other sends. Opening a journal takes an exclusive
//! `flock` on it (on Unix), held while the job holds the journal and
//! released by the OS when the process ends; a second writer, in this
//! process or another, gets [`JournalError::Locked`]. Give each shard its
//! own journal.
//!
//! # Cost
//!
//! Two `write(2)` calls per chat, and the bookkeeping of which ids were
//! met. `cargo xtask bench --journal-cost` measured 3,200 to 5,800
//! instructions (4% to 8%) and 5 to 7 µs of wall time per chat on top of a journal-free
//! [`Job::run`](crate::Job::run) at 64 in flight on one core,
//! and the map of ids costs about 100 bytes per chat of the job.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use postpress::Error;

mod file;
mod line;
mod read;

use file::{io_error, open};
pub(crate) use line::Fingerprint;
use line::{now, push_json_str, push_padded, push_time};
use read::count_lines;

/// The value of the header's `journal` field.
pub(crate) const MAGIC: &str = "postpress-bulk";
pub(crate) const VERSION: u64 = 1;

/// What a journal says about one chat from an earlier run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Previous {
    /// Done: the server accepted the action.
    Ok,
    /// Done: the action failed (resent with [`Resume::retry_failed`]).
    Failed,
    /// Its request may have gone out, and it is not idempotent: whether the
    /// server acted is not known (resent with [`Resume::retry_unknown`]).
    Unknown,
    /// Already met earlier in this job's input: a job acts on each chat
    /// once.
    Duplicate,
}

impl Previous {
    /// `ok`, `failed`, `unknown` or `duplicate`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Previous::Ok => "ok",
            Previous::Failed => "failed",
            Previous::Unknown => "unknown",
            Previous::Duplicate => "duplicate",
        }
    }
}

/// Every chat id the journal knows, with its state. FNV-1a: chat ids are
/// short, and they come from the user's own input, not an attacker's.
pub(crate) type States = HashMap<Box<str>, State, postpress_util::fnv::FnvBuildHasher>;

/// The state of a chat id as the journal knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    /// An intent line, no outcome: the request may have gone out.
    Intent,
    Ok,
    Failed,
    Unknown,
    /// Handed to a worker in this run.
    Started,
}

/// Why a journal could not be opened or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JournalError {
    /// Reading or writing the file failed.
    #[error("journal {path}: {source}")]
    Io {
        /// The journal's path.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// Another writer (a job in this process or another) holds the
    /// journal: two writers would each send what the other sends.
    #[error("journal {path} is in use by another job: one writer per journal (give each shard its own)")]
    Locked {
        /// The journal's path.
        path: PathBuf,
    },
    /// A new job was asked for, and the file already holds one.
    #[error("journal {path} already holds a job ({lines} lines): resume it, or choose another file")]
    Exists {
        /// The journal's path.
        path: PathBuf,
        /// How many lines it has.
        lines: usize,
    },
    /// The file's first line is not a journal header.
    #[error("{path} is not a postpress journal (its first line is not a header)")]
    NotAJournal {
        /// The file's path.
        path: PathBuf,
    },
    /// Resuming a job with another action, value or shard than the one the
    /// journal records.
    #[error("journal {path} records a different job: {field} is {journal} there, {given} here")]
    Mismatch {
        /// The journal's path.
        path: PathBuf,
        /// `action`, `value` or `shard`.
        field: &'static str,
        /// What the journal records.
        journal: String,
        /// What was asked for now.
        given: String,
    },
}

/// How a resumed job treats the chats an earlier run did not finish well.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resume {
    retry_unknown: bool,
    retry_failed: bool,
}

impl Resume {
    /// Skip every chat already done, failed or unknown (the default).
    pub fn new() -> Self {
        Self::default()
    }

    /// Also resend the chats whose outcome is unknown: non-idempotent
    /// requests that may have gone out before the earlier run stopped. A
    /// resent `addParticipant` may add a participant twice.
    pub fn retry_unknown(mut self, yes: bool) -> Self {
        self.retry_unknown = yes;
        self
    }

    /// Also resend the chats whose action failed.
    pub fn retry_failed(mut self, yes: bool) -> Self {
        self.retry_failed = yes;
        self
    }
}

/// What opening a journal for resume found in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResumeReport {
    /// Chats done with `ok`.
    pub ok: usize,
    /// Chats whose last outcome is `failed`.
    pub failed: usize,
    /// Chats whose outcome is unknown, including those just marked so.
    pub unknown: usize,
    /// Chats with an intent and no outcome, which this resume marked
    /// `unknown` (non-idempotent action, no [`Resume::retry_unknown`]).
    pub marked_unknown: usize,
    /// Chats with an intent and no outcome that will be sent again
    /// (idempotent action, or [`Resume::retry_unknown`]).
    pub interrupted: usize,
    /// Lines that were not JSON (torn by a crash) and were skipped.
    pub torn_lines: usize,
}

/// A bulk job's journal (see the [module docs](self) for the format and
/// what survives a crash or a power loss).
///
/// Open it with [`JobBuilder::journal`](crate::JobBuilder::journal) or
/// [`JobBuilder::resume`](crate::JobBuilder::resume), which check it against the job.
/// It is written by [`Job::run`](crate::Job::run).
#[derive(Debug, Clone)]
pub struct Journal {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    path: PathBuf,
    file: Mutex<File>,
    states: Mutex<States>,
    resume: Resume,
    report: ResumeReport,
    sync_each_intent: AtomicBool,
    dirty: Arc<AtomicBool>,
    /// Dropped with the journal: ends the sync thread, which syncs once more.
    _stop_sync: Mutex<Option<mpsc::Sender<()>>>,
}

/// What the runner does with one chat id.
#[derive(Debug)]
pub(crate) enum Decision {
    Send,
    Skip(Previous),
}

impl Journal {
    /// How often lines are made durable (`fdatasync`) by default.
    pub const DEFAULT_SYNC_INTERVAL: Duration = Duration::from_secs(1);

    /// A new journal at `path` for the job `fp`: created, or an empty file
    /// taken over; a file that already holds lines is refused.
    pub(crate) fn create(path: &Path, fp: &Fingerprint) -> Result<Self, JournalError> {
        let file = open(path).map_err(io_error(path))?;
        Self::create_in(path, file, fp)
    }

    /// [`create`](Self::create) on the file already opened (and locked).
    fn create_in(path: &Path, mut file: File, fp: &Fingerprint) -> Result<Self, JournalError> {
        let io = io_error(path);
        let lines = count_lines(&mut file).map_err(&io)?;
        if lines > 0 {
            return Err(JournalError::Exists {
                path: path.to_path_buf(),
                lines,
            });
        }
        let journal = Self::with_file(
            path,
            file,
            States::default(),
            Resume::default(),
            ResumeReport::default(),
        );
        journal.append(&fp.header())?;
        journal.sync().map_err(&io)?;
        Ok(journal)
    }

    /// The journal at `path`, to go on with the job `fp`: refused when it
    /// records another job. A missing or empty file starts the job anew.
    pub(crate) fn resume(
        path: &Path,
        fp: &Fingerprint,
        idempotent: bool,
        resume: Resume,
    ) -> Result<Self, JournalError> {
        let io = io_error(path);
        let mut file = open(path).map_err(&io)?;
        let Some((header, states, mut report)) = read::read(&mut file, path)? else {
            return Self::create_in(path, file, fp);
        };
        fp.check(path, &header)?;
        let mut states = states;
        // A line torn by a crash has no newline: start on a fresh line.
        let ends_clean = {
            let len = file.seek(SeekFrom::End(0)).map_err(&io)?;
            if len == 0 {
                true
            } else {
                file.seek(SeekFrom::End(-1)).map_err(&io)?;
                let mut last = [0u8; 1];
                file.read_exact(&mut last).map_err(&io)?;
                last[0] == b'\n'
            }
        };
        if !ends_clean {
            file.write_all(b"\n").map_err(&io)?;
        }
        let mut to_mark = Vec::new();
        for (id, state) in &mut states {
            match state {
                State::Ok => report.ok += 1,
                State::Failed => report.failed += 1,
                State::Unknown => report.unknown += 1,
                State::Intent if !idempotent && !resume.retry_unknown => {
                    *state = State::Unknown;
                    report.unknown += 1;
                    report.marked_unknown += 1;
                    to_mark.push(id.clone());
                }
                State::Intent => report.interrupted += 1,
                State::Started => {}
            }
        }
        to_mark.sort();
        let journal = Self::with_file(path, file, states, resume, report);
        journal.append(&json!({
            "event": "resume",
            "retry_unknown": resume.retry_unknown,
            "retry_failed": resume.retry_failed,
            "time": now(),
        }))?;
        for id in to_mark {
            journal.append(&json!({
                "chat_id": &*id,
                "outcome": "unknown",
                "reason": "sent, no outcome recorded, not idempotent",
                "time": now(),
            }))?;
        }
        journal.sync().map_err(&io)?;
        Ok(journal)
    }

    fn with_file(path: &Path, file: File, states: States, resume: Resume, report: ResumeReport) -> Self {
        let dirty = Arc::new(AtomicBool::new(false));
        let (stop, stopped) = mpsc::channel::<()>();
        // Its own descriptor, not a clone of `file`: a clone would share the
        // one-writer lock, which would then outlive the journal until the
        // thread noticed. `fdatasync` on any descriptor of the file flushes
        // its data.
        if let Ok(sync_file) = File::open(path) {
            let dirty = dirty.clone();
            let spawned = std::thread::Builder::new()
                .name("postpress-journal-sync".into())
                .spawn(move || {
                    loop {
                        let done = !matches!(
                            stopped.recv_timeout(Self::DEFAULT_SYNC_INTERVAL),
                            Err(mpsc::RecvTimeoutError::Timeout)
                        );
                        if dirty.swap(false, Ordering::AcqRel)
                            && let Err(e) = sync_file.sync_data()
                        {
                            tracing::error!(error = %e, "journal: fdatasync failed");
                        }
                        if done {
                            return;
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::warn!(error = %e, "journal: no sync thread; lines are synced when the job ends");
            }
        }
        Self {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                file: Mutex::new(file),
                states: Mutex::new(states),
                resume,
                report,
                sync_each_intent: AtomicBool::new(false),
                dirty,
                _stop_sync: Mutex::new(Some(stop)),
            }),
        }
    }

    /// Makes every intent line durable (`fdatasync`) before its request
    /// goes out, so that not even a power loss can lead a resume to resend
    /// a non-idempotent action. Costs one `fdatasync` per chat, done on the
    /// worker's thread.
    pub fn sync_each_intent(self, yes: bool) -> Self {
        self.inner.sync_each_intent.store(yes, Ordering::Relaxed);
        self
    }

    /// The journal's path.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// What opening it found (all zero for a new journal).
    pub fn resume_report(&self) -> &ResumeReport {
        &self.inner.report
    }

    /// Makes every line written so far durable (`fdatasync`).
    pub fn sync(&self) -> std::io::Result<()> {
        self.inner.dirty.store(false, Ordering::Release);
        self.lock().sync_data()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, File> {
        self.inner.file.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Appends one line with one `write(2)`.
    fn append(&self, line: &Value) -> Result<(), JournalError> {
        let mut bytes = serde_json::to_vec(line).unwrap_or_default();
        bytes.push(b'\n');
        self.write_line(&bytes)
    }

    /// Writes one whole line (ending in `\n`) with one `write(2)`.
    fn write_line(&self, bytes: &[u8]) -> Result<(), JournalError> {
        self.lock().write_all(bytes).map_err(io_error(&self.inner.path))?;
        self.inner.dirty.store(true, Ordering::Release);
        Ok(())
    }

    /// Whether `chat_id` is to be sent in this run; a chat to be sent is
    /// marked started, so a duplicate later in the input is skipped.
    pub(crate) fn decide(&self, chat_id: &str) -> Decision {
        let mut states = self.inner.states.lock().unwrap_or_else(|p| p.into_inner());
        let resume = self.inner.resume;
        let Some(state) = states.get_mut(chat_id) else {
            states.insert(chat_id.into(), State::Started);
            return Decision::Send;
        };
        let skip = match *state {
            State::Ok => Some(Previous::Ok),
            State::Failed if !resume.retry_failed => Some(Previous::Failed),
            State::Unknown if !resume.retry_unknown => Some(Previous::Unknown),
            // Idempotent (or unknown ones asked back): send again.
            State::Intent | State::Failed | State::Unknown => None,
            State::Started => Some(Previous::Duplicate),
        };
        match skip {
            Some(previous) => Decision::Skip(previous),
            None => {
                *state = State::Started;
                Decision::Send
            }
        }
    }

    /// Records that `chat_id`'s request is about to go out.
    pub(crate) fn intent(&self, chat_id: &str) -> Result<(), JournalError> {
        // Written by hand, not through a `serde_json::Value`: this runs
        // twice per chat (the lines are the same JSON).
        let mut line = Vec::with_capacity(64 + chat_id.len());
        line.extend_from_slice(b"{\"event\":\"intent\",\"chat_id\":");
        push_json_str(&mut line, chat_id);
        push_time(&mut line);
        self.write_line(&line)?;
        if self.inner.sync_each_intent.load(Ordering::Relaxed) {
            self.sync().map_err(io_error(&self.inner.path))?;
        }
        Ok(())
    }

    /// Records a chat's outcome. (A chat whose intent could not be written
    /// was never sent and gets no outcome: the runner reports it as
    /// `JobItem::NotSent`.)
    pub(crate) fn outcome(
        &self,
        chat_id: &str,
        result: &Result<postpress::ChatPatched, Error>,
        attempts: u32,
        rate_limited: u32,
        elapsed: Duration,
    ) -> Result<(), JournalError> {
        let mut line = Vec::with_capacity(160 + chat_id.len());
        line.extend_from_slice(b"{\"chat_id\":");
        push_json_str(&mut line, chat_id);
        match result {
            Ok(_) => line.extend_from_slice(b",\"outcome\":\"ok\",\"status\":200"),
            Err(e) => {
                line.extend_from_slice(b",\"outcome\":\"failed\",\"kind\":");
                push_json_str(&mut line, e.error_type());
                match e.status() {
                    Some(s) => {
                        line.extend_from_slice(b",\"status\":");
                        push_padded(&mut line, u64::from(s.as_u16()), 1);
                    }
                    None => line.extend_from_slice(b",\"status\":null"),
                }
                line.extend_from_slice(b",\"error\":");
                push_json_str(&mut line, &e.to_string());
            }
        }
        for (name, value) in [
            (&b",\"attempts\":"[..], u64::from(attempts)),
            (b",\"rate_limited\":", u64::from(rate_limited)),
            (
                b",\"elapsed_ms\":",
                u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
            ),
        ] {
            line.extend_from_slice(name);
            push_padded(&mut line, value, 1);
        }
        push_time(&mut line);
        self.write_line(&line)
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        // The sync thread ends with the sender; sync here as well so the
        // last lines are durable when the journal is gone.
        drop(self._stop_sync.lock().map(|mut s| s.take()));
        if self.dirty.load(Ordering::Acquire)
            && let Ok(file) = self.file.lock()
        {
            let _ = file.sync_data();
        }
    }
}
