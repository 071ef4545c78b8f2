//! `postpress bulk`: one action over many chat ids, read lazily; the job
//! itself (journal, resume, shard, stop) is [`postpress::Job`], and the
//! shared limit [`postpress::SharedLimit`]: this module wires the flags to
//! them, handles SIGINT and SIGTERM, and prints results and the summary.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

use futures::StreamExt;
use postpress::{
    ChatAction, Client, Job, JobItem, Previous, Resume, Shard, SharedLimit, SharedStatus, Stopper,
};

use crate::args::BulkArgs;
use crate::output::{code, error_label, exit_code, result_json};

/// The chat ids of a bulk run, one per line, read lazily (a million ids
/// cost no more memory than ten): lines are trimmed, empty lines and `#`
/// comments skipped. Also the number of ids of `shard` when it can be known
/// up front (a file: one quick pass), for the progress bar and the count of
/// chats not started.
async fn open_ids(
    from: &str,
    shard: Shard,
) -> std::io::Result<(impl futures::Stream<Item = IdLine> + Send + 'static, Option<u64>)> {
    use tokio::io::AsyncBufReadExt;
    let (reader, total): (Box<dyn tokio::io::AsyncRead + Send + Unpin>, Option<u64>) = if from == "-" {
        (Box::new(tokio::io::stdin()), None)
    } else {
        let file = tokio::fs::File::open(from).await?;
        // Only a regular file can be read twice; a pipe or FIFO
        // (`--from <(...)`) is read once, without a count.
        if file.metadata().await?.is_file() {
            let mut count = 0u64;
            let mut lines = tokio::io::BufReader::new(file).split(b'\n');
            while let Some(line) = lines.next_segment().await? {
                count += u64::from(match std::str::from_utf8(&line) {
                    Ok(line) => is_id(line) && shard.contains(line.trim()),
                    Err(_) => shard.index() == 1,
                });
            }
            (Box::new(tokio::fs::File::open(from).await?), Some(count))
        } else {
            (Box::new(file), None)
        }
    };
    let lines = tokio::io::BufReader::new(reader).split(b'\n');
    // The state is `None` once reading failed: the stream then ends.
    let stream = futures::stream::unfold((Some(lines), 0u64), |(lines, mut number)| async move {
        let mut lines = lines?;
        loop {
            number += 1;
            match lines.next_segment().await {
                Ok(Some(bytes)) => match String::from_utf8(bytes) {
                    Ok(line) if is_id(&line) => {
                        return Some((IdLine::Id(line.trim().to_string()), (Some(lines), number)));
                    }
                    Ok(_) => continue,
                    Err(_) => return Some((IdLine::NotUtf8(number), (Some(lines), number))),
                },
                Ok(None) => return None,
                Err(e) => return Some((IdLine::Error(e), (None, number))),
            }
        }
    });
    Ok((stream, total))
}

/// One line of bulk input.
enum IdLine {
    Id(String),
    /// A line that is not UTF-8 (its number): skipped, counted as failed.
    NotUtf8(u64),
    /// Reading stopped.
    Error(std::io::Error),
}

fn is_id(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && !line.starts_with('#')
}

/// The whole-number rate for the progress bar (indicatif's `{per_sec}`
/// shows four decimals).
fn rate_style() -> indicatif::ProgressStyle {
    let base = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {rate} eta {eta} {msg}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    base.with_key(
        "rate",
        |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0}/s", state.per_sec());
        },
    )
}

/// The limit shared through Redis, when `--redis` was given: connected
/// before anything is sent (unreachable: an error for exit 2).
pub(crate) async fn shared_limit(b: &BulkArgs) -> Result<Option<SharedLimit>, String> {
    let (Some(url), Some(rate)) = (&b.redis, b.rate) else {
        return Ok(None);
    };
    let rate = NonZeroU32::new(rate).ok_or("--rate must be at least 1")?;
    let share = NonZeroU32::new(b.shard.map_or(1, |s| s.count())).unwrap_or(NonZeroU32::MIN);
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

/// The signal that stopped the run, as its exit code (0: none).
static STOPPED_BY: AtomicU8 = AtomicU8::new(0);

/// First SIGINT or SIGTERM: stop taking chats, let those in flight finish.
/// A second one: sync the journal and exit at once (every line is whole,
/// so the journal stays consistent).
fn watch_signals(stopper: Stopper, journal: Option<postpress::Journal>) {
    // Registered here, before the first request: a signal from now on is
    // this handler's, never the default's (which would exit unjournaled).
    let mut signals = Signals::new();
    tokio::spawn(async move {
        let first = signals.next().await;
        STOPPED_BY.store(first, Ordering::SeqCst);
        stopper.stop();
        eprintln!(
            "\n{}: not taking new chats; waiting for the requests in flight (again to exit now)",
            signal_name(first)
        );
        let second = signals.next().await;
        if let Some(j) = &journal {
            let _ = j.sync();
        }
        eprintln!(
            "{}: exiting now{}",
            signal_name(second),
            if journal.is_some() {
                "; the journal is consistent, --resume goes on"
            } else {
                ""
            }
        );
        std::process::exit(i32::from(first));
    });
}

fn signal_name(code: u8) -> &'static str {
    if code == code::SIGTERM {
        "SIGTERM"
    } else {
        "SIGINT"
    }
}

