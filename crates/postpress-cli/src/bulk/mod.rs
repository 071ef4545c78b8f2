//! `postpress bulk`: one action over many chat ids, read lazily; the job
//! itself (journal, resume, shard, stop) is [`postpress_jobs::Job`], and
//! the shared limit [`postpress_jobs::SharedLimit`]. This module wires the
//! flags to them; its parts follow the jobs of a run: `input` (the ids),
//! `signals` (SIGINT, SIGTERM), `report` (progress, result lines, tally,
//! summary) and `resume` (the command that goes on).

pub(crate) mod input;
pub(crate) mod report;
mod resume;
pub(crate) mod signals;

use std::num::NonZeroU32;

use futures::StreamExt;
use postpress::{ChatAction, Client};
use postpress_jobs::{Job, JournalError, Resume, Shard, SharedLimit, SharedStatus};

use crate::args::BulkArgs;
use crate::output::code;
use report::{Output, Tally};

/// The limit shared through Redis, when `--redis` was given: connected
/// before anything is sent (unreachable: an error for exit 2).
pub(crate) async fn shared_limit(b: &BulkArgs) -> Result<Option<SharedLimit>, String> {
    shared_limit_of(b.redis.as_deref(), b.rate, b.shard.map_or(1, |s| s.count())).await
}

/// The limit of `rate` per second shared through the Redis at `url` (when
/// both are given); `share` processes split it while Redis is lost.
pub(crate) async fn shared_limit_of(
    url: Option<&str>,
    rate: Option<u32>,
    share: u32,
) -> Result<Option<SharedLimit>, String> {
    let (Some(url), Some(rate)) = (url, rate) else {
        return Ok(None);
    };
    let rate = NonZeroU32::new(rate).ok_or("--rate must be at least 1")?;
    let share = NonZeroU32::new(share).unwrap_or(NonZeroU32::MIN);
    let limit = SharedLimit::connect(url, rate)
        .await
        .map_err(|e| format!("{e} (--redis; without it, --rate paces this process alone)"))?;
    let local = (rate.get() / share.get()).max(1);
    let shown = limit.url().to_string();
    Ok(Some(limit.local_share(share).on_status(
        move |status| match status {
            SharedStatus::Lost { error, .. } => eprintln!(
                "warning: Redis at {shown} lost ({error}): pacing this process at {local}/s until it is back"
            ),
            SharedStatus::Restored => eprintln!("note: Redis at {shown} is back: shared pacing again"),
            _ => {}
        },
    )))
}

pub(crate) async fn run(client: &Client, action: ChatAction, b: &BulkArgs, json: bool) -> u8 {
    let shard = b.shard.unwrap_or(Shard::ALL);
    let job = match open_job(action.clone(), shard, b) {
        Ok(job) => job,
        Err(exit) => return exit,
    };
    let (lines, total) = match input::open_ids(&b.from, shard).await {
        Ok(ids) => ids,
        Err(e) => {
            eprintln!("error: cannot read chat ids from {}: {e}", b.from);
            return code::USAGE;
        }
    };
    let stopper = job.stopper();
    let stopped_by = signals::watch(job.stopper(), job.journal().cloned());
    let (ids, problems) = input::ids_of(lines, shard);
    let mut output = Output::new(json, total);
    let mut tally = Tally::default();
    let mut results = job.run(client, ids);
    while let Some(item) = results.next().await {
        let line = tally.record(&item, &action, json, output.is_interactive());
        output.show(line);
    }
    drop(results); // the journal was synced as the stream ended
    let problems = problems.take();
    for line in tally.add_too_long(problems.too_long, &problems.too_long_excerpts, &action, json) {
        output.show(Some(line));
    }
    output.finish();
    tally.add_not_utf8(problems.not_utf8, &problems.not_utf8_lines, &b.from);
    report::summary(&action, b, &tally);
    if stopper.is_stopped() {
        return stopped(b, total, tally.seen, stopped_by.code());
    }
    if let Some(e) = problems.read_error {
        // Work was done: not a usage error. Rerun only the ids after the
        // ones handled.
        eprintln!(
            "error: reading chat ids from {} stopped after {} ids: {e}",
            b.from,
            tally.ok + tally.failed
        );
        return code::OTHER;
    }
    tally.exit_code()
}

/// The job the flags describe, opened: its journal created or resumed (and
/// locked by the library: a second process gets exit 2), with the resume
/// report on stderr. `Err` is the exit code.
fn open_job(action: ChatAction, shard: Shard, b: &BulkArgs) -> Result<Job, u8> {
    let mut job = Job::builder(action)
        .concurrency(usize::from(b.concurrency))
        .shard(shard)
        .sync_each_intent(b.sync_each_intent);
    if let Some(path) = &b.journal {
        job = if b.resume {
            let resume = Resume::new()
                .retry_unknown(b.retry_unknown)
                .retry_failed(b.retry_failed);
            job.resume(path, resume)
        } else {
            job.journal(path)
        };
    }
    let job = job.open().map_err(|e| {
        let hint = match &e {
            JournalError::Exists { .. } => " (add --resume to go on with it)",
            _ => "",
        };
        eprintln!("error: {e}{hint}");
        code::USAGE
    })?;
    if let (Some(j), Some(path), true) = (job.journal(), &b.journal, b.resume) {
        let r = j.resume_report();
        if (r.ok + r.failed + r.unknown + r.interrupted) > 0 {
            eprintln!(
                "resuming {}: {} done, {} failed{}, {} unknown{}, {} to send again (interrupted){}",
                path.display(),
                r.ok,
                r.failed,
                if b.retry_failed { " (resent)" } else { "" },
                r.unknown,
                if b.retry_unknown { " (resent)" } else { "" },
                r.interrupted,
                if r.torn_lines > 0 {
                    format!("; {} torn line(s) skipped", r.torn_lines)
                } else {
                    String::new()
                }
            );
        }
    }
    Ok(job)
}

/// A run stopped before its input ended (a signal, or a journal that
/// could not be written): what was not started, how to go on, and the exit
/// code.
fn stopped(b: &BulkArgs, total: Option<u64>, seen: u64, signal: u8) -> u8 {
    let not_started = match total {
        Some(total) => total.saturating_sub(seen).to_string(),
        None => "an unknown number of".into(),
    };
    let why = match signal {
        0 => "stopped (the journal could not be written)".to_string(),
        s => format!("interrupted by {}", signals::signal_name(s)),
    };
    eprintln!("{why}: {not_started} chats not started");
    if b.journal.is_some() {
        eprintln!("resume with: {}", resume::resume_command());
    } else {
        eprintln!("no --journal: running it again sends every chat again");
    }
    if signal == 0 { code::OTHER } else { signal }
}
