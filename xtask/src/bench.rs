//! `cargo xtask bench [...]`: the release benchmark, the fleet scenario,
//! `--callgrind` (instructions per call) and `--journal-cost`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::benchdoc::{self, Section};
use crate::util::{cargo, root};

/// Runs the benchmark `args` select (see the usage text).
pub(crate) fn run(args: &[String]) -> Result<bool> {
    let root = root();
    let cargo = cargo();
    let command = std::iter::once("cargo xtask bench")
        .chain(args.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    if args.iter().any(|a| a == "--callgrind") {
        return callgrind(&root, &cargo, &command);
    }
    if args.iter().any(|a| a == "--journal-cost") {
        return journal_cost(&root, &cargo, &command);
    }
    let fleet_only = args.iter().any(|a| a == "--fleet");
    let bulk = !args.iter().any(|a| a == "--no-bulk");
    let fleet = !args.iter().any(|a| a == "--no-fleet");
    let mut build = Command::new(&cargo);
    build
        .current_dir(&root)
        .args(["build", "--release", "--quiet", "-p", "postpress-bench"]);
    if bulk || fleet {
        // The bulk and fleet scenarios drive the CLI against the mock binary.
        build.args(["-p", "postpress-cli", "-p", "postpress-mock"]);
    }
    if !build.status().context("building postpress-bench")?.success() {
        bail!("building postpress-bench failed");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let release = target.join("release");
    let bench_dir = target.join("bench");
    if !fleet_only {
        let mut run = Command::new(release.join("postpress-bench"));
        run.current_dir(&root)
            .args(
                args.iter()
                    .filter(|a| !["--no-bulk", "--no-fleet"].contains(&a.as_str())),
            )
            .arg("--out")
            .arg(bench_dir.join("report.md"))
            .arg("--node-dir")
            .arg(bench_dir.join("node"));
        if bulk {
            run.arg("--bulk").arg(&release);
        }
        if !run.status().context("running postpress-bench")?.success() {
            return Ok(false);
        }
        publish(&root, Section::Throughput, &command, &bench_dir.join("report.md"))?;
    }
    if fleet {
        let quick = args.iter().any(|a| a == "--quick");
        let status = Command::new(release.join("postpress-bench"))
            .current_dir(&root)
            .arg("fleet")
            .arg("--bin-dir")
            .arg(&release)
            .args(["--rounds", if quick { "1" } else { "3" }])
            .arg("--out")
            .arg(bench_dir.join("fleet.md"))
            .status()
            .context("running the fleet scenario")?;
        if !status.success() {
            return Ok(false);
        }
        publish(&root, Section::Fleet, &command, &bench_dir.join("fleet.md"))?;
        let status = Command::new(release.join("postpress-bench"))
            .current_dir(&root)
            .arg("redis-jobs")
            .arg("--bin-dir")
            .arg(&release)
            .arg("--out")
            .arg(bench_dir.join("redis-jobs.md"))
            .status()
            .context("running the Redis jobs scenario")?;
        if !status.success() {
            return Ok(false);
        }
        publish(
            &root,
            Section::RedisJobs,
            &command,
            &bench_dir.join("redis-jobs.md"),
        )?;
    }
    Ok(true)
}

/// Puts the report a bench run wrote to `report` into its section of
/// `docs/benchmarks.md`.
fn publish(root: &Path, section: Section, command: &str, report: &Path) -> Result<()> {
    let body = std::fs::read_to_string(report).with_context(|| format!("reading {}", report.display()))?;
    benchdoc::write_section(root, section, command, &body)
}

/// Builds `postpress-bench` in release; returns the target directory, the
/// binary and the folder for callgrind's output files.
fn release_bench(root: &Path, cargo: &str) -> Result<(PathBuf, PathBuf, PathBuf)> {
    if !Command::new(cargo)
        .current_dir(root)
        .args(["build", "--release", "--quiet", "-p", "postpress-bench"])
        .status()
        .context("building postpress-bench")?
        .success()
    {
        bail!("building postpress-bench failed");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let bin = target.join("release").join("postpress-bench");
    let dir = target.join("bench").join("callgrind");
    std::fs::create_dir_all(&dir)?;
    Ok((target, bin, dir))
}

/// The instructions callgrind counts for `bin ARGS` (written to `out`).
fn callgrind_instructions(bin: &Path, out: &Path, args: &[&str]) -> Result<u64> {
    let status = Command::new("valgrind")
        .args(["--tool=callgrind", "--trace-children=no"])
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(bin)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .context("running valgrind (Debian package valgrind)")?;
    if !status.success() {
        bail!("valgrind {} {} failed", bin.display(), args.join(" "));
    }
    let text = std::fs::read_to_string(out)?;
    text.lines()
        .find_map(|l| l.strip_prefix("summary: ").or_else(|| l.strip_prefix("totals: ")))
        .and_then(|n| n.trim().parse().ok())
        .with_context(|| format!("no summary line in {}", out.display()))
}

/// What a journal costs per chat: `Job::run` (postpress-jobs) with and without one,
/// under callgrind (instructions, (hi - lo) / (hi - lo requests)) and in
/// paired timed rounds (wall time, which also counts the write(2) calls
/// callgrind does not see).
fn journal_cost(root: &Path, cargo: &str, command: &str) -> Result<bool> {
    let (target, bin, dir) = release_bench(root, cargo)?;
    let (lo, hi) = (2_000usize, 6_000usize);
    let instructions = |journal: bool, requests: usize| -> Result<u64> {
        let out = dir.join(format!(
            "job{}.n{requests}",
            if journal { "-journal" } else { "" }
        ));
        let requests = requests.to_string();
        let mut args = vec!["job", "--requests", &requests];
        args.extend(journal.then_some("--journal"));
        callgrind_instructions(&bin, &out, &args)
    };
    let per_chat = |journal: bool| -> Result<f64> {
        Ok((instructions(journal, hi)? as f64 - instructions(journal, lo)? as f64) / (hi - lo) as f64)
    };
    let (plain, journaled) = (per_chat(false)?, per_chat(true)?);
    let timed = |journal: bool| -> Result<f64> {
        let out = Command::new("taskset")
            .args(["-c", "1"])
            .arg(&bin)
            .args(["job", "--requests", "20000"])
            .args(journal.then_some("--journal"))
            .output()
            .context("running the job bench")?;
        if !out.status.success() {
            bail!("job bench failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().parse::<f64>()? / 20_000.0 * 1e6)
    };
    let mut pairs = Vec::new();
    for round in 0..5 {
        let (a, b) = if round % 2 == 0 {
            (timed(false)?, timed(true)?)
        } else {
            let b = timed(true)?;
            (timed(false)?, b)
        };
        pairs.push(b - a);
    }
    pairs.sort_by(f64::total_cmp);
    let report = format!(
        "What a journal costs per chat (`Job::run` (postpress-jobs), 64 in flight, bench server on loopback):\n\n\
         | | per chat |\n|---|---:|\n\
         | instructions without a journal | {plain:.0} |\n\
         | instructions with a journal | {journaled:.0} ({:+.0}, {:.3}x) |\n\
         | wall time added (median of 5 paired rounds of 20,000 chats, one core) | {:.2} us |\n",
        journaled - plain,
        journaled / plain,
        pairs[pairs.len() / 2]
    );
    print!("{report}");
    std::fs::write(target.join("bench").join("journal.md"), &report)?;
    benchdoc::write_section(root, Section::Journal, command, &report)?;
    Ok(true)
}

/// The clients compared under callgrind: (bench name, extra argument, shown as).
const CALLGRIND_CLIENTS: [(&str, Option<&str>, &str); 4] = [
    (
        "raw-reqwest prebuilt",
        None,
        "prebuilt reqwest (Url, HeaderMap once; static body; 30 s timeout)",
    ),
    (
        "facade perform",
        None,
        "facade `client.perform(id, SetReadStatus(true))`",
    ),
    (
        "facade chat().mark_read()",
        None,
        "facade `client.chat(id).mark_read()` (README client), no subscriber",
    ),
    (
        "facade chat().mark_read()",
        Some("--subscriber-off"),
        "the same with a fmt subscriber filtering postpress off",
    ),
];

/// Instructions per call: the count of a run of `hi` requests minus one of
/// `lo`, over `hi - lo`, so start-up and connection set-up cancel out.
fn callgrind(root: &Path, cargo: &str, command: &str) -> Result<bool> {
    let (lo, hi) = (2_000usize, 6_000usize);
    let (target, bin, dir) = release_bench(root, cargo)?;
    let count = |client: &str, extra: Option<&str>, concurrency: usize, requests: usize| -> Result<u64> {
        let name = format!("{client}{}", extra.unwrap_or_default());
        let out = dir.join(format!(
            "{}.c{concurrency}.n{requests}",
            name.replace(|c: char| !c.is_ascii_alphanumeric(), "")
        ));
        let (concurrency, requests) = (concurrency.to_string(), requests.to_string());
        let mut args = vec![
            "--only",
            client,
            "--concurrency",
            &concurrency,
            "--requests",
            &requests,
        ];
        args.extend(["--warmup", "0", "--rounds", "1", "--no-pin"]);
        args.extend(extra);
        callgrind_instructions(&bin, &out, &args)
    };
    let mut report = format!(
        "Instructions per call under callgrind: (count at {hi} requests - count at {lo}) / {}, \
         one tokio worker, the bench's hyper server on loopback (not traced).\n\n\
         | client | concurrency | instructions/call | x prebuilt |\n|---|---:|---:|---:|\n",
        hi - lo
    );
    let mut worst: f64 = 0.0;
    for concurrency in [1usize, 64] {
        let mut base = None;
        for (client, extra, shown) in CALLGRIND_CLIENTS {
            eprintln!("callgrind: {shown} at concurrency {concurrency}");
            let per_call = (count(client, extra, concurrency, hi)? as f64
                - count(client, extra, concurrency, lo)? as f64)
                / (hi - lo) as f64;
            let base = *base.get_or_insert(per_call);
            let ratio = per_call / base;
            if client.starts_with("facade") {
                worst = worst.max(ratio);
            }
            report.push_str(&format!(
                "| {shown} | {concurrency} | {per_call:.0} | {ratio:.3} |\n"
            ));
        }
    }
    report.push_str(&format!(
        "\nWorst facade ratio: {worst:.3} (the goal: at most 1.02 against the prebuilt client, built with no_proxy() as the facade builds its own).\n"
    ));
    print!("{report}");
    std::fs::write(target.join("bench").join("callgrind.md"), &report)?;
    benchdoc::write_section(root, Section::Callgrind, command, &report)?;
    Ok(true)
}