/// SIGINT and SIGTERM, as exit codes.
struct Signals {
    #[cfg(unix)]
    unix: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Signals {
    fn new() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let unix = match (signal(SignalKind::interrupt()), signal(SignalKind::terminate())) {
                (Ok(int), Ok(term)) => Some((int, term)),
                _ => None,
            };
            Self { unix }
        }
        #[cfg(not(unix))]
        Self {}
    }

    /// Waits for the next SIGINT (returns 130) or SIGTERM (143).
    async fn next(&mut self) -> u8 {
        #[cfg(unix)]
        if let Some((int, term)) = &mut self.unix {
            return tokio::select! {
                _ = int.recv() => code::SIGINT,
                _ = term.recv() => code::SIGTERM,
            };
        }
        let _ = tokio::signal::ctrl_c().await;
        code::SIGINT
    }
}

/// The command that goes on with this run: the same arguments with
/// `--resume`, never the API key.
fn resume_command() -> String {
    resume_command_of(std::env::args().skip(1))
}

/// [`resume_command`] of these arguments: `--api-key` and its value left
/// out, a Redis password shown as `***`.
fn resume_command_of(args: impl IntoIterator<Item = String>) -> String {
    let mut out = vec!["postpress".to_string()];
    let mut args = args.into_iter();
    let mut hidden = false;
    while let Some(a) = args.next() {
        if a == "--api-key" {
            args.next();
            continue;
        }
        if a.starts_with("--api-key=") || a == "--resume" {
            continue;
        }
        let shown = if a == "--redis" {
            out.push(a);
            match args.next() {
                Some(url) => hide_password(&url, &mut hidden),
                None => continue,
            }
        } else if let Some(url) = a.strip_prefix("--redis=") {
            format!("--redis={}", hide_password(url, &mut hidden))
        } else {
            a
        };
        out.push(shell_quote(&shown));
    }
    out.push("--resume".into());
    let mut command = out.join(" ");
    if hidden {
        command.push_str("   # put the Redis password back in place of ***, or set POSTPRESS_REDIS_URL");
    }
    command
}

fn hide_password(url: &str, hidden: &mut bool) -> String {
    match postpress::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            *hidden = true;
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        Ok(_) => url.to_string(),
        Err(_) => {
            *hidden = true;
            "***".into()
        }
    }
}

/// Holds an exclusive `flock` on the journal for the life of the run: two
/// processes appending to one journal would each send what the other is
/// sending.
#[cfg(unix)]
fn lock_journal(path: &std::path::Path) -> Result<std::fs::File, String> {
    use rustix::fs::{FlockOperation, flock};
    let file = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| format!("journal {}: {e}", path.display()))?;
    flock(&file, FlockOperation::NonBlockingLockExclusive).map_err(|e| {
        if e == rustix::io::Errno::WOULDBLOCK {
            format!(
                "journal {} is in use by another postpress process: one process per journal (give each --shard its own)",
                path.display()
            )
        } else {
            format!("journal {}: cannot lock it: {e}", path.display())
        }
    })?;
    Ok(file)
}

#[cfg(not(unix))]
fn lock_journal(_path: &std::path::Path) -> Result<(), String> {
    Ok(())
}

fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-./:=@%+,".contains(&b));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Counts of a run, for the summary and the exit code.
#[derive(Default)]
struct Tally {
    ok: usize,
    failed: usize,
    rate_limited: u64,
    by_kind: BTreeMap<String, usize>,
    codes: BTreeMap<u8, usize>,
    skipped: BTreeMap<&'static str, usize>,
}

impl Tally {
    /// Chats skipped as `unknown`: sent by an earlier run, outcome not known.
    fn unknown(&self) -> usize {
        self.skipped.get(Previous::Unknown.as_str()).copied().unwrap_or(0)
    }
}

