//! `docs/benchmarks.md`: written by `cargo xtask bench`, never by hand.
//!
//! The page is a fixed introduction followed by one section per benchmark.
//! A bench command rewrites only the sections it measured, each with the
//! command that produced it, the commit, the date and the machine, and
//! keeps the others as they were, so the page always says where each
//! figure came from.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

/// The page, relative to the workspace root.
pub(crate) const PAGE: &str = "docs/benchmarks.md";

/// One section of the page: its marker id, its heading and what it measures
/// (the text that does not change from run to run).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Section {
    Throughput,
    Callgrind,
    Fleet,
    RedisJobs,
    Journal,
}

impl Section {
    /// In page order.
    const ALL: [Section; 5] = [
        Section::Callgrind,
        Section::Throughput,
        Section::Fleet,
        Section::RedisJobs,
        Section::Journal,
    ];

    fn id(self) -> &'static str {
        match self {
            Section::Throughput => "throughput",
            Section::Callgrind => "callgrind",
            Section::Fleet => "fleet",
            Section::RedisJobs => "redis-jobs",
            Section::Journal => "journal",
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Section::Throughput => "Throughput, latency and allocations per call; bulk",
            Section::Callgrind => "Instructions per call (callgrind)",
            Section::Fleet => "Fleet: several processes, one key",
            Section::RedisJobs => "Jobs in Redis",
            Section::Journal => "Journal cost",
        }
    }

    fn method(self) -> &'static str {
        match self {
            Section::Callgrind => {
                "The client process runs the release benchmark under valgrind's callgrind \
                 (the loopback hyper server is a child it does not trace). Instructions per \
                 call are (count at 6,000 requests - count at 2,000) / 4,000, so start-up and \
                 connection set-up cancel out; one tokio worker. Instruction counts do not move \
                 with machine load. The baseline is a careful hand-written reqwest client built \
                 as the facade builds its own toward loopback (`no_proxy()`, the same 30 s \
                 timeout): `Url` and `HeaderMap` built once and cloned per call, the same four \
                 headers (`X-API-KEY`, `User-Agent`, `Content-Type`, `Accept`), static body \
                 bytes, the body read as bytes. The facade's rows are the README's path, \
                 per-call options builder (`ActionCall`, unused) included."
            }
            Section::Throughput => {
                "One minimal loopback HTTP server (hyper, one thread, a child process pinned \
                 to core 0 with `taskset`) and the clients in a process pinned to core 1 (one \
                 tokio worker), so at concurrency 64 the client's own CPU per call limits \
                 throughput. Compared in one run: raw reqwest (hand-built body and header; \
                 with and without the 30 s client-level timeout the facade has), the \
                 generated `postpress-api` client, `client.perform(id, \
                 ChatAction::SetReadStatus(true))` and the README's path \
                 (`client.chat(id).mark_read()`). Each round runs every client back to back, \
                 order rotated, and ratios are taken within a round; the tables give the \
                 median over the rounds and the lowest and highest round, the client \
                 process's CPU time per request (all threads, from \
                 `/proc/self/task/*/schedstat`) and its allocations per request. Then the \
                 bulk scenario: the `postpress` CLI against the `postpress-mock` binary with \
                 a real rate limit, with and without `--rate`."
            }
            Section::Fleet => {
                "Four `postpress bulk` processes (release) with `--rate 200 --concurrency 16`, \
                 one shard each, against `postpress-mock --rate-limit 200`: the limit shared \
                 through a local `redis-server` (`--redis`), and each process alone."
            }
            Section::RedisJobs => {
                "`postpress job start` then `postpress job work` (release) on `mute`, against \
                 `postpress-mock --rate-limit 200`, each worker `--rate 200`, Redis with \
                 `appendonly yes` and `appendfsync always`. Redis commands are counted with \
                 `MONITOR`; the takeover time is how long a `kill -9`'d worker's chats wait \
                 with `--lease 3s`; memory per chat is from `INFO memory` for a job of \
                 1,000,000 ids."
            }
            Section::Journal => {
                "`Job::run` (postpress-jobs) with and without a journal, 64 in flight, against \
                 the bench's loopback server: instructions per chat under callgrind, and the \
                 wall time a journal adds in paired timed rounds on one core (which also \
                 counts the `write(2)` calls callgrind does not see)."
            }
        }
    }

    fn start_marker(self) -> String {
        format!("<!-- bench:{} -->", self.id())
    }

    fn end_marker(self) -> String {
        format!("<!-- /bench:{} -->", self.id())
    }
}

const INTRO: &str = "\
# Benchmarks

This page is written by `cargo xtask bench` and never edited by hand. Each
section was produced by the command it names, on the machine, commit and
date it names; running a bench again rewrites only its own sections. The
commands (`cargo xtask --help` has them all):

