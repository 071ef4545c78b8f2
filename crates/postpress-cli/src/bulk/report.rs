//! What a bulk run shows: the progress bar, one line per result, the tally
//! and the summary.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

use postpress::ChatAction;
use postpress_jobs::{JobItem, Previous};

use crate::args::BulkArgs;
use crate::output::{code, error_label, exit_code, result_json};

/// The whole-number rate for the progress bar (indicatif's `{per_sec}`
/// shows four decimals).
pub(crate) fn rate_style() -> indicatif::ProgressStyle {
    let base = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {rate} eta {eta} {msg}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    base.with_key(
        "rate",
        |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0}/s", state.per_sec());
        },
    )
}

/// Counts of a run, for the summary and the exit code.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    /// Items the job yielded (done, skipped or not sent), and bad lines.
    pub(crate) seen: u64,
    pub(crate) ok: usize,
    pub(crate) failed: usize,
    rate_limited: u64,
    by_kind: BTreeMap<String, usize>,
    codes: BTreeMap<u8, usize>,
    skipped: BTreeMap<&'static str, usize>,
}

impl Tally {
    /// Counts one item of the job; returns the line to print for it, if
    /// any: on a terminal only failures, unknowns and invite links (the bar
    /// shows the rest); piped, one line (or JSON object) per result.
    pub(crate) fn record(
        &mut self,
        item: &JobItem,
        action: &ChatAction,
        json: bool,
        interactive: bool,
    ) -> Option<String> {
        self.seen += 1;
        match item {
            JobItem::Done(item) => {
                self.rate_limited += u64::from(item.rate_limited);
                match &item.result {
                    Ok(_) => self.ok += 1,
                    Err(e) => {
                        self.failed += 1;
                        *self.by_kind.entry(error_label(e)).or_default() += 1;
                        *self.codes.entry(exit_code(e)).or_default() += 1;
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
            JobItem::NotSent { chat_id, error } => {
                self.failed += 1;
                *self.by_kind.entry("NotSent".into()).or_default() += 1;
                *self.codes.entry(code::OTHER).or_default() += 1;
                Some(if json {
                    serde_json::json!({
                        "chat_id": chat_id,
                        "action": action.name(),
                        "ok": false,
                        "outcome": "not_sent",
                        "message": error.to_string(),
                    })
                    .to_string()
                } else {
                    format!("failed\t{chat_id}\tnot sent: {error}")
                })
            }
            JobItem::Skipped { chat_id, previous } => {
                *self.skipped.entry(previous.as_str()).or_default() += 1;
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
        }
    }

    /// Lines of the input too long to be a chat id: each a failed chat, an
    /// invalid input (exit 2) as the client would call it. Returns the
    /// lines to print, one per kept excerpt, and one that says how many
    /// more there were.
    pub(crate) fn add_too_long(
        &mut self,
        count: u64,
        excerpts: &[String],
        action: &ChatAction,
        json: bool,
    ) -> Vec<String> {
        if count == 0 {
            return Vec::new();
        }
        self.add_bad_lines(count, "InvalidInput");
        let reason = format!(
            "invalid chat_id: is longer than {} bytes; not sent",
            postpress::MAX_INPUT_LEN
        );
        let mut lines: Vec<String> = excerpts
            .iter()
            .map(|excerpt| {
                if json {
                    serde_json::json!({
                        "chat_id_excerpt": excerpt,
                        "action": action.name(),
                        "ok": false,
                        "kind": "InvalidInput",
                        "message": reason,
                    })
                    .to_string()
                } else {
                    format!("failed\t{excerpt}\t{reason}")
                }
            })
            .collect();
        if count > excerpts.len() as u64 {
            let more = count - excerpts.len() as u64;
            if !json {
                lines.push(format!(
                    "failed\t({more} more lines too long to be a chat id)\t{reason}"
                ));
            }
        }
        lines
    }

    /// Lines of the input that are not UTF-8: each a failed chat (exit 2),
    /// with a warning naming the first ten.
    pub(crate) fn add_not_utf8(&mut self, count: u64, first: &[u64], from: &str) {
        if count == 0 {
            return;
        }
        self.add_bad_lines(count, "NotUtf8Line");
        let shown: Vec<String> = first.iter().map(u64::to_string).collect();
        eprintln!(
            "warning: skipped {count} line(s) of {from} that are not UTF-8 (line {}{})",
            shown.join(", "),
            if count > first.len() as u64 { ", ..." } else { "" }
        );
    }

    /// `count` lines of the input that were no chat id: each a failed chat
    /// of `kind`, a usage error (exit 2).
    fn add_bad_lines(&mut self, count: u64, kind: &str) {
        let n = usize::try_from(count).unwrap_or(usize::MAX);
        self.failed += n;
        self.seen += count;
        *self.by_kind.entry(kind.into()).or_default() += n;
        *self.codes.entry(code::USAGE).or_default() += n;
    }

    /// The exit code of a run that read its whole input: 0 when every chat
    /// succeeded, the failures' own code when all failed alike, 8 (partial)
    /// when some failed or are unknown.
    pub(crate) fn exit_code(&self) -> u8 {
        match (self.ok, self.failed, self.unknown()) {
            (_, 0, 0) => code::OK,
            (0, _, 0) if self.codes.len() == 1 => self.codes.keys().next().copied().unwrap_or(code::OTHER),
            (0, _, 0) => code::OTHER,
            _ => code::PARTIAL,
        }
    }

    /// Chats skipped as `unknown`: sent by an earlier run, outcome not known.
    pub(crate) fn unknown(&self) -> usize {
        self.skipped.get(Previous::Unknown.as_str()).copied().unwrap_or(0)
    }
}

pub(crate) fn summary(action: &ChatAction, b: &BulkArgs, t: &Tally) {
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

/// Where result lines go: above a progress bar on a terminal, or one per
/// line on a pipe.
pub(crate) struct Output {
    bar: Option<indicatif::ProgressBar>,
    stdout: std::io::StdoutLock<'static>,
}

impl Output {
    /// A bar when stdout and stderr are terminals (and not `--json`), of
    /// `total` items when that is known.
    pub(crate) fn new(json: bool, total: Option<u64>) -> Self {
        let interactive = !json && std::io::stdout().is_terminal() && std::io::stderr().is_terminal();
        let bar = interactive.then(|| {
            let bar = match total {
                Some(n) => indicatif::ProgressBar::new(n),
                None => indicatif::ProgressBar::no_length(),
            };
            bar.set_style(rate_style());
            bar
        });
        Self {
            bar,
            stdout: std::io::stdout().lock(),
        }
    }

    /// Whether a bar is shown.
    pub(crate) fn is_interactive(&self) -> bool {
        self.bar.is_some()
    }

    /// One item done, with its line if it has one.
    pub(crate) fn show(&mut self, line: Option<String>) {
        let stdout = &mut self.stdout;
        match (&self.bar, line) {
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

    /// Clears the bar.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