pub(crate) async fn run(client: &Client, action: ChatAction, b: &BulkArgs, json: bool) -> u8 {
    let shard = b.shard.unwrap_or(Shard::ALL);
    let mut job = Job::new(action.clone())
        .concurrency(usize::from(b.concurrency))
        .shard(shard);
    // Kept to the end of the run: the lock goes with it.
    let mut _lock = None;
    if let Some(path) = &b.journal {
        // A device or FIFO is the journal's to refuse, before anything
        // opens it for the lock.
        if std::fs::metadata(path).is_ok_and(|m| m.is_file()) || !path.exists() {
            match lock_journal(path) {
                Ok(lock) => _lock = Some(lock),
                Err(m) => {
                    eprintln!("error: {m}");
                    return code::USAGE;
                }
            }
        }
        let opened = if b.resume {
            job.resume(
                path,
                Resume::new()
                    .retry_unknown(b.retry_unknown)
                    .retry_failed(b.retry_failed),
            )
        } else {
            job.journal(path)
        };
        job = match opened {
            Ok(job) => job.sync_each_intent(b.sync_each_intent),
            Err(e) => {
                let hint = match &e {
                    postpress::JournalError::Exists { .. } => " (add --resume to go on with it)",
                    _ => "",
                };
                eprintln!("error: {e}{hint}");
                return code::USAGE;
            }
        };
        if let Some(j) = job.journal_handle() {
            let r = j.resume_report();
            if b.resume && (r.ok + r.failed + r.unknown + r.interrupted) > 0 {
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
    }
    let (ids, total) = match open_ids(&b.from, shard).await {
        Ok(ids) => ids,
        Err(e) => {
            eprintln!("error: cannot read chat ids from {}: {e}", b.from);
            return code::USAGE;
        }
    };
    watch_signals(job.stopper(), job.journal_handle().cloned());
    let stopper = job.stopper();
    // On a terminal, the bar shows progress and only failures (and invite
    // links) are printed above it; piped, every result is one line (or one
    // JSON object).
    let interactive = !json && std::io::stdout().is_terminal() && std::io::stderr().is_terminal();
    let bar = interactive.then(|| {
        let bar = match total {
            Some(n) => indicatif::ProgressBar::new(n),
            None => indicatif::ProgressBar::no_length(),
        };
        bar.set_style(rate_style());
        bar
    });
    let read_error: Arc<Mutex<Option<std::io::Error>>> = Default::default();
    let not_utf8: Arc<Mutex<Vec<u64>>> = Default::default();
    let ids = {
        let (read_error, not_utf8) = (read_error.clone(), not_utf8.clone());
        ids.filter_map(move |line| {
            let id = match line {
                IdLine::Id(id) => Some(id),
                IdLine::NotUtf8(n) => {
                    if shard.index() == 1 {
                        not_utf8.lock().unwrap_or_else(|p| p.into_inner()).push(n);
                    }
                    None
                }
                IdLine::Error(e) => {
                    *read_error.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                    None
                }
            };
            std::future::ready(id)
        })
    };
    let mut results = client.run_job(job, ids);
    let mut t = Tally::default();
    let mut seen = 0u64;
    let mut stdout = std::io::stdout().lock();
    while let Some(item) = results.next().await {
        seen += 1;
        let line = match &item {
            JobItem::Done(item) => {
                t.rate_limited += u64::from(item.rate_limited);
                match &item.result {
                    Ok(_) => t.ok += 1,
                    Err(e) => {
                        t.failed += 1;
                        *t.by_kind.entry(error_label(e)).or_default() += 1;
                        *t.codes.entry(exit_code(e)).or_default() += 1;
                    }
                }
                if json {
                    Some(result_json(&item.chat_id, &item.action, &item.result).to_string())
                } else {
                    match &item.result {
                        Ok(p) if interactive && p.invite_link.is_none() => None,
                        Ok(p) => Some(match &p.invite_link {
                            Some(link) => format!("ok\t{}\t{link}", item.chat_id),
                            None => format!("ok\t{}", item.chat_id),
                        }),
                        Err(e) => Some(format!("failed\t{}\t{e}", item.chat_id)),
                    }
                }
            }
            JobItem::Skipped { chat_id, previous } => {
                *t.skipped.entry(previous.as_str()).or_default() += 1;
                // Only the chats a person must look at get a line.
                (*previous == Previous::Unknown).then(|| {
                    if json {
                        serde_json::json!({
                            "chat_id": chat_id,
                            "action": action.name(),
                            "ok": false,
                            "outcome": "unknown",
                            "message": "sent by an earlier run, outcome not recorded; not resent (not idempotent)",
                        })
                        .to_string()
                    } else {
                        format!("unknown\t{chat_id}\tsent by an earlier run, outcome not recorded; not resent")
                    }
                })
            }
            _ => None,
        };
        match (&bar, line) {
            (Some(bar), Some(line)) => {
                bar.suspend(|| {
                    let _ = writeln!(stdout, "{line}");
                });
                bar.inc(1);
            }
            (Some(bar), None) => bar.inc(1),
            (None, Some(line)) => {
                let _ = writeln!(stdout, "{line}");
            }
            (None, None) => {}
        }
    }
    drop(results); // the journal was synced as the stream ended
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let read_error = read_error.lock().unwrap_or_else(|p| p.into_inner()).take();
    let not_utf8 = std::mem::take(&mut *not_utf8.lock().unwrap_or_else(|p| p.into_inner()));
    if !not_utf8.is_empty() {
        t.failed += not_utf8.len();
        *t.by_kind.entry("NotUtf8Line".into()).or_default() += not_utf8.len();
        *t.codes.entry(code::USAGE).or_default() += not_utf8.len();
        let shown: Vec<String> = not_utf8.iter().take(10).map(u64::to_string).collect();
        eprintln!(
            "warning: skipped {} line(s) of {} that are not UTF-8 (line {}{})",
            not_utf8.len(),
            b.from,
            shown.join(", "),
            if not_utf8.len() > 10 { ", ..." } else { "" }
        );
        seen += not_utf8.len() as u64;
    }
    summary(&action, b, &t);
    let stopped_by = STOPPED_BY.load(Ordering::SeqCst);
    if stopper.is_stopped() {
        let not_started = match total {
            Some(total) => total.saturating_sub(seen).to_string(),
            None => "an unknown number of".into(),
        };
        let why = match stopped_by {
            0 => "stopped (the journal could not be written)".to_string(),
            s => format!("interrupted by {}", signal_name(s)),
        };
        eprintln!("{why}: {not_started} chats not started");
        if b.journal.is_some() {
            eprintln!("resume with: {}", resume_command());
        } else {
            eprintln!("no --journal: running it again sends every chat again");
        }
        return if stopped_by == 0 { code::OTHER } else { stopped_by };
    }
    if let Some(e) = read_error {
        // Work was done: not a usage error. Rerun only the ids after the
        // ones handled.
        eprintln!(
            "error: reading chat ids from {} stopped after {} ids: {e}",
            b.from,
            t.ok + t.failed
        );
        return code::OTHER;
    }
    match (t.ok, t.failed, t.unknown()) {
        (_, 0, 0) => code::OK,
        (0, _, 0) if t.codes.len() == 1 => t.codes.keys().next().copied().unwrap_or(code::OTHER),
        (0, _, 0) => code::OTHER,
        _ => code::PARTIAL,
    }
}

fn summary(action: &ChatAction, b: &BulkArgs, t: &Tally) {
    let total = t.ok + t.failed;
    let kinds: Vec<String> = t.by_kind.iter().map(|(k, n)| format!("{k}: {n}")).collect();
    let mut text = format!(
        "{action}: {total} chats, {} succeeded, {} failed{}; {} rate-limited answers (429) waited out",
        t.ok,
        t.failed,
        if kinds.is_empty() {
            String::new()
        } else {
            format!(" ({})", kinds.join(", "))
        },
        t.rate_limited
    );
    let skipped: usize = t.skipped.values().sum();
    if skipped > 0 {
        let parts: Vec<String> = t.skipped.iter().map(|(k, n)| format!("{k}: {n}")).collect();
        text.push_str(&format!("; {skipped} skipped ({})", parts.join(", ")));
    }
    if t.unknown() > 0 {
        text.push_str(&format!(
            "; {} unknown: sent by an earlier run without a recorded outcome and not resent, since {} is not idempotent (check them; --retry-unknown resends)",
            t.unknown(),
            action.name()
        ));
    }
    if let Some(s) = b.shard {
        text.push_str(&format!("; shard {s}"));
    }
    eprintln!("{text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn the_resume_command_hides_secrets() {
        let c = resume_command_of(args(
            "--api-key sekrit-key bulk read --from b.txt --redis redis://:hunter22@h:6379/ --journal j --resume",
        ));
        assert!(!c.contains("sekrit") && !c.contains("hunter22"), "{c}");
        assert!(
            c.starts_with(
                "postpress bulk read --from b.txt --redis 'redis://:***@h:6379/' --journal j --resume"
            ),
            "{c}"
        );
        assert!(c.contains("put the Redis password back"), "{c}");
        let c = resume_command_of(args("--api-key=k1k1k1 bulk mute --from x --redis=redis://h/"));
        assert_eq!(c, "postpress bulk mute --from x --redis=redis://h/ --resume");
        let c = resume_command_of(vec!["bulk".into(), "label".into(), "it's mine".into()]);
        assert_eq!(c, r"postpress bulk label 'it'\''s mine' --resume");
    }
}