| command | sections |
|---|---|
| `cargo xtask bench --callgrind` | instructions per call |
| `cargo xtask bench` (`--quick` for fewer rounds) | throughput and bulk, then fleet and jobs in Redis |
| `cargo xtask bench --fleet` | fleet, jobs in Redis |
| `cargo xtask bench --journal-cost` | journal cost |

Prerequisites: `valgrind` (callgrind), `taskset` (util-linux) and
`redis-server` (fleet, jobs in Redis). The build weight of a `postpress`
consumer is checked by CI instead (`.ci/build-weight.sh`, which fails above
1.15x the cold build of a hand-written reqwest client or 15 more crates)
and printed in its log.
";

/// The facts that make a figure reproducible: where and when it was taken.
fn provenance(root: &Path, command: &str) -> String {
    let commit = git(root, &["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".into());
    // Changes to tracked files other than this page make the figures those
    // of a tree no commit holds.
    let dirty = git(root, &["status", "--porcelain", "--untracked-files=no"])
        .map(|s| s.lines().any(|l| !l.ends_with(PAGE)))
        .unwrap_or(false);
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("model name")?
                    .split_once(':')
                    .map(|(_, v)| v.trim().to_string())
            })
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                let kib: f64 = l
                    .strip_prefix("MemTotal:")?
                    .trim()
                    .strip_suffix("kB")?
                    .trim()
                    .parse()
                    .ok()?;
                Some(format!("{:.0} GiB", kib / 1024.0 / 1024.0))
            })
        })
        .unwrap_or_else(|| "unknown memory".into());
    let rustc = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "rustc unknown".into());
    format!(
        "`{command}` · commit `{commit}`{} · {} · {cores} cores, {cpu}, {memory} · {rustc}",
        if dirty { " with uncommitted changes" } else { "" },
        utc_date(std::time::SystemTime::now()),
    )
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git").current_dir(root).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `YYYY-MM-DD` in UTC (days to civil date, after Howard Hinnant's
/// `civil_from_days`).
fn utc_date(now: std::time::SystemTime) -> String {
    let secs = now
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Rewrites `section` of the page with `body` (the bench's own report),
/// produced by `command`; keeps every other section as it was.
pub(crate) fn write_section(root: &Path, section: Section, command: &str, body: &str) -> Result<()> {
    let path = root.join(PAGE);
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let body = demote_headings(body);
    let text = format!(
        "{}\n## {}\n\n_{}_\n\n{}\n\n{}\n{}",
        section.start_marker(),
        section.heading(),
        provenance(root, command),
        section.method(),
        body.trim_end(),
        section.end_marker()
    );
    let mut page = String::from(INTRO);
    for s in Section::ALL {
        let kept = if s == section {
            Some(text.clone())
        } else {
            existing(&old, s)
        };
        if let Some(kept) = kept {
            page.push('\n');
            page.push_str(&kept);
            page.push('\n');
        }
    }
    std::fs::write(&path, page).with_context(|| format!("writing {}", path.display()))?;
    eprintln!("bench: wrote the section \"{}\" of {PAGE}", section.heading());
    Ok(())
}

/// A report's own headings (`#`, `##`) as `###`: under the section's `##`.
fn demote_headings(body: &str) -> String {
    body.lines()
        .map(|line| {
            let hashes = line.len() - line.trim_start_matches('#').len();
            if (1..=2).contains(&hashes) && line[hashes..].starts_with(' ') {
                format!("###{}", &line[hashes..])
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The section as it stands in `page`, markers included.
fn existing(page: &str, section: Section) -> Option<String> {
    let (start, end) = (section.start_marker(), section.end_marker());
    let from = page.find(&start)?;
    let to = page[from..].find(&end)? + from + end.len();
    Some(page[from..to].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_utc() {
        let at = |secs| utc_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs));
        assert_eq!(at(0), "1970-01-01");
        assert_eq!(at(951_782_400), "2000-02-29");
        assert_eq!(at(1_796_601_600), "2026-12-07");
    }

    #[test]
    fn a_report_heading_goes_under_the_section() {
        assert_eq!(
            demote_headings("## Fleet\ntext\n### kept\n#tag"),
            "### Fleet\ntext\n### kept\n#tag"
        );
    }

    #[test]
    fn a_section_is_replaced_and_the_others_kept() {
        let page = format!(
            "{INTRO}\n{}\nold callgrind\n{}\n\n{}\nfleet figures\n{}\n",
            Section::Callgrind.start_marker(),
            Section::Callgrind.end_marker(),
            Section::Fleet.start_marker(),
            Section::Fleet.end_marker()
        );
        assert_eq!(
            existing(&page, Section::Fleet).as_deref(),
            Some("<!-- bench:fleet -->\nfleet figures\n<!-- /bench:fleet -->")
        );
        assert_eq!(existing(&page, Section::Journal), None);
    }
}
